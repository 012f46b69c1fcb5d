"""A small pipeline run directory written by hand (the marts' shapes, docs/contracts.md)."""
from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

K1, K2, K3 = "34.02.01.2001", "34.02.01.2002", "34.02.02.2001"


def _person(i, kal, status, segment, excluded=None):
    return {
        "nik": f"34020101019{i:05d}", "nama": f"WARGA {i}", "sex": "LP"[i % 2], "birth_date": date(1980, 1, 1 + i % 28),
        "age": 43, "age_band": "40-44", "kabupaten_code": kal[:5], "kapanewon_code": kal[:8], "kalurahan_code": kal,
        "padukuhan_code": f"{kal}.krajan", "pekerjaan_kode": 9, "excluded_reason": excluded, "ecosystem": "desa",
        "status": status, "segment": segment, "kpj": "" if status == "none" else f"1100{i:07d}",
        "paid_through": None if status == "none" else date(2023, 2, 1), "link_method": "" if status == "none" else "exact",
    }


PERSONS = (
    [_person(i, K1, "active", "BPU") for i in range(0, 3)]
    + [_person(i, K1, "nonactive", "PU") for i in range(3, 5)]
    + [_person(i, K2, "active", "PU") for i in range(5, 6)]
    + [_person(i, K2, "none", "NONE") for i in range(6, 10)]
    + [_person(i, K3, "none", "NONE") for i in range(10, 12)]
    + [_person(99, K3, "active", "PU", excluded="PNS")]
)


def write_run(run_dir):
    run_dir.mkdir(parents=True, exist_ok=True)
    persons = pa.Table.from_pylist(PERSONS)
    pq.write_table(persons, run_dir / "person_status.parquet")
    wf = [p for p in PERSONS if p["excluded_reason"] is None]
    facts = {}
    for p in wf:
        key = (p["kabupaten_code"], p["kapanewon_code"], p["kalurahan_code"], p["padukuhan_code"], p["ecosystem"],
               p["segment"], p["sex"], p["age_band"])
        f = facts.setdefault(key, [0, 0, 0])
        f[0] += 1
        f[1] += p["status"] == "active"
        f[2] += p["status"] == "nonactive"
    names = ["kabupaten_code", "kapanewon_code", "kalurahan_code", "padukuhan_code", "ecosystem", "segment", "sex",
             "age_band"]
    pq.write_table(
        pa.Table.from_pylist([{**dict(zip(names, k)), "workforce": v[0], "active": v[1], "nonactive": v[2]}
                              for k, v in facts.items()]),
        run_dir / "coverage.parquet",
    )
    pq.write_table(pa.Table.from_pylist([{
        "member_key": "11000000077", "kpj": "11000000077", "candidate_nik": "3402010101900006",
        "match_probability": 0.7, "reasons": "nama mirip (Soeparman ~ Suparman), tanggal lahir sama",
        "member_nama": "SOEPARMAN", "member_nik": "3402010101900060", "member_tanggal_lahir": date(1980, 1, 7),
        "member_jenis_kelamin": "L", "member_kode_wilayah": K2, "cand_nama": "SUPARMAN",
        "cand_tanggal_lahir": date(1980, 1, 7), "cand_jenis_kelamin": "L", "cand_kode_wilayah": K2,
    }]), run_dir / "review.parquet")
    return run_dir


@pytest.fixture
def run_dir(tmp_path):
    return write_run(tmp_path / "run")
