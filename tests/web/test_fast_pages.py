"""Pages an officer cannot break and does not wait for: a bounded number of queries per page (cold
and warm cache), cached figures that follow the chosen run, a trend that ends at the data date,
people with the same name and masked NIK told apart, long lists paginated."""
import csv
import io
import re
from datetime import date

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from cakupan.accounts.models import AuditLog
from cakupan.coverage.models import CoverageFact, CoverageHistory, PersonStatus

from .factories import KAB, KAL_A, KAP_A, run_make

pytestmark = pytest.mark.django_db

# session, user, runs (picker + chosen), profile: every page pays these four
PAGES = {
    # page: (url, role, max queries with a cold cache, max queries with a warm cache)
    "dashboard": ("/", "analis", 16, 4),
    "dashboard (operator)": ("/", "kalurahan", 17, 5),
    "map": ("/peta/?level=kalurahan", "analis", 6, 4),
    "area kabupaten": (f"/wilayah/{KAB}/", "analis", 9, 4),
    "area kalurahan": (f"/wilayah/{KAL_A}/", "kalurahan", 10, 5),
    # + the page of persons, the padukuhan names and the audit row (never cached: personal, audited)
    "person list": (f"/wilayah/{KAL_A}/pekerja/", "kalurahan", 14, 8),
}


def figure(html: str, name: str) -> str:
    marker = f'data-figure="{name}">'
    start = html.index(marker) + len(marker)
    return html[start:html.index("<", start)]


@pytest.mark.parametrize("page", list(PAGES))
def test_queries_per_page_are_bounded(client_for, published, django_assert_max_num_queries, page):
    url, role, cold, warm = PAGES[page]
    cache.clear()
    c = client_for(role)
    with django_assert_max_num_queries(cold):
        assert c.get(url).status_code == 200
    with django_assert_max_num_queries(warm):
        assert c.get(url).status_code == 200


def test_person_list_queries_do_not_grow_with_the_page(client_for, django_assert_max_num_queries):
    run_make(per_padukuhan=80)
    c = client_for("analis")
    c.get(f"/wilayah/{KAL_A}/pekerja/")
    for page in (1, 2, 3):
        with django_assert_max_num_queries(8):
            html = c.get(f"/wilayah/{KAL_A}/pekerja/?page={page}").content.decode()
        assert f"Halaman {page} dari" in html


def test_cached_figures_follow_the_chosen_run(client_for, published):
    c = client_for("analis")
    first = c.get("/").content.decode()
    newer = run_make(as_of=date(2023, 3, 31), per_padukuhan=20, with_history=False).run
    html = c.get("/").content.decode()  # the newest run: its own (larger) figures, not the cached ones
    assert "31 Maret 2023" in html and figure(html, "workforce") != figure(first, "workforce")
    total = sum(f.workforce for f in CoverageFact.objects.filter(run=newer))
    assert figure(html, "workforce").replace(".", "") == str(total)
    back = c.get(f"/?run={published.run.pk}").content.decode()
    assert figure(back, "workforce") == figure(first, "workforce")


def test_a_run_that_is_not_done_is_never_cached(published):
    from cakupan.coverage import selectors as cov

    run = published.run
    run.status = "STARTED"
    assert cov.run_cache_key(run) is None
    run.status = "DONE"
    assert cov.run_cache_key(run)


def test_cached_map_and_area_pages_keep_each_scope_apart(client_for, published):
    analis = client_for("analis").get(f"/wilayah/{KAB}/").content.decode()
    assert "Sanden" in analis.split('id="area-table"')[1]
    client_for("kalurahan")  # same client, another user: the operator's own branch only
    mine = client_for("kalurahan").get(f"/wilayah/{KAB}/").content.decode()
    assert "Sanden" not in mine.split('id="area-table"')[1]
    assert client_for("analis").get("/peta/").content.decode().count('class="region"') == 2
    assert client_for("kalurahan").get("/peta/").content.decode().count('class="region"') == 1


