"""Wilayah's export for a pipeline run: the loaded areas as the pipeline's areas.csv.

    areas_export(path=run_dir / "inputs" / "areas.csv")   # True, or False when no areas are loaded
"""
from __future__ import annotations

import csv
from pathlib import Path

from .models import Area

EXPORT_KINDS = ["provinsi", "kabupaten", "kapanewon", "kalurahan"]


def areas_export(*, path: Path) -> bool:
    """The loaded areas (provinsi .. kalurahan) as CSV (code, name, kind, parent_code); False when
    none are loaded (nothing is written)."""
    areas = Area.objects.filter(kind__in=EXPORT_KINDS).order_by("code")
    if not areas.exists():
        return False
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "name", "kind", "parent_code"])
        for a in areas:
            w.writerow([a.code, a.name, a.kind, a.parent_id or ""])
    return True
