"""link_members on the committed fixture (DuckDB)."""
from __future__ import annotations

import pyarrow as pa

from cakupan.pipeline.linkage import METHODS, LinkSettings, link_members, link_quality

from linkage_helpers import DATA, STRICT, rows, staged_engine


def _hamming(a, b):
    return sum(x != y for x, y in zip(a, b))


def test_one_row_per_member_and_valid_methods(linked):
    n_members = rows(linked, "SELECT count(*) AS n FROM stg_members")[0]["n"]
    got = rows(linked, "SELECT count(*) AS n, count(DISTINCT member_key) AS k FROM links")[0]
    assert got == {"n": n_members, "k": n_members}
    methods = {r["method"] for r in rows(linked, "SELECT DISTINCT method FROM links")}
    assert methods <= set(METHODS) and {"exact", "exact-flagged", "probabilistic", "none"} <= methods
    assert rows(linked, "SELECT count(*) AS n FROM links WHERE method IN ('review', 'none') AND person_nik IS NOT NULL")[0]["n"] == 0


def test_exact_matches_are_right(linked, linkage_truth):
    exact = rows(linked, "SELECT kpj, person_nik, match_probability, reasons FROM links WHERE method = 'exact'")
    assert len(exact) > 1000
    assert all(r["match_probability"] == 1.0 for r in exact)
    assert all(linkage_truth[r["kpj"]] == r["person_nik"] for r in exact)


def test_wrong_person_exact_nik_is_caught(linked, linkage_truth):
    wrong = rows(linked, """SELECT l.kpj, m.nik, l.person_nik, l.method FROM links l JOIN stg_members m USING (member_key)
                            JOIN stg_population p ON p.nik = m.nik""")
    wrong = [r for r in wrong if linkage_truth[r["kpj"]] != r["nik"]]
    assert len(wrong) >= 20
    assert all(r["method"] != "exact" and r["person_nik"] != r["nik"] for r in wrong)


def test_flagged_exact_confirmed_keeps_the_person(linked, linkage_truth):
    flagged = rows(linked, "SELECT kpj, person_nik, match_probability FROM links WHERE method = 'exact-flagged'")
    assert flagged and all(linkage_truth[r["kpj"]] == r["person_nik"] for r in flagged)
    assert all(0.5 <= r["match_probability"] <= 1.0 for r in flagged)


def test_mistyped_nik_recovered(linked, linkage_truth):
    got = rows(linked, """SELECT l.kpj, l.person_nik, l.method, l.reasons, m.nik FROM links l JOIN stg_members m USING (member_key)
                          WHERE m.nik_valid AND m.nik NOT IN (SELECT nik FROM stg_population)""")
    typos = [r for r in got if linkage_truth[r["kpj"]] and _hamming(r["nik"], linkage_truth[r["kpj"]]) <= 2]
    assert len(typos) > 100
    ok = [r for r in typos if r["method"] == "probabilistic" and r["person_nik"] == linkage_truth[r["kpj"]]]
    assert len(ok) / len(typos) >= 0.98
    assert any("NIK beda 1 digit" in r["reasons"] for r in ok)
    assert any("NIK dua digit bersebelahan tertukar" in r["reasons"] for r in ok)


def test_review_band_has_queue_rows(linked_strict):
    review = rows(linked_strict, "SELECT member_key, person_nik FROM links WHERE method = 'review'")
    queue = rows(linked_strict, "SELECT * FROM review_queue")
    assert all(r["person_nik"] is None for r in review)
    assert review and {r["member_key"] for r in review} == {q["member_key"] for q in queue}
    assert all(0.5 <= q["match_probability"] < 1.0 and q["reasons"] and q["cand_nama"] for q in queue)


def _decide(linkage_model, decisions: list[dict]):
    eng = staged_engine()
    eng.register_arrow("review_decisions", pa.Table.from_pylist(decisions))
    link_members(eng, settings=LinkSettings(model_path=linkage_model, **STRICT))
    return eng


