import re
from datetime import date

import pytest

from cakupan.accounts.services import user_create
from cakupan.targets.models import Target
from cakupan.targets.selectors import allocation_children
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
    page = client.get(f"/target/?t={t.id}").content.decode()
    assert '<label for="id_ov_34_02_01">Kapanewon 1</label>' in page  # one field per kapanewon, by name
    r = client.post(f"/target/{t.id}/alokasi/", {"rule": "proportional_uncovered", "ov_34_02_01": "5.000"})
    assert r.status_code == 302
    kids = t.children.all()
    assert kids.count() == 3 and sum(k.target_count for k in kids) == t.target_count
    assert kids.get(area_id="34.02.01").target_count == 5000
    page = client.get(f"/target/?t={t.id}").content.decode()
    assert page.count('class="lvl-kalurahan"') == 6 and page.count('class="lvl-kapanewon"') == 3
    assert "5.000" in page and "Sebanding dengan pekerja yang belum tercakup" in page
    assert "proportional_uncovered" not in page.replace('value="proportional_uncovered"', "")
    assert "<svg" in page and "MAPE" in page and "cdn" not in page.lower()
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert not re.search(r'(?:x|y|x1|y1|cx|cy)="[^"]*,', svg)  # coordinates never localised


@pytest.mark.django_db
def test_bad_override_shows_message_and_changes_nothing(client, region):
    codes, t = region
    login(client, "ana", "analis")
    r = client.post(f"/target/{t.id}/alokasi/", {"rule": "equal_rate", "ov_34_02_01": "99.999.999"})
    assert r.status_code == 400 and "angkatan kerja wilayah ini" in r.content.decode()
    assert not Target.objects.filter(parent=t).exists()
    r = client.post(f"/target/{t.id}/alokasi/", {"rule": "equal_rate", "ov_34_02_01": "abc"})
    assert r.status_code == 400 and "bilangan bulat" in r.content.decode()
    # every field within bounds, but together above the parent: the service's message on the form
    kids = {c: w for c, _n, w in allocation_children(t)}
    big = {f"ov_{c.replace('.', '_')}": str(w) for c, w in kids.items()}
    r = client.post(f"/target/{t.id}/alokasi/", {"rule": "equal_rate", **big})
    assert r.status_code == 400 and "melebihi target induk" in r.content.decode()
    assert not Target.objects.filter(parent=t).exists()


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
    # asking for another area's forecast: not found
    r = client.get(f"/target/?t={t.id}&area={codes[1]}")
    assert r.status_code == 404 and "forecast-summary" not in r.content.decode()


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
