"""Pages an officer cannot break: unknown or out-of-scope ids answer 404, nonsense is refused by
the form (message next to the field) and by the service, Indonesian numbers are accepted, the
status agrees with the forecast, and each user lands on the target of their own area."""
import re
from datetime import date
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from cakupan.accounts.scope import Scope
from cakupan.accounts.services import user_create
from cakupan.cli import app
from cakupan.errors import UserError
from cakupan.targets.forecasting import forecast_area
from cakupan.targets.forms import parse_jumlah, parse_persen
from cakupan.targets.models import Target
from cakupan.targets.selectors import allocation_children, target_for, target_summary, target_table
from cakupan.targets.services import target_allocate, target_set
from cakupan.targets.tracking import latest_due, status_of

from .factories import make_region

PASSWORD = "rahasia-panjang-1"
AS_OF = date(2023, 2, 27)
DUE = date(2023, 12, 31)


@pytest.fixture
def region(db):
    codes, figs, run = make_region()
    t = target_set(area_code="34.02", value_pct=40, due=DUE, baseline_as_of=AS_OF)
    return codes, t


def login(client, username, role, **kw):
    user_create(username=username, role=role, password=PASSWORD, **kw)
    assert client.login(username=username, password=PASSWORD)
    return client


def field_errors(page: str, name: str) -> str:
    """The text of the form field's <div class="field"> (label, input, help and its errors)."""
    m = re.search(r'<div class="field">(?:(?!</div>).)*name="%s"(?:(?!</div>).)*</div>' % re.escape(name), page, re.S)
    assert m, f"no field {name}"
    return m.group(0)


def new_target(**kw):
    data = {"area_code": "34.02", "value_pct": "40", "due": "2023-12-31", "baseline_as_of": "2023-02-27"}
    data.update(kw)
    return data


# --- 1. ids that do not exist or lie outside the scope: 404, never 500 -----------------------------

@pytest.mark.django_db
def test_unknown_ids_answer_404(client, region):
    codes, t = region
    target_allocate(target_id=t.id, rule="equal_rate")
    child = t.children.first()
    login(client, "ana", "analis")
    assert client.post("/target/999999/alokasi/", {"rule": "equal_rate"}).status_code == 404
    for query in ("t=999999", "t=abc", f"t={child.id}", "area=34.02.99", "area=%3Cscript%3E",
                  f"t={t.id}&area=34.99"):
        assert client.get(f"/target/?{query}").status_code == 404, query
    assert client.post("/target/baru/", new_target(area_code="99.99")).status_code == 404
    assert not Target.objects.filter(area_id="99.99").exists()
    assert client.get(f"/target/?t={t.id}&area={codes[2]}").status_code == 200


@pytest.mark.django_db
def test_ids_outside_the_scope_answer_404(client, region):
    codes, t = region
    other = target_set(area_code="34.02.03", value_pct=35, due=DUE, baseline_as_of=AS_OF)
    login(client, "lurah", "kalurahan", area_code=codes[0])
    assert client.get(f"/target/?t={other.id}").status_code == 404
    assert client.get(f"/target/?t={t.id}&area={codes[5]}").status_code == 404
    assert client.get(f"/target/?t={t.id}&area={codes[0]}").status_code == 200
    assert client.post(f"/target/{other.id}/alokasi/", {"rule": "equal_rate"}).status_code == 403  # not an editor


# --- 2. nonsense refused by the form (next to the field) and by the service ------------------------

@pytest.mark.django_db
def test_override_zero_or_above_workforce_is_refused(client, region):
    codes, t = region
    login(client, "ana", "analis")
    workforce = {c: w for c, _n, w in allocation_children(t)}
    for value, words in (("0", "Isi antara 1 dan"), (str(workforce["34.02.01"] + 1), "Isi antara 1 dan"),
                         ("-5", "bilangan bulat"), ("12,5", "bilangan bulat")):
        r = client.post(f"/target/{t.id}/alokasi/", {"rule": "equal_rate", "ov_34_02_01": value})
        assert r.status_code == 400, value
        field = field_errors(r.content.decode(), "ov_34_02_01")
        assert words in field and 'class="error"' in field, value
    assert not Target.objects.filter(parent=t).exists()
    for bad in (0, workforce["34.02.01"] + 1, -1):
        with pytest.raises(UserError) as exc:
            target_allocate(target_id=t.id, rule="equal_rate", overrides={"34.02.01": bad})
        assert exc.value.code == "target.override_range"
        assert "Kapanewon 1" in str(exc.value)  # the area's name, not its code
    assert not Target.objects.filter(parent=t).exists()


