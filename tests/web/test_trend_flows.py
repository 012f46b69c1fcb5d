"""Issue 15, "trend you can see": the dashboard and the area pages draw coverage % by month with the
target path and the forecast band, and the monthly flows (new / re-activated / lapsed + left) as
bars with exact numbers in their tooltips and in a table; a first run has no bars; scoped users see
only their own area's flows; no flows at all (runs published before flows existed) breaks nothing."""
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cakupan.coverage.models import CoverageFlow, CoverageHistory
from cakupan.web import charts

from .factories import KAB, KAL_A, KAL_A2, KAL_B, KAP_A, history_make, run_make

pytestmark = pytest.mark.django_db

FEB, MAR, APR = date(2023, 2, 27), date(2023, 3, 31), date(2023, 4, 30)
# (new, reactivated, lapsed, left) per kalurahan, for the March and April runs
FLOWS = {
    MAR: {KAL_A: (7, 3, 2, 1), KAL_A2: (5, 0, 4, 0), KAL_B: (1000, 250, 40, 2)},
    APR: {KAL_A: (4, 1, 6, 2), KAL_A2: (2, 2, 1, 1), KAL_B: (30, 20, 1500, 5)},
}


def _flow_rows(run, previous, as_of, per_kal, start):
    """Two cells per kalurahan (two segments), the flows split between them; returns active_end."""
    rows, end = [], {}
    for kal, (new, re_, lapsed, left) in per_kal.items():
        a0 = start.get(kal, 0)
        a1 = a0 + new + re_ - lapsed - left
        end[kal] = a1
        halves = [(new // 2, re_ // 2, lapsed // 2, left // 2, a0 // 2),
                  (new - new // 2, re_ - re_ // 2, lapsed - lapsed // 2, left - left // 2, a0 - a0 // 2)]
        for seg, (n, r, la, le, s) in zip(("PU", "BPU"), halves):
            rows.append(CoverageFlow(run=run, previous_run=previous, as_of=as_of, kalurahan_code=kal, segment=seg,
                                     ecosystem="desa", active_start=s, new=n, reactivated=r, lapsed=la, left=le,
                                     active_end=s + n + r - la - le, workforce=5000))
    CoverageFlow.objects.bulk_create(rows)
    return end


@pytest.fixture
def three_runs(db):
    """Feb (first run: everyone counted as new), Mar and Apr runs with flows against the run before."""
    runs = [run_make(as_of=FEB).run, run_make(as_of=MAR, with_history=False).run,
            run_make(as_of=APR, with_history=False).run]
    for r in runs[1:]:
        history_make(r)
    first = {KAL_A: 3000, KAL_A2: 2000, KAL_B: 4000}
    _flow_rows(runs[0], None, FEB, {k: (v, 0, 0, 0) for k, v in first.items()}, {})
    end = _flow_rows(runs[1], runs[0], MAR, FLOWS[MAR], first)
    _flow_rows(runs[2], runs[1], APR, FLOWS[APR], end)
    cache.clear()
    return runs


def _sum(month, kals):
    return tuple(sum(FLOWS[month][k][i] for k in kals) for i in range(4))


def _titles(html):
    return re.findall(r'<g class="flow-bar"><title>([^<]*)</title>', html)


def _title(month_label, flows):
    from cakupan.core.formatting import angka

    n, r, la, le = (angka(v) for v in flows)
    return f"{month_label}: {n} baru, {r} aktif kembali, {la} berhenti aktif, {le} keluar"


def _table_row(html, as_of):
    row = re.search(rf'<tr data-as-of="{as_of.isoformat()}">(.*?)</tr>', html, re.S).group(1)
    return {k: v for k, v in re.findall(r'data-flow="(\w+)">([^<]*)<', row)}


def test_dashboard_draws_the_monthly_flows_as_bars(client_for, three_runs):
    html = client_for("analis").get("/").content.decode()
    allk = (KAL_A, KAL_A2, KAL_B)
    assert _titles(html) == [_title("Mar 2023", _sum(MAR, allk)), _title("Apr 2023", _sum(APR, allk))]
    assert "Mar 2023: 1.012 baru, 253 aktif kembali, 46 berhenti aktif, 3 keluar" in html  # Indonesian format
    assert 'role="img" aria-labelledby="flows-t"' in html
    assert html.count('class="bar-new"') == html.count('class="bar-re"') == html.count('class="bar-out"') == 2
    # the table fallback: every month, the first run's flows shown as –
    assert _table_row(html, MAR) == {"new": "1.012", "reactivated": "253", "lapsed": "46", "left": "3"}
    assert _table_row(html, APR) == {"new": "36", "reactivated": "23", "lapsed": "1.507", "left": "8"}
    assert _table_row(html, FEB) == {"new": "–", "reactivated": "–", "lapsed": "–", "left": "–"}
    assert '<tr data-as-of="2022-12-31">' in html  # a history month is in the table too


def test_bars_down_are_lapsed_plus_left_and_up_are_stacked(three_runs):
    flows = [{"as_of": FEB, "previous_run": None, "new": 900, "reactivated": 0, "lapsed": 0, "left": 0},
             {"as_of": MAR, "previous_run": 1, "new": 60, "reactivated": 20, "lapsed": 30, "left": 10}]
    chart = charts.trend_chart([(FEB, 20.0), (MAR, 21.0)], flows=flows)
    (bar,) = chart.flows.bars  # the first run (everyone new) has no bar
    zero = float(chart.flows.zero_y)
    assert float(bar.new_y) + float(bar.new_h) == pytest.approx(zero, abs=0.11)
    assert float(bar.re_y) + float(bar.re_h) == pytest.approx(float(bar.new_y), abs=0.11)
    assert float(bar.out_y) == zero
    assert float(bar.new_h) / float(bar.re_h) == pytest.approx(3, rel=0.02)
    assert float(bar.out_h) / float(bar.new_h) == pytest.approx(40 / 60, rel=0.02)


def test_an_older_run_shows_no_later_flows(client_for, three_runs):
    html = client_for("analis").get(f"/?run={three_runs[1].pk}").content.decode()
    assert [t.split(":")[0] for t in _titles(html)] == ["Mar 2023"]
    assert 'data-as-of="2023-04-30"' not in html


def test_a_first_run_alone_has_no_bars(client_for, db):
    run = run_make(as_of=FEB).run
    _flow_rows(run, None, FEB, {KAL_A: (3000, 0, 0, 0)}, {})
    html = client_for("analis").get("/").content.decode()
    assert "cov-line" in html and "flow-bar" not in html and "flows-t" not in html
    assert _table_row(html, FEB)["new"] == "–"


def test_area_pages_draw_their_own_flows(client_for, three_runs):
    c = client_for("analis")
    kap = c.get(f"/wilayah/{KAP_A}/").content.decode()
    assert _titles(kap) == [_title("Mar 2023", _sum(MAR, (KAL_A, KAL_A2))), _title("Apr 2023", _sum(APR, (KAL_A, KAL_A2)))]
    assert 'id="trend-h"' in kap and "cov-line" in kap
    kal = c.get(f"/wilayah/{KAL_B}/").content.decode()
    assert _titles(kal) == [_title("Mar 2023", FLOWS[MAR][KAL_B]), _title("Apr 2023", FLOWS[APR][KAL_B])]
    assert _table_row(kal, APR) == {"new": "30", "reactivated": "20", "lapsed": "1.500", "left": "5"}
    kab = c.get(f"/wilayah/{KAB}/").content.decode()
    assert _titles(kab) == _titles(c.get("/").content.decode())


def test_a_padukuhan_page_has_no_trend(client_for, three_runs):
    html = client_for("analis").get(f"/wilayah/{KAL_A}.krajan/").content.decode()
    assert 'id="trend-h"' not in html


def test_scoped_users_see_only_their_own_flows(client_for, three_runs):
    c = client_for("kalurahan")  # operates KAL_A
    mine = [_title("Mar 2023", FLOWS[MAR][KAL_A]), _title("Apr 2023", FLOWS[APR][KAL_A])]
    dash = c.get("/").content.decode()
    assert _titles(dash) == mine
    assert "1.012" not in dash and "1.500" not in dash
    kab = c.get(f"/wilayah/{KAB}/").content.decode()  # the kabupaten page shows only the operator's branch
    assert _titles(kab) == mine and "Poncosari" in kab.split('id="trend-h"')[1]
    assert c.get(f"/wilayah/{KAL_B}/").status_code == 404
    kap = client_for("kapanewon").get("/").content.decode()  # KAP_A: KAL_A + KAL_A2, not KAL_B
    assert _titles(kap) == [_title("Mar 2023", _sum(MAR, (KAL_A, KAL_A2))), _title("Apr 2023", _sum(APR, (KAL_A, KAL_A2)))]


def _target(area=KAB, due=date(2023, 12, 31), baseline=FEB):
    from cakupan.targets.services import target_set

    return target_set(area_code=area, value_pct=40, due=due, baseline_as_of=baseline)


def test_the_forecast_band_runs_to_the_targets_due_date(client_for, three_runs):
    _target()
    cache.clear()
    html = client_for("analis").get("/").content.decode()
    svg = html.split('<figure class="chart">', 1)[1].split("</svg>", 1)[0]
    band = re.search(r'<polygon points="([^"]*)" class="fc-band">', svg).group(1)
    line = re.search(r'<polyline points="([^"]*)" class="fc-line"', svg).group(1)
    cov = re.search(r'<polyline points="([^"]*)" class="cov-line"', svg).group(1)
    xs = [float(p.split(",")[0]) for p in band.split()]
    last_actual = cov.split()[-1]
    assert line.split()[0] == last_actual and band.split()[0] == last_actual  # both start at the data date
    target_end = re.search(r'<polyline points="([^"]*)" class="target-line"', svg).group(1).split()[-1]
    assert max(xs) == pytest.approx(float(target_end.split(",")[0]), abs=0.2)  # ... and end at the due month
    assert "Ramalan Des 2023:" in svg and "data-forecast-note" not in html
    assert 'class="key band"' in html


def test_no_band_and_one_sentence_when_the_forecast_is_not_possible(client_for, db):
    run = run_make(as_of=FEB, with_history=False).run  # one month of history only
    CoverageHistory.objects.create(as_of=FEB, area_code=KAB, area_kind="kabupaten", segment="ALL", workforce=60,
                                   active=15, source="run")
    _target()
    cache.clear()
    html = client_for("analis").get("/").content.decode()
    assert run and "cov-line" in html and "fc-band" not in html
    note = re.search(r"<p class=\"note\" data-forecast-note>([^<]*)</p>", html).group(1)
    assert note == "Riwayat bulanan wilayah ini belum cukup untuk meramal (perlu minimal 2 bulan)."


def test_without_a_target_no_band_and_it_says_why(client_for, three_runs):
    html = client_for("analis").get(f"/wilayah/{KAP_A}/").content.decode()
    assert "fc-band" not in html
    assert "Ramalan digambar setelah target wilayah ini ditetapkan." in html


def test_no_flows_at_all_breaks_nothing(client_for, published):
    """Runs published before flows existed: the trend and the table, no bars."""
    c = client_for("analis")
    for url in ("/", f"/wilayah/{KAB}/", f"/wilayah/{KAP_A}/", f"/wilayah/{KAL_A}/"):
        html = c.get(url).content.decode()
        assert "cov-line" in html and "flow-bar" not in html, url
        assert _table_row(html, published.run.as_of)["new"] == "–"
    assert "flow-bar" not in client_for("kalurahan").get("/").content.decode()


def test_area_page_without_any_history(client_for, db):
    run_make(with_history=False)
    html = client_for("analis").get(f"/wilayah/{KAP_A}/").content.decode()
    assert 'id="trend-h"' in html and "Belum ada riwayat." in html and "cov-line" not in html


def test_flows_and_forecast_are_read_once_per_run(client_for, three_runs):
    _target()
    cache.clear()
    c = client_for("analis")
    for url in ("/", f"/wilayah/{KAB}/"):
        c.get(url)
        with CaptureQueriesContext(connection) as warm:
            c.get(url)
        sql = " ".join(q["sql"] for q in warm.captured_queries)
        assert "coverage_coverageflow" not in sql and "coverage_coveragehistory" not in sql, url


def test_english_tooltips_and_table(client_for, three_runs):
    c = client_for("analis")
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = c.get("/").content.decode()
    assert "Mar 2023: 1,012 new, 253 re-activated, 46 lapsed, 3 left" in html
    assert "Numbers by month (table)" in html and "The forecast is drawn once this area has a target." in html
    assert ">Left</th>" in html and "Sign out" in html  # "Keluar" of the flows has its own context


# -- readable on a phone ---------------------------------------------------------------------------

def test_x_labels_are_thinned_out_and_stay_inside():
    """24 months of history and a target three years on: labels at least TICK_GAP apart (about a
    label's width at the phone's font) and none past the right edge; no fixed pixel width."""
    def month_end(y, m):
        return date.fromordinal(date(y + m // 12, m % 12 + 1, 1).toordinal() - 1)
    points = [(month_end(2021 + (m - 1) // 12, (m - 1) % 12 + 1), 20 + m / 4) for m in range(1, 25)]
    chart = charts.trend_chart(points, [(points[0][0], 20.0), (date(2026, 12, 31), 45.0)], as_of=points[-1][0])
    xs = [float(x) for x, _ in chart.x_ticks]
    assert len(xs) >= 3 and all(b - a >= charts.TICK_GAP for a, b in zip(xs, xs[1:]))
    assert max(xs) + charts.TICK_GAP / 2 <= charts.W and min(xs) - charts.TICK_GAP / 2 >= 0
    short = charts.trend_chart([(date(2023, 1, 31), 20.0), (date(2023, 2, 27), 21.0)], as_of=date(2023, 2, 27))
    assert [label for _, label in short.x_ticks] == ["Jan 2023", "Feb 2023"]


def test_svgs_scale_with_their_viewbox(client_for, three_runs):
    html = client_for("analis").get("/").content.decode()
    for svg in re.findall(r"<svg [^>]*>", html.split('id="trend-h"')[1]):
        assert "viewBox=" in svg and "width=" not in svg and "height=" not in svg
    css = open("cakupan/web/static/web/cakupan.css").read()
    assert ".chart svg { width: 100%; height: auto;" in css


# -- a Bantul-sized year of flows stays fast ---------------------------------------------------------

def _bantul_year_of_flows(run, months=12):
    """`months` DONE runs before the Bantul run, each with a flow row per kalurahan x segment x
    ecosystem (75 x 4 x 9 = 2,700 a month), as a year of monthly publishing leaves them."""
    import random

    from cakupan.coverage.models import CoverageFact, CoverageRun

    from .factories_bantul import ECOSYSTEMS, SEGMENTS

    rnd = random.Random(3)
    kals = sorted(set(CoverageFact.objects.filter(run=run).values_list("kalurahan_code", flat=True)))
    runs = []
    for k in range(months, 0, -1):
        m = run.as_of.year * 12 + run.as_of.month - 1 - k
        runs.append(CoverageRun.objects.create(as_of=charts._month_end(m), status=CoverageRun.Status.DONE))
    runs.append(run)
    rows = []
    for i, r in enumerate(runs):
        prev = runs[i - 1] if i else None
        for kal in kals:
            for seg in SEGMENTS[:4]:
                for eco in ECOSYSTEMS:
                    n, re_, la, le = (rnd.randint(0, 9), rnd.randint(0, 3), rnd.randint(0, 7), rnd.randint(0, 2)) \
                        if prev else (50, 0, 0, 0)
                    rows.append(CoverageFlow(run=r, previous_run=prev, as_of=r.as_of, kalurahan_code=kal, segment=seg,
                                             ecosystem=eco, active_start=50, new=n, reactivated=re_, lapsed=la, left=le,
                                             active_end=50 + n + re_ - la - le, workforce=300))
    CoverageFlow.objects.bulk_create(rows, batch_size=5000)
    return kals


@pytest.mark.slow
def test_a_bantul_dashboard_with_a_year_of_flows_and_a_forecast_stays_fast(client_for):
    """The pages' bodies are cached per run; even a cold body (flows summed over 35,100 rows, the
    history, the forecast with its back-test) renders well under a second. Measured (SQLite, shared
    2-core machine): cold ~80 ms for the dashboard and the kabupaten page, warm ~3 ms."""
    import time

    from .factories_bantul import bantul_run_make

    run = bantul_run_make(persons=2_000, history_months=14)
    kals = _bantul_year_of_flows(run)
    _target(baseline=run.as_of)
    c = client_for("analis")
    c.get("/peta/")  # the process's first page (templates, projections) is not what is measured
    for url in ("/", f"/wilayah/{KAB}/", f"/wilayah/{kals[0][:8]}/"):
        cold = []
        for _ in range(3):
            cache.clear()
            t = time.perf_counter()
            html = c.get(url).content.decode()
            cold.append(time.perf_counter() - t)
        assert sorted(cold)[1] < 1.0, (url, cold)  # the median of three
        assert html.count('class="flow-bar"') == 12, url  # twelve months compared; the first run has no bar
        assert ("fc-band" in html) == (url != f"/wilayah/{kals[0][:8]}/"), url  # the kapanewon has no target
