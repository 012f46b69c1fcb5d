"""The area words follow the province on the targets and worklist pages (issue 18, part 7): a
kabupaten outside DIY (Klaten, 33.10) reads kecamatan/desa, never kapanewon/kalurahan."""
from __future__ import annotations

import re
from datetime import date

import pytest

from cakupan.coverage.models import PersonStatus
from cakupan.outreach.models import Worklist
from cakupan.outreach.services import partner_create
from cakupan.targets.services import target_set
from cakupan.wilayah.models import Area
from tests.outreach.factories import make_user, person
from tests.targets import factories as target_factories

# every test here opens the database: the PostgreSQL pass of `make test` runs them too (tests/test_database_markers.py)
pytestmark = pytest.mark.django_db

AS_OF = date(2023, 2, 27)
KAB, KEC = "33.10", "33.10.01"
DESA = {"33.10.01.2001": "Sanggrahan", "33.10.01.2002": "Joho"}


def _text(html: str) -> str:
    """What a reader sees: no tags, no attributes (codes and URLs name the stored kinds)."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)).lower()


@pytest.fixture
def klaten(db, monkeypatch):
    def area(code, name, kind, parent):
        Area.objects.create(code=code, name=name, name_key=name.lower(), kind=kind, parent_id=parent)

    area("33", "Jawa Tengah", "provinsi", None)
    area(KAB, "Klaten", "kabupaten", "33")
    area(KEC, "Prambanan", "kapanewon", KAB)
    for code, name in DESA.items():
        area(code, name, "kalurahan", KEC)
        area(f"{code}.krajan", "Krajan", "padukuhan", code)
    monkeypatch.setattr(target_factories, "KAB", KAB)  # the run's facts and history name Klaten
    run = target_factories.make_run(as_of=AS_OF, figures={c: (4000 + 500 * i, 1000) for i, c in enumerate(DESA)})
    PersonStatus.objects.bulk_create([
        PersonStatus(run=run, **dict(person(i, kal=code, pad="krajan"), kapanewon_code=KEC))
        for i, code in enumerate(list(DESA) * 2, start=1)
    ])
    make_user("admin", role="admin")
    return run


def test_targets_page_in_klaten_says_kecamatan_and_desa(client, klaten):
    t = target_set(area_code=KAB, value_pct=40, due=date(2023, 12, 31), baseline_as_of=AS_OF)
    assert client.login(username="admin", password="rahasia-123")
    page = client.get(f"/target/?t={t.id}")
    assert page.status_code == 200
    text = _text(page.content.decode())
    assert "alokasikan ke kecamatan dan desa/kelurahan" in text
    assert "kapanewon" not in text and "kalurahan" not in text


def test_worklist_pages_in_klaten_say_kecamatan_and_desa(client, klaten):
    partner = partner_create(name="Camat Prambanan", kind="lurah", area_codes=[KEC])
    assert client.login(username="admin", password="rahasia-123")
    r = client.post("/outreach/daftar/buat/", {"partner": partner.pk, "area": KEC, "ecosystem": ""})
    assert r.status_code == 302, r.content.decode()[:2000]
    index = _text(client.get("/outreach/").content.decode())
    assert "prambanan (kecamatan)" in index and "sanggrahan (desa/kelurahan)" in index
    wl = Worklist.objects.get()
    detail = _text(client.get(f"/outreach/daftar/{wl.pk}/").content.decode())
    assert "dusun" in detail and "satu lembar per dusun" in index
    assert "(kapanewon)" not in index and "(kalurahan)" not in index and "padukuhan" not in index
    assert "kapanewon" not in detail and "kalurahan" not in detail and "padukuhan" not in detail
