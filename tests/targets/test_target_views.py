import re
from datetime import date

import pytest

from cakupan.accounts.services import user_create
from cakupan.targets.models import Target
from cakupan.targets.services import target_allocate, target_set

from .factories import make_region

PASSWORD = "rahasia-panjang-1"


@pytest.fixture
def region(db):
    codes, figs, run = make_region()
    t = target_set(area_code="34.02", value_pct=40, due=date(2023, 12, 31), baseline_as_of=date(2023, 2, 27))
    return codes, t


def login(client, username, role, **kw):
    user_create(username=username, role=role, password=PASSWORD, **kw)
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, region):
    r = client.get("/target/")
    assert r.status_code == 302 and "/masuk/" in r["Location"]


@pytest.mark.django_db
def test_analis_allocates_through_the_form(client, region):
    codes, t = region
    login(client, "ana", "analis")
    r = client.post(f"/target/{t.id}/alokasi/", {"rule": "proportional_uncovered", "overrides": "34.02.01=5000"})
    assert r.status_code == 302
    kids = t.children.all()
    assert kids.count() == 3 and sum(k.target_count for k in kids) == t.target_count
    assert kids.get(area_id="34.02.01").target_count == 5000
    page = client.get(f"/target/?t={t.id}").content.decode()
    assert page.count('class="lvl-kalurahan"') == 6 and page.count('class="lvl-kapanewon"') == 3
    assert "5.000" in page and "hijau" in page
    assert "<svg" in page and "MAPE" in page and "cdn" not in page.lower()
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert not re.search(r'(?:x|y|x1|y1|cx|cy)="[^"]*,', svg)  # coordinates never localised


@pytest.mark.django_db
def test_bad_override_shows_message_and_changes_nothing(client, region):
    codes, t = region
    login(client, "ana", "analis")
    r = client.post(f"/target/{t.id}/alokasi/", {"rule": "equal_rate", "overrides": "34.02.01=99999999"}, follow=True)
    assert "melebihi" in r.content.decode()
    assert not Target.objects.filter(parent=t).exists()
    r = client.post(f"/target/{t.id}/alokasi/", {"rule": "equal_rate", "overrides": "34.02.01=abc"}, follow=True)
    assert "KODE=JUMLAH" in r.content.decode()


@pytest.mark.django_db
def test_operator_sees_own_area_and_cannot_allocate(client, region):
    codes, t = region
    target_allocate(target_id=t.id, rule="equal_rate")
    login(client, "lurah", "kalurahan", area_code=codes[0])
    page = client.get("/target/").content.decode()
    assert f'data-area="{codes[0]}"' in page
    assert 'data-area="34.02"' not in page and f'data-area="{codes[1]}"' not in page
    assert "allocate-form" not in page
    assert client.post(f"/target/{t.id}/alokasi/", {"rule": "equal_rate"}).status_code == 403
    assert client.post("/target/baru/", {}).status_code == 403
    # asking for another area's forecast shows nothing of it
    page = client.get(f"/target/?t={t.id}&area={codes[1]}").content.decode()
    assert "forecast-summary" not in page


@pytest.mark.django_db
def test_admin_sets_a_target_through_the_form(client, region):
    login(client, "adm", "admin")
    r = client.post("/target/baru/", {"area_code": "34.02.01", "value_pct": "35", "due": "2023-12-31",
                                       "baseline_as_of": "2023-02-27"})
    assert r.status_code == 302
    t = Target.objects.get(area_id="34.02.01", parent__isnull=True)
    assert t.value == 35 and t.created_by.username == "adm"


@pytest.mark.django_db
def test_scope_is_shown_as_words_in_the_page_language(client, region):
    login(client, "ana", "analis")
    assert "Analis cabang — semua wilayah" in client.get("/target/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/target/"})
    page = client.get("/target/").content.decode()
    assert "semua wilayah" not in page and "analis" not in page.split("Your data scope:")[1][:60]
