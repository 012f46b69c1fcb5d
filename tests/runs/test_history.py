"""The run history (/run/) and a run's report (/run/<id>/): published and failed runs, newest first,
with the change against the previous published run; read from the run record's summary."""
from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest

from cakupan.coverage.models import CoverageRun
from cakupan.coverage.services import run_start
from cakupan.registries.models import Snapshot
from cakupan.runs import views as run_views
from cakupan.runs.selectors import run_detail, run_history
from cakupan.runs.services import run_publish
from tests.web.factories import users_make

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = date(2023, 1, 31), date(2023, 2, 27), date(2023, 3, 31)

QUALITY = {
    "members": 12, "members_without_truth": 1,
    "bands": {
        "exact": {"members": 5, "linked": 5, "correct": 5, "precision": 1.0, "recall": 1.0},
        "probabilistic": {"members": 2, "linked": 2, "correct": 1, "precision": 0.5, "recall": 0.5},
        "review": {"members": 1, "linked": 0, "correct": 0, "precision": None, "recall": 0.0, "candidate_recall": 1.0},
    },
    "overall": {"linked": 8, "correct": 7, "precision": 0.875, "recall": 0.7},
    "missed_by_exact": {"members": 3, "recovered": 2, "wrong": 1, "recall": 0.666667, "precision": 0.666667},
    "exact_check": {"exact_matches": 6, "wrong_before": 1, "wrong_rate_before": 0.166667, "sent_to_check": 1,
                    "wrong_after": 0, "wrong_rate_after": 0.0},
}


def summary(workforce: int, active: int, *, by: str | None = None, quality: dict | None = None,
            retrain: bool = False) -> dict:
    """What run_execute records: RunResult.as_dict() plus the orchestrator's timings (and who)."""
    s = {
        "engine": "duckdb", "as_of": "2023-02-27",
        "counts": {"exact": 5, "exact-flagged": 1, "probabilistic": 2, "review": 1, "none": 3, "review_queue": 4},
        "totals": {"population": 2000, "workforce": workforce, "active": active, "nonactive": 40, "members": 12},
        "pct": round(100.0 * active / workforce, 2), "quality": quality,
        "timings": {"register": 0.01, "linkage": 0.5, "total": 1.25},
        "link": {"model": "trained" if retrain else "loaded", "model_path": "/data/models/linkage.json",
                 "timings": {"train": 0.3}, "null_odds": 0.0015, "steps": {}},
        "link_settings": {"accept_threshold": 0.9, "review_threshold": 0.5, "review_candidate_min": 0.2,
                          "model_path": "/data/models/linkage.json", "retrain": retrain, "null_odds": None},
        "service_timings": {"inputs": 2.0, "pipeline": 10.0},
    }
    if by:
        s["by"] = by
    return s


def snapshot(kind: str, as_of: date, name: str, rows: int) -> Snapshot:
    return Snapshot.objects.create(
        kind=kind, as_of=as_of, file_name=name, file_sha256=name.ljust(64, "0"), rows_read=rows + 1,
        rows_loaded=rows, rows_quarantined=1, data_path=f"snapshots/{kind}/{name}",
    )


@pytest.fixture
def runs(run_dir, tmp_path):
    """January (CLI, no truth), February (by 'operator1', with a truth file, +10 workforce, +12 active),
    March FAILED (its links file is broken, so the publish rolls back)."""
    pop = snapshot("population", JAN, "penduduk-jan.parquet", 2000)
    mem_jan = snapshot("members", JAN, "peserta-jan.xlsx", 1200)
    mem_feb = snapshot("members", FEB, "peserta-feb.xlsx", 1250)
    jan = run_publish(run_dir=run_dir, as_of=JAN, engine="duckdb", population_snapshot=pop,
                      member_snapshot=mem_jan, summary=summary(1000, 250))
    feb = run_publish(run_dir=run_dir, as_of=FEB, engine="duckdb", population_snapshot=pop,
                      member_snapshot=mem_feb, summary=summary(1010, 262, by="operator1", quality=QUALITY, retrain=True))
    broken = shutil.copytree(run_dir, tmp_path / "broken")
    (broken / "links.parquet").write_bytes(b"not parquet")
    with pytest.raises(Exception):
        run_publish(run_dir=broken, as_of=MAR, engine="duckdb", population_snapshot=pop, member_snapshot=mem_feb,
                    summary=summary(1020, 300, by="operator1"))
    failed = CoverageRun.objects.get(as_of=MAR)
    assert failed.status == CoverageRun.Status.FAILED
    return {"jan": jan, "feb": feb, "failed": failed}


