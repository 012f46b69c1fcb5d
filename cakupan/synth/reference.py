"""Reference inputs of the synthetic region: areas, published population figures, padukuhan counts,
the occupation mapping and the status rules. No Django; everything read from `cakupan/reference/`.

Bantul (34.02) has a population reference (`bantul/population.csv`, see its SOURCES.md); any other
kabupaten is built from `indonesia/wilayah.csv` alone with the documented defaults below.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cakupan.core.reference import NATIONAL_WILAYAH, OCCUPATIONS, STATUS_RULES, region_dir
from cakupan.errors import UserError

SYNTH_DATA = Path(__file__).resolve().parent / "data"

# Regions with their own population reference (directory under cakupan/reference/).

# Bantul's Dukcapil registered population interpolated linearly to 27 Feb 2023 between the
# 30 Jun 2022 figure (957,352) and the 31 Dec 2024 figure (980,269): see docs/synth.md.
BANTUL_POPULATION_2023 = 963_463
# Published Bantul figures of 27 Feb 2023 (domain.md): workforce with a Bantul NIK outside
# TNI/Polri/PNS/P3K and the active members among them.
BANTUL_WORKFORCE = 457_718
BANTUL_ACTIVE = 115_463
# Defaults for regions without a population reference (documented in docs/synth.md).
DEFAULT_DESA_POPULATION = 4_000
DEFAULT_PADUKUHAN_PER_DESA = 6
DEFAULT_WORKFORCE_SHARE = BANTUL_WORKFORCE / BANTUL_POPULATION_2023
DEFAULT_ACTIVE_SHARE = BANTUL_ACTIVE / BANTUL_WORKFORCE


@dataclass(frozen=True)
class Kalurahan:
    code: str
    name: str
    kapanewon: str  # kapanewon code
    area_km2: float
    published_pop: int | None  # most recent published figure, if any
    n_padukuhan: int | None  # published count, if any


@dataclass
class RegionReference:
    code: str
    name: str
    kapanewon: dict[str, str]  # code -> name
    kalurahan: list[Kalurahan]
    kapanewon_pop: dict[str, float]  # weights (published totals or even)
    kapanewon_padukuhan: dict[str, int]
    population: int  # at scale 1
    workforce: int
    active: int
    has_reference: bool
    sources: list[str] = field(default_factory=list)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def indonesia_areas() -> tuple[tuple[str, str, str, str], ...]:
    """(code, name, level, parent_code) of every area in Indonesia."""
    rows = _read(NATIONAL_WILAYAH)
    return tuple((r["code"], r["name"], r["level"], r["parent_code"]) for r in rows)


def _bantul(code: str) -> RegionReference:
    base = region_dir(code)
    areas = _read(base / "wilayah.csv")
    pop_rows = _read(base / "population.csv")
    kap = {r["code"]: r["name"] for r in areas if r["kind"] == "kapanewon"}
    derived = {
        r["code"]: float(r["value"])
        for r in pop_rows
        if r["level"] == "kapanewon" and r["indicator"] == "population_total_derived"
    }
    kap_pad = {
        r["code"]: int(float(r["value"]))
        for r in pop_rows
        if r["level"] == "kapanewon" and r["indicator"] == "n_padukuhan"
    }
    kal_pad = {
        r["code"]: int(float(r["value"]))
        for r in pop_rows
        if r["level"] == "kalurahan" and r["indicator"] == "n_padukuhan"
    }
    kal_pop: dict[str, tuple[int, int]] = {}  # code -> (year, value): most recent figure
    for r in pop_rows:
        if r["level"] == "kalurahan" and r["indicator"] == "population_total" and r["year"]:
            year, value = int(r["year"]), int(float(r["value"]))
            if r["code"] not in kal_pop or kal_pop[r["code"]][0] < year:
                kal_pop[r["code"]] = (year, value)
    kalurahan = [
        Kalurahan(
            code=r["code"],
            name=r["name"],
            kapanewon=r["parent_code"],
            area_km2=float(r["area_km2_boundary"]),
            published_pop=kal_pop.get(r["code"], (0, None))[1],
            n_padukuhan=kal_pad.get(r["code"]),
        )
        for r in areas
        if r["kind"] == "kalurahan"
    ]
    missing = set(kap) - set(derived)
    if missing:
        raise UserError(
            f"Data penduduk kapanewon tidak lengkap: {sorted(missing)}", code="synth.reference"
        )
    return RegionReference(
        code=code,
        name="Kabupaten Bantul",
        kapanewon=kap,
        kalurahan=kalurahan,
        kapanewon_pop=derived,
        kapanewon_padukuhan=kap_pad,
        population=BANTUL_POPULATION_2023,
        workforce=BANTUL_WORKFORCE,
        active=BANTUL_ACTIVE,
        has_reference=True,
        sources=[
            "cakupan/reference/bantul/population.csv (population_total_derived 2019, n_padukuhan)",
            "cakupan/reference/bantul/wilayah.csv (areas, area_km2_boundary)",
        ],
    )


def _generic(code: str) -> RegionReference:
    rows = indonesia_areas()
    name = next((n for c, n, lvl, _ in rows if c == code and lvl == "kabupaten_kota"), None)
    if name is None:
        raise UserError(
            f"Kode kabupaten/kota '{code}' tidak ada di daftar wilayah Kemendagri (contoh: 34.02).",
            code="synth.region_unknown",
        )
    kap = {c: n for c, n, lvl, p in rows if lvl == "kecamatan" and p == code}
    kalurahan = [
        Kalurahan(
            code=c,
            name=n,
            kapanewon=p,
            area_km2=1.0,
            published_pop=None,
            n_padukuhan=DEFAULT_PADUKUHAN_PER_DESA,
        )
        for c, n, lvl, p in rows
        if lvl == "desa_kelurahan" and p in kap
    ]
    if not kalurahan:
        raise UserError(
            f"Wilayah '{code}' tidak punya daftar desa/kelurahan.", code="synth.region_empty"
        )
    counts = {k: sum(1 for x in kalurahan if x.kapanewon == k) for k in kap}
    kap = {k: v for k, v in kap.items() if counts[k]}
    population = DEFAULT_DESA_POPULATION * len(kalurahan)
    workforce = round(population * DEFAULT_WORKFORCE_SHARE)
    return RegionReference(
        code=code,
        name=name,
        kapanewon=kap,
        kalurahan=kalurahan,
        kapanewon_pop={k: float(counts[k]) for k in kap},
        kapanewon_padukuhan={k: counts[k] * DEFAULT_PADUKUHAN_PER_DESA for k in kap},
        population=population,
        workforce=workforce,
        active=round(workforce * DEFAULT_ACTIVE_SHARE),
        has_reference=False,
        sources=[
            "cakupan/reference/indonesia/wilayah.csv (areas only; even spread, default totals)"
        ],
    )


def region_reference(code: str) -> RegionReference:
    code = code.strip()
    return _bantul(code) if region_dir(code) else _generic(code)


@dataclass(frozen=True)
class Occupation:
    code: int
    name: str
    in_workforce: bool
    excluded: bool
    ecosystem: str


def occupations(path: Path | None = None) -> dict[int, Occupation]:
    """The shipped occupation mapping (`cakupan/reference/occupations.csv`): edit it and the
    synthetic workforce follows."""
    path = path or OCCUPATIONS
    if not path.exists():
        raise UserError(f"Berkas pemetaan pekerjaan tidak ada: {path}", code="synth.occupations")
    out = {}
    for r in _read(path):
        truthy = {"true", "1", "ya", "yes", "y"}
        out[int(r["code"])] = Occupation(
            code=int(r["code"]),
            name=r["name"].strip(),
            in_workforce=r["in_workforce"].strip().lower() in truthy,
            excluded=r["excluded"].strip().lower() in truthy,
            ecosystem=(r.get("ecosystem") or "").strip() or "lainnya",
        )
    return out


def status_rules(path: Path | None = None) -> dict[str, int]:
    """Grace months per segment (`cakupan/reference/status_rules.csv`)."""
    path = path or STATUS_RULES
    return {r["segment"].strip().upper(): int(r["grace_months"]) for r in _read(path)}


def occupation_weights() -> dict[int, tuple[float, float, float, float]]:
    """Synthetic shares per occupation code (`synth/data/occupation_weights.csv`): weight among
    workers, propensity to be an active member, share PU and share JAKON among the active."""
    rows = _read(SYNTH_DATA / "occupation_weights.csv")
    return {
        int(r["code"]): (float(r["weight"]), float(r["active"]), float(r["pu"]), float(r["jakon"]))
        for r in rows
    }


def synth_lists(name: str) -> dict[str, list[str]]:
    """Word lists of the generator (`synth/data/<name>`: two columns, list name and value, in
    order; for names the order is the frequency rank)."""
    out: dict[str, list[str]] = {}
    with (SYNTH_DATA / name).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        for key, value in reader:
            out.setdefault(key, []).append(value)
    return out