@pytest.mark.django_db
def test_far_due_date_is_refused_by_form_service_and_cli(client, region, monkeypatch):
    login(client, "adm", "admin")
    r = client.post("/target/baru/", new_target(due="9999-12-31"))
    assert r.status_code == 400
    assert "paling lambat 10 tahun" in field_errors(r.content.decode(), "due")
    r = client.post("/target/baru/", new_target(due="2023-01-31"))
    assert "harus setelah tanggal dasar" in field_errors(r.content.decode(), "due")
    with pytest.raises(UserError) as exc:
        target_set(area_code="34.02", value_pct=40, due=date(9999, 12, 31), baseline_as_of=AS_OF)
    assert exc.value.code == "target.due_far"
    target_set(area_code="34.02", value_pct=40, due=latest_due(AS_OF), baseline_as_of=AS_OF)  # the bound itself
    import cakupan.home

    monkeypatch.setattr(cakupan.home, "_READY", True)
    out = CliRunner().invoke(app, ["target", "set", "--area", "34.02", "--pct", "40", "--due", "9999-12-31",
                                   "--baseline", "2023-02-27"])
    assert out.exit_code != 0 and "10 tahun" in out.output + str(out.exception)
    assert not Target.objects.filter(due=date(9999, 12, 31)).exists()


@pytest.mark.django_db
def test_percent_bounds_and_baseline_after_the_data(client, region):
    login(client, "adm", "admin")
    for value, words in (("0", "lebih dari 0"), ("100,5", "paling tinggi 100"), ("abc", "misalnya 40"),
                         ("40,555", "dua angka"), ("", "")):
        r = client.post("/target/baru/", new_target(value_pct=value))
        assert r.status_code == 400, value
        assert words in field_errors(r.content.decode(), "value_pct")
    r = client.post("/target/baru/", new_target(baseline_as_of="2030-01-01", due="2031-01-01"))
    assert "tanggal data terakhir" in field_errors(r.content.decode(), "baseline_as_of")
    assert Target.objects.count() == 1
    for kw in ({"value_pct": 0}, {"value_pct": 100.5}):
        with pytest.raises(UserError):
            target_set(area_code="34.02", due=DUE, baseline_as_of=AS_OF, **kw)
    with pytest.raises(UserError) as exc:
        target_set(area_code="34.02", value_pct=40, due=date(2031, 1, 1), baseline_as_of=date(2030, 1, 1))
    assert exc.value.code == "target.baseline_future"


@pytest.mark.django_db
def test_service_refusal_is_shown_on_the_form_without_developer_text(client, region):
    login(client, "adm", "admin")
    r = client.post("/target/baru/", new_target(baseline_as_of="2020-01-01", due="2020-12-31"))
    assert r.status_code == 400
    field = field_errors(r.content.decode(), "baseline_as_of")
    assert "Belum ada angka cakupan untuk Bantul per 1 Januari 2020" in field
    assert "`" not in field and "cakupan link" not in field


# --- 3. Indonesian input ---------------------------------------------------------------------------

def test_parse_indonesian_numbers():
    assert parse_persen("40") == Decimal("40") and parse_persen("40,5") == Decimal("40.5")
    assert parse_persen("40 %") == Decimal("40") and parse_persen("40,25\u00a0%") == Decimal("40.25")
    assert parse_jumlah("6.000") == 6000 and parse_jumlah("6000") == 6000 and parse_jumlah("1.234.567") == 1234567
    for bad in ("6,5", "6.00", "abc", "-1", "", "1e3"):
        with pytest.raises(ValueError):
            parse_jumlah(bad)
    for bad in ("abc", "-5", "", "4O"):
        with pytest.raises(ValueError):
            parse_persen(bad)
    assert latest_due(date(2024, 2, 29)) == date(2034, 2, 28) and latest_due(AS_OF) == date(2033, 2, 27)