def test_english_body_is_not_served_from_the_indonesian_cache(client_for, published):
    c = client_for("analis")
    assert "Angkatan kerja" in c.get("/").content.decode()
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = c.get("/").content.decode()
    assert "Workforce" in html and "Angkatan kerja" not in html


# -- the trend ends at the data date -------------------------------------------------------------

def _points(polyline: str) -> list[tuple[float, float]]:
    return [tuple(float(v) for v in p.split(",")) for p in polyline.split()]


def test_trend_never_goes_past_the_runs_as_of(client_for, published, monkeypatch):
    """History months after the run's as-of (Mar-Dec 2023 on a 27 Feb 2023 run) are not drawn;
    the target path may go on to its due date, dashed."""
    from types import SimpleNamespace

    import cakupan.targets.selectors as targets

    for month in range(3, 13):
        CoverageHistory.objects.create(as_of=date(2023, month, 28), area_code=KAB, area_kind="kabupaten",
                                       segment="ALL", workforce=200, active=150, source="history")
    status = SimpleNamespace(target_pct=40.0, target_count=40, gap=12, due=date(2023, 12, 31), status="merah",
                             baseline_as_of=date(2022, 12, 31), baseline_active=20, forecast_at_due=None)
    monkeypatch.setattr(targets, "target_for", lambda area_code, as_of: status if area_code == KAB else None)
    html = client_for("analis").get("/").content.decode()
    assert "Keadaan per 27 Februari 2023" in html
    svg = html.split('<figure class="chart">', 1)[1].split("</svg>", 1)[0]
    line = _points(re.search(r'<polyline points="([^"]*)" class="cov-line"', svg).group(1))
    target = _points(re.search(r'<polyline points="([^"]*)" class="target-line"', svg).group(1))
    as_of_x = float(re.search(r'<line x1="([^"]*)"[^>]*class="asof-line"', svg).group(1))
    assert len(line) == 3  # Dec 2022, Jan 2023 and the run itself; none of the ten later months
    assert max(x for x, _ in line) <= as_of_x + 0.01
    assert max(x for x, _ in target) > as_of_x  # the target path continues, as a path
    for label in ("Mar 2023", "Des 2023"):  # no dot (actual point) labelled with a later month
        assert f"<title>{label}:" not in svg
    assert "Feb 2023: " in svg


def test_trend_chart_drops_points_after_as_of():
    from cakupan.web.charts import trend_chart

    points = [(date(2023, 1, 31), 20.0), (date(2023, 2, 27), 21.0), (date(2023, 6, 30), 30.0)]
    chart = trend_chart(points, [(date(2023, 1, 31), 20.0), (date(2023, 12, 31), 40.0)], as_of=date(2023, 2, 27))
    assert len(chart.points) == 2 and chart.as_of_x
    assert float(chart.line.split()[-1].split(",")[0]) == float(chart.as_of_x)


def test_phone_css_keeps_the_segment_tables_last_column():
    """Below 720 px long headers wrap and tables scroll inside their own box (never cut)."""
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "cakupan/web/static/web/cakupan.css").read_text()
    phone = css.split("@media (max-width: 720px)", 1)[1]
    assert "thead th { white-space: normal; }" in phone
    assert ".table-scroll { overflow-x: auto" in css
    page_head = 'class="table-scroll"><table class="data" data-breakdown="{{ kind }}">'
    assert page_head in (Path(__file__).resolve().parents[2] / "cakupan/web/templates/web/_breakdown.html").read_text()


# -- people who look alike -----------------------------------------------------------------------

def _agus(run):
    """Three AGUS in one kalurahan, all masked as 3402********0001."""
    base = dict(run=run, nama="AGUS", kapanewon_code=KAP_A, kalurahan_code=KAL_A, pekerjaan_kode=9,
                ecosystem="desa", status="none", segment="NONE")
    specs = [("3402011203850001", "L", 38, f"{KAL_A}.krajan"), ("3402012507900001", "L", 33, f"{KAL_A}.ngentak"),
             ("3402015104950001", "P", 27, f"{KAL_A}.krajan")]
    PersonStatus.objects.bulk_create([PersonStatus(nik=nik, sex=sex, age=age, padukuhan_code=pad, **base)
                                      for nik, sex, age, pad in specs])


