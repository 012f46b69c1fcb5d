"""README.md and docs/ quote one set of kabupaten figures: docs/figures.json (written by
scripts/figures.py from a real run). Fast: no database, no demo run.

Allowed: the run's measured figure, the synthetic truth (= the real Bantul article figure), or any
figure on a line marked "past measurement"."""
from __future__ import annotations

import json
import re
from pathlib import Path

from cakupan.core.formatting import angka, persen

ROOT = Path(__file__).resolve().parents[1]
FIGURES = json.loads((ROOT / "docs" / "figures.json").read_text(encoding="utf-8"))
# kabupaten covered count (115.xxx / 115,xxx, not part of a longer number) and percent 25,xx %
COUNT = re.compile(r"(?<![\d.,])115[.,]\d{3}(?![\d]|[.,]\d)")
PCT = re.compile(r"(?<![\d.,])25[.,]\d{2}(?!\d)[ \u00a0]?%")
# a formatting example "number · percent · date" (docs/runs.md, docs/architecture.md) is no figure
FORMAT_EXAMPLE = re.compile(r"\d[ \u00a0]?· \d+[.,]\d+[ \u00a0]?% · \d{1,2} \w+ \d{4}")
PAST = "past measurement"


def _forms(active: int, pct: float) -> set[str]:
    out = set()
    for lang in ("id", "en"):
        out.add(angka(active, lang=lang))
        out.add(persen(pct, lang=lang).replace("\u00a0", " ").replace(" ", ""))
    return out


ALLOWED = _forms(FIGURES["active"], FIGURES["pct"]) | _forms(FIGURES["truth"]["active"], FIGURES["truth"]["pct"])


def _docs() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_figures_json_is_complete():
    for key in ("workforce", "active", "nonactive", "pct", "as_of", "links_by_method", "warnings", "generated", "commit"):
        assert key in FIGURES, key
    for key in ("workforce", "active", "pct"):
        assert key in FIGURES["truth"], key
    assert round(100 * FIGURES["active"] / FIGURES["workforce"], 2) == FIGURES["pct"]


def test_every_kabupaten_figure_is_measured_or_truth():
    bad = []
    for path in _docs():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PAST in line.lower() or FORMAT_EXAMPLE.search(line):
                continue
            found = COUNT.findall(line) + [re.sub(r"[ \u00a0]", "", m) for m in PCT.findall(line)]
            for fig in found:
                if fig not in ALLOWED:
                    bad.append(f"{path.relative_to(ROOT)}:{n}: {fig}")
    assert not bad, ("figures neither measured (docs/figures.json) nor the synthetic truth; "
                     "run `python scripts/figures.py` and update, or mark the line 'past measurement':\n"
                     + "\n".join(bad))


def test_readme_measured_figure_is_figures_json():
    lines = [l for l in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if "measured by the run" in l]
    assert lines, "README.md has no 'measured by the run' line"
    want = f"{angka(FIGURES['active'], lang='id')} / {angka(FIGURES['workforce'], lang='id')} = {persen(FIGURES['pct'], lang='id').replace(chr(0xa0), ' ')}"
    assert any(want in l.replace("\u00a0", " ") for l in lines), f"README's measured figure is not {want!r}"


def test_figures_md_generated_section_matches_json():
    text = (ROOT / "docs" / "figures.md").read_text(encoding="utf-8")
    assert "scripts/figures.py" in text and "do not edit by hand" in text
    assert angka(FIGURES["active"], lang="id") in text and persen(FIGURES["pct"], lang="id").replace("\u00a0", " ") in text.replace("\u00a0", " ")
