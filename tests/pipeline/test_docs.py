"""Every pipeline step is documented in docs/pipeline.md (with its grain)."""
from pathlib import Path

from cakupan.pipeline.run import STEPS_MARTS
from cakupan.pipeline.staging import STAGING

DOC = Path(__file__).resolve().parents[2] / "docs" / "pipeline.md"


def test_every_step_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [s.name for s in STAGING + STEPS_MARTS if f"| `{s.name}` |" not in text]
    assert not missing, f"steps missing from docs/pipeline.md: {missing}"
