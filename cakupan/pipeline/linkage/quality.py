"""Linkage quality against a synthetic truth (`truth/links.csv`: kpj, person_nik; empty = nobody;
optionally `class` and `twin_nik`, which the synth writes since generator version 6).

    q = link_quality(engine, truth_path=Path("/work/synth-bantul/truth/links.csv"))
    q["bands"]["probabilistic"]["precision"], q["missed_by_exact"]["recall"], q["exact_check"]
    q["classes"]["twin_collision"]["precision"], q["unsettled"]["recall"], q["twins"]["linked_to_twin"]

Definitions (per band = per `links.method`):
- precision: linked to the true person / linked; recall: linked to the true person / members of the
  band that have a true person. 'review' links nobody; its `candidate_recall` is the share of its
  members whose true person is among the review-queue candidates.
- missed_by_exact: members with a true person whom a bare exact NIK join does not link to that
  person (no match, or another person's NIK); recall = now linked to the true person.
- exact_check: of the bare exact NIK matches, the share wrong before the check and the share still
  linked to a wrong person after it.
- unsettled: what exact NIK could not settle — members with a true person whom the bare exact NIK
  join does not give that person (no match, or another person's NIK: missed_by_exact), and members
  with no true person at all. precision = correct / linked, recall = correct / members with a
  true person, wrong = linked to anyone but the true person (for an outsider: linked at all).
- classes: the same figures per truth class (the truth's `class` column, TRUTH_CLASSES first); {}
  for a truth without one. `unsettled` counts the class's members exact NIK could not settle,
  `to_twin` those linked to their twin (the truth's `twin_nik`).
- twins: member records of a twin (a `twin_nik` in the truth) and how many are linked to the other
  twin; None for a truth without `twin_nik`.
- outsiders: members with no true person, and how many (share) are linked to somebody.
- review: member records in the review band (share of all member records), and of those with a
  true person, how many have that person among the candidates the review queue shows.
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
# the synth's classes of a member record, most harmful first (cakupan/synth/members.py CLASSES)
TRUTH_CLASSES = ("twin_collision", "twin", "outsider_namesake", "outsider", "nik_typo", "nik_missing",
                 "name_variant", "date_swap", "clean")
_COUNTS = """count(*), count(true_nik), count(person_nik), count(*) FILTER (WHERE correct),
    count(*) FILTER (WHERE person_nik IS NOT NULL AND person_nik IS DISTINCT FROM true_nik),
    count(*) FILTER (WHERE method = 'review'), count(*) FILTER (WHERE unsettled),
    count(*) FILTER (WHERE twin_nik IS NOT NULL AND person_nik = twin_nik)"""


def _figures(row) -> dict:
    """The figures of one group of q_rows from the values of _COUNTS."""
    n, with_truth, linked, correct, wrong, review, unsettled, to_twin = (int(x or 0) for x in row)
    return {"members": n, "with_truth": with_truth, "unsettled": unsettled, "linked": linked,
            "correct": correct, "wrong": wrong, "review": review, "to_twin": to_twin,
            "precision": _ratio(correct, linked), "recall": _ratio(correct, with_truth),
            "wrong_rate": _ratio(wrong, n)}


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
    # `class` and `twin_nik` are read as '' when the truth has no such column (older synth outputs)
    engine.load_csv("q_truth_csv", truth_path, {"kpj": "str", "person_nik": "text", "class": "text",
                                                 "twin_nik": "text"})
    engine.create("q_truth", """SELECT kpj, nullif(trim(person_nik), '') AS true_nik,
        nullif(trim(class), '') AS truth_class, nullif(trim(twin_nik), '') AS twin_nik FROM q_truth_csv""")
    engine.create("q_rows", f"""
        SELECT l.member_key, l.method, l.person_nik, t.true_nik, e.exact_nik, t.truth_class, t.twin_nik,
               l.person_nik IS NOT NULL AND l.person_nik = t.true_nik AS correct,
               t.true_nik IS NULL OR e.exact_nik IS NULL OR e.exact_nik <> t.true_nik AS unsettled,
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
    by_class = {r[0]: _figures(r[1:]) for r in engine.rows(
        f"SELECT truth_class, {_COUNTS} FROM q_rows WHERE truth_class IS NOT NULL GROUP BY truth_class")}
    classes = {c: by_class.pop(c) for c in TRUTH_CLASSES if c in by_class}
    classes.update(sorted(by_class.items()))
    unsettled = _figures(engine.rows(f"SELECT {_COUNTS} FROM q_rows WHERE unsettled")[0])
    n_twin, to_twin, has_twin_col = (int(x or 0) for x in engine.rows("""
        SELECT count(*) FILTER (WHERE twin_nik IS NOT NULL),
               count(*) FILTER (WHERE twin_nik IS NOT NULL AND person_nik = twin_nik),
               count(*) FILTER (WHERE truth_class IS NOT NULL OR twin_nik IS NOT NULL) FROM q_rows""")[0])
    n_out, out_linked = (int(x or 0) for x in engine.rows(
        "SELECT count(*), count(person_nik) FROM q_rows WHERE true_nik IS NULL")[0])
    n_review, review_truth, review_hit = (int(x or 0) for x in engine.rows("""
        SELECT count(*), count(true_nik), count(*) FILTER (WHERE in_queue) FROM q_rows WHERE method = 'review'""")[0])
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
        "unsettled": unsettled,
        "classes": classes,
        "twins": {"members": n_twin, "linked_to_twin": to_twin} if has_twin_col else None,
        "outsiders": {"members": n_out, "linked": out_linked, "share_linked": _ratio(out_linked, n_out)},
        "review": {"members": n_review, "share_of_members": _ratio(n_review, n), "with_truth": review_truth,
                   "true_among_candidates": review_hit,
                   "share_true_among_candidates": _ratio(review_hit, review_truth)},
    }
