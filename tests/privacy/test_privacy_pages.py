"""The DPO's pages (/pdp/): only an admin or a user with privacy.dpo; a request recorded through the
form is carried out; the breach register shows the 3 x 24 hour deadline and the time left; English
through the catalogue; errors in one line."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from cakupan.privacy.models import Breach, SubjectRequest, Tombstone
from tests.outreach.factories import make_user

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_only_the_dpo_or_an_admin_opens_the_pages():
    for role in ("analis", "kalurahan", "pimpinan", "operator"):
        c = _client(make_user(role, role=role, area_code="34.02.01.2001" if role == "kalurahan" else ""))
        assert c.get("/pdp/").status_code == 403 and c.get("/pdp/kebocoran/").status_code == 403
    assert Client().get("/pdp/").status_code == 302  # to the login page
    dpo = make_user("dpo", role="analis")
    dpo.user_permissions.add(Permission.objects.get(codename="dpo", content_type__app_label="privacy"))
    assert _client(dpo).get("/pdp/").status_code == 200
    assert _client(make_user("admin", role="admin")).get("/pdp/kebocoran/").status_code == 200


def test_the_menu_shows_the_pdp_link_to_a_dpo_who_is_no_admin():
    """Decided at sign-in (privacy.apps: kept in the session), so the pages pay no query for it."""
    link = 'href="/pdp/"'
    analis = make_user("analis", role="analis")
    assert link not in _client(analis).get("/").content.decode()
    dpo = make_user("dpo", role="analis")
    dpo.user_permissions.add(Permission.objects.get(codename="dpo", content_type__app_label="privacy"))
    assert link in _client(dpo).get("/").content.decode()
    assert link in _client(make_user("admin", role="admin")).get("/").content.decode()


def test_request_form_records_and_carries_out_a_deletion():
    c = _client(make_user("admin", role="admin"))
    when = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    r = c.post("/pdp/", {"nik": "3402014501900001", "kind": "deletion", "reason": "pindah domisili",
                         "requested_by": "Ngadiyem (ybs)", "received_at": when})
    assert r.status_code == 302 and Tombstone.objects.filter(nik="3402014501900001").exists()
    html = c.get(r["Location"]).content.decode()
    assert "dicatat dan dijalankan" in html and "3402********0001" in html and "3402014501900001" not in html
    assert 'data-late="0"' in html and "lewat 3 × 24 jam" not in html
    late = (timezone.localtime() - timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")  # received 4 days ago
    c.post("/pdp/", {"nik": "3402014501900003", "kind": "rectification", "reason": "nama salah", "requested_by": "ybs",
                     "nama": "Sri", "received_at": late})
    html = c.get("/pdp/").content.decode()
    assert html.count('data-late="1"') == 1 and "lewat 3 × 24 jam" in html
    r = c.post("/pdp/", {"nik": "3402014501900002", "kind": "rectification", "reason": "x", "requested_by": "y",
                         "received_at": when})
    html = r.content.decode()
    assert r.status_code == 200 and "Pembetulan: isi nama atau tanggal lahir yang benar." in html
    assert "Traceback" not in html and SubjectRequest.objects.count() == 2


def test_breach_register_shows_deadline_and_time_left_in_english_too():
    c = _client(make_user("admin", role="admin"))
    found = timezone.localtime() - timedelta(hours=10)
    r = c.post("/pdp/kebocoran/", {"what": "Surel berisi daftar pekerja salah kirim", "found_at": found.strftime("%Y-%m-%dT%H:%M"),
                                   "data_affected": "NIK, nama", "people_affected": "40"})
    assert r.status_code == 302
    b = Breach.objects.get()
    html = c.get("/pdp/kebocoran/").content.decode()
    assert (b.deadline.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M")) in html
    assert 'data-state="open"' in html and "sisa 6" in html  # 72 - 10 hours (62.x), shown to one decimal
    Breach.objects.filter(pk=b.pk).update(found_at=timezone.now() - timedelta(hours=80))
    html = c.get(f"/pdp/kebocoran/{b.pk}/").content.decode()
    assert "terlambat" in html
    r = c.post(f"/pdp/kebocoran/{b.pk}/", {"notified": "surel ke Komdigi",
                                           "authority_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    assert r.status_code == 302
    c.post("/i18n/setlang/", {"language": "en", "next": "/pdp/kebocoran/"})
    html = c.get("/pdp/kebocoran/").content.decode()
    assert "Data breaches" in html and "Notice deadline" in html and "late (" in html
    assert c.get("/pdp/kebocoran/999/").status_code == 404
    r = c.post("/pdp/kebocoran/", {"what": "x", "found_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
                                   "data_affected": "y"})
    assert "The time found cannot be in the future." in r.content.decode()
