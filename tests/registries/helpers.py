"""Paths and small readers shared by the registry import tests."""
from __future__ import annotations

from datetime import date
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "registries"
AS_OF = date(2026, 6, 30)


def read_parquet(path: Path) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def snapshot_files(home: Path) -> list[Path]:
    root = home / "snapshots"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
