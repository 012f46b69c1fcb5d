"""Found by walking the demo as each role: labels on English pages, nav links a role may follow."""
import pytest

from .factories import KAL_A

pytestmark = pytest.mark.django_db


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_worker_status_and_sex_are_translated(client_for, published):
    c = client_for("kalurahan")
    page = c.get(f"/wilayah/{KAL_A}/pekerja/").content.decode()
    assert "Belum terdaftar" in page
    page = _english(c).get(f"/wilayah/{KAL_A}/pekerja/").content.decode()
    assert "Not registered" in page and "Belum terdaftar" not in page
    assert 'data-label="M/F">M<' in page or 'data-label="M/F">F<' in page
    assert 'data-label="M/F">L<' not in page and 'data-label="M/F">P<' not in page


def test_export_keeps_the_codes(client_for, published):
    body = client_for("kalurahan").get(f"/wilayah/{KAL_A}/pekerja.csv?tujuan=sosialisasi").content.decode("utf-8-sig")
    head, first = body.splitlines()[:2]
    assert "sex" in head.lower() or "jenis" in head.lower() or "l/p" in head.lower()
    assert ",L," in first or ",P," in first


@pytest.mark.parametrize("role, sees", [("pimpinan", False), ("kalurahan", True), ("mitra", True)])
def test_worklist_link_only_for_roles_that_may_open_it(client_for, published, role, sees):
    c = client_for(role)
    assert ('href="/outreach/"' in c.get("/").content.decode()) is sees
    assert (c.get("/outreach/").status_code == 200) is sees
