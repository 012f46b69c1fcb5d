"""Each role sees exactly its scope: pages, exports, NIK reveal and the API, including URL-guessing."""
import pytest

from cakupan.accounts.models import AuditLog
from cakupan.coverage.models import PersonStatus

from .factories import KAB, KAL_A, KAL_B, KAP_A, KAP_B

pytestmark = pytest.mark.django_db

UNCOVERED = ("none", "nonactive")


def expected(role: str, kal: str) -> tuple[str, int]:
    """("rows", n uncovered persons of `kal` the role must see) or ("status", HTTP refusal)."""
    qs = PersonStatus.objects.filter(kalurahan_code=kal, status__in=UNCOVERED)
    if role in ("admin", "analis", "kepatuhan"):
        return "rows", qs.count()
    if role == "pimpinan":
        return "status", 403
    if role == "mitra":
        return "rows", qs.filter(ecosystem="pasar").count()
    own = {"kapanewon": KAP_A, "kalurahan": KAL_A, "kalurahan_b": KAL_B}[role]
    return ("rows", qs.count()) if kal.startswith(own) else ("status", 404)


ROLES = ["admin", "analis", "kepatuhan", "kapanewon", "kalurahan", "kalurahan_b", "mitra", "pimpinan"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kal", [KAL_A, KAL_B])
def test_person_list_scope(client_for, published, role, kal):
    kind, want = expected(role, kal)
    c = client_for(role)
    page = c.get(f"/wilayah/{kal}/pekerja/?status=uncovered")
    api = c.get(f"/api/persons/?area={kal}")
    export = c.get(f"/wilayah/{kal}/pekerja.csv?tujuan=sosialisasi")
    if kind == "status":
        assert page.status_code == want and api.status_code == want and export.status_code == want
        assert not AuditLog.objects.filter(action__in=["view_persons", "export_persons"]).exists()
        return
    assert page.status_code == 200 and api.status_code == 200 and export.status_code == 200
    assert api.json()["count"] == want
    assert len(export.content.decode("utf-8-sig").strip().splitlines()) - 1 == want
    masked = role not in ("admin", "analis", "kepatuhan")
    niks = [p["nik"] for p in api.json()["results"]]
    assert all(("********" in n) == masked for n in niks)
    if role == "mitra":
        assert {p["ecosystem"] for p in api.json()["results"]} <= {"pasar"}
    assert AuditLog.objects.filter(username=role, action="view_persons").count() == 2  # page + API
    assert AuditLog.objects.get(username=role, action="export_persons").rows == want


def test_kalurahan_operator_sees_zero_persons_of_another_kalurahan(client_for, published):
    c = client_for("kalurahan")
    other = PersonStatus.objects.filter(kalurahan_code=KAL_B, status="none").first()
    assert c.get(f"/wilayah/{KAL_B}/").status_code == 404
    assert c.get(f"/wilayah/{KAL_B}/pekerja/").status_code == 404
    assert c.get(f"/wilayah/{KAL_B}.gadingsari/pekerja/").status_code == 404
    assert c.post(f"/nik/{other.pk}/").status_code == 404
    assert c.get(f"/api/persons/?area={KAL_B}").status_code == 404
    assert c.get(f"/api/coverage/?by=kalurahan&within={KAP_B}").status_code == 404
    # the kabupaten page is open, but lists only the operator's own branch
    html = c.get(f"/wilayah/{KAB}/").content.decode()
    rows = html.split('id="area-table"', 1)[1].split("</table>", 1)[0]
    assert "Srandakan" in rows and "Sanden" not in rows
    assert f'href="/wilayah/{KAP_B}/"' not in html  # not in the table, not on the map
    rows = c.get("/api/coverage/?by=kalurahan").json()["rows"]
    assert [r["key"] for r in rows] == [KAL_A]
    assert not AuditLog.objects.filter(action="reveal_nik").exists()


def test_pimpinan_sees_aggregates_only(client_for, published):
    c = client_for("pimpinan")
    assert c.get("/").status_code == 200
    assert c.get(f"/wilayah/{KAL_A}/").status_code == 200
    assert "pekerja/" not in c.get(f"/wilayah/{KAL_A}/").content.decode()
    person = PersonStatus.objects.first()
    assert c.post(f"/nik/{person.pk}/").status_code == 403
    assert c.get("/linkage/tinjau/").status_code == 403
    assert c.get("/api/coverage/?by=kapanewon").status_code == 200


def test_mitra_reveal_outside_its_ecosystems_is_404(client_for, published):
    c = client_for("mitra")
    umkm = PersonStatus.objects.filter(ecosystem="umkm").first()
    pasar = PersonStatus.objects.filter(ecosystem="pasar").first()
    assert c.post(f"/nik/{umkm.pk}/").status_code == 404
    assert c.post(f"/nik/{pasar.pk}/").status_code == 200
    assert AuditLog.objects.filter(action="reveal_nik", username="mitra").count() == 1


def test_anonymous_api_refused(client, published):
    assert client.get("/api/coverage/").status_code in (401, 403)
    assert client.get(f"/api/persons/?area={KAL_A}").status_code in (401, 403)
