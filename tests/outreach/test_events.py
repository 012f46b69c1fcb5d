"""Outreach events (sosialisasi): plan, attendance (sheet with row-level report, ticks from the
worklist), attribution of enrolments within N days, conversion per event/partner/ecosystem, the
calendar per kapanewon, the attendance sheet PDF, the pages and the CLI."""
import io
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import Workbook
from typer.testing import CliRunner

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import Scope
from cakupan.cli import app
from cakupan.errors import UserError
from cakupan.outreach import selectors_events as esel
from cakupan.outreach.models import AttendanceImport, Attendee, Enrolment, Event
from cakupan.outreach.services import (
    enrolment_register,
    event_attendance_import,
    event_attendance_tick,
    event_plan,
    partner_create,
    read_attendance_file,
    worklist_make,
)

from .factories import KAL1, KAL2, KAP, make_run, make_user, nik_for, standard_persons

pytestmark = pytest.mark.django_db
ADMIN = Scope(role="admin")
EVENT_DAY = date(2023, 3, 1)
UNKNOWN_NIK = "3402011506850999"  # valid shape, nobody in the population


@pytest.fixture
def region(db):
    persons = standard_persons()
    make_run(persons)
    return persons


@pytest.fixture
def lurah():
    return partner_create(name="Lurah Poncosari", kind="lurah", area_codes=[KAL1])


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _enrol(person: dict, *, on: date, segment="BPU") -> Enrolment:
    e = enrolment_register(nik=person["nik"], nama=person["nama"], segment=segment, payer="APBDES",
                           month_from=date(2023, 3, 1), month_to=date(2023, 3, 1), income=1_000_000)
    when = timezone.make_aware(timezone.datetime(on.year, on.month, on.day, 10, 0))
    Enrolment.objects.filter(pk=e.pk).update(created_at=when)
    return Enrolment.objects.get(pk=e.pk)


def test_plan_takes_the_setting_and_checks_area_partner_and_scope(region, lurah, settings):
    e = event_plan(name="Sosialisasi Poncosari", on=EVENT_DAY, place="Balai Kalurahan", area_code=KAL1, scope=ADMIN,
                   partner=lurah, team="Ani; Budi ,", ecosystem="rentan")
    assert (e.attribution_days, e.team) == (30, "Ani, Budi")
    settings.CAKUPAN_EVENT_ATTRIBUTION_DAYS = 14
    e2 = event_plan(name="Pasar", on=EVENT_DAY, place="Pasar", area_code=KAP, scope=ADMIN)
    assert e2.attribution_days == 14
    with pytest.raises(UserError) as exc:
        event_plan(name="X", on=EVENT_DAY, place="Balai", area_code=KAL2, scope=ADMIN, partner=lurah)
    assert exc.value.code == "event.partner_area"
    with pytest.raises(UserError) as exc:
        event_plan(name="X", on=EVENT_DAY, place="Balai", area_code=KAL2, scope=Scope(role="kalurahan", area_code=KAL1))
    assert exc.value.code == "event.scope"
    with pytest.raises(UserError) as exc:
        event_plan(name="X", on=date(1999, 1, 1), place="Balai", area_code=KAL1, scope=ADMIN)
    assert exc.value.code == "event.date"
    with pytest.raises(UserError) as exc:
        event_plan(name="X", on=EVENT_DAY, place="Balai", area_code="99.99", scope=ADMIN)
    assert exc.value.code == "event.area"
    with pytest.raises(UserError) as exc:
        event_plan(name="X", on=EVENT_DAY, place="Balai", area_code=KAL1, scope=Scope(role="pimpinan"))
    assert exc.value.code == "event.forbidden"


