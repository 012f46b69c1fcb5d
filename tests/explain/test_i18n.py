"""Every sentence of the person page has its English, and the committed .mo matches the .po."""
import ast
import gettext
from pathlib import Path

from tests.web.test_i18n import po_entries

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "cakupan" / "explain"
PO = APP / "locale" / "en" / "LC_MESSAGES" / "django.po"
MAIN = ROOT / "cakupan" / "locale" / "en" / "LC_MESSAGES" / "django.po"  # the views' words live there


def _msgids() -> set[str]:
    found = set()
    for path in APP.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                found.add(node.args[0].value)
    return found


def test_every_sentence_has_english():
    english = {e["msgid"]: e.get("msgstr") for po in (PO, MAIN) for e in po_entries(po)}
    assert sorted(m for m in _msgids() if not english.get(m)) == []


def test_compiled_mo_matches_po():
    mo = gettext.GNUTranslations(open(PO.with_suffix(".mo"), "rb"))
    for e in po_entries(PO):
        assert mo.gettext(e["msgid"]) == e["msgstr"], e["msgid"]
