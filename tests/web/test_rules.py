"""The rules page (/aturan/, /aturan/<code>/): every figure drills to its rule, with the people each
exclusion removed, per run and area, within the user's scope (docs/rules.md)."""
from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cakupan.accounts.scope import Scope
from cakupan.coverage import selectors as cov
from cakupan.coverage.models import PersonStatus
from tests.oracle import tally_total

from .factories import KAB, KAL_A, KAL_A2, KAL_B, KAP_A

# every test here opens the database: the PostgreSQL pass of `make test` runs them too (tests/test_database_markers.py)
pytestmark = pytest.mark.django_db

# excluded people written beside the run's workforce: (kalurahan, excluded_reason, how many)
EXCLUDED = [
    (KAL_A, "under_15", 2), (KAL_A, "PNS", 1), (KAL_A2, "not_working", 1),
    (KAL_B, "not_working", 3), (KAL_B, "asn", 1), (KAL_B, "TNI", 1), ("33.01.01.2001", "outside_region", 4),
]


def rules_run_dir(run, home: Path) -> Path:
    """person_status.parquet for a factories run: its PersonStatus rows (the workforce, so the file
    agrees with the facts) and the EXCLUDED people; sets run.run_dir (relative to home)."""
    rows = [{"nik": p.nik, "kalurahan_code": p.kalurahan_code, "padukuhan_code": p.padukuhan_code,
             "excluded_reason": None, "in_workforce": True, "status": p.status, "segment": p.segment,
             "link_method": p.link_method or ("exact" if p.status != "none" else "")}
            for p in PersonStatus.objects.filter(run=run)]
    serial = 0
    for kal, reason, n in EXCLUDED:
        for _ in range(n):
            serial += 1
            rows.append({"nik": f"99{serial:014d}", "kalurahan_code": kal, "padukuhan_code": f"{kal}.krajan",
                         "excluded_reason": reason, "in_workforce": False, "status": "none", "segment": "NONE",
                         "link_method": ""})
    run_dir = home / "runs" / f"run-{run.pk}"
    run_dir.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), run_dir / "person_status.parquet")
    run.run_dir = str(run_dir.relative_to(home))
    run.save(update_fields=["run_dir"])
    return run_dir


@pytest.fixture
def with_file(published, cakupan_home):
    rules_run_dir(published.run, cakupan_home)
    return published


def counts(html: str) -> dict[str, int]:
    return {m[0]: int(m[1]) for m in re.findall(r'data-exclusion="([^"]+)".*?data-count="(\d+)"', html, re.S)}


def population(html: str) -> int:
    cell = re.search(r'data-step="population">.*?<td class="num">([\d.]+)</td>', html, re.S)
    return int(cell.group(1).replace(".", ""))


def workforce(run, code):
    """The area's workforce from the factory's person rows (tests/oracle.py), not the selectors."""
    return tally_total(run, within=code).workforce


def test_kabupaten_counts_every_exclusion_and_the_outside(with_file, client_for):
    html = client_for("analis").get(f"/aturan/{KAB}/").content.decode()
    assert counts(html) == {"outside_region": 4, "under_15": 2, "PNS": 1, "TNI": 1, "asn": 1, "not_working": 4}
    wf = workforce(with_file.run, KAB)
    assert population(html) == wf + 13
    assert re.search(r'id="angkatan-kerja".*?<strong>' + f"{wf}" + "</strong>", html, re.S)
    for anchor in ("angkatan-kerja", "aktif", "tidak-aktif", "ekosistem"):
        assert f'id="{anchor}"' in html
    assert "Permenaker 5/2021" in html and re.search(r"PU (&gt;|>) JAKON (&gt;|>) PMI (&gt;|>) BPU", html)


def test_area_counts_by_prefix_without_the_outside(with_file, client_for):
    c = client_for("admin")
    html = c.get(f"/aturan/{KAL_A}/").content.decode()
    assert counts(html) == {"under_15": 2, "PNS": 1, "asn": 0, "not_working": 0}
    assert population(html) == workforce(with_file.run, KAL_A) + 3
    html = c.get(f"/aturan/{KAP_A}/").content.decode()
    assert counts(html) == {"under_15": 2, "PNS": 1, "asn": 0, "not_working": 1}
    assert "outside_region" not in counts(html)


