"""`cakupan link --truth` prints the linkage quality per truth class (a rich table in Indonesian)
and the twins, outsiders and review-queue figures; an older truth file gives no class table."""
from __future__ import annotations

from rich.console import Console

from cakupan.runs.cli import quality_notes, quality_table


def _f(members, linked, wrong, precision, recall, **kw) -> dict:
    return {"members": members, "with_truth": kw.get("with_truth", members), "unsettled": kw.get("unsettled", 0),
            "linked": linked, "correct": linked - wrong, "wrong": wrong, "review": kw.get("review", 0),
            "to_twin": kw.get("to_twin", 0), "precision": precision, "recall": recall,
            "wrong_rate": wrong / members}


QUALITY = {
    "members": 12_400,
    "overall": {"linked": 11_000, "correct": 10_990, "precision": 0.999091, "recall": 0.995},
    "bands": {"review": {"members": 12}},
    "classes": {
        "twin_collision": _f(10, 10, 3, 0.7, 0.7, unsettled=10, to_twin=3),
        "twin": _f(120, 120, 0, 1.0, 1.0),
        "outsider_namesake": _f(60, 2, 2, 0.0, None, with_truth=0, unsettled=60),
        "clean": _f(10_000, 10_000, 0, 1.0, 1.0),
    },
    "unsettled": _f(1_500, 500, 5, 0.99, 0.98, unsettled=1_500, review=12),
    "twins": {"members": 130, "linked_to_twin": 3},
    "outsiders": {"members": 900, "linked": 2, "share_linked": 0.002222},
    "review": {"members": 12, "share_of_members": 0.000968, "with_truth": 10, "true_among_candidates": 9,
               "share_true_among_candidates": 0.9},
}


def _text(*renderables) -> str:
    console = Console(width=200, record=True)
    for r in renderables:
        console.print(r, highlight=False)
    return console.export_text()


def test_table_has_a_row_per_class_the_unsettled_and_all():
    text = _text(quality_table(QUALITY))
    assert "Kualitas per kelas" in text
    for label in ("NIK = kembarannya", "Kembar", "Luar, senama warga", "Bersih", "Luput NIK persis", "Semua"):
        assert label in text, label
    row = next(line for line in text.splitlines() if line.startswith("NIK = kembarannya"))
    # records, not settled by exact NIK, linked, wrong, in review, precision, recall
    assert row.split()[3:] == ["10", "10", "10", "3", "0", "70,00", "%", "70,00", "%"]
    assert "99,00" in text and "98,00" in text  # the unsettled row's precision and recall


def test_notes_speak_of_twins_outsiders_and_the_review_queue():
    text = _text(*quality_notes(QUALITY))
    assert "Kembar tertaut ke kembarannya: 3 dari 130" in text
    assert "Bukan penduduk tetapi tertaut: 2 dari 900 (0,22" in text
    assert "Antrean review: 12 rekaman (0,10" in text and "9 dari 10 (90,00" in text


def test_an_old_truth_has_no_class_table():
    assert quality_table({"overall": {"linked": 1, "correct": 1}}) is None
    assert quality_notes({"overall": {}}) == []
