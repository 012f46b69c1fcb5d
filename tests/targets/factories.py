"""Small regions for target and forecast tests: areas, a published run and a monthly history,
built with the ORM (the pipeline and history loader are another part's job)."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from cakupan.coverage.models import CoverageFact, CoverageHistory, CoverageRun
from cakupan.targets.tracking import month_end, month_index
from cakupan.wilayah.models import Area

KAB = "34.02"
SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
REFERENCE = Path(__file__).resolve().parents[2] / "cakupan" / "reference" / "bantul" / "wilayah.csv"


def _area(code: str, name: str, kind: str, parent: str | None) -> None:
    Area.objects.get_or_create(code=code, defaults=dict(name=name, name_key=name.lower(), kind=kind, parent_id=parent))


def make_areas(*, kapanewon: int = 3, kalurahan_per: int = 2, reference: bool = False) -> list[str]:
    """Kabupaten 34.02 with kapanewon and kalurahan; `reference` uses Bantul's 17 / 75 areas.
    Returns the kalurahan codes."""
    _area("34", "DI Yogyakarta", "provinsi", None)
    _area(KAB, "Bantul", "kabupaten", "34")
    kal = []
    if reference:
        with REFERENCE.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["kind"] in ("kapanewon", "kalurahan"):
                    _area(row["code"], row["name"], row["kind"], row["parent_code"])
                    if row["kind"] == "kalurahan":
                        kal.append(row["code"])
        return sorted(kal)
    for k in range(1, kapanewon + 1):
        kap = f"{KAB}.{k:02d}"
        _area(kap, f"Kapanewon {k}", "kapanewon", KAB)
        for j in range(1, kalurahan_per + 1):
            code = f"{kap}.{2000 + j}"
            _area(code, f"Kalurahan {k}-{j}", "kalurahan", kap)
            kal.append(code)
    return kal


def figures_for(codes: list[str]) -> dict[str, tuple[int, int]]:
    """Deterministic, uneven (workforce, active) per kalurahan: coverage 15 % .. 45 %."""
    out = {}
    for i, code in enumerate(codes):
        workforce = 4000 + 937 * (i % 7) + 13 * i
        active = workforce * (15 + (i * 11) % 31) // 100
        out[code] = (workforce, active)
    return out


def make_run(*, as_of: date, figures: dict[str, tuple[int, int]], run_history: bool = True) -> CoverageRun:
    """A DONE run with facts split over two segments and two sexes per kalurahan."""
    run = CoverageRun.objects.create(as_of=as_of, status=CoverageRun.Status.DONE)
    facts = []
    for code, (workforce, active) in figures.items():
        kap = code.rsplit(".", 1)[0]
        parts = [("BPU", "L", workforce // 2, active // 2), ("PU", "P", workforce - workforce // 2, active - active // 2)]
        for seg, sex, w, a in parts:
            facts.append(CoverageFact(
                run=run, kabupaten_code=KAB, kapanewon_code=kap, kalurahan_code=code,
                padukuhan_code=f"{code}.krajan", ecosystem="desa", segment=seg, sex=sex, age_band="30-34",
                workforce=w, active=a, nonactive=w // 10,
            ))
    CoverageFact.objects.bulk_create(facts)
    if run_history:  # the per-area rows run_publish writes beside the facts
        acc: dict[tuple, list[int]] = {}
        for f in facts:
            for area in (f.kabupaten_code, f.kapanewon_code, f.kalurahan_code):
                for seg in ("ALL", f.segment):
                    v = acc.setdefault((area, seg), [0, 0, 0])
                    v[0] += f.workforce
                    v[1] += f.active
                    v[2] += f.nonactive
        kind = {1: "kabupaten", 2: "kapanewon", 3: "kalurahan"}
        CoverageHistory.objects.bulk_create([
            CoverageHistory(as_of=as_of, area_code=a, area_kind=kind[a.count(".")], segment=seg,
                            workforce=acc[(a, "ALL")][0], active=v[1], nonactive=v[2], source="run")
            for (a, seg), v in acc.items()
        ])
    return run


def make_history(
    *, figures: dict[str, tuple[int, int]], start: date = date(2022, 1, 31), months: int = 24,
    enrol_share: float = 0.02, hazard: float = 0.01,
) -> None:
    """Monthly rows (month ends) per kalurahan and segment from a known process: each segment of a
    kalurahan starts from its share of the run's active, gains round(enrol_share x start) per month
    and loses round(hazard x previous active); kapanewon and kabupaten rows are sums, plus ALL rows."""
    rows: dict[tuple, list[int]] = {}
    shares = {"PU": 0.4, "BPU": 0.4, "JAKON": 0.15, "PMI": 0.05}
    for code, (workforce, active) in figures.items():
        kap = code.rsplit(".", 1)[0]
        for seg in SEGMENTS:
            a0 = active * shares[seg]
            enrol = round(enrol_share * a0)
            a = round(a0)
            for m in range(months):
                lapsed = round(hazard * a)
                a = a + enrol - lapsed
                idx = month_index(start) + m
                for area in (code, kap, KAB):
                    for s in (seg, "ALL"):
                        key = (idx, area, s)
                        cur = rows.setdefault(key, [0, 0, 0, 0])
                        cur[0] += a
                        cur[1] += enrol
                        cur[2] += lapsed
                        cur[3] += workforce if s == "ALL" and seg == "PU" else 0
    kind = {1: "kabupaten", 2: "kapanewon", 3: "kalurahan"}
    CoverageHistory.objects.bulk_create([
        CoverageHistory(as_of=month_end(idx), area_code=area, area_kind=kind[area.count(".")], segment=s,
                        workforce=v[3], active=v[0], enrolled=v[1], lapsed=v[2], source="history")
        for (idx, area, s), v in rows.items()
    ])


def make_region(*, reference: bool = False, history: bool = True, as_of: date = date(2023, 2, 27)):
    codes = make_areas(reference=reference)
    figs = figures_for(codes)
    run = make_run(as_of=as_of, figures=figs)
    if history:
        make_history(figures=figs)
    return codes, figs, run
