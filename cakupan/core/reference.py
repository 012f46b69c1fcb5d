"""Where the shipped reference data lives (cakupan/reference/, sources in its SOURCES.md files).
Every module that reads reference data takes its path from here. No Django.

    OCCUPATIONS            Dukcapil occupation code -> segment / ecosystem mapping (CSV)
    STATUS_RULES           paid-through grace months per segment (Permenaker 5/2021)
    RATES_DIR              dated contribution rates (pu.csv, bpu.csv, jakon.csv, caps.csv)
    NATIONAL_WILAYAH       every Kemendagri area code of Indonesia (NIK prefixes, other regions)
    region_dir("34.02")    a region's own folder (wilayah.csv, population.csv, boundaries), or None
"""
from __future__ import annotations

from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
OCCUPATIONS = REFERENCE_DIR / "occupations.csv"
STATUS_RULES = REFERENCE_DIR / "status_rules.csv"
RATES_DIR = REFERENCE_DIR / "rates"
NATIONAL_WILAYAH = REFERENCE_DIR / "indonesia" / "wilayah.csv"

# regions that ship their own reference folder (area hierarchy down to padukuhan, population, maps)
REGION_DIRS = {"34.02": "bantul"}
BANTUL_DIR = REFERENCE_DIR / REGION_DIRS["34.02"]
BANTUL_WILAYAH = BANTUL_DIR / "wilayah.csv"


def region_dir(region: str) -> Path | None:
    """The reference folder of a region ('34.02' -> .../reference/bantul), None when none ships."""
    name = REGION_DIRS.get(region)
    return REFERENCE_DIR / name if name else None
