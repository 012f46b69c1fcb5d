"""A fresh instance assumes no region (issue 18/7): no area, no run. Every page an administrator can
reach from the menu answers without an error and the dashboard says what to do first."""
from __future__ import annotations

import re

import pytest

from cakupan.accounts.services import user_create
from cakupan.wilayah.models import Area

pytestmark = pytest.mark.django_db


def test_every_menu_page_of_an_empty_instance_answers(client, settings):
    settings.CAKUPAN_REGION = ""
    assert not Area.objects.exists()
    user = user_create(username="admin", role="admin", password="rahasia-panjang-123")
    client.force_login(user)
    home = client.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    assert "Belum ada" in html  # the dashboard tells the first step instead of empty figures
    links = sorted({h for h in re.findall(r'href="(/[^"#?]*)"', html)
                    if not h.startswith(("/static/", "/admin/", "/i18n/", "/logout", "/keluar"))})
    assert len(links) >= 8, links
    for href in links:
        try:
            r = client.get(href)
        except Exception as exc:  # noqa: BLE001
            raise AssertionError(f"{href}: {exc!r}") from exc
        assert r.status_code in (200, 302, 403), (href, r.status_code)
        if r.status_code == 200 and "text/html" in r.get("Content-Type", ""):
            assert "Traceback" not in r.content.decode(), href
