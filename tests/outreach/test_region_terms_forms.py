"""Every outreach page's visible text, forms included, names the levels in the province's words
(forms.relabel_levels): in Klaten (33.10) 'Satu lembar per dusun', 'Kuota per desa/kelurahan',
'Desa/kelurahan (APBDes)'; Bantul keeps 'padukuhan' and 'kalurahan'."""
from __future__ import annotations

import pytest

from tests.web.test_region_terms_pages import _text, klaten  # noqa: F401 - klaten is a fixture

pytestmark = pytest.mark.django_db

PAGES = ("/outreach/", "/outreach/anggaran/", "/outreach/penyandang-dana/", "/outreach/akan-nonaktif/",
         "/outreach/sosialisasi/", "/outreach/pendaftaran/")


def _seen(client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, url
    return _text(r.content.decode())


def test_outreach_pages_in_klaten_use_its_words(klaten, client):  # noqa: F811
    assert client.login(username="admin", password="rahasia-123")
    for url in PAGES:
        text = _seen(client, url)
        assert not [w for w in ("kapanewon", "kalurahan", "padukuhan") if w in text], (url, text[:2000])
    assert "satu lembar per dusun" in _seen(client, "/outreach/")
    assert "kuota per desa/kelurahan" in _seen(client, "/outreach/anggaran/")
    assert "satu lembar per dusun" in _seen(client, "/outreach/akan-nonaktif/")
    assert "desa/kelurahan (apbdes)" in _seen(client, "/outreach/penyandang-dana/")


def test_outreach_forms_in_bantul_keep_diy_words(client):
    from tests.outreach.factories import make_run, make_user, standard_persons

    make_run(standard_persons())
    make_user("admin-b", role="admin")
    assert client.login(username="admin-b", password="rahasia-123")
    assert "kuota per kalurahan" in _seen(client, "/outreach/anggaran/")
    assert "satu lembar per padukuhan" in _seen(client, "/outreach/akan-nonaktif/")
    assert "kalurahan (apbdes)" in _seen(client, "/outreach/penyandang-dana/")
