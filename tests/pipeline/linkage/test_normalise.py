"""Candidate-normalised probabilities, the estimated null odds, and the exact-NIK check."""
from __future__ import annotations

import pytest

from linkage_helpers import prepared

from cakupan.pipeline.engine import DuckDBEngine
from cakupan.pipeline.linkage import LinkSettings
from cakupan.pipeline.linkage.predict import NULL_ODDS_MIN, null_odds_estimate, steps_normalise


def _con(pairs, left_keys, *, rest=()):
    """A DuckDB engine with lk_left, lk_right, lk_area_codes and the weighted pairs (lk_weighted)."""
    eng = DuckDBEngine()
    con = eng.con
    con.execute("CREATE TABLE lk_left (unique_id VARCHAR, kode_wilayah VARCHAR)")
    con.execute("CREATE TABLE lk_right (unique_id VARCHAR, kode_wilayah VARCHAR)")
    con.execute("INSERT INTO lk_right VALUES ('p', '34.02.01.2001')")
    con.execute("CREATE TABLE lk_area_codes AS SELECT DISTINCT kode_wilayah FROM lk_right")
    for k in left_keys:
        con.execute("INSERT INTO lk_left VALUES (?, ?)", [k, "35.01.01.2001" if k in rest else "34.02.01.2001"])
    con.execute("CREATE TABLE lk_weighted (member_key VARCHAR, cand_nik VARCHAR, match_weight DOUBLE, is_rest BOOLEAN)")
    for m, c, w in pairs:
        con.execute("INSERT INTO lk_weighted VALUES (?, ?, ?, ?)", [m, c, w, m in rest])
    return eng


def _probs(eng):
    return {(m, c): p for m, c, p in eng.con.execute("SELECT member_key, cand_nik, match_probability FROM lk_pred").fetchall()}


def test_lone_candidate_gains_and_a_tie_is_shared():
    # odds 2^-3 = 0.125: Fellegi–Sunter alone says p = 0.11; among nobody else, with null odds 0.01, 0.93
    con = _con([("a", "x", -3.0), ("b", "y", 10.0), ("b", "z", 10.0)], ["a", "b"])
    steps_normalise(con, settings=LinkSettings(), null_odds=0.01)
    p = _probs(con)
    assert p[("a", "x")] == pytest.approx(0.125 / (0.125 + 0.01))
    assert p[("b", "y")] == pytest.approx(0.5, abs=1e-3) and p[("b", "z")] == pytest.approx(p[("b", "y")])


def test_members_living_elsewhere_keep_plain_fellegi_sunter():
    con = _con([("a", "x", -3.0)], ["a"], rest=("a",))
    steps_normalise(con, settings=LinkSettings(review_candidate_min=0.01), null_odds=0.01)
    assert _probs(con)[("a", "x")] == pytest.approx(0.125 / 1.125)


def test_weak_candidates_are_dropped():
    con = _con([("a", "x", 20.0), ("a", "y", 0.0)], ["a"])
    steps_normalise(con, settings=LinkSettings(), null_odds=0.01)
    assert set(_probs(con)) == {("a", "x")}


def test_null_odds_follow_the_members_who_find_nobody():
    # 90 members with one overwhelming candidate, 10 with none: about 10 % find nobody
    keys = [f"m{i}" for i in range(100)]
    con = _con([(k, "p", 30.0) for k in keys[:90]], keys)
    c = null_odds_estimate(con, settings=LinkSettings(), prior_mass=1.0)
    assert c == pytest.approx(10 / 90, rel=0.02)
    # everybody found: the floor, never zero
    con = _con([(k, "p", 30.0) for k in keys], keys)
    assert null_odds_estimate(con, settings=LinkSettings(), prior_mass=1.0) == NULL_ODDS_MIN


def _exact_check(member: dict, person: dict) -> bool:
    eng = DuckDBEngine()
    con = eng.con
    cols = "nik VARCHAR, nama VARCHAR, tanggal_lahir DATE, jenis_kelamin VARCHAR, kode_wilayah VARCHAR"
    con.execute(f"CREATE TABLE stg_population ({cols})")
    con.execute(f"CREATE TABLE stg_members (member_key VARCHAR, kpj VARCHAR, nik_error VARCHAR, {cols})")
    con.execute("INSERT INTO stg_population VALUES (?, ?, ?, ?, ?)",
                [person["nik"], person["nama"], person["tgl"], "P", person["kode"]])
    con.execute("INSERT INTO stg_members VALUES ('k1', 'k1', NULL, ?, ?, ?, ?, ?)",
                [member["nik"], member["nama"], member["tgl"], "P", member["kode"]])
    prepared(eng)
    return con.execute("SELECT trusted FROM lk_exact").fetchall()[0][0]


NIK = "3402125612620001"


def test_check_trusts_the_same_person_and_forgives_a_day_month_swap():
    same = {"nik": NIK, "nama": "Tuminah", "tgl": "1962-12-16", "kode": "34.02.12.2006"}
    assert _exact_check(same, same)
    assert _exact_check({**same, "tgl": "1962-12-12"}, {**same, "tgl": "1962-12-12"})
    assert _exact_check({**same, "tgl": "1962-11-03"}, {**same, "tgl": "1962-03-11"})


def test_check_flags_a_year_typo_and_a_near_name_elsewhere():
    person = {"nik": NIK, "nama": "TUMINAH", "tgl": "1962-12-16", "kode": "34.02.12.2006"}
    # a year digit mistyped in the NIK lands on a namesake born ten years apart
    assert not _exact_check({**person, "tgl": "1952-12-16"}, person)
    # AGUS RAHARJO keyed with the NIK of an AGUS in another kalurahan: close names, not the same
    agus = {"nik": NIK, "nama": "AGUS", "tgl": "1987-04-16", "kode": "34.02.06.2003"}
    assert not _exact_check({**agus, "nama": "AGUS RAHARJO", "kode": "34.02.07.2002"}, agus)
    # ...while a spelling slip at the person's own address stays trusted
    assert _exact_check({**agus, "nama": "AGUS RAHARJO"}, {**agus, "nama": "AGUS RAHARJA"})
