"""Indonesian unless the user chose English: the browser's Accept-Language is not followed."""
import pytest
from django.test import Client


@pytest.mark.django_db
def test_accept_language_does_not_switch_but_the_users_choice_does():
    c = Client()
    page = c.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "id" and 'lang="id"' in page.content.decode()
    c.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    page = c.get("/masuk/", HTTP_ACCEPT_LANGUAGE="id")
    assert page["Content-Language"] == "en" and 'lang="en"' in page.content.decode()
    assert "Cookie" in page["Vary"]
    c.cookies["django_language"] = "xx"  # an unknown choice falls back to Indonesian
    assert c.get("/masuk/")["Content-Language"] == "id"


@pytest.mark.django_db
def test_a_nul_in_the_address_is_a_400_in_words():
    c = Client()
    r = c.get("/masuk/?next=a%00b")
    assert r.status_code == 400 and "NUL" in r.content.decode()
    assert Client().get("/masuk/?next=/").status_code == 200
