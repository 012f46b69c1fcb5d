"""Small ORM fixtures for outreach tests: one kapanewon, two kalurahan with two padukuhan each,
a DONE CoverageRun as of 2023-02-27 with PersonStatus rows and CoverageFact roll-ups."""
from __future__ import annotations

from collections import Counter
from datetime import date

from django.contrib.auth import get_user_model

from cakupan.accounts.models import Profile
from cakupan.coverage.models import CoverageFact, CoverageRun, PersonStatus
from cakupan.outreach.services.ranking import age_band
from cakupan.wilayah.models import Area

KAB, KAP = "34.02", "34.02.01"
KAL1, KAL2 = "34.02.01.2001", "34.02.01.2002"
PADS = {KAL1: ("krajan", "kulon"), KAL2: ("wetan", "lor")}
AS_OF = date(2023, 2, 27)


def make_areas() -> None:
    Area.objects.get_or_create(code="34", defaults=dict(name="DI Yogyakarta", name_key="di yogyakarta", kind="provinsi"))
    Area.objects.get_or_create(code=KAB, defaults=dict(name="Bantul", name_key="bantul", kind="kabupaten", parent_id="34"))
    Area.objects.get_or_create(code=KAP, defaults=dict(name="Srandakan", name_key="srandakan", kind="kapanewon", parent_id=KAB))
    for kal, name in ((KAL1, "Poncosari"), (KAL2, "Trimurti")):
        Area.objects.get_or_create(code=kal, defaults=dict(name=name, name_key=name.lower(), kind="kalurahan", parent_id=KAP))
        for pad in PADS[kal]:
            Area.objects.get_or_create(code=f"{kal}.{pad}", defaults=dict(name=pad.title(), name_key=pad, kind="padukuhan", parent_id=kal))


def nik_for(serial: int, *, birth: date = date(1985, 6, 15), female: bool = False) -> str:
    day = birth.day + (40 if female else 0)
    return f"340201{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


GRACE = {"BPU": 3, "PU": 3, "JAKON": 0, "PMI": 0}  # cakupan/reference/status_rules.csv


