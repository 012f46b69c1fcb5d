"""Issue 15 in real headless Chromium: the trend (coverage % by month with the target path and the
forecast band, the monthly flow bars below it, the folded table) on the dashboard and a kapanewon
page, for an analis on a desktop and a kalurahan operator on a 360 px phone; then the monthly
report's archive. Saves the screenshots shown in docs/web.md, docs/targets.md and docs/reports.md:

    CAKUPAN_SCREENSHOTS_DIR=docs/screenshots .venv/bin/python -m pytest tests/browser/test_trend_and_report.py

(without it they go to a temporary directory, and the PDF page is not rendered).

The world: the small region of tests/web/factories.py published three times (Feb, Mar, Apr 2023)
with the flows of tests/web/test_trend_flows.py (FLOWS, counted against the run before; the first
run counts everyone as new), and facts and history made to agree with those flows, so the chart,
the table and the report tell one story: 10.000 workers per kalurahan, five months of loaded
history before February, a 40 % kabupaten target allocated to every kapanewon and kalurahan."""
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache

from cakupan.core.formatting import angka
from cakupan.coverage.models import CoverageFact, CoverageFlow, CoverageHistory
from tests.web.factories import KAB, KAL_A, KAL_A2, KAL_B, KAP_A, KAP_B, PADUKUHAN, PASSWORD, run_make, users_make
from tests.web.test_trend_flows import APR, FEB, FLOWS, MAR, _flow_rows

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS_ENV = "CAKUPAN_SCREENSHOTS_DIR"
DESKTOP = {"width": 1000, "height": 800}
PHONE = {"width": 360, "height": 740}

FIRST = {KAL_A: 3000, KAL_A2: 2000, KAL_B: 4000}  # active in February, the first run (all counted new)
CELL_WORKFORCE, CELL_NONACTIVE = 5000, 300  # per kalurahan x segment (PU, BPU), as _flow_rows writes them
HISTORY = [date(2022, 9, 30), date(2022, 10, 31), date(2022, 11, 30), date(2022, 12, 31), date(2023, 1, 31)]
SHARE = (0.93, 0.945, 0.96, 0.975, 0.99)  # active in those months, as a share of February's
LEVELS = {KAB: "kabupaten", KAP_A: "kapanewon", KAP_B: "kapanewon", KAL_A: "kalurahan", KAL_A2: "kalurahan",
          KAL_B: "kalurahan"}
