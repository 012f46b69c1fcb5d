"""Every pipeline step is documented in docs/pipeline.md (with its grain)."""
from pathlib import Path

from cakupan.pipeline.run import STEPS_MARTS
from cakupan.pipeline.staging import STAGING

DOC = Path(__file__).resolve().parents[2] / "docs" / "pipeline.md"


def test_every_step_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [s.name for s in STAGING + STEPS_MARTS if f"| `{s.name}` |" not in text]
    assert not missing, f"steps missing from docs/pipeline.md: {missing}"


LINKAGE_DOC = DOC.parent / "linkage.md"


def test_every_linkage_step_documented():
    from cakupan.pipeline.linkage.decide import choose_steps
    from cakupan.pipeline.linkage.prepare import prepare_steps
    from cakupan.pipeline.linkage.settings import LinkSettings

    text = LINKAGE_DOC.read_text(encoding="utf-8")
    steps = prepare_steps(flag_name_jw=0.85, has_decisions=True) + choose_steps(settings=LinkSettings(),
                                                                                 has_decisions=True)
    missing = [s.name for s in steps if f"`{s.name}`" not in text]
    assert not missing, f"linkage steps missing from docs/linkage.md: {missing}"
