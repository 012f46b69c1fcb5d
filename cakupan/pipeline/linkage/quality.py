"""Linkage quality against a synthetic truth (`truth/links.csv`: kpj, person_nik; empty = nobody).

    q = link_quality(engine, truth_path=Path("/work/synth-bantul/truth/links.csv"))
    q["bands"]["probabilistic"]["precision"], q["missed_by_exact"]["recall"], q["exact_check"]

Definitions (per band = per `links.method`):
- precision: linked to the true person / linked; recall: linked to the true person / members of the
  band that have a true person. 'review' links nobody; its `candidate_recall` is the share of its
  members whose true person is among the review-queue candidates.
- missed_by_exact: members with a true person whom a bare exact NIK join does not link to that
  person (no match, or another person's NIK); recall = now linked to the true person.
- exact_check: of the bare exact NIK matches, the share wrong before the check and the share still
  linked to a wrong person after it.
"""
from __future__ import annotations

from pathlib import Path

from cakupan.core.vocab import LINK_METHODS


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 6) if b else None


# what quality reads from the pipeline's engine (views on it: on Spark the figures are computed
# by the executors, only the counts come back)
QUALITY_INPUTS = {
    "q_links": "SELECT kpj, person_nik, method, member_key FROM links",
    "q_queue": "SELECT member_key, candidate_nik FROM review_queue",
    "q_exact": "SELECT m.kpj, p.nik AS exact_nik FROM stg_members m JOIN stg_population p ON m.nik = p.nik",
}
_TABLES = ("q_truth_csv", "q_truth", "q_rows")


def link_quality(engine, *, truth_path: Path) -> dict:
    """Quality figures, computed on the engine over QUALITY_INPUTS."""
    for view, sql in QUALITY_INPUTS.items():
        engine.create_view(view, sql)
    try:
        return _quality(engine, truth_path=truth_path, links="q_links", queue="q_queue", exact="q_exact")
    finally:
        for t in _TABLES:
            engine.drop(t)
        for view in QUALITY_INPUTS:
            engine.drop(view, view=True)


def _quality(engine, *, truth_path: Path, links: str, queue: str, exact: str) -> dict:
    engine.load_csv("q_truth_csv", truth_path, {"kpj": "str", "person_nik": "text"})
    engine.create("q_truth", "SELECT kpj, nullif(trim(person_nik), '') AS true_nik FROM q_truth_csv")
    engine.create("q_rows", f"""
        SELECT l.member_key, l.method, l.person_nik, t.true_nik, e.exact_nik,
               l.person_nik IS NOT NULL AND l.person_nik = t.true_nik AS correct,
               c.member_key IS NOT NULL AS in_queue
        FROM {links} l JOIN q_truth t USING (kpj)
        LEFT JOIN {exact} e USING (kpj)
        LEFT JOIN (SELECT DISTINCT member_key, candidate_nik FROM {queue}) c
          ON c.member_key = l.member_key AND c.candidate_nik = t.true_nik""")
    bands = {}
    by_method = {r[0]: tuple(int(x) for x in r[1:]) for r in engine.rows("""
        SELECT method, count(*), count(person_nik), count(*) FILTER (WHERE correct), count(true_nik),
               count(*) FILTER (WHERE in_queue) FROM q_rows GROUP BY method""")}
    for method in LINK_METHODS.codes:
        n, linked, correct, with_truth, in_queue = by_method.get(method, (0, 0, 0, 0, 0))
        bands[method] = {"members": n, "linked": linked, "correct": correct,
                         "precision": _ratio(correct, linked), "recall": _ratio(correct, with_truth)}
        if method == "review":
            bands[method]["candidate_recall"] = _ratio(in_queue, with_truth)
    n, linked, correct, with_truth = (int(x) for x in engine.rows(
        "SELECT count(*), count(person_nik), count(*) FILTER (WHERE correct), count(true_nik) FROM q_rows")[0])
    missed, recovered, wrong = (int(x) for x in engine.rows("""
        SELECT count(*), count(*) FILTER (WHERE correct), count(*) FILTER (WHERE person_nik IS NOT NULL AND NOT correct)
        FROM q_rows WHERE true_nik IS NOT NULL AND (exact_nik IS NULL OR exact_nik <> true_nik)""")[0])
    n_exact, wrong_before, wrong_after, flagged = (int(x) for x in engine.rows("""
        SELECT count(*), count(*) FILTER (WHERE true_nik IS DISTINCT FROM exact_nik),
               count(*) FILTER (WHERE person_nik IS NOT NULL AND person_nik IS DISTINCT FROM true_nik),
               count(*) FILTER (WHERE method <> 'exact')
        FROM q_rows WHERE exact_nik IS NOT NULL""")[0])
    unmatched_truth = int(engine.scalar(
        f"SELECT count(*) FROM {links} l {engine.anti_join} q_truth t ON t.kpj = l.kpj"))
    return {
        "members": n, "members_without_truth": unmatched_truth,
        "bands": bands,
        "overall": {"linked": linked, "correct": correct, "precision": _ratio(correct, linked),
                    "recall": _ratio(correct, with_truth)},
        "missed_by_exact": {"members": missed, "recovered": recovered, "wrong": wrong,
                            "recall": _ratio(recovered, missed), "precision": _ratio(recovered, recovered + wrong)},
        "exact_check": {"exact_matches": n_exact, "wrong_before": wrong_before,
                        "wrong_rate_before": _ratio(wrong_before, n_exact), "sent_to_check": flagged,
                        "wrong_after": wrong_after, "wrong_rate_after": _ratio(wrong_after, n_exact)},
    }