@pytest.mark.django_db
def test_percent_and_count_typed_the_indonesian_way(client, region):
    codes, t = region
    login(client, "adm", "admin")
    for typed, stored in (("40,5", Decimal("40.50")), ("35 %", Decimal("35.00"))):
        r = client.post("/target/baru/", new_target(area_code="34.02.01", value_pct=typed))
        assert r.status_code == 302, typed
        assert Target.objects.filter(area_id="34.02.01").latest("id").value == stored
    page = client.get(f"/target/?t={t.id}").content.decode()
    assert '<option value="34.02.02">\u2003Kapanewon 2</option>' in page  # areas chosen by name
    r = client.post(f"/target/{t.id}/alokasi/", {"rule": "equal_rate", "ov_34_02_02": "6.000", "ov_34_02_03": ""})
    assert r.status_code == 302
    kid = t.children.get(area_id="34.02.02")
    assert kid.target_count == 6000 and kid.manual_override
    assert not t.children.get(area_id="34.02.03").manual_override  # empty = no override


# --- 4. the status agrees with the forecast the page shows -----------------------------------------

@pytest.mark.django_db
def test_status_is_judged_on_the_forecast_shown(client, region):
    codes, t = region
    target_allocate(target_id=t.id, rule="equal_rate")
    s = target_for("34.02", AS_OF)
    fc = forecast_area(area_code="34.02", origin=AS_OF, to=DUE)
    assert s.forecast_at_due == fc.at_due[0] < s.target_count
    assert s.actual >= s.expected_to_date  # on the path today, but the forecast falls short
    assert s.status != "hijau" and target_summary("34.02", AS_OF)["status"] == s.status
    login(client, "adm", "admin")
    page = client.get(f"/target/?t={t.id}").content.decode()
    row = re.search(r'<tr class="lvl-kabupaten" data-area="34.02">.*?</tr>', page, re.S).group(0)
    assert f'data-status="{s.status}"' in row and "sesuai jalur" not in row
    # every row of the table: status from its own forecast, as the page's forecast of that area
    for tt, st in target_table(target=t, as_of=AS_OF, scope=Scope(role="admin")):
        f = forecast_area(area_code=tt.area_id, origin=AS_OF, to=DUE)
        assert st.forecast_at_due == f.at_due[0]
        assert st.status == status_of(baseline_active=tt.baseline_active, expected=st.expected_to_date,
                                      actual=st.actual, target_count=tt.target_count, forecast_at_due=f.at_due[0])
        if f.at_due[0] < tt.target_count:
            assert st.status != "hijau"
        assert target_summary(tt.area_id, AS_OF)["status"] == st.status


