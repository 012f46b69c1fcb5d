import csv
import io

import pytest
from openpyxl import load_workbook

from cakupan.accounts.models import AuditLog
from cakupan.core.formatting import angka, persen
from tests.oracle import tally_by, tally_total

from .factories import KAB, KAL_A, KAP_A, PADUKUHAN

pytestmark = pytest.mark.django_db


def figure(html: str, name: str) -> str:
    marker = f'data-figure="{name}">'
    start = html.index(marker) + len(marker)
    return html[start:html.index("<", start)]


def table(html: str) -> str:
    return html.split('id="area-table"', 1)[1].split("</table>", 1)[0]


def test_login_required(client, published):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_dashboard_figures_equal_the_persons(client_for, published):
    html = client_for("analis").get("/").content.decode()
    total = tally_total(published.run)  # the person rows tallied independently of the selectors
    assert (total.workforce, total.active, total.nonactive) == (75, 19, 19)  # by hand from the factory
    assert figure(html, "workforce") == angka(total.workforce)
    assert figure(html, "active") == angka(total.active)
    assert figure(html, "pct") == persen(total.pct)
    assert figure(html, "nonactive") == angka(total.nonactive)
    assert figure(html, "target") == "belum ditetapkan"
    # progress since 31 Dec 2022 (4 fewer active then, in the factory's history)
    assert figure(html, "progress") == "+4"
    assert 'data-breakdown="segment"' in html and "JAKON" in html
    assert "cov-line" in html  # trend chart drawn server-side


def test_dashboard_of_kalurahan_operator_shows_only_its_area(client_for, published, users):
    html = client_for("kalurahan").get("/").content.decode()
    mine = tally_total(published.run, within=KAL_A)  # the operator's kalurahan (Poncosari)
    assert mine.workforce == 27 < tally_total(published.run).workforce  # 15 + 12 by hand
    assert figure(html, "workforce") == angka(mine.workforce)
    assert figure(html, "active") == angka(mine.active) and figure(html, "pct") == persen(mine.pct)
    assert "Poncosari" in html


def test_dashboard_without_run(client_for, users):
    assert "Belum ada data cakupan" in client_for("analis").get("/").content.decode()


def test_map_colours_and_links(client_for, published):
    html = client_for("analis").get("/peta/?level=kalurahan").content.decode()
    assert html.count("<path") - html.count("class=\"outline\"") == 75  # every kalurahan drawn
    assert html.count("class=\"outline\"") == 17  # kapanewon borders on top
    assert f'href="/wilayah/{KAL_A}/"' in html  # drill-down link on covered areas
    assert 'class="region off"' in html  # kalurahan without data are grey, not linked
    assert "legend" in html and "http" not in html.split("<svg", 1)[1].split("</svg>")[0].replace("http://www.w3.org", "")


def test_map_kapanewon_level(client_for, published):
    html = client_for("analis").get("/peta/").content.decode()
    assert html.count("<path") == 17
    assert f'data-code="{KAP_A}"' in html


def test_drilldown_tables_and_sorting(client_for, published, users):
    c = client_for("analis")
    html = c.get("/wilayah/").content.decode()
    assert "Srandakan" in html and "Sanden" in html
    for r in tally_by(published.run, "kapanewon").values():
        assert angka(r.workforce) in html and persen(r.pct) in html
    html = table(c.get(f"/wilayah/{KAP_A}/?sort=workforce&dir=desc").content.decode())
    assert html.index("Poncosari") < html.index("Trimurti")  # Poncosari has 3 more workers
    html = table(c.get(f"/wilayah/{KAP_A}/?sort=workforce").content.decode())
    assert html.index("Trimurti") < html.index("Poncosari")
    html = c.get(f"/wilayah/{KAL_A}/").content.decode()
    assert "Krajan" in html and f"/wilayah/{KAL_A}/pekerja/" in html
    assert c.get(f"/wilayah/{KAB}/").status_code == 200


