from cakupan.core.vocab import ECOSYSTEMS, LINK_METHODS, ROSTER_KINDS, SEGMENTS, STATUSES


def test_each_vocabulary_declares_each_code_once_with_both_labels():
    for vocab in (SEGMENTS, ECOSYSTEMS, ROSTER_KINDS, LINK_METHODS, STATUSES):
        assert len(set(vocab.codes)) == len(vocab.codes)
        assert all(t.id and t.en for t in vocab)


def test_lookups():
    assert SEGMENTS.codes == ("PU", "BPU", "JAKON", "PMI")
    assert "pasar" in ECOSYSTEMS and "PASAR" not in ECOSYSTEMS
    assert ECOSYSTEMS.label("padat_karya") == "Padat karya"
    assert ECOSYSTEMS.label("padat_karya", "en") == "Labour-intensive works"
    assert ECOSYSTEMS.label("unknown") == "unknown"
    assert LINK_METHODS.codes[-1] == "none" and ROSTER_KINDS.get("asn") is not None


def test_every_audit_action_written_has_a_label():
    import re
    from pathlib import Path

    from cakupan.core.vocab import AUDIT_ACTIONS

    root = Path(__file__).resolve().parents[2] / "cakupan"
    written = set()
    for path in root.rglob("*.py"):
        written |= set(re.findall(r'action="([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert written - set(AUDIT_ACTIONS.codes) == set()