MONTHS = ["Sep 2022", "Okt 2022", "Nov 2022", "Des 2022", "Jan 2023", "Feb 2023", "Mar 2023", "Apr 2023"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# -- the world ---------------------------------------------------------------------------------------

def _facts_from_flows(run) -> None:
    """Replace the run's facts by ones that agree with its flow rows: per kalurahan x segment cell,
    active = the cell's active_end, CELL_NONACTIVE registered but non-active, the rest of the cell's
    workforce unregistered (segment NONE), split over the kalurahan's two padukuhan."""
    CoverageFact.objects.filter(run=run).delete()
    rows = []
    for f in CoverageFlow.objects.filter(run=run):
        kal = f.kalurahan_code
        for half, slug in enumerate(PADUKUHAN[kal]):
            def part(n):
                return n // 2 if half == 0 else n - n // 2
            a, n, w = part(f.active_end), part(CELL_NONACTIVE), part(CELL_WORKFORCE)
            common = {"run": run, "kabupaten_code": KAB, "kapanewon_code": kal.rsplit(".", 1)[0], "kalurahan_code": kal,
                      "padukuhan_code": f"{kal}.{slug}", "sex": "LP"[half], "age_band": "30-34"}
            eco = "desa" if f.segment == "PU" else "pasar"
            rows.append(CoverageFact(**common, ecosystem=eco, segment=f.segment,
                                     workforce=a + n, active=a, nonactive=n))
            rows.append(CoverageFact(**common, ecosystem=eco, segment="NONE",
                                     workforce=w - a - n, active=0, nonactive=0))
    CoverageFact.objects.bulk_create(rows)


def _under(code: str, kal: str) -> bool:
    return kal == code or kal.startswith(code + ".")


def _history(runs) -> None:
    """One ALL row per area and date: the runs' own (from their facts, with the month's flows as
    enrolled / lapsed), and five loaded months before them rising steadily to February."""
    CoverageHistory.objects.all().delete()
    rows = []
    for code, kind in LEVELS.items():
        feb = None
        for run in runs:
            facts = [f for f in CoverageFact.objects.filter(run=run) if _under(code, f.kalurahan_code)]
            flows = [f for f in CoverageFlow.objects.filter(run=run, previous_run__isnull=False)
                     if _under(code, f.kalurahan_code)]
            w, a, n = (sum(getattr(f, k) for f in facts) for k in ("workforce", "active", "nonactive"))
            feb = feb or (w, a, n)
            rows.append(CoverageHistory(as_of=run.as_of, area_code=code, area_kind=kind, segment="ALL", source="run",
                                        workforce=w, active=a, nonactive=n,
                                        enrolled=sum(f.new + f.reactivated for f in flows),
                                        lapsed=sum(f.lapsed + f.left for f in flows)))
        w, a, n = feb
        previous = None
        for as_of, share in zip(HISTORY, SHARE):
            active = round(a * share)
            lapsed = round(0.008 * previous) if previous else 0
            rows.append(CoverageHistory(as_of=as_of, area_code=code, area_kind=kind, segment="ALL", source="history",
                                        workforce=w, active=active, nonactive=n,
                                        enrolled=active - previous + lapsed if previous else 0, lapsed=lapsed))
            previous = active
    CoverageHistory.objects.bulk_create(rows)


@pytest.fixture
def world(live_server):
    """Three published runs with flows, history and an allocated target; one user per role."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls beside Playwright's loop
    from cakupan.targets.services import target_allocate, target_set

    runs = [run_make(as_of=d, per_padukuhan=4, with_history=False).run for d in (FEB, MAR, APR)]
    end = _flow_rows(runs[0], None, FEB, {k: (v, 0, 0, 0) for k, v in FIRST.items()}, {})
    end = _flow_rows(runs[1], runs[0], MAR, FLOWS[MAR], end)
    _flow_rows(runs[2], runs[1], APR, FLOWS[APR], end)
    for run in runs:
        _facts_from_flows(run)
    _history(runs)
    target = target_set(area_code=KAB, value_pct=40, due=date(2023, 12, 31), baseline_as_of=FEB)
    target_allocate(target_id=target.id, rule="proportional_uncovered")
    users = users_make()
    cache.clear()
    return runs, users


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def shots(tmp_path):
    path = Path(os.environ.get(SHOTS_ENV) or tmp_path / "shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def login(browser, base, username, **context):
    page = browser.new_context(locale="id-ID", **context).new_page()
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(lambda url: "/masuk/" not in url)
    return page


def shot(page, path: Path, element=None, pad: int = 12) -> None:
    """The page (as tall as its content) or one element of it with a margin around it."""
    if element is None:
        page.screenshot(path=str(path), full_page=True)
    else:
        box = element.bounding_box()
        page.screenshot(path=str(path), full_page=True, clip={
            "x": max(box["x"] - pad, 0), "y": max(box["y"] - pad, 0),
            "width": box["width"] + 2 * pad, "height": box["height"] + 2 * pad})
    assert 5_000 < path.stat().st_size < 300_000, (path, path.stat().st_size)  # a real picture, kept small


# -- what the trend must show --------------------------------------------------------------------------

def _title(month, flows) -> str:
    n, r, la, le = (angka(v) for v in flows)
    return f"{month}: {n} baru, {r} aktif kembali, {la} berhenti aktif, {le} keluar"


def _sum(month, kals) -> tuple:
    return tuple(sum(FLOWS[month][k][i] for k in kals) for i in range(4))


def _no_sideways_scroll(page) -> None:
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= inner, (page.url, width, inner)


def check_trend(page, *, titles: list[str], band: bool):
    """The trend section of the page: both SVGs visible, one bar per run with a previous run, the
    bars' titles, the forecast band or its sentence, the folded table opening on every month."""
    from playwright.sync_api import expect

    trend = page.locator('section[aria-labelledby="trend-h"]')
    coverage = trend.locator("figure.chart:not(.flows) svg")
    flows = trend.locator("figure.chart.flows svg")
    expect(coverage).to_be_visible()
    expect(flows).to_be_visible()
    assert coverage.locator("polyline.cov-line").count() == 1
    assert coverage.locator("circle.cov-dot").count() == len(MONTHS)
    assert coverage.locator("polyline.target-line").count() == 1
    assert (coverage.locator("polygon.fc-band").count() == 1) is band
    assert (page.locator("[data-forecast-note]").count() == 0) is band

    compared = CoverageFlow.objects.filter(previous_run__isnull=False).values("run").distinct().count()
    bars = flows.locator("g.flow-bar")
    assert bars.count() == compared == 2 == len(titles)
    assert [bars.nth(i).locator("title").text_content() for i in range(bars.count())] == titles
    for i in range(bars.count()):  # every bar is drawn with a height, up and down
        up = bars.nth(i).locator("rect.bar-new").bounding_box()
        down = bars.nth(i).locator("rect.bar-out").bounding_box()
        assert up and down and up["height"] > 0 and down["height"] > 0
    # the same x axis: the April bar sits under the April dot
    dot = coverage.locator("circle.cov-dot").last.bounding_box()
    bar = bars.last.locator("rect.bar-new").bounding_box()
    assert abs((dot["x"] + dot["width"] / 2) - (bar["x"] + bar["width"] / 2)) < 2

    table = trend.locator("table[data-trend-table]")
    expect(table).to_be_hidden()
    trend.locator("details.trend-table summary").click()
    expect(table).to_be_visible()
    assert [m.strip() for m in table.locator("tbody th").all_inner_texts()] == MONTHS
    return trend


def test_trend_for_an_analis_and_a_kalurahan_operator(world, chromium, live_server, shots):
    everyone = (KAL_A, KAL_A2, KAL_B)
    page = login(chromium, live_server.url, "analis", viewport=DESKTOP)
    titles = [_title("Mar 2023", _sum(MAR, everyone)), _title("Apr 2023", _sum(APR, everyone))]
    assert titles[0] == "Mar 2023: 1.012 baru, 253 aktif kembali, 46 berhenti aktif, 3 keluar"  # Indonesian format
    trend = page.locator('section[aria-labelledby="trend-h"]')
    shot(page, shots / "trend-dashboard.png", trend)  # before the table is opened: the two charts
    trend = check_trend(page, titles=titles, band=True)
    row = trend.locator('tr[data-as-of="2023-04-30"]')
    assert row.locator('[data-flow="lapsed"]').inner_text() == "1.507"
    first_run = trend.locator('tr[data-as-of="2023-02-27"] td[data-flow]').all_inner_texts()
    assert [t.strip() for t in first_run] == ["–"] * 4  # nothing to compare the first run with
    _no_sideways_scroll(page)

    page.goto(f"{live_server.url}/wilayah/{KAP_A}/")  # a kapanewon: its own flows, its allocated target
    check_trend(page, titles=[_title("Mar 2023", _sum(MAR, (KAL_A, KAL_A2))),
                              _title("Apr 2023", _sum(APR, (KAL_A, KAL_A2)))], band=True)

    phone = login(chromium, live_server.url, "kalurahan", viewport=PHONE, is_mobile=True, device_scale_factor=2)
    mine = [_title("Mar 2023", FLOWS[MAR][KAL_A]), _title("Apr 2023", FLOWS[APR][KAL_A])]
    _no_sideways_scroll(phone)
    shot(phone, shots / "trend-phone.png", phone.locator('section[aria-labelledby="trend-h"]'), pad=8)
    check_trend(phone, titles=mine, band=True)
    _no_sideways_scroll(phone)  # the opened table scrolls inside its box
    phone.goto(f"{live_server.url}/wilayah/{KAP_A}/")  # above the operator's area: still only its own
    check_trend(phone, titles=mine, band=True)
    _no_sideways_scroll(phone)
    assert "1.012" not in phone.content()

    analis_phone = login(chromium, live_server.url, "analis", viewport=PHONE, is_mobile=True)
    for url in ("/", f"/wilayah/{KAP_A}/"):
        analis_phone.goto(live_server.url + url)
        analis_phone.locator("details.trend-table summary").click()
        _no_sideways_scroll(analis_phone)


# -- the monthly report -------------------------------------------------------------------------------

def test_monthly_report_archive_and_its_pdf(world, chromium, live_server, shots, cakupan_home, tmp_path):
    from cakupan.reports.models import SentReport
    from cakupan.reports.services import monthly_report_send, recipient_add

    runs, _users = world
    recipient_add(area_code=KAB, email="bupati@bantulkab.go.id", name="Bupati Bantul")
    recipient_add(area_code=KAP_A, email="kapanewon@srandakan.bantulkab.go.id", name="Panewu Srandakan")
    for run in runs[1:]:  # March and April: the kabupaten and Srandakan each (e-mail: the test's locmem outbox)
        results = monthly_report_send(run=run)
        assert [r.status for r in results] == ["sent", "sent"], results
    april = SentReport.objects.get(run=runs[2], area_code=KAB)

    page = login(chromium, live_server.url, "admin", viewport={"width": 1000, "height": 400})
    page.goto(f"{live_server.url}/laporan/arsip/")
    rows = page.locator("#archive tbody tr")
    assert rows.count() == 4
    first = rows.first.inner_text()
    assert "30 April 2023" in first and "Kabupaten Bantul" in first and "terkirim" in first
    assert "Bupati Bantul <bupati@bantulkab.go.id>" in first
    pdf_link = page.locator(f'a[href="/laporan/arsip/{april.id}.pdf"]')
    xlsx_link = page.locator(f'a[href="/laporan/arsip/{april.id}.xlsx"]')
    assert pdf_link.is_visible() and xlsx_link.is_visible()
    assert page.locator("text=Atur penerima per wilayah").is_visible()
    shot(page, shots / "report-archive.png")  # as tall as the page
    with page.expect_download() as download:
        pdf_link.click()
    pdf = tmp_path / "laporan.pdf"
    download.value.save_as(pdf)
    assert download.value.suggested_filename == f"laporan-cakupan-{KAB}-2023-04-30.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    with page.expect_download() as download:
        xlsx_link.click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.goto(f"{live_server.url}/laporan/penerima/")
    assert "bupati@bantulkab.go.id" in page.locator("main").inner_text()

    kapanewon = login(chromium, live_server.url, "kapanewon", viewport=DESKTOP)  # Srandakan's reports only
    kapanewon.goto(f"{live_server.url}/laporan/arsip/")
    assert kapanewon.locator("#archive tbody tr").count() == 2
    assert "Kabupaten Bantul" not in kapanewon.locator("#archive").inner_text()

    if os.environ.get(SHOTS_ENV):  # the report's first page, for docs/reports.md
        if not shutil.which("pdftoppm"):
            pytest.skip("pdftoppm (poppler-utils) not installed")
        out = shots / "report-page1"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out)],
                       check=True)
        size = out.with_suffix(".png").stat().st_size
        assert 5_000 < size < 300_000, size
