"""link_quality per truth class and on what exact NIK could not settle; twins linked to the other
twin, outsiders linked, the review queue. A hand-made engine: six member records, four people."""
from __future__ import annotations

import pytest

from cakupan.pipeline.linkage import link_quality

# person A and B are twins
POPULATION = ("A", "B", "C", "D")
MEMBERS = [  # kpj, nik as staged
    ("1", "A"), ("2", "B"), ("3", "X"), ("4", None), ("5", "Y"), ("6", "B")]
LINKS = [  # member_key, kpj, person_nik, method
    ("1", "1", "A", "exact"),  # right
    ("2", "2", "B", "exact"),  # the collision trap: B's NIK on A's record, linked to B
    ("3", "3", "C", "probabilistic"),  # an outsider linked to a namesake
    ("4", "4", None, "review"),  # no NIK; D is among the candidates
    ("5", "5", None, "none"),  # an outsider left alone
    ("6", "6", "B", "exact"),  # B's own record
]
QUEUE = [("4", "D"), ("4", "C")]
TRUTH = """kpj,person_nik,nik_dirt,class,twin_nik
1,A,,clean,
2,A,digit,twin_collision,B
3,,,outsider_namesake,
4,D,missing,nik_missing,
5,,,outsider,
6,B,,twin,A
"""


def _engine(engine=None):
    from cakupan.pipeline.engine import DuckDBEngine

    eng = engine or DuckDBEngine()

    def values(rows, cols) -> str:
        body = ", ".join("(" + ", ".join("NULL" if v is None else f"'{v}'" for v in r) + ")" for r in rows)
        return f"SELECT * FROM (VALUES {body}) t({cols})"

    eng.create("stg_population", values([(n,) for n in POPULATION], "nik"))
    eng.create("stg_members", values(MEMBERS, "kpj, nik"))
    eng.create("links", values(LINKS, "member_key, kpj, person_nik, method"))
    eng.create("review_queue", values(QUEUE, "member_key, candidate_nik"))
    return eng


@pytest.fixture
def quality(tmp_path):
    truth = tmp_path / "links.csv"
    truth.write_text(TRUTH)
    eng = _engine()
    yield link_quality(eng, truth_path=truth)
    eng.close()


def test_classes_in_order_of_harm_with_their_figures(quality):
    c = quality["classes"]
    assert list(c) == ["twin_collision", "twin", "outsider_namesake", "outsider", "nik_missing", "clean"]
    assert c["twin_collision"] == {"members": 1, "with_truth": 1, "unsettled": 1, "linked": 1, "correct": 0,
                                   "wrong": 1, "review": 0, "to_twin": 1, "precision": 0.0, "recall": 0.0,
                                   "wrong_rate": 1.0}
    assert c["twin"]["precision"] == c["twin"]["recall"] == 1.0 and c["twin"]["unsettled"] == 0
    assert c["outsider_namesake"]["wrong"] == 1 and c["outsider_namesake"]["recall"] is None
    assert c["outsider"] == {"members": 1, "with_truth": 0, "unsettled": 1, "linked": 0, "correct": 0, "wrong": 0,
                             "review": 0, "to_twin": 0, "precision": None, "recall": None, "wrong_rate": 0.0}
    assert c["nik_missing"]["review"] == 1 and c["nik_missing"]["recall"] == 0.0
    assert c["clean"]["precision"] == 1.0


def test_what_exact_nik_could_not_settle(quality):
    u = quality["unsettled"]
    # 2 (another person's NIK), 3 and 5 (nobody), 4 (no NIK); not 1 and 6 (their own NIK)
    assert (u["members"], u["with_truth"], u["linked"], u["correct"], u["wrong"], u["review"]) == (4, 2, 2, 0, 2, 1)
    assert u["precision"] == 0.0 and u["recall"] == 0.0
    assert quality["missed_by_exact"]["members"] == 2  # the old figure: members with a true person only


def test_twins_outsiders_and_review(quality):
    assert quality["twins"] == {"members": 2, "linked_to_twin": 1}
    assert quality["outsiders"] == {"members": 2, "linked": 1, "share_linked": 0.5}
    assert quality["review"] == {"members": 1, "share_of_members": 0.166667, "with_truth": 1,
                                 "true_among_candidates": 1, "share_true_among_candidates": 1.0}
    assert quality["overall"] == {"linked": 4, "correct": 2, "precision": 0.5, "recall": 0.5}


def test_a_truth_without_classes_gives_the_overall_figures(tmp_path):
    truth = tmp_path / "old.csv"
    truth.write_text("kpj,person_nik\n1,A\n2,A\n3,\n4,D\n5,\n6,B\n")
    eng = _engine()
    q = link_quality(eng, truth_path=truth)
    eng.close()
    assert q["classes"] == {} and q["twins"] is None
    assert q["overall"] == {"linked": 4, "correct": 2, "precision": 0.5, "recall": 0.5}
    assert q["unsettled"]["members"] == 4 and q["outsiders"]["linked"] == 1


@pytest.mark.spark
def test_spark_gives_the_same_report(tmp_path, quality):
    from cakupan.pipeline.engine import SparkEngine

    truth = tmp_path / "links.csv"
    spark = _engine(SparkEngine())
    assert link_quality(spark, truth_path=truth) == quality
