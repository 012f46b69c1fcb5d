"""Issue 17's hard cases, each built by hand beside the committed fixture and linked with the
session's model: the expected person (or none) is written here, not computed by the code under test.

- twins (same family card and birth date, NIKs one serial apart): a NIK slipped onto the twin loses
  to the name; a name both twins fit (a shared word, an initial) goes to review with the twin reason;
- an outsider with a whole NIK of another region, namesake of a resident born the same day: unlinked,
  "di luar register";
- a member with no NIK whose namesake lives in another kapanewon: not auto-linked.
"""
from __future__ import annotations

import pytest
from linkage_helpers import DATA

from cakupan.pipeline.engine import DuckDBEngine
from cakupan.pipeline.linkage import LinkSettings, link_members

KAL, KK, DOB = "34.02.05.2001", "3402050101100009", "1990-07-14"
# NIKs: 340205 (Sewon's code), 140790 (14 July 1990), serials 0091/0092 (not in the fixture)
PEOPLE = [  # nik, no_kk, nama, jenis_kelamin, tanggal_lahir, kode_wilayah
    ("3402051407900091", KK, "AGUS WIBOWO", "L", DOB, KAL),
    ("3402051407900092", KK, "AGUNG WIBOWO", "L", DOB, KAL),
    ("3402055407900091", "3402050101100010", "ENDANG LESTARI", "P", DOB, KAL),
    ("3402055407900092", "3402050101100010", "ENDANG RAHMAWATI", "P", DOB, KAL),
    ("3402172208850093", "3402170101100011", "BAMBANG SUTRISNO", "L", "1985-08-22", "34.02.17.2003"),
    ("3402011103770094", "3402010101100012", "SUPARJO HADIWIYONO", "L", "1977-03-11", "34.02.01.2001"),
    ("3402055407900093", "3402050101100013", "SRI WAHYUNI", "P", DOB, KAL),
    ("3402055407900094", "3402050101100013", "SITI WAHYUNI", "P", DOB, KAL),
]
MEMBERS = [  # kpj, nik, nama, jenis_kelamin, tanggal_lahir, kode_wilayah
    ("H1", "3402051407900091", "AGUNG WIBOWO", "L", DOB, KAL),         # AGUS's NIK, AGUNG's name
    ("H2", "3402051407900091", "AGUS WIBOWO", "L", DOB, KAL),          # AGUS himself
    ("H3", "3402055407900091", "ENDANG", "P", DOB, KAL),               # either twin
    ("H4", "3404012208850007", "BAMBANG SUTRISNO", "L", "1985-08-22", "34.02.17.2003"),  # Sleman NIK
    ("H5", None, "SUPARJO HADIWIYONO", "L", "1977-03-11", "34.02.12.2001"),  # no NIK, Pajangan
    ("H6", "3402055407900093", "S. WAHYUNI", "P", DOB, KAL),           # an initial both twins fit
]


@pytest.fixture(scope="module")
def hard(linkage_model):
    eng = DuckDBEngine(threads=1)
    eng.register_parquet("fx_population", DATA / "stg_population.parquet")
    eng.register_parquet("fx_members", DATA / "stg_members.parquet")
    people = ", ".join(f"('{n}', '{k}', '{a}', '{s}', DATE '{d}', '{w}')" for n, k, a, s, d, w in PEOPLE)
    eng.create("stg_population", f"""SELECT nik, CAST(NULL AS VARCHAR) AS no_kk, nama, jenis_kelamin, tanggal_lahir,
        kode_wilayah FROM fx_population
        UNION ALL SELECT * FROM (VALUES {people}) t(nik, no_kk, nama, jenis_kelamin, tanggal_lahir, kode_wilayah)""")
    members = ", ".join(f"('{k}', '{k}', {repr(n) if n else 'NULL'}, '{a}', '{s}', DATE '{d}', '{w}')"
                        for k, n, a, s, d, w in MEMBERS)
    eng.create("stg_members", f"""SELECT member_key, kpj, nik, CAST(NULL AS VARCHAR) AS nik_error, nama,
        tanggal_lahir, jenis_kelamin, kode_wilayah FROM fx_members
        UNION ALL SELECT member_key, kpj, nik, NULL, nama, tanggal_lahir, jenis_kelamin, kode_wilayah
        FROM (VALUES {members}) t(member_key, kpj, nik, nama, jenis_kelamin, tanggal_lahir, kode_wilayah)""")
    link_members(eng, settings=LinkSettings(model_path=linkage_model))
    rows = eng.arrow("SELECT kpj, person_nik, method, reasons FROM links WHERE kpj LIKE 'H%'").to_pylist()
    queue = eng.arrow("SELECT member_key, candidate_nik FROM review_queue WHERE member_key LIKE 'H%'").to_pylist()
    eng.close()
    return {r["kpj"]: r for r in rows}, queue


def test_a_nik_slipped_onto_the_twin_loses_to_the_name(hard):
    links, _ = hard
    assert links["H1"]["person_nik"] == "3402051407900092"
    assert links["H1"]["method"] == "probabilistic"
    assert links["H1"]["reasons"].startswith("kembar")
    assert (links["H2"]["person_nik"], links["H2"]["method"]) == ("3402051407900091", "exact")


@pytest.mark.parametrize("kpj", ["H3", "H6"])
def test_a_name_both_twins_fit_is_reviewed_with_the_reason(hard, kpj):
    links, queue = hard
    assert links[kpj]["method"] == "review" and links[kpj]["person_nik"] is None
    assert "kembar: tanggal lahir dan KK sama, nama berbeda" in links[kpj]["reasons"]
    assert {q["candidate_nik"] for q in queue if q["member_key"] == "H3"} >= {"3402055407900091"}


def test_an_outsider_with_a_whole_nik_stays_outside(hard):
    links, _ = hard
    assert links["H4"]["person_nik"] is None and links["H4"]["method"] == "none"
    assert links["H4"]["reasons"].startswith("di luar register")


def test_no_nik_and_a_namesake_in_another_kapanewon_is_not_linked(hard):
    links, _ = hard
    assert links["H5"]["person_nik"] is None and links["H5"]["method"] in ("none", "review")
