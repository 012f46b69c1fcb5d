"""Every outreach string has English (cakupan/outreach/locale), and the .mo matches the .po."""
import ast
import gettext
from pathlib import Path

from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "cakupan" / "outreach" / "locale" / "en" / "LC_MESSAGES"


def _entries():
    out, msgid = [], None
    for line in (LOCALE / "django.po").read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            msgid = ast.literal_eval(line[6:])
        elif line.startswith("msgstr ") and msgid:
            out.append((msgid, ast.literal_eval(line[7:])))
    return out


def test_every_outreach_string_has_english_and_mo_matches():
    entries = _entries()
    assert len(entries) > 100
    assert [m for m, t in entries if not t] == []
    mo = gettext.GNUTranslations(open(LOCALE / "django.mo", "rb"))
    for msgid, text in entries:
        assert mo.gettext(msgid) == text


def test_pages_speak_english_when_asked():
    with translation.override("en"):
        assert translation.gettext("Konfirmasi dengan hasil terbaru") == "Confirm with the latest results"
        assert translation.gettext("Dalam (bulan)") == "Within (months)"
