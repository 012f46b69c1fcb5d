"""Every string is translatable and translated to English; the committed .mo matches the .po;
no page loads anything from outside the machine."""
import ast
import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "cakupan" / "locale"
MINE = ("cakupan/web/", "cakupan/accounts/", "cakupan/linkage/templates", "cakupan/linkage/views.py",
        "cakupan/jobs/", "cakupan/runs/")


def po_entries(path: Path) -> list[dict]:
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields, cur, refs = {}, None, []
        for line in block.splitlines():
            if line.startswith("#:"):
                refs += line[2:].split()
            elif line.startswith('"') and cur:
                fields[cur] += ast.literal_eval(line)
            elif line and not line.startswith("#"):
                cur, _, rest = line.partition(" ")
                fields[cur] = ast.literal_eval(rest)
        if fields.get("msgid"):
            fields["refs"] = refs
            entries.append(fields)
    return entries


def test_my_strings_have_english():
    missing = [
        e["msgid"] for e in po_entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")
        if any(r.startswith(MINE) for r in e["refs"]) and not (e.get("msgstr") or e.get("msgstr[0]"))
    ]
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "id"])
def test_compiled_mo_matches_po(lang):
    mo = gettext.GNUTranslations(open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb"))
    for e in po_entries(LOCALE / lang / "LC_MESSAGES" / "django.po"):
        if e.get("msgstr") and "msgctxt" not in e:
            assert mo.gettext(e["msgid"]) == e["msgstr"], e["msgid"]


def test_templates_load_nothing_from_outside():
    pattern = re.compile(r"""(src|href)\s*=\s*["']\s*(https?:)?//""", re.I)
    for folder in ("cakupan/web", "cakupan/accounts", "cakupan/linkage"):
        for path in (ROOT / folder).rglob("*.html"):
            assert not pattern.search(path.read_text(encoding="utf-8")), path
    css = (ROOT / "cakupan/web/static/web/cakupan.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css