@pytest.fixture
def users(db):
    return users_make()


# --- selectors ---------------------------------------------------------------------------------------------------

def test_history_newest_first_with_delta(runs):
    rows = run_history()
    assert [r.id for r in rows] == [runs["failed"].pk, runs["feb"].pk, runs["jan"].pk]
    failed, feb, jan = rows
    assert (feb.workforce, feb.active, feb.pct) == (1010, 262, 25.94)
    assert (feb.delta_workforce, feb.delta_active, feb.delta_pct_points) == (10, 12, 0.94)
    assert feb.previous_id == runs["jan"].pk
    assert (jan.delta_workforce, jan.delta_active, jan.delta_pct_points, jan.previous_id) == (None, None, None, None)
    assert failed.failed and not failed.done and failed.delta_active is None
    assert (feb.by, jan.by) == ("operator1", "CLI")
    assert (feb.members.file_name, feb.members.rows_loaded, feb.members.as_of) == ("peserta-feb.xlsx", 1250, FEB)
    assert feb.population.file_name == "penduduk-jan.parquet" and feb.population.id == runs["feb"].population_snapshot_id
    assert feb.model.trained and feb.model.retrain and not jan.model.trained and jan.model.state == "loaded"
    assert (feb.model.path, feb.model.accept_threshold, feb.model.review_threshold) == ("/data/models/linkage.json", 0.9, 0.5)
    # the run record is created when publishing begins: the start counts the inputs and pipeline before it
    assert feb.started_at == feb.recorded_at - timedelta(seconds=12)
    assert feb.duration_seconds >= 12 and failed.finished_at is not None


def test_history_delta_reaches_past_the_limit(runs):
    rows = run_history(limit=2)
    assert [r.id for r in rows] == [runs["failed"].pk, runs["feb"].pk]
    assert rows[1].delta_active == 12 and rows[1].previous_id == runs["jan"].pk


def test_rerun_of_same_date_is_compared_with_the_run_it_replaces(runs, run_dir):
    again = run_publish(run_dir=run_dir, as_of=FEB, engine="duckdb", summary=summary(1010, 270))
    rows = {r.id: r for r in run_history()}
    assert rows[again.pk].previous_id == runs["feb"].pk and rows[again.pk].delta_active == 8
    assert rows[again.pk].by == "CLI" and rows[again.pk].members is None


def test_started_runs_are_not_listed(runs, run_dir):
    started = run_start(run_dir=run_dir, as_of=date(2023, 4, 30), engine="duckdb", summary={})
    assert started.pk not in [r.id for r in run_history()]
    assert run_detail(run_id=started.pk) is None


def test_detail_quality_counts_and_timings(runs):
    d = run_detail(run_id=runs["feb"].pk)
    assert [(m.code, m.members) for m in d.methods] == [
        ("exact", 5), ("exact-flagged", 1), ("probabilistic", 2), ("review", 1), ("none", 3)]
    assert d.methods[0].label == "Cocok persis (NIK)" and d.members_total == 12 and d.review_queue == 4
    assert (d.quality.precision_pct, d.quality.recall_pct) == (87.5, 70.0)
    assert (d.quality.missed_by_exact, d.quality.missed_recovered, d.quality.missed_recall_pct) == (3, 2, 66.67)
    assert [b.code for b in d.quality.bands] == ["exact", "probabilistic", "review"]
    assert d.quality.bands[2].precision_pct is None
    assert d.published == {"facts": d.published["facts"], "persons": 12, "review": 1,
                           "flows": d.published["flows"]} and d.published["facts"] > 0
    assert dict(d.service_timings) == {"inputs": 2.0, "pipeline": 10.0}
    assert dict(d.pipeline_timings)["total"] == 1.25 and dict(d.link_timings) == {"train": 0.3}
    assert (d.delta_active, d.population_total, d.member_records) == (12, 2000, 12)
    assert run_detail(run_id=runs["jan"].pk).quality is None
    assert run_detail(run_id=runs["failed"].pk).published == {}


def test_run_without_summary_figures(run_dir):
    bare = run_publish(run_dir=run_dir, as_of=JAN, engine="duckdb", summary={})
    row = run_history()[0]
    assert row.id == bare.pk and (row.workforce, row.pct, row.delta_active) == (None, None, None)
    d = run_detail(run_id=bare.pk)
    assert d.members_total == 0 and d.quality is None and d.model.state == ""