def test_attendance_sheet_unknown_niks_get_a_row_level_report_and_nothing_is_lost(region):
    p = {x["nama"]: x for x in region}
    event = event_plan(name="Sosialisasi", on=EVENT_DAY, place="Balai", area_code=KAP, scope=ADMIN)
    sheet = _csv("NO;NIK;NAMA",
                 f"1;{p['Warga 8']['nik']};Warga 8",  # row 2: loaded
                 f"2;{UNKNOWN_NIK};Tamu Luar",  # row 3: unknown NIK
                 "",  # row 4: blank, not a row
                 "4;34020115;Salah Ketik",  # row 5: not a NIK
                 f"5;{p['Warga 8']['nik']};Warga 8 lagi",  # row 6: duplicate of row 2
                 f"6;{p['Warga 10']['nik']};Warga 10",  # row 7: other kalurahan (admin: loaded)
                 "7;;Tanpa NIK")  # row 8: missing NIK
    imp = event_attendance_import(event=event, content=sheet, file_name="hadir.csv", scope=ADMIN)
    assert (imp.rows_read, imp.rows_loaded, imp.rows_new, imp.rows_rejected) == (6, 2, 2, 4)
    assert imp.rows_read == imp.rows_loaded + imp.rows_rejected
    report = {r["row_number"]: (r["reason_code"], r["nik"], r["nama"]) for r in imp.rejected}
    assert report[3] == ("attendance.nik_unknown", UNKNOWN_NIK, "Tamu Luar")
    assert report[5][0].startswith("nik.") and report[5][2] == "Salah Ketik"
    assert report[6][0] == "attendance.duplicate" and "baris 2" in imp.rejected[2]["message"]
    assert report[8][0].startswith("nik.")
    assert sorted(Attendee.objects.values_list("nama", flat=True)) == ["Warga 10", "Warga 8"]
    # the same sheet again: idempotent, still every row accounted
    again = event_attendance_import(event=event, content=sheet, file_name="hadir.csv", scope=ADMIN)
    assert (again.rows_loaded, again.rows_new, again.rows_rejected) == (2, 0, 4)
    assert Attendee.objects.count() == 2 and AttendanceImport.objects.count() == 2


def test_attendance_sheet_outside_the_scope_is_rejected_per_row_and_xlsx_is_read(region):
    p = {x["nama"]: x for x in region}
    scope = Scope(role="kalurahan", area_code=KAL1)
    event = event_plan(name="Poncosari", on=EVENT_DAY, place="Balai", area_code=KAL1, scope=scope)
    wb = Workbook()
    ws = wb.active
    ws.append(["Nama Lengkap", "NIK"])
    ws.append(["Warga 9", int(p["Warga 9"]["nik"])])  # a number cell, as Excel keeps it
    ws.append([None, None])
    ws.append(["Warga 11", p["Warga 11"]["nik"]])  # Trimurti: outside the lurah's scope
    buf = io.BytesIO()
    wb.save(buf)
    rows = read_attendance_file(buf.getvalue(), "hadir.xlsx")
    assert [(r.row_number, r.nama) for r in rows] == [(2, "Warga 9"), (4, "Warga 11")]
    imp = event_attendance_import(event=event, content=buf.getvalue(), file_name="hadir.xlsx", scope=scope)
    assert (imp.rows_loaded, imp.rows_rejected) == (1, 1)
    assert imp.rejected[0]["row_number"] == 4 and imp.rejected[0]["reason_code"] == "attendance.scope"


@pytest.mark.parametrize("content,code", [
    (b"NAMA,ALAMAT\nWarga,Jalan\n", "attendance.headers"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "attendance.xls"),
    (b"PK\x03\x04broken", "attendance.xlsx"),
    (b"   ", "attendance.empty"),
])
def test_a_file_that_is_not_an_attendance_sheet_is_refused_whole(region, content, code):
    event = event_plan(name="E", on=EVENT_DAY, place="Balai", area_code=KAP, scope=ADMIN)
    with pytest.raises(UserError) as exc:
        event_attendance_import(event=event, content=content, file_name="x", scope=ADMIN)
    assert exc.value.code == code and "\n" not in str(exc.value)
    assert AttendanceImport.objects.count() == 0


def test_no_attendance_before_the_event(region):
    event = event_plan(name="Nanti", on=timezone.localdate() + timedelta(days=5), place="Balai", area_code=KAP,
                       scope=ADMIN)
    with pytest.raises(UserError) as exc:
        event_attendance_import(event=event, content=_csv("NIK", nik_for(8)), file_name="h.csv", scope=ADMIN)
    assert exc.value.code == "event.future"


