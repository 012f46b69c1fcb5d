"""A Bantul-shaped published run for screenshots and the web benchmark: every kapanewon and
kalurahan of the shipped wilayah.csv, ~12 padukuhan each, CoverageFact rows with varied coverage,
monthly history, and as many PersonStatus rows as asked (457,718 = Bantul's workforce, Feb 2023).
Facts and persons are drawn independently (the pages read figures only from facts)."""
from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

from cakupan.coverage.models import CoverageFact, CoverageHistory, CoverageRun, PersonStatus
from cakupan.wilayah.models import Area

from .factories import review_items_make

WILAYAH = Path(__file__).resolve().parents[2] / "cakupan" / "reference" / "bantul" / "wilayah.csv"
ECOSYSTEMS = ("desa", "pasar", "umkm", "rentan", "pu", "guru", "opd", "padat_karya", "lainnya")
SEGMENTS = ("PU", "BPU", "JAKON", "PMI", "NONE")
AGE_BANDS = ("15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65+")
DUSUN = ("Krajan", "Ngentak", "Kauman", "Karanganyar", "Jati", "Sorogenen", "Pandes", "Gunungan",
         "Tegalrejo", "Kembang", "Nglebak", "Dukuh", "Kalangan", "Mangiran")


def areas_bantul(padukuhan_per_kalurahan: int = 12) -> dict[str, list[str]]:
    """Kabupaten, kapanewon and kalurahan from the shipped CSV, plus generated padukuhan.
    Returns {kalurahan code: [padukuhan codes]}."""
    Area.objects.update_or_create(code="34", defaults={"name": "DI Yogyakarta", "name_key": "di yogyakarta", "kind": "provinsi"})
    Area.objects.update_or_create(code="34.02", defaults={"name": "Kabupaten Bantul", "name_key": "bantul",
                                                          "kind": "kabupaten", "parent_id": "34"})
    out: dict[str, list[str]] = {}
    with WILAYAH.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in sorted(rows, key=lambda r: r["code"]):
        Area.objects.update_or_create(code=r["code"], defaults={
            "name": r["name"], "name_key": r["name"].lower(), "kind": r["kind"], "parent_id": r["parent_code"]})
    pads = []
    for r in rows:
        if r["kind"] != "kalurahan":
            continue
        out[r["code"]] = []
        for name in DUSUN[:padukuhan_per_kalurahan]:
            code = f"{r['code']}.{name.lower()}"
            out[r["code"]].append(code)
            pads.append(Area(code=code, name=name, name_key=name.lower(), kind="padukuhan", parent_id=r["code"]))
    Area.objects.bulk_create(pads, ignore_conflicts=True)
    return out


def bantul_run_make(*, persons: int = 457_718, facts_per_padukuhan: int = 22, seed: int = 7,
                    as_of: date = date(2023, 2, 27), history_months: int = 14, batch: int = 20_000) -> CoverageRun:
    rnd = random.Random(seed)
    pads = areas_bantul()
    run = CoverageRun.objects.create(as_of=as_of, status=CoverageRun.Status.DONE)
    all_pads = [(kal, p) for kal, ps in pads.items() for p in ps]
    level = {kal: rnd.uniform(0.12, 0.42) for kal in pads}  # coverage rate per kalurahan
    per_pad = 457_718 // len(all_pads)
    facts = []
    for kal, pad in all_pads:
        combos = rnd.sample([(e, s, x, a) for e in ECOSYSTEMS for s in SEGMENTS for x in "LP" for a in AGE_BANDS],
                            facts_per_padukuhan)
        weights = [rnd.random() + 0.2 for _ in combos]
        total_w = sum(weights)
        for (eco, seg, sex, band), wt in zip(combos, weights):
            w = max(1, round(per_pad * wt / total_w))
            a = min(w, round(w * level[kal] * rnd.uniform(0.7, 1.3))) if seg != "NONE" else 0
            n = min(w - a, round(a * rnd.uniform(0.2, 0.6))) if seg != "NONE" else 0
            facts.append(CoverageFact(run=run, kabupaten_code="34.02", kapanewon_code=kal[:8], kalurahan_code=kal,
                                      padukuhan_code=pad, ecosystem=eco, segment=seg, sex=sex, age_band=band,
                                      workforce=w, active=a, nonactive=n))
    CoverageFact.objects.bulk_create(facts, batch_size=batch)
    _history(run, history_months)
    _persons(run, all_pads, level, persons, rnd, batch)
    review_items_make(run)
    return run


def _history(run: CoverageRun, months: int) -> None:
    from django.db.models import Sum

    groups = {"kabupaten": "kabupaten_code", "kapanewon": "kapanewon_code", "kalurahan": "kalurahan_code"}
    rows = []
    for kind, field in groups.items():
        for r in CoverageFact.objects.filter(run=run).values(field).annotate(
                w=Sum("workforce"), a=Sum("active"), n=Sum("nonactive")):
            for m in range(months, -1, -1):
                y, mo = divmod(run.as_of.year * 12 + run.as_of.month - 1 - m, 12)
                when = run.as_of if m == 0 else _month_end(y, mo + 1)
                active = round(r["a"] * (1 - 0.012 * m))
                rows.append(CoverageHistory(as_of=when, area_code=r[field], area_kind=kind, segment="ALL",
                                            workforce=r["w"], active=active, nonactive=r["n"],
                                            source="run" if m == 0 else "history"))
    CoverageHistory.objects.bulk_create(rows, ignore_conflicts=True)


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def _persons(run, all_pads, level, n, rnd, batch) -> None:
    buf, serial = [], 0
    per_pad, extra = divmod(n, len(all_pads))
    for k, (kal, pad) in enumerate(all_pads):
        for i in range(per_pad + (1 if k < extra else 0)):
            serial += 1
            r = rnd.random()
            status = "active" if r < level[kal] else ("nonactive" if r < level[kal] * 1.4 else "none")
            sex = "L" if serial % 2 else "P"
            age = 15 + serial % 60
            buf.append(PersonStatus(
                run=run, nik=f"3402{kal[6:8]}{(serial % 28) + 1 + (40 if sex == 'P' else 0):02d}0{serial % 9 + 1}{70 + age % 30:02d}{serial % 10000:04d}",
                nama=f"Warga {serial}", sex=sex, age=age, kapanewon_code=kal[:8], kalurahan_code=kal,
                padukuhan_code=pad, pekerjaan_kode=9, ecosystem=ECOSYSTEMS[serial % len(ECOSYSTEMS)], status=status,
                segment=SEGMENTS[serial % 4] if status != "none" else "NONE",
                kpj=f"{23000000000 + serial}" if status != "none" else "",
                paid_through=date(2022, 10, 1) if status == "nonactive" else None,
            ))
            if len(buf) >= batch:
                PersonStatus.objects.bulk_create(buf)
                buf = []
    PersonStatus.objects.bulk_create(buf)
