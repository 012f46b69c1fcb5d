"""What a Kemendagri area code says by its shape (Permendagri 72/2019 code structure), no database:

    level_of("34.02")            'kabupaten'
    level_of("34.02.01.2001")    'kalurahan'
    ancestors("34.02.01.2001")   ['34.02', '34.02.01', '34.02.01.2001']

Codes: 34 provinsi · 34.02 kabupaten · 34.02.01 kapanewon (kecamatan) · 34.02.01.2001 kalurahan
(desa) · anything longer a padukuhan (dusun), which has no national code.
"""
from __future__ import annotations

LEVELS = ("provinsi", "kabupaten", "kapanewon", "kalurahan", "padukuhan")
CHILD_LEVEL = {"provinsi": "kabupaten", "kabupaten": "kapanewon", "kapanewon": "kalurahan", "kalurahan": "padukuhan"}


def level_of(code: str) -> str:
    """Level from the number of dots: 0 provinsi, 1 kabupaten, 2 kapanewon, 3 kalurahan, more padukuhan."""
    return LEVELS[min(code.count("."), 4)]


def child_level(code: str) -> str | None:
    return CHILD_LEVEL.get(level_of(code))


def ancestors(code: str, *, from_level: str = "kabupaten") -> list[str]:
    """The codes from `from_level` down to the code itself: 34.02.01.2001 -> 34.02, 34.02.01, 34.02.01.2001."""
    parts = code.split(".")
    start = LEVELS.index(from_level) + 1
    return [".".join(parts[:i]) for i in range(start, len(parts) + 1)]


def parent_of(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None
