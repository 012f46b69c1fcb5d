"""The area words follow the province on more pages (issue 18, part 7): the padat karya list, a
desa's person list, the rules page, the person search and the person page, and the PDS employer
pages. A kabupaten outside DIY (Klaten, 33.10) reads kecamatan/desa/dusun there, never
kapanewon/kalurahan/padukuhan; Bantul (34.02) reads as before."""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from cakupan.compliance import selectors_pds
from cakupan.compliance.letters_pds import employer_letter_html
from cakupan.compliance.models import Employer
from cakupan.compliance.services_padat_karya import project_create
from cakupan.compliance.services_pds import employer_file_import
from cakupan.coverage.models import PersonStatus
from cakupan.wilayah.models import Area
from tests.explain import world
from tests.outreach.factories import make_user, person
from tests.targets import factories as target_factories

# every test here opens the database: the PostgreSQL pass of `make test` runs them too (tests/test_database_markers.py)
pytestmark = pytest.mark.django_db

AS_OF = date(2023, 2, 27)
DIY_WORDS = ("kapanewon", "kalurahan", "padukuhan")
REGIONS = {
    # kabupaten, kecamatan, the two desa, the words a page should use
    "klaten": ("33.10", "33.10.01", ("33.10.01.2001", "33.10.01.2002"), ("Jawa Tengah", "Klaten", "Prambanan")),
    "bantul": ("34.02", "34.02.01", ("34.02.01.2001", "34.02.01.2002"), ("DI Yogyakarta", "Bantul", "Srandakan")),
}
DESA_NAMES = ("Sanggrahan", "Joho")
FOUND, OUTSIDE = "011410180001", "011510180002"  # a NIK after the kabupaten's 4 digits


