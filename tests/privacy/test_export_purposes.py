"""Every export of personal data names its purpose in the audit log (UU 27/2022 ps. 16 (2): purpose
limitation): each audit_record call of an export action in the code carries "purpose" with one of
core.vocab.EXPORT_PURPOSES (or the variable the caller checked against it)."""
import re
from pathlib import Path

from cakupan.core.vocab import EXPORT_PURPOSES

ROOT = Path(__file__).resolve().parents[2] / "cakupan"
EXPORT_ACTIONS = ("export_persons", "letter_pds")


def _calls():
    for path in ROOT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"audit_record\(", text):
            depth, i = 0, m.end() - 1
            while True:   # to the call's closing parenthesis
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                if depth == 0:
                    break
                i += 1
            call = text[m.start():i + 1]
            if any(f'"{a}"' in call for a in EXPORT_ACTIONS) or "action=action" in call:
                yield path.relative_to(ROOT.parent), call


def test_every_export_names_its_purpose():
    calls = list(_calls())
    assert len(calls) >= 8
    for where, call in calls:
        if "action=action" in call and "letter_pds" not in call:
            assert '"purpose": "kepatuhan"' in call, where   # cli_pds: the letter only
            continue
        m = re.search(r'"purpose":\s*("?)(\w+)\1', call)
        assert m, f"{where}: an export without a purpose: {call}"
        if m.group(1):
            assert m.group(2) in EXPORT_PURPOSES.codes, (where, m.group(2))
