"""/laporan/arsip/: every monthly report made, with its PDF and XLSX, scoped to the user's area;
/laporan/penerima/: recipients per area, admins only."""
from __future__ import annotations

import pytest

from cakupan.reports.models import ReportRecipient, SentReport
from tests.web.factories import KAL_A, KAL_B, KAP_A, users_make

pytestmark = pytest.mark.django_db

AS_OF = "2023-02-27"


@pytest.fixture
def archive(db, cakupan_home):
    users = users_make()
    rows = {}
    for code in ("34.02", KAP_A, KAL_B):
        folder = cakupan_home / "reports" / "monthly" / "2023-02"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{code}.pdf").write_bytes(b"%PDF-1.7 " + code.encode())
        (folder / f"{code}.xlsx").write_bytes(b"PK " + code.encode())
        rows[code] = SentReport.objects.create(
            area_code=code, as_of=AS_OF, status="sent", recipients=[f"kantor@{code}.go.id"],
            pdf_path=f"reports/monthly/2023-02/{code}.pdf", xlsx_path=f"reports/monthly/2023-02/{code}.xlsx")
    SentReport.objects.create(area_code="34.02", as_of="2023-01-31", status="failed", error="E-mail tidak terkirim")
    return users, rows


def test_archive_lists_every_report_for_a_user_of_every_area(client, archive):
    users, rows = archive
    client.force_login(users["pimpinan"])
    page = client.get("/laporan/arsip/").content.decode()
    assert "Kabupaten Bantul" in page and "Srandakan" in page and "Gadingsari" in page
    assert "27 Februari 2023" in page and "kantor@34.02.go.id" in page and "gagal" in page
    assert "E-mail tidak terkirim" not in page  # the error text is for admins
    resp = client.get(f"/laporan/arsip/{rows['34.02'].id}.pdf")
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == b"%PDF-1.7 34.02"
    assert 'filename="laporan-cakupan-34.02-2023-02-27.pdf"' in resp["Content-Disposition"]
    assert client.get(f"/laporan/arsip/{rows[KAP_A].id}.xlsx").status_code == 200
    assert client.get(f"/laporan/arsip/{rows[KAP_A].id}.doc").status_code == 404


@pytest.mark.parametrize("user, visible, hidden", [
    ("kapanewon", [KAP_A], ["34.02", KAL_B]),  # its kapanewon (and what lies inside it)
    ("kalurahan_b", [KAL_B], ["34.02", KAP_A]),
    ("kalurahan", [], ["34.02", KAP_A, KAL_B]),  # KAL_A: no report of its own
])
def test_an_area_user_sees_only_their_own_areas_reports(client, archive, user, visible, hidden):
    users, rows = archive
    client.force_login(users[user])
    page = client.get("/laporan/arsip/").content.decode()
    for code in visible:
        assert f"/laporan/arsip/{rows[code].id}.pdf" in page
        assert client.get(f"/laporan/arsip/{rows[code].id}.pdf").status_code == 200
    for code in hidden:
        assert f"/laporan/arsip/{rows[code].id}.pdf" not in page
        assert client.get(f"/laporan/arsip/{rows[code].id}.pdf").status_code == 404
    assert "Poncosari" not in page or user == "kalurahan"


def test_archive_needs_login_and_a_missing_file_is_not_found(client, archive, cakupan_home):
    users, rows = archive
    assert client.get("/laporan/arsip/").status_code == 302
    (cakupan_home / rows["34.02"].pdf_path).unlink()
    client.force_login(users["admin"])
    assert client.get(f"/laporan/arsip/{rows['34.02'].id}.pdf").status_code == 404
    assert client.get("/laporan/arsip/999999.pdf").status_code == 404


def test_recipients_page_is_for_admins(client, archive):
    users, _rows = archive
    client.force_login(users["analis"])
    assert client.get("/laporan/penerima/").status_code == 403
    client.force_login(users["admin"])
    assert client.get("/laporan/penerima/").status_code == 200
    resp = client.post("/laporan/penerima/", {"area_code": KAP_A, "email": "Panewu@Srandakan.go.id", "name": "Panewu"})
    assert resp.status_code == 302
    r = ReportRecipient.objects.get()
    assert (r.area_code, r.email, r.name, r.active) == (KAP_A, "panewu@srandakan.go.id", "Panewu", True)
    page = client.get("/laporan/penerima/").content.decode()
    assert "panewu@srandakan.go.id" in page and "Srandakan" in page
    bad = client.post("/laporan/penerima/", {"area_code": "99.99", "email": "bukan-email", "name": ""})
    assert bad.status_code == 400 and ReportRecipient.objects.count() == 1
    client.force_login(users["kapanewon"])
    assert client.post(f"/laporan/penerima/{r.id}/hapus/").status_code == 403
    client.force_login(users["admin"])
    assert client.post(f"/laporan/penerima/{r.id}/hapus/").status_code == 302
    assert not ReportRecipient.objects.exists()
    assert client.post(f"/laporan/penerima/{r.id}/hapus/").status_code == 404


def test_archive_in_english(client, archive):
    users, _rows = archive
    client.force_login(users["admin"])
    client.cookies["django_language"] = "en"
    page = client.get("/laporan/arsip/").content.decode()
    assert "Monthly report archive" in page and "Manage recipients per area" in page
