import pytest

from tests.web.factories import PASSWORD, users_make

pytestmark = pytest.mark.django_db


def test_login_page_and_sign_in(client):
    users_make()
    page = client.get("/masuk/")
    assert page.status_code == 200 and 'for="id_username"' in page.content.decode()
    response = client.post("/masuk/", {"username": "analis", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_message(client):
    users_make()
    response = client.post("/masuk/", {"username": "analis", "password": "salah"})
    assert "kata sandi salah" in response.content.decode()


def test_logout_is_post(client):
    users_make()
    client.post("/masuk/", {"username": "analis", "password": PASSWORD})
    response = client.post("/keluar/")
    assert response.status_code == 302 and response["Location"] == "/masuk/"
    assert client.get("/").status_code == 302


def test_axes_locks_after_five_failures(client, settings):
    settings.AXES_ENABLED = True
    users_make()
    for _ in range(5):
        client.post("/masuk/", {"username": "analis", "password": "salah"}, REMOTE_ADDR="10.0.0.1")
    response = client.post("/masuk/", {"username": "analis", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert client.get("/").status_code == 302  # not signed in


def test_lockout_page_in_indonesian(client, settings):
    """The lockout page comes from the project's own configuration (config/settings/base.py), not
    from the test: only axes itself is switched on, as the test settings switch it off."""
    settings.AXES_ENABLED = True
    users_make()
    for _ in range(6):
        response = client.post("/masuk/", {"username": "analis", "password": "salah"}, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 429
    assert "accounts/locked.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "<h1>Akun dikunci sementara</h1>" in body
    assert "Coba lagi setelah 15 menit" in body and 'href="/masuk/"' in body
    assert settings.AXES_COOLOFF_TIME * 60 == 15  # the page tells the configured cool-off


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_audit_log_admin_is_read_only(client):
    from cakupan.accounts.scope import audit_record

    users = users_make()
    audit_record(user=users["analis"], action="view_persons", scope="analis semua wilayah", rows=3)
    client.force_login(users["admin"])
    page = client.get("/admin/accounts/auditlog/")
    assert page.status_code == 200 and "view_persons" in page.content.decode()
    assert client.get("/admin/accounts/auditlog/add/").status_code == 403


def test_users_managed_in_admin_with_profile_inline(client):
    users = users_make()
    client.force_login(users["admin"])
    page = client.get(f"/admin/auth/user/{users['kalurahan'].pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "profile-0-role" in body and "34.02.01.2001" in body
    assert client.get("/admin/accounts/profile/").status_code == 200