# --- pages -------------------------------------------------------------------------------------------------------

def test_history_page(runs, users, client):
    client.force_login(users["pimpinan"])  # any role: the page holds no personal data
    response = client.get("/run/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Riwayat proses" in html and "<script>" not in html
    assert html.index(f'data-run="{runs["failed"].pk}"') < html.index(f'data-run="{runs["feb"].pk}"') \
        < html.index(f'data-run="{runs["jan"].pk}"')
    feb_row = html[html.index(f'data-run="{runs["feb"].pk}"'):html.index(f'data-run="{runs["jan"].pk}"')]
    assert "1.010" in feb_row and "25,94\u00a0%" in feb_row and "+10" in feb_row and "+12" in feb_row
    assert "+0,94" in feb_row and "operator1" in feb_row and "peserta-feb.xlsx" in feb_row and "dilatih" in feb_row
    failed_row = html[html.index(f'data-run="{runs["failed"].pk}"'):html.index(f'data-run="{runs["feb"].pk}"')]
    assert 'data-status="FAILED" class="muted"' in failed_row and "Gagal" in failed_row
    assert 'id="run-start"' not in html  # no start form until jobs:run_start exists


def test_start_form_only_for_operators_once_the_job_page_exists(runs, users, client, monkeypatch):
    monkeypatch.setattr(run_views, "reverse", lambda name: "/operasi/proses/mulai/")
    client.force_login(users["analis"])
    assert 'id="run-start"' not in client.get("/run/").content.decode()
    client.force_login(users["admin"])
    html = client.get("/run/").content.decode()
    assert 'id="run-start"' in html and 'action="/operasi/proses/mulai/"' in html and "csrfmiddlewaretoken" in html


def test_detail_page_quality_section(runs, users, client):
    client.force_login(users["kalurahan"])
    html = client.get(f"/run/{runs['feb'].pk}/").content.decode()
    assert 'id="run-quality"' in html and "Kualitas pencocokan" in html
    assert "87,50\u00a0%" in html and "70,00\u00a0%" in html  # overall precision, recall
    assert "Cocok persis (NIK)" in html and "Dikirim ke review petugas" in html
    assert 'data-figure="review-queue">4<' in html
    assert f'href="/run/{runs["jan"].pk}/"' in html  # the run it is compared with
    assert "/data/models/linkage.json" in html and "<script>" not in html
    plain = client.get(f"/run/{runs['jan'].pk}/").content.decode()
    assert 'data-quality="none"' in plain and "Proses terbit pertama" in plain


def test_failed_run_detail_page(runs, users, client):
    client.force_login(users["analis"])
    html = client.get(f"/run/{runs['failed'].pk}/").content.decode()
    assert 'data-status="FAILED"' in html and "Gagal" in html and "gagal saat diterbitkan" in html
    assert "Lihat di dasbor" not in html


def test_unknown_run_is_404(runs, users, client):
    client.force_login(users["analis"])
    assert client.get("/run/999999/").status_code == 404


def test_anonymous_redirected_to_login(runs, client):
    for url in ("/run/", f"/run/{runs['feb'].pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_english(runs, users, client):
    client.force_login(users["analis"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/run/"})
    html = client.get("/run/").content.decode()
    assert 'lang="en"' in html and "27 February 2023" in html and "1,010" in html and "25.94\u00a0%" in html
    detail = client.get(f"/run/{runs['feb'].pk}/").content.decode()
    assert "Exact match (NIK)" in detail and "87.50\u00a0%" in detail


def test_detail_page_shows_the_runs_warnings(runs, users, client):
    warning = {"code": "no_asn_roster", "message": "Tidak ada daftar ASN: ... Impor daftar ASN (roster asn) lalu jalankan lagi."}
    CoverageRun.objects.filter(pk=runs["feb"].pk).update(summary={**runs["feb"].summary, "warnings": [warning]})
    assert run_detail(run_id=runs["feb"].pk).warnings == (warning["message"],)
    client.force_login(users["analis"])
    html = client.get(f"/run/{runs['feb'].pk}/").content.decode()
    assert 'id="run-warnings"' in html and "Impor daftar ASN" in html
    assert 'id="run-warnings"' not in client.get(f"/run/{runs['jan'].pk}/").content.decode()