def test_selector_funnel_adds_up(with_file):
    f = cov.rules_funnel(run=with_file.run, scope=Scope(role="admin"), code=KAB)
    assert f.available and f.whole_region
    assert f.population - f.excluded == f.workforce == workforce(with_file.run, KAB)
    assert f.active + f.nonactive + f.none == f.workforce
    assert sum(n for _, n in f.by_segment) == f.active
    assert [s["segment"] for s in cov.status_rules()] == ["PU", "JAKON", "PMI", "BPU"]


def test_kalurahan_operator_sees_only_its_area(with_file, client_for):
    c = client_for("kalurahan")
    html = c.get("/aturan/").content.decode()
    assert counts(html)["under_15"] == 2 and "outside_region" not in counts(html)
    html = c.get(f"/aturan/{KAB}/").content.decode()  # an ancestor: its own branch only
    assert counts(html) == {"under_15": 2, "PNS": 1, "asn": 0, "not_working": 0}
    assert population(html) == workforce(with_file.run, KAL_A) + 3
    assert c.get(f"/aturan/{KAL_B}/").status_code == 404
    assert c.get(f"/aturan/{KAL_A2}/").status_code == 404


@pytest.mark.parametrize("role", ["pimpinan", "mitra", "kepatuhan", "kapanewon"])
def test_every_dashboard_role_may_open_it(with_file, client_for, role):
    assert client_for(role).get("/aturan/").status_code == 200


def test_anonymous_is_sent_to_sign_in(with_file, client):
    assert client.get("/aturan/").status_code == 302


def test_pruned_run_says_so(published, cakupan_home, client_for):
    c = client_for("admin")
    html = c.get(f"/aturan/{KAB}/").content.decode()  # no run directory at all
    assert 'data-rules="pruned"' in html and "pemangkasan retensi" in html
    assert counts(html) == {}
    assert f"<strong>{workforce(published.run, KAB)}</strong>" in html  # the facts stay


def test_run_pruned_by_retention_says_so(with_file, cakupan_home, client_for):
    from cakupan.privacy.services import runs_prune
    from tests.web.factories import run_make

    run_make()  # a newer run: the first one is pruned
    runs_prune(keep=1)
    assert not (cakupan_home / with_file.run.run_dir / "person_status.parquet").exists()
    c = client_for("admin")
    html = c.get(f"/aturan/{KAB}/?run={with_file.run.pk}").content.decode()
    assert 'data-rules="pruned"' in html


def test_english(with_file, client_for):
    c = client_for("admin")
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = c.get(f"/aturan/{KAB}/").content.decode()
    assert "The rules behind the figures" in html and "Population rows" in html and "Under 15" in html
    assert "Baris penduduk" not in html


def test_number_formats_are_indonesian(published, cakupan_home, client_for, monkeypatch):
    from cakupan.coverage.selectors import rules

    monkeypatch.setattr(rules, "_grouped_cached", lambda run: [(KAL_A, f"{KAL_A}.krajan", "under_15", "none", "NONE",
                                                                 False, 12345)])
    html = client_for("admin").get(f"/aturan/{KAL_A}/").content.decode()
    assert 'data-count="12345">12.345<' in html


def test_unknown_area_is_404(with_file, client_for):
    c = client_for("admin")
    assert c.get("/aturan/99.99/").status_code == 404
    assert c.get("/aturan/%27x/").status_code == 404


def test_dashboard_and_area_pages_link_to_the_rules(with_file, client_for):
    c = client_for("admin")
    html = c.get("/").content.decode()
    for anchor in ("angkatan-kerja", "aktif", "tidak-aktif", "ekosistem"):
        assert f'href="/aturan/{KAB}/#{anchor}"' in html
    html = c.get(f"/wilayah/{KAL_A}/").content.decode()
    for anchor in ("angkatan-kerja", "aktif", "tidak-aktif", "ekosistem"):
        assert f'href="/aturan/{KAL_A}/#{anchor}"' in html
    html = client_for("kalurahan").get("/").content.decode()
    assert f'href="/aturan/{KAL_A}/#angkatan-kerja"' in html