def test_people_with_the_same_name_and_mask_are_told_apart(client_for, published):
    _agus(published.run)
    html = client_for("kalurahan").get(f"/wilayah/{KAL_A}/pekerja/?q=AGUS").content.decode()
    rows = re.findall(r'<td class="nik" data-label="NIK">(.*?)</tr>', html, re.S)
    assert len(rows) == 3
    assert all(r.startswith("3402********0001") for r in rows)  # still masked
    ciri = [re.search(r'<td class="name"[^>]*>AGUS<span class="ciri">([^<]*)</span>', r).group(1) for r in rows]
    texts = set(ciri)  # beside the mask, in the name cell: sex · age · padukuhan
    assert len(texts) == 3  # ... but not alike: sex, age and padukuhan beside the mask
    assert any("Umur 38" in t and "Krajan" in t for t in texts)
    assert any("Umur 33" in t and "Ngentak" in t for t in texts)
    assert "1203" not in html and "2507" not in html  # the birth date stays hidden


def test_exports_tell_them_apart_too(client_for, published):
    _agus(published.run)
    c = client_for("kalurahan")
    body = c.get(f"/wilayah/{KAL_A}/pekerja.csv?q=AGUS&tujuan=verifikasi").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 3 and {r["nik"] for r in rows} == {"3402********0001"}
    assert len({(r["sex"], r["age"], r["padukuhan"]) for r in rows}) == 3
    assert {r["padukuhan"] for r in rows} == {"Krajan", "Ngentak"}
    ws = load_workbook(io.BytesIO(c.get(f"/wilayah/{KAL_A}/pekerja.xlsx?q=AGUS&tujuan=verifikasi").content)).active
    head = [cell.value for cell in next(ws.iter_rows(max_row=1))]
    assert head[:5] == ["nik", "nama", "sex", "age", "padukuhan"]
    assert len({tuple(r[:5]) for r in ws.iter_rows(min_row=2, values_only=True)}) == 3


# -- long lists are paginated --------------------------------------------------------------------

def test_audit_log_is_paginated_both_ways(client_for, published, users):
    AuditLog.objects.bulk_create([AuditLog(username="x", action="view_persons", scope="s", rows=1, detail={})
                                  for _ in range(250)])
    c = client_for("admin")
    first = c.get("/audit/").content.decode()
    assert "Halaman 1 dari 3" in first and "page=2" in first
    middle = c.get("/audit/?page=2").content.decode()
    assert "page=1" in middle and "page=3" in middle
    assert middle.count("<tr>") <= 101


def test_reveal_form_posts_to_the_right_person_whatever_its_id(client_for, published):
    """Ids are written unlocalised in the reveal form (4056, never 4.056)."""
    PersonStatus.objects.create(pk=123456, run=published.run, nik="3402010101900001", nama="AGUS", sex="L", age=33,
                                kapanewon_code=KAP_A, kalurahan_code=KAL_A, padukuhan_code=f"{KAL_A}.krajan",
                                ecosystem="desa", status="none", segment="NONE")
    c = client_for("kalurahan")
    html = c.get(f"/wilayah/{KAL_A}/pekerja/?q=AGUS").content.decode()
    assert 'action="/nik/123456/"' in html
    assert "3402010101900001" in c.post("/nik/123456/").content.decode()


def test_audit_actions_read_as_words_in_both_languages(client_for, published, users):
    AuditLog.objects.create(username="x", action="view_persons", scope="s", rows=1, detail={})
    c = client_for("admin")
    html = c.get("/audit/").content.decode()
    assert "Melihat daftar pekerja" in html and ">view_persons<" not in html
    c.post("/i18n/setlang/", {"language": "en", "next": "/audit/"})
    assert "Viewed a worker list" in c.get("/audit/").content.decode()
