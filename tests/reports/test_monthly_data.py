"""The monthly report's figures and sentences: this run against the previous published run (rise,
fall, unchanged, first month), the month's flows, target status per kapanewon, top and bottom."""
from __future__ import annotations

import pytest

from cakupan.coverage.selectors import CoverageRow
from cakupan.reports.monthly import monthly_report_data
from cakupan.reports.sentences import change_sentence, flows_sentence
from tests.reports.monthly_factories import FEB, JAN, months_make
from tests.web.factories import KAL_A, KAL_A2, KAL_B, KAP_A, KAP_B, run_make

pytestmark = pytest.mark.django_db


def plain(s: str) -> str:
    return s.replace("\u00a0", " ")


def test_sentences_use_indonesian_numbers():
    now, before = CoverageRow("34.02", 457718, 115427, 0), CoverageRow("34.02", 457718, 111765, 0)
    assert plain(change_sentence(now, before)) == "Cakupan naik 0,8 poin menjadi 25,2 % (115.427 dari 457.718 pekerja)."
    assert plain(change_sentence(before, now)).startswith("Cakupan turun 0,8 poin menjadi 24,4 % (111.765 dari")
    assert plain(change_sentence(now, now)) == "Cakupan tetap 25,2 % (115.427 dari 457.718 pekerja)."
    flows = {"new": 1234, "reactivated": 56, "lapsed": 789, "left": 0}
    assert flows_sentence(flows) == "Bulan ini 1.234 peserta baru, 56 aktif lagi, 789 berhenti."


def test_a_rise_against_last_month():
    jan, feb = months_make(direction="rise")
    d = monthly_report_data(run=feb)
    assert d.previous == jan and d.area_code == "34.02" and d.month == "Februari 2023"
    assert (d.total.workforce, d.total.active, d.previous_total.active) == (75, 26, 19)
    assert d.change_points == pytest.approx(9.33)
    s = [plain(x) for x in d.sentences]
    assert s[0] == "Cakupan naik 9,3 poin menjadi 34,7 % (26 dari 75 pekerja)."
    assert s[1] == "Bulan ini 6 peserta baru, 2 aktif lagi, 3 berhenti, 1 keluar dari angkatan kerja."
    assert "Belum ada target per kapanewon." in s  # no target set: said, not broken
    assert [c.code for c in d.children] == [KAP_A, KAP_B] and all(c.status == "" for c in d.children)
    assert d.top[0].code == KAL_A and d.bottom[0].code in (KAL_A2, KAL_B)
    assert s[-1].startswith("Cakupan tertinggi di Kalurahan Poncosari (51,9 %), terendah di Kalurahan")
    assert d.trend[-1] == (FEB, 34.67) and JAN in [p for p, _ in d.trend]


def test_a_fall_and_an_unchanged_month():
    _jan, feb = months_make(direction="fall", flows=False)
    d = monthly_report_data(run=feb)
    assert plain(d.sentences[0]) == "Cakupan turun 8,0 poin menjadi 17,3 % (13 dari 75 pekerja)."
    assert d.flows is None and not any(x.startswith("Bulan ini") for x in d.sentences)  # flows not counted: no sentence
    assert d.bottom[0].code == KAL_B and d.bottom[0].change == pytest.approx(-25.0)


def test_unchanged_month():
    _jan, feb = months_make(direction="same", flows=False)
    assert plain(monthly_report_data(run=feb).sentences[0]) == "Cakupan tetap 25,3 % (19 dari 75 pekerja)."


def test_a_first_month_says_so_in_one_sentence():
    run = run_make(as_of=FEB).run
    d = monthly_report_data(run=run)
    assert d.previous is None and d.previous_total is None and d.change_points is None and d.flows is None
    first = plain(d.sentences[0])
    assert first == ("Ini laporan bulan pertama, belum ada bulan sebelumnya untuk dibandingkan: "
                     "cakupan 25,3 % (19 dari 75 pekerja).")
    assert sum("bulan pertama" in x for x in d.sentences) == 1


def test_target_status_per_kapanewon():
    from cakupan.targets.services import target_allocate, target_set

    jan, feb = months_make(direction="rise")
    t = target_set(area_code="34.02", value_pct=40, due=FEB.replace(month=12, day=31), baseline_as_of=JAN)
    target_allocate(target_id=t.id)
    d = monthly_report_data(run=feb)
    assert all(c.status in ("hijau", "kuning", "merah") and c.target_pct is not None for c in d.children)
    on_track = sum(c.status == "hijau" for c in d.children)
    assert f"{on_track} dari 2 kapanewon di jalur target." in d.sentences
    assert any(plain(x).startswith("Target 40,0 % pada 31 Desember 2023") for x in d.sentences)
    assert d.target_path and d.target_path[-1][1] == pytest.approx(40.0, abs=0.5)


def test_a_kapanewon_report_ranks_its_kalurahan():
    _jan, feb = months_make(direction="rise")
    d = monthly_report_data(run=feb, area_code=KAP_A)
    assert d.area_name == "Srandakan" and d.child_level == "kalurahan" and d.ranked_level == "kalurahan"
    assert {c.code for c in d.children} == {KAL_A, KAL_A2}
    assert d.top[0].code == KAL_A and d.bottom[0].code == KAL_A2
    assert (d.total.workforce, d.total.active) == (51, 20)
