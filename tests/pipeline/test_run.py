"""The marts on the committed fixture, case by case (see fixtures/make_fixture.py)."""
from __future__ import annotations

import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from cakupan.pipeline import run_pipeline


@pytest.fixture(scope="module")
def run(tmp_path_factory, make_inputs, linker):
    out = tmp_path_factory.mktemp("run")
    result = run_pipeline(make_inputs(), out_dir=out, linker=linker)
    persons = {r["nama"]: r for r in pq.read_table(out / "person_status.parquet").to_pylist()}
    return result, persons, out


@pytest.mark.parametrize(
    "nama, status, segment",
    [
        ("SUPARMAN", "active", "BPU"),  # 1 month behind
        ("SRI RAHAYU", "active", "BPU"),  # 3 behind = BPU grace
        ("SITI AMINAH", "nonactive", "BPU"),  # 4 behind
        ("BUDI SANTOSO", "nonactive", "PU"),  # explicit NON AKTIF
        ("AGUS SALIM", "active", "PU"),  # active record wins over an old one
        ("TRI WAHYUNI", "active", "JAKON"),  # JAKON before BPU
        ("JOKO PRIYONO", "nonactive", "JAKON"),  # JAKON grace 0
        ("KELUAR KERJA", "nonactive", "PU"),
        ("TANPA IURAN", "nonactive", "PU"),
        ("PMI JAUH", "active", "PMI"),
        ("BAYAR DIMUKA", "active", "BPU"),
        ("MBAH TANI", "none", "NONE"),
    ],
)
def test_member_status_by_paid_through_rule(run, nama, status, segment):
    _, persons, _ = run
    assert (persons[nama]["status"], persons[nama]["segment"]) == (status, segment)


@pytest.mark.parametrize(
    "nama, reason",
    [
        ("ANAK MUDA", "under_15"),
        ("ULANG TAHUN", "under_15"),
        ("PAS LIMABELAS", None),
        ("PAK PNS", "PNS"),
        ("PNS AKTIF", "PNS"),
        ("BU P3K", "asn"),
        ("MAHASISWI", "not_working"),
        ("PENSIUN", "not_working"),
        ("ORANG LUAR", "outside_region"),
        ("TANPA KERJA", "occupation_unknown"),
        ("SUPARMAN", None),
    ],
)
def test_workforce_and_exclusions(run, nama, reason):
    _, persons, _ = run
    assert persons[nama]["excluded_reason"] == reason


def test_ecosystem_roster_wins(run):
    _, persons, _ = run
    assert persons["PAK CARIK"]["ecosystem"] == "opd"  # opd before perangkat_desa
    assert persons["BU PASAR"]["ecosystem"] == "pasar"
    assert persons["SUPARMAN"]["ecosystem"] == "desa"  # PETANI/PEKEBUN from the mapping
    assert persons["BU PASAR"]["padukuhan_code"] == "34.02.02.2001.tanpa-padukuhan"


def test_age_bands(run):
    _, persons, _ = run
    assert persons["MBAH TANI"]["age_band"] == "65+"
    assert persons["PAS LIMABELAS"]["age_band"] == "15-19"
    assert persons["SUPARMAN"]["age"] == 29 and persons["SUPARMAN"]["age_band"] == "25-29"


def test_coverage_sums_to_person_status(run):
    result, persons, out = run
    cov = pq.read_table(out / "coverage.parquet").to_pylist()
    workforce = [p for p in persons.values() if p["excluded_reason"] is None]
    assert sum(r["workforce"] for r in cov) == len(workforce) == result.totals["workforce"]
    assert sum(r["active"] for r in cov) == sum(p["status"] == "active" for p in workforce)
    assert sum(r["nonactive"] for r in cov) == sum(p["status"] == "nonactive" for p in workforce)
    # PNS AKTIF is an active member but excluded: not in the numerator
    assert result.totals["active"] == sum(p["status"] == "active" for p in workforce)


def test_outputs_and_links(run):
    result, _, out = run
    for name in ("links", "review", "person_status", "coverage"):
        assert (out / f"{name}.parquet").exists()
    links = pq.read_table(out / "links.parquet").to_pylist()
    assert len(links) == result.totals["members"]
    assert {r["member_key"]: r["method"] for r in links}["row:16"] == "none"
    summary = json.loads((out / "quality.json").read_text())
    assert summary["totals"]["workforce"] == result.totals["workforce"]
    assert result.counts["none"] == 2


def test_roster_status_mart_written(run):
    _, _, out = run
    rows = pq.read_table(out / "roster_status.parquet").to_pylist()
    assert sorted(r["roster_kind"] for r in rows) == ["opd", "pasar", "perangkat_desa"]  # ASN list left out
    assert {r["status"] for r in rows} == {"none"} and all(r["in_population"] for r in rows)


@pytest.mark.parametrize(
    "nama, months_behind, lapse_month",
    [
        ("SUPARMAN", 1, date(2023, 5, 1)),       # BPU paid through Jan 2023, grace 3: lapses May
        ("SRI RAHAYU", 3, date(2023, 3, 1)),     # Nov 2022 + 3 + 1 across the year
        ("SITI AMINAH", 4, date(2023, 2, 1)),    # lapsed in D's month: non-active
        ("JOKO PRIYONO", 1, date(2023, 2, 1)),   # JAKON grace 0
        ("BAYAR DIMUKA", -6, date(2023, 12, 1)), # paid ahead
        ("MBAH TANI", None, None),               # no member record
    ],
)
def test_months_behind_and_lapse_month_of_the_deciding_record(run, nama, months_behind, lapse_month):
    _, persons, _ = run
    assert (persons[nama]["months_behind"], persons[nama]["lapse_month"]) == (months_behind, lapse_month)


def test_lapse_agrees_with_the_active_rule(run):
    """Active by the paid-through rule iff D's month is before the lapse month (one rule, two columns)."""
    _, persons, _ = run
    explicit = {"BUDI SANTOSO", "KELUAR KERJA"}   # non-active by their STATUS, whatever they paid
    checked = [p for p in persons.values() if p["lapse_month"] is not None and p["nama"] not in explicit]
    assert len(checked) > 10
    for p in checked:
        assert (p["status"] == "active") == (date(2023, 2, 1) < p["lapse_month"]), p["nama"]


def test_run_records_the_link_settings(run):
    result, _, out = run
    summary = json.loads((out / "quality.json").read_text())
    assert summary["link_settings"] == result.link_settings
    assert summary["link_settings"]["accept_threshold"] == 0.9
    assert summary["link_settings"]["review_threshold"] == 0.5
