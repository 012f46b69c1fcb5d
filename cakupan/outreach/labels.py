"""Readable, translated names of outreach codes, for pages and exports alike."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SCORE_PARTS = {
    "rentan": _("pekerja rentan"),
    "ekosistem_prioritas": _("ekosistem prioritas"),
    "usia_produktif": _("usia 25–54"),
    "usia_tepi": _("usia 18–24 / 55–64"),
    "baru_nonaktif": _("baru nonaktif"),
}


def score_reason(key: str) -> str:
    """'usia_produktif' -> 'usia 25–54' (unknown keys shown as they are)."""
    return str(SCORE_PARTS.get(key, key))


def score_reasons(parts: dict) -> str:
    """{'rentan': 3, 'usia_produktif': 2} -> 'pekerja rentan +3, usia 25–54 +2'."""
    return ", ".join(f"{score_reason(k)} +{v}" for k, v in (parts or {}).items())