def test_ticks_from_the_worklist(region, lurah):
    scope = Scope(role="kalurahan", area_code=KAL1)
    wl = worklist_make(partner=lurah, area_code=KAL1, scope=scope)
    other = worklist_make(partner=partner_create(name="Perisai", kind="perisai"), area_code=KAL2, scope=ADMIN)
    event = event_plan(name="Poncosari", on=EVENT_DAY, place="Balai", area_code=KAL1, scope=scope, worklist=wl)
    items = list(wl.items.order_by("rank"))
    assert event_attendance_tick(event=event, item_ids=[items[0].pk, items[1].pk], scope=scope) == 2
    assert event_attendance_tick(event=event, item_ids=[items[0].pk], scope=scope) == 0  # already present
    with pytest.raises(UserError) as exc:
        event_attendance_tick(event=event, item_ids=[other.items.first().pk], scope=scope)
    assert exc.value.code == "attendance.items"
    a = Attendee.objects.get(nik=items[0].nik)
    assert (a.source, a.worklist_item_id, a.status) == ("worklist", items[0].pk, items[0].status)
    # who came was reached: 'dihubungi' on the event's date, unless the item had an outcome already
    items[2].outcome, items[2].outcome_date = "menolak", date(2023, 2, 20)
    items[2].save()
    event_attendance_import(event=event, content=_csv("NIK", items[2].nik, items[3].nik), file_name="h.csv", scope=scope)
    outcomes = {i.nik: (i.outcome, i.outcome_date) for i in wl.items.all()}
    assert outcomes[items[0].nik] == outcomes[items[3].nik] == ("dihubungi", EVENT_DAY)
    assert outcomes[items[2].nik] == ("menolak", date(2023, 2, 20))
    assert outcomes[items[4].nik] == ("", None)


def test_attribution_within_n_days_last_touch_and_conversion(region, lurah):
    p = {x["nama"]: x for x in region}
    pasar = partner_create(name="DKUKMPP", kind="dkukmpp")
    e1 = event_plan(name="Balai", on=EVENT_DAY, place="Balai", area_code=KAL1, scope=ADMIN, partner=lurah,
                    ecosystem="rentan")
    e2 = event_plan(name="Pasar", on=date(2023, 3, 10), place="Pasar", area_code=KAP, scope=ADMIN, partner=pasar,
                    ecosystem="pasar", attribution_days=5)
    sheet1 = _csv("NIK,NAMA", *(f"{p[n]['nik']},{n}" for n in ("Warga 8", "Warga 9", "Warga 5", "Warga 2", "Warga 12")))
    event_attendance_import(event=e1, content=sheet1, file_name="1.csv", scope=ADMIN)
    sheet2 = _csv("NIK,NAMA", *(f"{p[n]['nik']},{n}" for n in ("Warga 9", "Warga 6")))
    event_attendance_import(event=e2, content=sheet2, file_name="2.csv", scope=ADMIN)
    _enrol(p["Warga 8"], on=date(2023, 3, 31))  # day 30 after e1: counts
    _enrol(p["Warga 12"], on=date(2023, 4, 1))  # day 31: too late
    _enrol(p["Warga 5"], on=date(2023, 3, 5))  # reactivation, counts for e1
    _enrol(p["Warga 9"], on=date(2023, 3, 12))  # at both: the later event (e2, day 2) takes it
    _enrol(p["Warga 6"], on=date(2023, 3, 16))  # day 6 after e2 (5 days): not counted
    credited = esel.attributions(events=Event.objects.all())
    assert set(credited[e1.pk]) == {p["Warga 8"]["nik"], p["Warga 5"]["nik"]}
    assert set(credited[e2.pk]) == {p["Warga 9"]["nik"]}
    by_event = {c.key: c for c in esel.conversion(scope=ADMIN, by="event")}
    c1 = by_event[str(e1.pk)]
    # Warga 2 was active when she came: not eligible
    assert (c1.attendees, c1.active, c1.eligible, c1.enrolled, c1.new, c1.reactivated) == (5, 1, 4, 2, 1, 1)
    assert c1.pct == 50.0
    assert by_event[str(e2.pk)].pct == 50.0
    by_partner = {c.label: c for c in esel.conversion(scope=ADMIN, by="partner")}
    assert (by_partner["Lurah Poncosari"].enrolled, by_partner["DKUKMPP"].enrolled) == (2, 1)
    by_eco = {c.key: c for c in esel.conversion(scope=ADMIN, by="ecosystem")}
    assert set(by_eco) == {"rentan", "pasar"} and by_eco["pasar"].attendees == 2
    # a lurah of Poncosari sees only Poncosari's events and people
    mine = esel.conversion(scope=Scope(role="kalurahan", area_code=KAL1), by="event")
    assert [c.key for c in mine] == [str(e1.pk)] and mine[0].attendees == 5