def test_review_decisions_reapplied(linked_strict, linkage_model):
    queue = rows(linked_strict, "SELECT member_key, candidate_nik FROM review_queue ORDER BY member_key")
    assert len(queue) >= 2
    acc, rej = queue[0], queue[1]
    eng = _decide(linkage_model, [
        {"member_key": acc["member_key"], "candidate_nik": acc["candidate_nik"], "decision": "accept"},
        {"member_key": rej["member_key"], "candidate_nik": rej["candidate_nik"], "decision": "reject"}])
    got = {r["member_key"]: r for r in rows(eng, "SELECT * FROM links")}
    assert got[acc["member_key"]]["method"] == "probabilistic"
    assert got[acc["member_key"]]["person_nik"] == acc["candidate_nik"]
    assert got[acc["member_key"]]["reasons"].startswith("diterima petugas, ")
    assert got[rej["member_key"]]["person_nik"] != rej["candidate_nik"]
    left = rows(eng, f"SELECT candidate_nik FROM review_queue WHERE member_key = '{rej['member_key']}'")
    assert rej["candidate_nik"] not in {r["candidate_nik"] for r in left}
    eng.close()


def test_saved_model_gives_identical_links(linked, linkage_model, tmp_path):
    again = staged_engine()
    outcome = link_members(again, settings=LinkSettings(model_path=linkage_model))
    assert outcome.model == "loaded" and outcome.total == rows(again, "SELECT count(*) AS n FROM links")[0]["n"]
    sql = "SELECT * FROM links ORDER BY member_key"
    assert linked.arrow(sql).equals(again.arrow(sql))
    again.close()


def test_region_by_region_links_as_well(linked, linkage_model):
    """Chunked by kapanewon, members are only compared within their own area (and term
    frequencies are regional), so a few links differ; the quality must not drop."""
    eng = staged_engine()
    link_members(eng, settings=LinkSettings(model_path=linkage_model, chunk_prefix=8))
    whole = link_quality(linked, truth_path=DATA / "truth_links.csv")
    chunked = link_quality(eng, truth_path=DATA / "truth_links.csv")
    assert chunked["members"] == whole["members"]
    assert chunked["overall"]["precision"] >= whole["overall"]["precision"] - 0.002
    assert chunked["missed_by_exact"]["recall"] >= whole["missed_by_exact"]["recall"] - 0.02
    eng.close()


def test_quality_on_fixture(linked):
    q = link_quality(linked, truth_path=DATA / "truth_links.csv")
    assert q["members"] == 2100
    assert q["bands"]["probabilistic"]["precision"] >= 0.99
    assert q["missed_by_exact"]["recall"] >= 0.9   # the fixture's "weak" records need a clerk
    assert q["exact_check"]["wrong_before"] > 20 and q["exact_check"]["wrong_after"] == 0
    assert q["bands"]["exact"]["precision"] == 1.0


def test_quality_counts_by_hand(tmp_path):
    from cakupan.pipeline.engine import DuckDBEngine

    eng = DuckDBEngine()
    eng.create("stg_population", "SELECT * FROM (VALUES ('A'), ('B'), ('C')) t(nik)")
    eng.create("stg_members", "SELECT * FROM (VALUES ('1', 'A'), ('2', 'B'), ('3', 'X'), ('4', NULL)) t(kpj, nik)")
    eng.create("links", """SELECT * FROM (VALUES ('1', '1', 'A', 'exact'), ('2', '2', NULL, 'none'),
        ('3', '3', 'C', 'probabilistic'), ('4', '4', NULL, 'review')) t(member_key, kpj, person_nik, method)""")
    eng.create("review_queue", "SELECT * FROM (VALUES ('4', 'B')) t(member_key, candidate_nik)")
    truth = tmp_path / "links.csv"
    truth.write_text("kpj,person_nik\n1,A\n2,C\n3,C\n4,B\n")
    q = link_quality(eng, truth_path=truth)
    assert q["overall"] == {"linked": 2, "correct": 2, "precision": 1.0, "recall": 0.5}
    assert q["missed_by_exact"] == {"members": 3, "recovered": 1, "wrong": 0, "recall": 0.333333, "precision": 1.0}
    assert q["exact_check"]["wrong_before"] == 1 and q["exact_check"]["wrong_after"] == 0
    assert q["bands"]["review"]["candidate_recall"] == 1.0