def _text(html: str) -> str:
    """What a reader sees: no tags, no attributes (codes and URLs name the stored kinds)."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)).lower()


@pytest.fixture(params=["klaten", "bantul"])
def region(request, db, cakupan_home, monkeypatch):
    """A DONE run of one kabupaten (facts, person rows, the person_status Parquet the person pages
    read), an admin, a padat karya project and a PDS employer in its first desa / kecamatan."""
    kab, kec, desa, (prov_name, kab_name, kec_name) = REGIONS[request.param]

    def area(code, name, kind, parent):
        Area.objects.create(code=code, name=name, name_key=name.lower(), kind=kind, parent_id=parent)

    area(kab[:2], prov_name, "provinsi", None)
    area(kab, kab_name, "kabupaten", kab[:2])
    area(kec, kec_name, "kapanewon", kab)
    for code, name in zip(desa, DESA_NAMES):
        area(code, name, "kalurahan", kec)
        area(f"{code}.krajan", "Krajan", "padukuhan", code)
    monkeypatch.setattr(target_factories, "KAB", kab)  # the run's facts name this kabupaten
    run = target_factories.make_run(as_of=AS_OF, figures={c: (4000 + 500 * i, 1000) for i, c in enumerate(desa)})
    PersonStatus.objects.bulk_create([
        PersonStatus(run=run, **dict(person(i, kal=code, pad="krajan"), kapanewon_code=kec))
        for i, code in enumerate(list(desa) * 2, start=1)
    ])
    # the run's files, as the explain pages read them (tests/explain/world.py's shapes)
    digits = kab.replace(".", "")
    rows = [world._person(digits + FOUND, "SUPARNI", date(1980, 1, 1), kal=desa[0], pad=f"{desa[0]}.krajan"),
            world._person(digits + OUTSIDE, "SUTINAH", date(1980, 1, 2), excluded="outside_region",
                          kal="35.01.01.2001", pad="35.01.01.2001.krajan")]
    home, rel = Path(settings.CAKUPAN_HOME), f"runs/{request.param}"
    world._write(rows, home / rel / "person_status.parquet")
    world._write(world.LINKS, home / rel / "links.parquet")
    world._write(world.REVIEW, home / rel / "review.parquet")
    world._write(world.ROSTER, home / rel / "roster_status.parquet")
    (home / rel / "inputs").mkdir(parents=True, exist_ok=True)
    (home / rel / "inputs" / "occupations.csv").write_text(world.OCCUPATIONS, encoding="utf-8")
    run.run_dir = rel
    run.save(update_fields=["run_dir"])
    project_create(code="PK-1", name="Talud", kalurahan_code=desa[0], start_date=timezone.localdate() + timedelta(days=5),
                   crew_size=26, funding="APBDES")
    employer_file_import(data=f"NPP;NAMA_PERUSAHAAN;SEKTOR;JUMLAH_TK;KECAMATAN;JENIS\n"
                              f"11111111;CV Maju;Dagang;5;{kec};perusahaan\n".encode(),
                         name="pemberi_kerja.csv", as_of=AS_OF, by="t")
    make_user("admin", role="admin")
    return request.param, kab, kec, desa


def _get(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, page.content.decode()[:2000]
    return _text(page.content.decode())


def test_padat_karya_list_says_the_regions_desa(client, region):
    name, *_ = region
    assert client.login(username="admin", password="rahasia-123")
    text = _get(client, "/kepatuhan/proyek/")
    assert "sanggrahan" in text  # the project is listed
    if name == "klaten":
        assert "desa/kelurahan" in text and "lokasi (dusun, ruas)" in text
        assert not any(w in text for w in DIY_WORDS), text
    else:
        assert "kalurahan" in text and "lokasi (padukuhan, ruas)" in text


def test_persons_page_says_the_regions_dusun(client, region):
    name, kab, kec, desa = region
    assert client.login(username="admin", password="rahasia-123")
    text = _get(client, f"/wilayah/{desa[0]}/pekerja/?status=uncovered")
    assert "krajan" in text
    if name == "klaten":
        assert "dusun" in text and not any(w in text for w in DIY_WORDS), text
    else:
        assert "padukuhan" in text and "dusun" not in text


def test_rules_page_says_the_regions_desa(client, region):
    name, kab, *_ = region
    assert client.login(username="admin", password="rahasia-123")
    text = _get(client, f"/aturan/{kab}/")
    assert "di luar wilayah" in text  # the outside-region row (SUTINAH lives in 35.01)
    assert ("bukan desa/kelurahan wilayah ini" if name == "klaten" else "bukan kalurahan wilayah ini") in text
    if name == "klaten":
        assert not any(w in text for w in DIY_WORDS), text


def test_person_search_and_person_page_say_the_regions_words(client, region):
    name, kab, kec, desa = region
    digits = kab.replace(".", "")
    assert client.login(username="admin", password="rahasia-123")
    r = client.post("/orang/", {"nama": "SUPARNI", "lahir": "1980-01-01"})
    assert r.status_code == 302, r.content.decode()[:2000]  # one hit: straight to the person page
    person_text = _get(client, r["Location"])
    raw = client.get(r["Location"]).content.decode()
    assert "explain-error" not in raw, re.findall(r"error.{0,300}", raw)
    assert "sanggrahan" in person_text and "krajan" in person_text
    r = client.post("/orang/", {"nik": digits + OUTSIDE})
    assert r.status_code == 302, r.content.decode()[:2000]
    outside_text = _get(client, r["Location"])
    assert "bukan " + ("desa/kelurahan" if name == "klaten" else "kalurahan") in outside_text
    if name == "klaten":
        for text in (person_text, outside_text):
            assert not any(w in text for w in DIY_WORDS), text


def test_person_search_hits_table_names_the_regions_desa(client, region, monkeypatch):
    """Several hits: the table's area column reads Desa/kelurahan in Klaten, Kalurahan in Bantul."""
    name, kab, kec, desa = region
    digits = kab.replace(".", "")
    folder = Path(settings.CAKUPAN_HOME) / f"runs/{name}"
    rows = [world._person(digits + FOUND, "SUPARNI", date(1980, 1, 1), kal=desa[0], pad=f"{desa[0]}.krajan"),
            world._person(digits + "011410180009", "SUPARNI ADI", date(1980, 1, 1), kal=desa[1],
                          pad=f"{desa[1]}.krajan")]
    world._write(rows, folder / "person_status.parquet")
    assert client.login(username="admin", password="rahasia-123")
    page = client.post("/orang/", {"nama": "SUPARNI", "lahir": "1980-01-01"})
    assert page.status_code == 200, page.content.decode()[:2000]
    text = _text(page.content.decode())
    assert "sanggrahan" in text and "joho" in text
    if name == "klaten":
        assert "desa/kelurahan" in text and not any(w in text for w in DIY_WORDS), text
    else:
        assert "kalurahan" in text


def test_pds_pages_say_the_regions_kecamatan(client, region):
    name, kab, kec, desa = region
    assert client.login(username="admin", password="rahasia-123")
    listing = _get(client, "/kepatuhan/pds/")
    assert "cv maju" in listing
    detail = _get(client, "/kepatuhan/pds/11111111/")
    check = selectors_pds.employer_check(employer=Employer.objects.get(npp="11111111"))
    letter = _text(employer_letter_html(check=check, office="BPJS Ketenagakerjaan"))
    if name == "klaten":
        assert "kecamatan" in listing and "jumlah_tk, kecamatan, jenis" in listing
        assert "kecamatan" in detail and "kecamatan prambanan" in letter
        for text in (listing, detail, letter):
            assert not any(w in text for w in DIY_WORDS), text
    else:
        assert "kapanewon" in listing and "jumlah_tk, kapanewon, jenis" in listing
        assert "kapanewon" in detail and "kapanewon srandakan" in letter
