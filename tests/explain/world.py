"""A small region whose every person stands for one explanation branch, written by hand in the
shapes a run leaves (docs/contracts.md): two DONE runs (31 Jan and 27 Feb 2023) with their
person_status / links / review / roster_status Parquet and inputs/occupations.csv, the member
snapshot they read, an ASN roster snapshot, a review decision.

    w = world_make()          # needs the db and the cakupan_home fixture
    N.CARD_UNLINKED           # Pak Sukirno: has a card, not counted
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

from cakupan.coverage.models import CoverageRun
from cakupan.linkage.models import ReviewDecision
from cakupan.registries.models import Snapshot
from tests.web.factories import KAL_A, KAL_B, areas_make

AS_OF, AS_OF_OLD = date(2023, 2, 27), date(2023, 1, 31)
PAD_A, PAD_B = f"{KAL_A}.krajan", f"{KAL_B}.gadingsari"


class N:
    EXACT = "3402014101800001"          # active PU, exact NIK match
    FLAGGED = "3402014202810002"        # active BPU, exact but flagged (name differs)
    PROB = "3402014303820003"           # active BPU, probabilistic 0.97
    REVIEWED = "3402014404830004"       # active BPU, accepted by an officer after review
    PENDING = "3402014505840005"        # not registered, candidate of a card in review
    NONE = "3402014606850006"           # not registered, no card anywhere
    LAPSED = "3402014707860007"         # non-active BPU, paid through June 2022
    PNS = "3402014808870008"            # excluded: occupation 5 PNS
    ASN = "3402014909880009"            # excluded: on the ASN roster (occupation 15 says private employee)
    CHILD = "3402015010150010"          # excluded: 13 years old
    OUTSIDE = "3471015111890011"        # excluded: lives outside the region
    CARD_UNLINKED = "3402015212700012"  # Pak Sukirno: a card with his NIK, name on it too different
    OTHER_KAL = "3402025301900013"      # active, in the other kapanewon's kalurahan
    ROSTER = "3402015402910014"         # not registered, on the market roster
    STATUS_OUT = "3402015503920015"     # non-active: the card's status says KELUAR


KPJ = {N.EXACT: "11000000001", N.FLAGGED: "11000000002", N.PROB: "11000000003", N.REVIEWED: "11000000004",
       N.LAPSED: "11000000007", N.CARD_UNLINKED: "11000000012", N.OTHER_KAL: "11000000013",
       N.STATUS_OUT: "11000000015", "pending": "11000000005", "flagged_twin": "11000000022"}
OCCUPATIONS = """code,name,in_workforce,excluded,exclusion_reason,ecosystem
1,BELUM/TIDAK BEKERJA,false,false,,
5,PEGAWAI NEGERI SIPIL (PNS),true,true,PNS,
9,PETANI/PEKEBUN,true,false,,desa
15,KARYAWAN SWASTA,true,false,,pu
84,PEDAGANG,true,false,,pasar
"""


@dataclass
class World:
    run: CoverageRun
    run_old: CoverageRun
    members: Snapshot
    asn: Snapshot


def _person(nik, nama, birth, *, occ=9, excluded=None, status="none", segment="NONE", kpj="", paid=None,
            method="", records=0, eco="desa", kal=KAL_A, pad=PAD_A, as_of=AS_OF):
    age = as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))
    behind = None if paid is None else (as_of.year * 12 + as_of.month) - (paid.year * 12 + paid.month)
    grace = {"PU": 3, "BPU": 3}.get(segment)
    lapse = None
    if paid is not None and grace is not None:
        m = paid.month + grace + 1
        lapse = date(paid.year + (m - 1) // 12, (m - 1) % 12 + 1, 1)
    return {"nik": nik, "nama": nama, "sex": "L", "birth_date": birth, "age": age, "age_band": "40-44",
            "kabupaten_code": kal[:5], "kapanewon_code": kal[:8], "kalurahan_code": kal, "padukuhan_code": pad,
            "pekerjaan_kode": occ, "excluded_reason": excluded, "in_workforce": excluded is None, "ecosystem": eco,
            "status": status, "segment": segment, "kpj": kpj, "paid_through": paid, "link_method": method,
            "member_records": records, "months_behind": behind, "lapse_month": lapse}


def persons(as_of: date = AS_OF, *, old: bool = False) -> list[dict]:
    d = date
    active = dict(status="active", records=1, as_of=as_of)
    rows = [
        _person(N.EXACT, "SUKARDI", d(1980, 1, 1), occ=15, eco="pu", segment="PU", kpj=KPJ[N.EXACT],
                paid=d(2023, 1, 1), method="exact", **active) if not old else
        _person(N.EXACT, "SUKARDI", d(1980, 1, 1), occ=15, eco="pu", as_of=as_of),
        _person(N.FLAGGED, "AGUS WIBOWO", d(1981, 2, 2), segment="BPU", kpj=KPJ[N.FLAGGED], paid=d(2023, 2, 1),
                method="exact-flagged", **active),
        _person(N.PROB, "SITI AMINAH", d(1982, 3, 3), segment="BPU", kpj=KPJ[N.PROB], paid=d(2023, 1, 1),
                method="probabilistic", **active),
        _person(N.REVIEWED, "SUPARMAN", d(1983, 4, 4), segment="BPU", kpj=KPJ[N.REVIEWED], paid=d(2023, 1, 1),
                method="probabilistic", **active),
        _person(N.PENDING, "DWI LESTARI", d(1984, 5, 5), as_of=as_of),
        _person(N.NONE, "WAHYUDI", d(1985, 6, 6), as_of=as_of),
        _person(N.LAPSED, "BAMBANG", d(1986, 7, 7), status="nonactive", segment="BPU", kpj=KPJ[N.LAPSED],
                paid=d(2022, 6, 1), method="exact", records=1, as_of=as_of) if not old else
        _person(N.LAPSED, "BAMBANG", d(1986, 7, 7), segment="BPU", kpj=KPJ[N.LAPSED], paid=d(2022, 12, 1),
                method="exact", **active),
        _person(N.PNS, "HARTONO", d(1987, 8, 8), occ=5, excluded="PNS", as_of=as_of),
        _person(N.ASN, "RINA", d(1988, 9, 9), occ=15, excluded="asn", eco="pu", as_of=as_of),
        _person(N.CHILD, "BAYU", d(2010, 10, 10), occ=1, excluded="under_15", as_of=as_of),
        _person(N.OUTSIDE, "JOKO", d(1989, 11, 11), excluded="outside_region", kal="34.71.01.1001",
                pad="34.71.01.1001.tanpa-padukuhan", as_of=as_of),
        _person(N.CARD_UNLINKED, "SUKIRNO", d(1970, 12, 12), as_of=as_of),
        _person(N.OTHER_KAL, "SRI RAHAYU", d(1990, 1, 13), segment="PU", kpj=KPJ[N.OTHER_KAL], paid=d(2023, 2, 1),
                method="exact", kal=KAL_B, pad=PAD_B, **active),
        _person(N.ROSTER, "PONIMAN", d(1991, 2, 14), occ=84, eco="pasar", as_of=as_of),
        _person(N.STATUS_OUT, "TUKIYEM", d(1992, 3, 15), status="nonactive", segment="PU", kpj=KPJ[N.STATUS_OUT],
                paid=d(2023, 2, 1), method="exact", records=1, as_of=as_of),
    ]
    return rows


def _member(kpj, nik, nama, birth, *, segmen="BPU", paid=date(2023, 1, 1), status="AKTIF"):
    return {"row_number": int(kpj[-3:]), "member_key": kpj, "kpj": kpj, "nik": nik, "nik_valid": True,
            "nik_error": None, "nama": nama, "tanggal_lahir": birth, "jenis_kelamin": "L", "kode_wilayah": KAL_A,
            "segmen": segmen, "program": "JKK,JKM", "status": status, "tanggal_kepesertaan": date(2020, 1, 1),
            "iuran_terakhir": paid, "npp": "", "nama_perusahaan": "", "warnings": None}


MEMBERS = [
    _member(KPJ[N.EXACT], N.EXACT, "SUKARDI", date(1980, 1, 1), segmen="PU"),
    _member(KPJ[N.FLAGGED], N.FLAGGED, "AGUNG WIBOWO", date(1981, 2, 2), paid=date(2023, 2, 1)),
    _member(KPJ[N.PROB], "3402014303820030", "SITI AMINAH", date(1982, 3, 3)),
    _member(KPJ[N.REVIEWED], None, "SOEPARMAN", date(1983, 4, 4)),
    _member(KPJ["pending"], "3402014505840050", "DWI LESTARI", date(1984, 5, 5)),
    _member(KPJ[N.LAPSED], N.LAPSED, "BAMBANG", date(1986, 7, 7), paid=date(2022, 6, 1)),
    _member(KPJ[N.CARD_UNLINKED], N.CARD_UNLINKED, "SUKIRMAN HADI", date(1971, 6, 2)),
    _member(KPJ[N.OTHER_KAL], N.OTHER_KAL, "SRI RAHAYU", date(1990, 1, 13), segmen="PU", paid=date(2023, 2, 1)),
    _member(KPJ[N.STATUS_OUT], N.STATUS_OUT, "TUKIYEM", date(1992, 3, 15), segmen="PU", paid=date(2023, 2, 1),
            status="KELUAR"),
]
LINKS = [
    {"member_key": KPJ[N.EXACT], "kpj": KPJ[N.EXACT], "person_nik": N.EXACT, "method": "exact",
     "match_probability": 1.0, "reasons": "NIK sama"},
    {"member_key": KPJ[N.FLAGGED], "kpj": KPJ[N.FLAGGED], "person_nik": N.FLAGGED, "method": "exact-flagged",
     "match_probability": 0.991, "reasons": "nama mirip (Agung Wibowo ~ Agus Wibowo), tanggal lahir sama, NIK sama"},
    {"member_key": KPJ[N.PROB], "kpj": KPJ[N.PROB], "person_nik": N.PROB, "method": "probabilistic",
     "match_probability": 0.97, "reasons": "nama sama, tanggal lahir sama, NIK beda 1 digit di nomor urut"},
    {"member_key": KPJ[N.REVIEWED], "kpj": KPJ[N.REVIEWED], "person_nik": N.REVIEWED, "method": "probabilistic",
     "match_probability": 0.62, "reasons": "nama mirip (Soeparman ~ Suparman), tanggal lahir sama, tanpa NIK"},
    {"member_key": KPJ["pending"], "kpj": KPJ["pending"], "person_nik": None, "method": "review",
     "match_probability": None, "reasons": None},
    {"member_key": KPJ[N.LAPSED], "kpj": KPJ[N.LAPSED], "person_nik": N.LAPSED, "method": "exact",
     "match_probability": 1.0, "reasons": "NIK sama"},
    {"member_key": KPJ[N.CARD_UNLINKED], "kpj": KPJ[N.CARD_UNLINKED], "person_nik": None, "method": "none",
     "match_probability": None, "reasons": None},
    {"member_key": KPJ[N.OTHER_KAL], "kpj": KPJ[N.OTHER_KAL], "person_nik": N.OTHER_KAL, "method": "exact",
     "match_probability": 1.0, "reasons": "NIK sama"},
    {"member_key": KPJ[N.STATUS_OUT], "kpj": KPJ[N.STATUS_OUT], "person_nik": N.STATUS_OUT, "method": "exact",
     "match_probability": 1.0, "reasons": "NIK sama"},
]
REVIEW = [{"member_key": KPJ["pending"], "kpj": KPJ["pending"], "candidate_nik": N.PENDING, "match_probability": 0.55,
           "reasons": "nama sama, tanggal lahir sama, NIK beda 2 digit", "member_nama": "DWI LESTARI",
           "member_nik": "3402014505840050", "member_tanggal_lahir": date(1984, 5, 5), "member_jenis_kelamin": "P",
           "member_kode_wilayah": KAL_A, "cand_nama": "DWI LESTARI", "cand_tanggal_lahir": date(1984, 5, 5),
           "cand_jenis_kelamin": "P", "cand_kode_wilayah": KAL_A}]
ROSTER = [{"roster_kind": "pasar", "source_row": 1, "roster_key": "pasar:1", "nik": N.ROSTER, "nik_valid": True,
           "nama": "PONIMAN", "org": "Pasar Bantul", "jabatan": "pedagang", "project_code": None,
           "kode_wilayah": KAL_A, "start_date": None, "end_date": None, "in_population": True, "status": "none",
           "segment": "NONE", "kpj": ""}]
ASN = [{"row_number": 1, "nik": N.ASN, "nama": "RINA", "org": "DINAS KESEHATAN", "kode_wilayah": KAL_A}]


def _write(rows: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path)


def _snapshot(kind: str, rel: str, rows: list[dict], *, roster_kind: str = "") -> Snapshot:
    _write(rows, Path(settings.CAKUPAN_HOME) / rel)
    return Snapshot.objects.create(kind=kind, roster_kind=roster_kind, as_of=AS_OF_OLD, file_name=Path(rel).name,
                                   file_sha256="0" * 64, rows_read=len(rows), rows_loaded=len(rows),
                                   rows_quarantined=0, data_path=rel)


def _run(as_of: date, name: str, members: Snapshot, *, old: bool = False) -> CoverageRun:
    home = Path(settings.CAKUPAN_HOME)
    rel = f"runs/{name}"
    _write(persons(as_of, old=old), home / rel / "person_status.parquet")
    _write(LINKS, home / rel / "links.parquet")
    _write(REVIEW, home / rel / "review.parquet")
    _write(ROSTER, home / rel / "roster_status.parquet")
    (home / rel / "inputs").mkdir(parents=True, exist_ok=True)
    (home / rel / "inputs" / "occupations.csv").write_text(OCCUPATIONS, encoding="utf-8")
    return CoverageRun.objects.create(as_of=as_of, status=CoverageRun.Status.DONE, run_dir=rel, member_snapshot=members)


def world_make() -> World:
    from django.contrib.auth import get_user_model

    areas_make()
    members = _snapshot("members", "snapshots/members/1.parquet", MEMBERS)
    asn = _snapshot("roster", "snapshots/roster/asn-1.parquet", ASN, roster_kind="asn")
    run_old = _run(AS_OF_OLD, "2023-01-31", members, old=True)
    run = _run(AS_OF, "2023-02-27", members)
    officer = get_user_model().objects.create_user(username="petugas-review", password="x-unused-9f2")
    ReviewDecision.objects.create(member_key=KPJ[N.REVIEWED], candidate_nik=N.REVIEWED, decision="accept",
                                  note="KK sama, dicek di kalurahan", decided_by=officer)
    return World(run=run, run_old=run_old, members=members, asn=asn)