def test_persons_list_masked_filtered_and_audited(client_for, published):
    c = client_for("kalurahan")
    html = c.get(f"/wilayah/{KAL_A}/pekerja/").content.decode()
    assert "3402********" in html
    assert "Warga Krajan 3" in html  # status none
    assert "Warga Krajan 1<" not in html  # active: not listed
    log = AuditLog.objects.get(action="view_persons")
    assert log.username == "kalurahan" and log.rows == published.persons_by_kalurahan[KAL_A]
    assert log.detail["area"] == KAL_A
    html = c.get(f"/wilayah/{KAL_A}/pekerja/?status=nonactive&padukuhan={KAL_A}.ngentak").content.decode()
    assert "Warga Ngentak 2<" in html and "Warga Ngentak 3<" not in html and "Warga Krajan" not in html


def test_persons_full_nik_for_analis(client_for, published):
    html = client_for("analis").get(f"/wilayah/{KAL_A}/pekerja/").content.decode()
    assert "3402********" not in html and "tampilkan" not in html


def test_persons_paginated(client_for, db):
    from .factories import run_make

    published = run_make(per_padukuhan=80)
    n = published.persons_by_kalurahan[KAL_A]
    pages = -(-n // 50)
    html = client_for("analis").get(f"/wilayah/{KAL_A}/pekerja/?page={pages}").content.decode()
    assert f"Halaman {pages} dari {pages}" in html
    assert AuditLog.objects.get().rows == n - 50 * (pages - 1)  # the rows actually shown


def test_export_csv_and_xlsx_audited(client_for, published):
    c = client_for("kalurahan")
    response = c.get(f"/wilayah/{KAL_A}/pekerja.csv?status=none&tujuan=sosialisasi")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and all(r["status"] == "none" for r in rows)
    assert all("********" in r["nik"] for r in rows)
    response = c.get(f"/wilayah/{KAL_A}/pekerja.xlsx?tujuan=verifikasi")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.max_row - 1 == published.persons_by_kalurahan[KAL_A]
    exports = AuditLog.objects.filter(action="export_persons").order_by("id")
    assert [e.detail["format"] for e in exports] == ["csv", "xlsx"]
    assert exports[0].rows == len(rows)
    assert [e.detail["purpose"] for e in exports] == ["sosialisasi", "verifikasi"]
    page = c.get(f"/wilayah/{KAL_A}/pekerja/").content.decode()
    assert 'name="tujuan" required' in page and '<option value="verifikasi">' in page
    # without a purpose (or an unknown one): refused in one line, nothing exported or audited
    for query in ("", "?tujuan=", "?tujuan=iseng"):
        refused = c.get(f"/wilayah/{KAL_A}/pekerja.csv{query}")
        assert refused.status_code == 400 and "Tujuan ekspor wajib dipilih" in refused.content.decode()
    assert AuditLog.objects.filter(action="export_persons").count() == 2


def test_nik_reveal_is_audited_and_post_only(client_for, published):
    from cakupan.coverage.models import PersonStatus

    c = client_for("kalurahan")
    person = PersonStatus.objects.filter(kalurahan_code=KAL_A, status="none").first()
    assert c.get(f"/nik/{person.pk}/").status_code == 405
    html = c.post(f"/nik/{person.pk}/").content.decode()
    assert person.nik in html
    log = AuditLog.objects.get(action="reveal_nik")
    assert log.detail["person_id"] == person.pk and log.rows == 1


def test_audit_page_admin_only(client_for, published):
    assert client_for("analis").get("/audit/").status_code == 403
    assert client_for("admin").get("/audit/").status_code == 200


def test_english_switch(client_for, published):
    c = client_for("analis")
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = c.get("/").content.decode()
    assert 'lang="en"' in html and "Coverage" in html and "not set yet" in html


def test_run_picker_remembers_choice(client_for, published):
    from datetime import date

    from .factories import run_make

    newer = run_make(as_of=date(2023, 3, 31), with_history=False).run
    c = client_for("analis")
    assert "31 Maret 2023" in c.get("/").content.decode().split('data-figure')[0]
    html = c.get(f"/?run={published.run.pk}").content.decode()
    assert "Keadaan per 27 Februari 2023" in html
    assert "Keadaan per 27 Februari 2023" in c.get("/").content.decode()
    assert newer.pk != published.run.pk


def test_padukuhan_in_factory():
    assert len(PADUKUHAN) == 3


def test_dashboard_shows_target_and_its_path(client_for, published):
    """A real target set through the service (not a stand-in): 40 % of the kabupaten's 75 workers
    by the end of 2023 is 30 members; 19 are active (the factory's recipe), so 11 are missing."""
    from datetime import date

    from cakupan.targets.services import target_set

    target_set(area_code=KAB, value_pct=40, due=date(2023, 12, 31), baseline_as_of=published.run.as_of)
    html = client_for("analis").get("/").content.decode()
    assert figure(html, "target") == "40,00\u00a0%"
    assert "Kurang 11 orang" in html and "31 Desember 2023" in html
    assert 'class="target-line"' in html


def test_svg_coordinates_are_not_localised(client_for, published):
    """Django localises floats (263,5); SVG needs 263.5."""
    import re

    c = client_for("analis")
    for url in ("/", "/peta/"):
        svg = c.get(url).content.decode().split("<svg", 1)[1]
        for value in re.findall(r' (?:viewBox|cx|cy|x|y|x1|x2|y1|y2)="([^"]*)"', svg):
            assert "," not in value, value
        for value in re.findall(r' points="([^"]*)"', svg):
            assert all(token.count(",") == 1 for token in value.split()), value
    assert 'viewBox="0 0 640 ' in c.get("/peta/").content.decode()


def test_unknown_area_is_404(client_for, published):
    c = client_for("analis")
    assert c.get("/wilayah/34.99.99/").status_code == 404
    assert c.get("/wilayah/34.02.01.2001/pekerja/").status_code == 200
    assert c.get("/wilayah/34.02.01/pekerja/").status_code == 404  # lists start at a kalurahan


def test_scope_text_and_ecosystem_names(client_for, published):
    html = client_for("kalurahan").get("/").content.decode()
    assert "Operator kalurahan — Poncosari" in html
    html = client_for("analis").get("/").content.decode()
    assert "Pekerja rentan" in html and "Analis cabang — semua wilayah" in html
    assert "Tinjauan padanan" not in client_for("pimpinan").get("/").content.decode()


def test_map_projection_fits_the_drawing():
    from cakupan.web import mapsvg

    shapes, height = mapsvg.shapes("kalurahan")
    assert len(shapes) == 75
    xs = [float(v) for s in shapes for p in s.d.replace("M", "L").replace("Z", "").split("L") if p for v in p.split(",")[:1]]
    assert min(xs) >= -0.1 and max(xs) <= mapsvg.WIDTH + 0.1
    assert 0.5 * mapsvg.WIDTH < float(height) < 1.5 * mapsvg.WIDTH  # Bantul is roughly as tall as wide
    assert mapsvg.colour(None) == mapsvg.NO_DATA
    assert mapsvg.colour(25.23) == mapsvg.COLOURS[2] and mapsvg.colour(40.0) == mapsvg.COLOURS[4]


def test_malformed_area_codes_are_404(client_for, published):
    c = client_for("analis")
    assert c.get('/wilayah/34.02.01.2001"x/pekerja.csv').status_code == 404
    assert c.get("/wilayah/34.02.01.2001%0d%0aX/").status_code == 404


def test_kapanewon_page_has_zoomed_map_of_its_kalurahan(client_for, published):
    html = client_for("analis").get(f"/wilayah/{KAP_A}/").content.decode()
    svg = html.split('<svg id="map"', 1)[1].split("</svg>", 1)[0]
    assert 'viewBox="0 0 640' not in svg  # zoomed in
    assert svg.count("<path") == 2  # Srandakan's two kalurahan
    assert f'href="/wilayah/{KAL_A}/"' in svg
    html = client_for("kalurahan").get(f"/wilayah/{KAB}/").content.decode()
    svg = html.split('<svg id="map"', 1)[1].split("</svg>", 1)[0]
    assert svg.count('class="region"') == 1 and f'href="/wilayah/{KAP_A}/"' in svg  # only its own branch links


def test_error_pages_in_indonesian(client_for, published):
    c = client_for("pimpinan")
    assert "Peran Anda tidak memberi akses" in c.get(f"/wilayah/{KAL_A}/pekerja/").content.decode()
    assert "Halaman tidak ditemukan" in c.get("/wilayah/34.99/").content.decode()