def test_calendar_of_upcoming_events_per_kapanewon(region):
    today = timezone.localdate()
    event_plan(name="Lalu", on=today - timedelta(days=1), place="Balai", area_code=KAL1, scope=ADMIN)
    a = event_plan(name="Minggu depan", on=today + timedelta(days=7), place="Balai", area_code=KAL2, scope=ADMIN)
    b = event_plan(name="Besok", on=today + timedelta(days=1), place="Kantor", area_code=KAP, scope=ADMIN)
    cal = esel.calendar(scope=ADMIN)
    assert [(code, [e.pk for e in evs]) for code, evs in cal] == [(KAP, [b.pk, a.pk])]
    assert esel.calendar(scope=Scope(role="kalurahan", area_code=KAL1)) == []


def _login(client, username, **kw):
    make_user(username, **kw)
    client.login(username=username, password="rahasia-123")


def test_pages_plan_upload_tick_and_pdf(client, region, lurah):
    p = {x["nama"]: x for x in region}
    _login(client, "lurah1", role="kalurahan", area_code=KAL1)
    from cakupan.accounts.scope import scope_for
    from django.contrib.auth import get_user_model

    scope = scope_for(get_user_model().objects.get(username="lurah1"))
    wl = worklist_make(partner=lurah, area_code=KAL1, scope=scope)
    page = client.get("/outreach/sosialisasi/")
    assert page.status_code == 200 and "Rencanakan kegiatan" in page.content.decode()
    r = client.post("/outreach/sosialisasi/rencana/", {"name": "Sosialisasi Poncosari", "date": "2023-03-01",
                                                         "place": "Balai Kalurahan", "area": KAL1, "partner": lurah.pk,
                                                         "worklist": wl.pk, "team": "Ani", "attribution_days": ""})
    event = Event.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/outreach/sosialisasi/{event.pk}/")
    assert event.attribution_days == 30 and event.worklist_id == wl.pk
    bad = client.post("/outreach/sosialisasi/rencana/", {"name": "X", "date": "2023-03-01", "place": "B", "area": KAL2})
    assert bad.status_code == 400 and Event.objects.count() == 1
    buf = io.BytesIO(_csv("NIK,NAMA", f"{p['Warga 9']['nik']},Warga 9", f"{UNKNOWN_NIK},Tamu"))
    buf.name = "hadir.csv"
    client.post(f"/outreach/sosialisasi/{event.pk}/hadir/", {"file": buf})
    html = client.get(f"/outreach/sosialisasi/{event.pk}/").content.decode()
    assert "2 baris = 1 tercatat hadir (1 baru) + 1 ditolak" in html
    assert 'data-reason="attendance.nik_unknown"' in html and "3402********" in html
    assert UNKNOWN_NIK not in html  # a rejected row's NIK is masked too
    assert p["Warga 9"]["nik"] not in html  # masked for a kalurahan officer
    item = wl.items.get(nik=p["Warga 8"]["nik"])
    client.post(f"/outreach/sosialisasi/{event.pk}/centang/", {"item": [str(item.pk)]})
    assert event.attendees.count() == 2
    assert AuditLog.objects.filter(action="view_persons", detail__event=event.pk).exists()
    pdf = client.get(f"/outreach/sosialisasi/{event.pk}/daftar-hadir.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert AuditLog.objects.filter(action="export_persons", detail__event=event.pk,
                                   detail__purpose="sosialisasi").exists()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True,
                              check=True).stdout.decode()
        assert "Warga 8" in text and "Sosialisasi Poncosari" in text and "3402********" in text
    # another kalurahan's officer cannot open it
    client.logout()
    _login(client, "lurah2", role="kalurahan", area_code=KAL2)
    assert client.get(f"/outreach/sosialisasi/{event.pk}/").status_code == 404
    _login(client, "boss", role="pimpinan")
    assert client.get("/outreach/sosialisasi/").status_code == 403


