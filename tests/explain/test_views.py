"""The person page in the browser (/orang/, /orang/<token>/): find a person by NIK, KPJ or name +
birth date, read the sentences; no NIK in any address; scoped, masked, audited; never a 500."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.conf import settings

from cakupan.accounts.models import AuditLog
from cakupan.explain import views

from .world import KPJ, N, _person

pytestmark = pytest.mark.django_db
TWIN = "3402015212700099"  # a second SUKIRNO born the same day (added by the `twin` fixture)
NOT_THERE = "3402019999990001"


@pytest.fixture
def client_for(client, users):
    def login(name):
        client.force_login(users[name])
        return client
    return login


@pytest.fixture
def twin(world):
    """Two people answer "sukirno, 12 Desember 1970": the search lists both."""
    path = Path(settings.CAKUPAN_HOME) / world.run.run_dir / "person_status.parquet"
    rows = pq.read_table(path).to_pylist()
    rows.append(_person(TWIN, "SUKIRNO ADI", date(1970, 12, 12)))
    pq.write_table(pa.Table.from_pylist(rows), path)
    return world


def html(resp) -> str:
    return resp.content.decode()


def codes(page: str) -> list[str]:
    return re.findall(r'data-code="([^"]+)"', page)


def error(page: str) -> str:
    m = re.search(r'id="explain-error">([^<]*)<', page)
    return m.group(1) if m else ""


def find(c, **data):
    return c.post("/orang/", data)


def open_person(c, nik):
    resp = find(c, nik=nik)
    assert resp.status_code == 302, html(resp)[:2000]
    return resp["Location"]


def test_search_by_nik_opens_the_person_page_and_no_address_holds_the_nik(client_for, world):
    c = client_for("kalurahan")
    url = open_person(c, N.CARD_UNLINKED)
    assert re.fullmatch(r"/orang/[A-Za-z0-9_-]{8,32}/", url)
    assert N.CARD_UNLINKED not in url and "0012" not in url
    page = html(c.get(url))
    assert "SUKIRNO" in page and "Proses 27 Februari 2023" in page
    assert "link.card_unlinked" in codes(page) and "status.none" in codes(page)
    assert "SUKIRMAN HADI" in page and "Perbaiki datanya di BPJS Ketenagakerjaan" in page
    assert "belum terlindungi" in page
    assert 'href="/aturan/"' in page and "Aturan di balik angka" in page
    # every link on the page: no NIK, only tokens and run ids
    links = re.findall(r'(?:href|action)="([^"]*)"', page)
    assert links and not any(re.search(r"\d{12,}", u) for u in links)
    assert "12 Desember 1970" in page and "Poncosari" in page and "Srandakan" in page


def test_the_same_person_keeps_one_token(client_for, world):
    c = client_for("analis")
    assert open_person(c, N.EXACT) == open_person(c, N.EXACT)
    assert open_person(c, N.EXACT) != open_person(c, N.LAPSED)


def test_search_by_name_and_birth_date_lists_the_hits(client_for, twin):
    c = client_for("analis")
    resp = find(c, nama="sukirno", lahir="1970-12-12")
    assert resp.status_code == 200
    page = html(resp)
    rows = re.findall(r'<tr>\s*<td class="name"[^>]*><a href="(/orang/[^"]+/)">([^<]+)</a>', page)
    assert sorted(n for _u, n in rows) == ["SUKIRNO", "SUKIRNO ADI"]
    assert "2 orang ditemukan" in page and page.count("12 Desember 1970") >= 2 and "Poncosari" in page
    assert N.CARD_UNLINKED in page and TWIN in page  # analis sees the full NIK
    assert "Belum terdaftar" in page
    url = dict((n, u) for u, n in rows)["SUKIRNO ADI"]
    assert TWIN not in url
    person = html(c.get(url))
    assert "SUKIRNO ADI" in person and "link.none" in codes(person)
    # one hit goes straight to the page; a date in day-month-year is read too
    assert find(c, nama="wahyu", lahir="1985-06-06").status_code == 302
    assert find(c, nama="wahyudi", lahir="06-06-1985").status_code == 302


def test_search_by_kpj(client_for, world):
    c = client_for("analis")
    resp = find(c, kpj=KPJ[N.LAPSED])
    assert resp.status_code == 302
    assert "status.lapsed" in codes(html(c.get(resp["Location"])))


def test_kalurahan_operator_sees_masked_niks_and_only_its_own_people(client_for, twin):
    c = client_for("kalurahan")
    page = html(find(c, nama="sukirno", lahir="1970-12-12"))
    assert "3402********0012" in page and "3402********0099" in page
    assert N.CARD_UNLINKED not in page and TWIN not in page
    person = html(c.get(open_person(c, N.EXACT)))
    assert "3402********0001" in person and N.EXACT not in person
    # a person of the other kapanewon's kalurahan: the very message of a NIK nobody has
    elsewhere, nobody = find(c, nik=N.OTHER_KAL), find(c, nik=NOT_THERE)
    assert elsewhere.status_code == nobody.status_code == 200
    assert error(html(elsewhere)) and error(html(elsewhere)) == error(html(nobody))
    assert "SRI RAHAYU" not in html(elsewhere)
    assert error(html(find(c, kpj=KPJ[N.OTHER_KAL]))) == error(html(nobody))
    assert error(html(find(c, nama="sri rahayu", lahir="1990-01-13"))) == error(html(nobody))
    # her own operator finds her
    other = client_for("kalurahan_b")
    assert "SRI RAHAYU" in html(other.get(open_person(other, N.OTHER_KAL)))


def test_a_card_whose_nik_is_not_in_the_population(client_for, world):
    """An office-wide role finds a NIK that only a membership card carries; an area operator does not."""
    card_only = "3402014303820030"  # the NIK written on Siti Aminah's card (linked to her by name and birth)
    c = client_for("analis")
    page = html(c.get(open_person(c, card_only)))
    assert "(tidak ada di data kependudukan)" in page and "workforce.not_in_population" in codes(page)
    assert "link.card_elsewhere" in codes(page) and "status" not in re.findall(r'data-section="([^"]+)"', page)
    kal = client_for("kalurahan")
    assert error(html(find(kal, nik=card_only))) == error(html(find(kal, nik=NOT_THERE)))


def test_mitra_sees_only_its_ecosystem(client_for, world):
    c = client_for("mitra")  # pasar
    assert "ecosystem.roster" in codes(html(c.get(open_person(c, N.ROSTER))))
    assert find(c, nik=N.EXACT).status_code == 200  # not a pasar worker: not found
    assert error(html(find(c, nik=N.EXACT))) == error(html(find(c, nik=NOT_THERE)))


def test_pimpinan_is_refused_and_sees_no_link(client_for, world):
    kal = client_for("kalurahan")
    url = open_person(kal, N.EXACT)
    assert 'href="/orang/"' in html(kal.get("/"))
    before = AuditLog.objects.count()
    c = client_for("pimpinan")
    for resp in (c.get("/orang/"), find(c, nik=N.EXACT), c.get(url)):
        assert resp.status_code == 403
        assert "Tidak diizinkan" in html(resp)
    assert AuditLog.objects.count() == before
    assert 'href="/orang/"' not in html(c.get("/"))


def test_anonymous_goes_to_the_login_page(client, world):
    resp = client.get("/orang/")
    assert resp.status_code == 302 and "/masuk/" in resp["Location"]
    assert client.post("/orang/", {"nik": N.EXACT}).status_code == 302
    assert not AuditLog.objects.filter(action="search_person").exists()


def test_every_search_and_every_page_view_is_audited(client_for, users, world):
    c = client_for("kalurahan")
    url = open_person(c, N.EXACT)
    find(c, nik=NOT_THERE)
    assert AuditLog.objects.filter(username="kalurahan", action="search_person").count() == 2
    c.get(url)
    c.get(url)
    c.get(f"{url}?run={world.run_old.pk}")
    logs = AuditLog.objects.filter(username="kalurahan", action="explain_person").order_by("pk")
    assert logs.count() == 3
    assert all(log.detail["nik"] == "3402********0001" and log.detail["via"] == "web" for log in logs)
    assert [log.detail["run"] for log in logs] == [world.run.pk, world.run.pk, world.run_old.pk]
    assert not AuditLog.objects.filter(detail__icontains=N.EXACT).exists()


def test_an_older_run_is_explained_on_request(client_for, world):
    c = client_for("analis")
    url = open_person(c, N.LAPSED)
    page = html(c.get(url))
    assert "status.lapsed" in codes(page) and "history.status" in codes(page)
    assert f'href="{url}?run={world.run_old.pk}"' in page  # the history links to the older run
    old = html(c.get(f"{url}?run={world.run_old.pk}"))
    assert "Proses 31 Januari 2023" in old and "status.active" in codes(old) and "lihat proses terbaru" in old
    # an unknown or malformed run: the latest
    for value in ("999999", "abc", "-1", str(10**30), ""):
        resp = c.get(f"{url}?run={value}")
        assert resp.status_code == 200 and "Proses 27 Februari 2023" in html(resp)


def test_history_table_and_changes(client_for, world):
    c = client_for("analis")
    page = html(c.get(open_person(c, N.LAPSED)))
    table = page.split('id="person-history"')[1].split("</table>")[0]
    assert "27 Februari 2023" in table and "31 Januari 2023" in table
    assert "Tidak aktif" in table and "Aktif" in table and "BPU" in table
    child = html(c.get(open_person(c, N.CHILD)))
    assert "Di bawah 15 tahun" in child.split('id="person-history"')[1]


def test_unknown_or_foreign_token_asks_to_search_again(client_for, client, users, world):
    c = client_for("analis")
    resp = c.get("/orang/bukan-token-ini/")
    assert resp.status_code == 302 and resp["Location"] == "/orang/"
    page = html(c.get("/orang/"))
    assert "Cari orangnya lagi" in page
    url = open_person(c, N.EXACT)
    client.logout()
    client.force_login(users["kalurahan"])  # another session: the token means nothing there
    assert client.get(url).status_code == 302


HOSTILE = ["\x00", "a\x00b", "x" * 10_000, str(10**30), "-1", "'\"><script>alert(1)</script>", "Ñandú 😀 \u202e",
           "../../etc/passwd", " ", "3402 0141 0180 0001x"]
BAD_DATES = ["0000-00-00", "2023-02-30", "9999-12-31", "99999-01-01", "31-02-2023", "27/13/2023", "abc", "\x00",
             str(10**30)]


@pytest.mark.parametrize("field", ["nik", "kpj", "nama", "lahir"])
def test_hostile_search_input_never_breaks_the_page(client_for, world, field):
    c = client_for("admin")
    for value in HOSTILE + (BAD_DATES if field == "lahir" else []):
        data = {field: value}
        if field == "nama":
            data["lahir"] = "1970-12-12"
        if field == "lahir":
            data["nama"] = "sukirno"
        resp = find(c, **data)
        assert resp.status_code in (200, 302), (field, value[:40], resp.status_code)
        if resp.status_code == 200:
            page = html(resp)
            assert "<script>alert(1)</script>" not in page
            assert error(page) or 'class="error"' in page  # says what is wrong
    assert find(c).status_code == 200 and "Isi NIK, nomor KPJ, atau nama dan tanggal lahir." in html(find(c))
    assert "Isi juga tanggal lahirnya" in html(find(c, nama="sukirno"))
    assert "Tulis paling sedikit 3 huruf nama." in html(find(c, nama="su", lahir="1970-12-12"))
    assert "NIK harus 16 digit." in html(find(c, nik="123"))
    assert c.get("/orang/", {"nik": N.EXACT}).status_code == 200  # a GET never searches
    assert not AuditLog.objects.filter(action="explain_person").exists()


@pytest.mark.parametrize("token", ["x" * 2000, "Ñandú", "'\"><", "0", "-1", "..", " ", "a" * 32, "a" * 33])
def test_hostile_tokens_never_break_the_page(client_for, world, token):
    from urllib.parse import quote

    resp = client_for("admin").get(f"/orang/{quote(token, safe='')}/")
    assert resp.status_code in (302, 404)


def test_without_a_published_run_the_search_says_so(client_for, users, db):
    page = html(client_for("analis").post("/orang/", {"nik": N.EXACT}))
    assert "Belum ada proses cakupan yang selesai" in page


def test_the_session_keeps_at_most_fifty_people():
    request = SimpleNamespace(session={})
    tokens = [views._remember(request, f"34020100000{i:05d}") for i in range(60)]
    stored = request.session[views.SESSION_KEY]
    assert len(stored) == views.SESSION_MAX == 50
    assert tokens[0] not in stored and tokens[-1] in stored
    assert views._remember(request, "3402010000000059") == tokens[-1]
    assert views._recall(request, tokens[-1]) == "3402010000000059"
    assert views._recall(request, tokens[0]) is None and views._recall(request, "\x00") is None


def test_english(client_for, world):
    c = client_for("kalurahan")
    url = open_person(c, N.CARD_UNLINKED)
    page = html(c.get(url, HTTP_ACCEPT_LANGUAGE="en"))  # the browser's language is not followed
    assert "Proses 27 Februari 2023" in page
    c.post("/i18n/setlang/", {"language": "en", "next": url})
    page = html(c.get(url))
    assert 'lang="en"' in page and "Run of 27 February 2023" in page and "Find another person" in page
    assert "History" in page and "Proses 27 Februari 2023" not in page
    assert "link.card_unlinked" in codes(page)
    form = html(c.get("/orang/"))
    assert "Find a person" in form and "or by name and date of birth" in form and "Search" in form
    assert "Fill in a NIK, a KPJ number, or a name and date of birth." in html(find(c))