@pytest.mark.django_db
def test_reachable_target_is_on_track(region):
    codes, t = region
    easy = target_set(area_code="34.02.01", value_count=t.baseline_active // 10, due=DUE, baseline_as_of=AS_OF)
    s = target_for("34.02.01", AS_OF)
    assert s.target_id == easy.id and s.forecast_at_due >= s.target_count and s.status == "hijau"
    assert target_summary("34.02.01", AS_OF)["status"] == "hijau"


def test_status_of_takes_the_worse_of_path_and_forecast():
    kw = dict(baseline_active=1000, expected=1000, actual=1000, target_count=2000)
    assert status_of(**kw, forecast_at_due=2000) == "hijau"
    assert status_of(**kw, forecast_at_due=1900) == "kuning"
    assert status_of(**kw, forecast_at_due=1899) == "merah"
    assert status_of(baseline_active=1000, expected=2000, actual=1000, target_count=3000,
                     forecast_at_due=5000) == "merah"


# --- 5. each user lands on the target of their own area --------------------------------------------

@pytest.fixture
def three_targets(region):
    codes, t1 = region
    target_allocate(target_id=t1.id, rule="equal_rate")
    t2 = target_set(area_code="34.02", value_pct=45, due=DUE, baseline_as_of=AS_OF)  # newer, not allocated
    t3 = target_set(area_code="34.02.03", value_pct=35, due=DUE, baseline_as_of=AS_OF)  # newest root
    return codes, t1, t2, t3


def current_tab(page: str) -> str:
    return re.search(r'<a href="\?t=(\d+)" aria-current="page">', page).group(1)


@pytest.mark.django_db
def test_kalurahan_operator_lands_on_the_target_of_their_kalurahan(client, three_targets):
    codes, t1, t2, t3 = three_targets
    login(client, "lurah", "kalurahan", area_code=codes[0])
    page = client.get("/target/").content.decode()
    assert current_tab(page) == str(t1.id)
    assert f'data-area="{codes[0]}"' in page and "belum dialokasikan" not in page
    mine = Target.objects.get(area_id=codes[0], parent__parent=t1)
    assert target_summary(codes[0], AS_OF)["count"] == mine.target_count  # the dashboard's figure
    assert f"{mine.target_count:,}".replace(",", ".") in page


@pytest.mark.django_db
def test_others_land_on_their_own_area_target(client, three_targets):
    codes, t1, t2, t3 = three_targets
    login(client, "adm", "admin")
    assert current_tab(client.get("/target/").content.decode()) == str(t2.id)  # not the newest root t3
    assert target_summary("34.02", AS_OF)["count"] == t2.target_count
    client.logout()
    login(client, "panewu", "kapanewon", area_code="34.02.03")
    assert current_tab(client.get("/target/").content.decode()) == str(t3.id)
    assert target_summary("34.02.03", AS_OF)["count"] == t3.target_count
    client.logout()
    login(client, "panewu1", "kapanewon", area_code="34.02.01")
    page = client.get("/target/").content.decode()
    assert current_tab(page) == str(t1.id) and 'data-area="34.02.01"' in page


@pytest.mark.django_db
def test_operator_without_an_allocated_target_is_told_so(client, region):
    codes, t = region
    login(client, "lurah", "kalurahan", area_code=codes[0])
    page = client.get("/target/").content.decode()
    assert "belum dialokasikan ke wilayah Anda" in page


# --- 6. no developer text --------------------------------------------------------------------------

@pytest.mark.django_db
def test_no_developer_text_on_the_page(client, region):
    codes, t = region
    target_allocate(target_id=t.id, rule="proportional_uncovered")
    login(client, "ana", "analis")
    page = client.get(f"/target/?t={t.id}&area=34.02.01").content.decode()
    text = re.sub(r"<[^>]+>", " ", page)  # what the officer reads (attributes left out)
    for dev in ("proportional_uncovered", "equal_rate", "docs/", ".py", "cakupan link", "--", "KODE=JUMLAH",
                "34.02.01"):
        assert dev not in text, dev
    assert "Sebanding dengan pekerja yang belum tercakup" in text
    assert "Ramalan peserta aktif — Kapanewon 1" in text


@pytest.mark.django_db
def test_a_stored_far_due_date_does_not_make_the_page_slow(client, region):
    import time

    codes, t = region
    Target.objects.filter(id=t.id).update(due=date(9999, 12, 31))  # a row stored before the bound existed
    login(client, "ana", "analis")
    start = time.monotonic()
    r = client.get(f"/target/?t={t.id}")
    assert r.status_code == 200 and time.monotonic() - start < 5
    page = r.content.decode()
    assert "tidak diramal" in page and len(page) < 200_000
    assert target_summary("34.02", AS_OF)["forecast_at_due"] is None


@pytest.mark.django_db
def test_english_page_and_messages(client, region):
    codes, t = region
    login(client, "adm", "admin")
    client.post("/i18n/setlang/", {"language": "en", "next": "/target/"})
    page = client.get(f"/target/?t={t.id}").content.decode()
    assert "Forecast for the due date" in page and "workforce 8,950" in page
    r = client.post("/target/baru/", new_target(due="9999-12-31", value_pct="0"))
    page = r.content.decode()
    assert "at most 10 years after the baseline date" in field_errors(page, "due")
    assert "above 0 and at most 100" in field_errors(page, "value_pct")