def _month_add(d: date, n: int) -> date:
    i = d.year * 12 + d.month - 1 + n
    return date(i // 12, i % 12 + 1, 1)


def person(serial: int, *, kal: str = KAL1, pad: str | None = None, status: str = "none", ecosystem: str = "rentan",
           age: int = 37, segment: str = "NONE", paid_through: date | None = None, sex: str = "L") -> dict:
    birth = date(AS_OF.year - age - 1, 6, 15)
    return dict(nik=nik_for(serial, birth=birth, female=sex == "P"), nama=f"Warga {serial}", sex=sex, birth_date=birth, age=age,
                kapanewon_code=KAP, kalurahan_code=kal, padukuhan_code=f"{kal}.{pad or PADS[kal][0]}",
                pekerjaan_kode=19, ecosystem=ecosystem, status=status, segment=segment,
                kpj=f"2301{serial:07d}" if status != "none" else "", paid_through=paid_through,
                link_method="exact" if status != "none" else "",
                # as the person_status mart computes them: months behind on D, lapse = paid-through + grace + 1
                months_behind=(AS_OF.year - paid_through.year) * 12 + AS_OF.month - paid_through.month if paid_through else None,
                lapse_month=_month_add(paid_through, GRACE[segment] + 1) if paid_through and segment in GRACE else None)


def make_run(persons: list[dict], *, as_of: date = AS_OF) -> CoverageRun:
    make_areas()
    run = CoverageRun.objects.create(as_of=as_of, status=CoverageRun.Status.DONE)
    PersonStatus.objects.bulk_create([PersonStatus(run=run, **p) for p in persons])
    cells: Counter = Counter()
    for p in persons:
        key = (p["kalurahan_code"], p["padukuhan_code"], p["ecosystem"], p["segment"], p["sex"], age_band(p["age"]))
        cells[key + ("w",)] += 1
        if p["status"] in ("active", "nonactive"):
            cells[key + (p["status"],)] += 1
    keys = {k[:-1] for k in cells}
    CoverageFact.objects.bulk_create([
        CoverageFact(run=run, kabupaten_code=KAB, kapanewon_code=KAP, kalurahan_code=k[0], padukuhan_code=k[1],
                     ecosystem=k[2], segment=k[3], sex=k[4], age_band=k[5], workforce=cells[k + ("w",)],
                     active=cells[k + ("active",)], nonactive=cells[k + ("nonactive",)])
        for k in sorted(keys)
    ])
    return run


def make_user(username: str, *, role: str = "admin", area_code: str = "", org: str = "", ecosystems=()):
    user = get_user_model().objects.create_user(username=username, password="rahasia-123")
    Profile.objects.create(user=user, role=role, area_code=area_code, org=org, ecosystems=list(ecosystems))
    return user


def standard_persons() -> list[dict]:
    """12 persons: 4 active (2 BPU near lapse), 3 non-active, 5 never registered, in 2 kalurahan."""
    return [
        person(1, status="active", segment="PU", ecosystem="pu", paid_through=date(2023, 2, 1)),
        person(2, status="active", segment="BPU", paid_through=date(2022, 11, 1)),  # lapses 2023-03
        person(3, kal=KAL2, status="active", segment="BPU", paid_through=date(2022, 12, 1)),  # lapses 2023-04
        person(4, kal=KAL2, status="active", segment="BPU", paid_through=date(2023, 2, 1)),
        person(5, status="nonactive", segment="BPU", paid_through=date(2022, 6, 1), age=30),
        person(6, kal=KAL2, pad="lor", status="nonactive", segment="BPU", paid_through=date(2019, 1, 1), ecosystem="pasar", age=50),
        person(7, pad="kulon", status="nonactive", segment="PU", paid_through=date(2022, 9, 1), ecosystem="umkm", age=70),
        person(8, status="none", ecosystem="rentan", age=40),
        person(9, pad="kulon", status="none", ecosystem="rentan", age=60, sex="P"),
        person(10, kal=KAL2, status="none", ecosystem="lainnya", age=30),
        person(11, kal=KAL2, pad="lor", status="none", ecosystem="rentan", age=22),
        person(12, status="none", ecosystem="rentan", age=66),
    ]


def lapse_persons() -> list[dict]:
    """Members of every segment around the lapse limit on 2023-02 (M). Lapse month L = paid-through
    + grace + 1 (BPU 3, PU 3, JAKON 0, PMI 0)."""
    return [
        person(301, status="active", segment="BPU", paid_through=date(2022, 11, 1)),  # L 2023-03: akan
        person(302, status="active", segment="PU", ecosystem="pu", paid_through=date(2022, 11, 1)),  # L 2023-03: akan
        person(303, status="active", segment="JAKON", ecosystem="padat_karya", paid_through=date(2023, 2, 1)),  # L 2023-03
        person(304, status="active", segment="PMI", ecosystem="lainnya", paid_through=date(2023, 3, 1)),  # L 2023-04
        person(305, status="active", segment="BPU", paid_through=date(2023, 2, 1)),  # L 2023-06: not soon
        person(306, status="nonactive", segment="BPU", paid_through=date(2022, 10, 1)),  # L 2023-02: baru
        person(307, status="nonactive", segment="PU", ecosystem="umkm", paid_through=date(2022, 9, 1)),  # L 2023-01: baru
        person(308, status="nonactive", segment="JAKON", ecosystem="padat_karya", paid_through=date(2022, 11, 1)),  # L 2022-12
        person(309, status="nonactive", segment="BPU", paid_through=date(2019, 1, 1)),  # long ago
        person(310, status="none"),
        person(311, kal=KAL2, status="active", segment="BPU", paid_through=date(2022, 11, 1)),  # L 2023-03: akan
        person(312, kal=KAL2, pad="lor", status="nonactive", segment="PMI", ecosystem="pasar",
               paid_through=date(2023, 1, 1)),  # L 2023-02: baru
    ]