def test_cli_plan_attend_conversion_sheet(region, lurah, tmp_path):
    runner = CliRunner()
    p = {x["nama"]: x for x in region}

    def run(*args, code=0):
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return " ".join(result.output.split())

    assert "atribusi 30 hari" in run("event", "plan", "--name", "Sosialisasi", "--date", "2023-03-01", "--place", "Balai",
                                     "--area", KAL1, "--partner", "Lurah Poncosari")
    event = Event.objects.get()
    sheet = tmp_path / "hadir.csv"
    sheet.write_bytes(_csv("NIK;NAMA", f"{p['Warga 8']['nik']};Warga 8", f"{UNKNOWN_NIK};Tamu"))
    out = run("event", "attend", str(event.pk), str(sheet), code=1)
    assert "2 baris = 1 tercatat hadir (1 baru) + 1 ditolak" in out and "attendance.nik_unknown" in out
    _enrol(p["Warga 8"], on=date(2023, 3, 3))
    assert "100,00" in run("event", "conversion", "--by", "partner")
    assert "Sosialisasi" in run("event", "list")
    pdf = tmp_path / "hadir.pdf"
    run("event", "sheet", str(event.pk), str(pdf))
    assert pdf.read_bytes()[:4] == b"%PDF"
    result = runner.invoke(app, ["event", "attend", "999", str(sheet)])
    assert result.exit_code != 0


def test_events_page_speaks_english_when_asked(client, region):
    _login(client, "analis", role="analis")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/outreach/sosialisasi/").content.decode()
    assert "Plan an event" in html and "Upcoming events per kapanewon" in html


def test_subject_access_report_lists_events_and_rejected_sheet_rows(region):
    from cakupan.outreach.selectors import person_data

    event = event_plan(name="Sosialisasi", on=EVENT_DAY, place="Balai", area_code=KAP, scope=ADMIN)
    event_attendance_import(event=event, content=_csv("NIK,NAMA", f"{nik_for(8, birth=date(1982, 6, 15))},Warga 8",
                                                      f"{UNKNOWN_NIK},Tamu"), file_name="h.csv", scope=ADMIN)
    known = Attendee.objects.get().nik
    assert [a["name"] for a in person_data(nik=known)["events_attended"]] == ["Sosialisasi"]
    rejected = person_data(nik=UNKNOWN_NIK)["attendance_rejected"]
    assert [(r["row_number"], r["reason_code"]) for r in rejected] == [(3, "attendance.nik_unknown")]


NASTY = ["9" * 30, "-1", "0000-01-01", "9999-12-31", "abc", "1e400", "\x00", "x" * 5000, "34.02.01.2001'--", ""]


def test_every_event_field_given_nonsense_never_500(client, region, lurah):
    _login(client, "analis", role="analis")
    event = event_plan(name="E", on=EVENT_DAY, place="Balai", area_code=KAL1, scope=ADMIN, partner=lurah,
                       worklist=worklist_make(partner=lurah, area_code=KAL1, scope=ADMIN))
    base = {"name": "S", "date": "2023-03-01", "place": "Balai", "area": KAL1, "ecosystem": "", "partner": str(lurah.pk),
            "team": "", "worklist": "", "attribution_days": "30"}
    for field in base:
        for value in NASTY:
            r = client.post("/outreach/sosialisasi/rencana/", base | {field: value})
            assert r.status_code in (302, 400), (field, value, r.status_code)
    for value in NASTY:
        assert client.post(f"/outreach/sosialisasi/{event.pk}/centang/", {"item": value}).status_code == 302
        assert client.get("/outreach/sosialisasi/", {"page": value}).status_code in (200, 400)  # NUL: 400
        assert client.get(f"/outreach/sosialisasi/{event.pk}/", {"page": value}).status_code in (200, 400)
        f = io.BytesIO(value.encode("utf-8", "replace"))
        f.name = "x.csv"
        assert client.post(f"/outreach/sosialisasi/{event.pk}/hadir/", {"file": f}).status_code == 302
    assert client.get("/outreach/sosialisasi/999999/").status_code == 404
    assert client.post("/outreach/sosialisasi/999999/hadir/").status_code == 404
