"""Outreach events (sosialisasi): plan one, record who came (an attendance sheet, or names ticked
on the event's worklist). Every sheet row is accounted for: read = loaded + rejected, each rejected
row kept with its row number, original values and reason (docs/outreach.md "Outreach events")."""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cakupan.accounts.scope import Scope, audit_record
from cakupan.core.labels import ecosystem_name
from cakupan.core.vocab import ECOSYSTEMS
from cakupan.coverage.models import PersonStatus
from cakupan.coverage.selectors import run_latest
from cakupan.errors import UserError
from cakupan.nik import MESSAGES, parse_nik
from cakupan.wilayah.selectors import area_exists, area_name

from ..models import AttendanceImport, Attendee, Event, Outcome, Partner, Worklist, WorklistItem
from .enrolment_batch import MAX_BATCH_BYTES, NAME_HEADERS, NIK_HEADERS, _norm
from .partners import partner_covers_area

DEFAULT_ATTRIBUTION_DAYS = 30
MAX_TEAM = 300
CHUNK = 2000  # NIKs per IN (...) query: SQLite allows a few tens of thousands of variables


def attribution_days_default() -> int:
    """settings.CAKUPAN_EVENT_ATTRIBUTION_DAYS, 30 when unset."""
    return int(getattr(settings, "CAKUPAN_EVENT_ATTRIBUTION_DAYS", DEFAULT_ATTRIBUTION_DAYS))


def _check_date(on: date) -> None:
    today = timezone.localdate()
    if not date(2000, 1, 1) <= on <= today + timedelta(days=366):
        raise UserError(f"Tanggal kegiatan {on:%d/%m/%Y} di luar batas (sejak 2000 sampai satu tahun ke depan).",
                        code="event.date")


@transaction.atomic
def event_plan(*, name: str, on: date, place: str, area_code: str, scope: Scope, user=None, ecosystem: str = "",
               partner: Partner | None = None, team: str = "", worklist: Worklist | None = None,
               attribution_days: int | None = None) -> Event:
    """Plan an event inside the user's area. A partner must work the area (and the ecosystem);
    a worklist must be one of the user's, inside the event's area."""
    name, place, team = (name or "").strip(), (place or "").strip(), ", ".join(
        t.strip() for t in (team or "").replace(";", ",").split(",") if t.strip())
    if not name:
        raise UserError("Beri nama kegiatan sosialisasi.", code="event.name")
    if not place:
        raise UserError("Isi tempat kegiatan (mis. Balai Kalurahan Poncosari).", code="event.place")
    if len(team) > MAX_TEAM:
        raise UserError(f"Nama tim terlalu panjang (paling banyak {MAX_TEAM} huruf).", code="event.team")
    _check_date(on)
    if not scope.can_see_persons:
        raise UserError("Peran Anda tidak boleh merencanakan sosialisasi.", code="event.forbidden")
    if not area_exists(area_code):
        raise UserError(f"Wilayah '{area_code}' tidak dikenal.", code="event.area")
    if not scope.area_allowed(area_code) or (scope.area_code and len(area_code) < len(scope.area_code)):
        raise UserError(f"Wilayah {area_name(area_code)} di luar wilayah Anda.", code="event.scope")
    if ecosystem and ecosystem not in ECOSYSTEMS.codes:
        raise UserError(f"Ekosistem '{ecosystem}' tidak dikenal.", code="event.ecosystem")
    if scope.role == "mitra" and ecosystem not in scope.ecosystems:
        raise UserError("Pilih salah satu ekosistem Anda untuk kegiatan mitra.", code="event.mitra_ecosystem")
    if partner is not None:
        if not partner_covers_area(partner, area_code):
            raise UserError(f"Mitra {partner.name} tidak bekerja di wilayah {area_name(area_code)}.", code="event.partner_area")
        if ecosystem and partner.ecosystems and ecosystem not in partner.ecosystems:
            raise UserError(f"Mitra {partner.name} tidak bekerja di ekosistem {ecosystem_name(ecosystem)}.",
                            code="event.partner_ecosystem")
    if worklist is not None and not (worklist.area_code == area_code or worklist.area_code.startswith(area_code + ".")
                                     or area_code.startswith(worklist.area_code + ".")):
        raise UserError(f"Daftar kerja #{worklist.pk} bukan untuk wilayah {area_name(area_code)}.", code="event.worklist")
    days = attribution_days if attribution_days is not None else attribution_days_default()
    if not 1 <= int(days) <= 365:
        raise UserError("Masa atribusi harus 1–365 hari.", code="event.days")
    event = Event.objects.create(
        name=name[:200], date=on, place=place[:200], area_code=area_code, ecosystem=ecosystem, partner=partner,
        team=team, worklist=worklist, attribution_days=int(days), created_by_name=getattr(user, "username", "") or "cli")
    audit_record(user=user, action="plan_event", scope=scope.label, detail={"event": event.pk, "area": area_code})
    return event


# --- attendance sheets -----------------------------------------------------------------------

@dataclass
class SheetRow:
    row_number: int  # as the spreadsheet shows it (header = row 1)
    nik: str
    nama: str


def _headers_ok(header: list[str]) -> tuple[int, int]:
    norm = [_norm(h) for h in header]
    nik_i = next((i for i, h in enumerate(norm) if h in {_norm(x) for x in NIK_HEADERS}), None)
    name_i = next((i for i, h in enumerate(norm) if h in {_norm(x) for x in NAME_HEADERS}), None)
    if nik_i is None:
        raise UserError("Daftar hadir harus punya kolom NIK (dan sebaiknya NAMA) di baris pertama.", code="attendance.headers")
    return nik_i, name_i if name_i is not None else -1


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def read_attendance_file(data: bytes, name: str = "berkas") -> list[SheetRow]:
    """The non-blank rows of an attendance sheet, numbered as the spreadsheet numbers them: a CSV
    (`,` or `;`, any encoding the registries read) or an XLSX (first sheet, header in row 1) with a
    column NIK and optionally NAMA. A file that is not one is refused whole with one line."""
    from cakupan.registries.readers_csv import decode

    if len(data) > MAX_BATCH_BYTES:
        raise UserError(f"Berkas {name} terlalu besar (paling banyak 5 MB).", code="attendance.size")
    if not data.strip():
        raise UserError(f"Berkas {name} kosong.", code="attendance.empty")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UserError(f"Berkas {name} adalah Excel lama (.xls); simpan sebagai .xlsx atau CSV lalu unggah lagi.",
                        code="attendance.xls")
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            table = [[_cell(v) for v in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
        except Exception:  # noqa: BLE001 - a broken workbook is the user's file, not our bug
            raise UserError(f"Berkas {name} tidak dapat dibuka sebagai XLSX; simpan ulang dari Excel atau sebagai CSV.",
                            code="attendance.xlsx") from None
    else:
        try:
            text, _enc = decode(data, name)
        except UserError:
            raise UserError(f"Berkas {name} bukan CSV atau XLSX; unggah daftar hadir dengan kolom NIK dan NAMA.",
                            code="attendance.binary") from None
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        first = text.split("\n", 1)[0]
        try:
            table = [[c.strip() for c in row] for row in
                     csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")]
        except csv.Error as exc:
            raise UserError(f"Berkas {name} bukan CSV yang dapat dibaca ({exc}).", code="attendance.csv") from None
    if not table:
        raise UserError(f"Berkas {name} kosong.", code="attendance.empty")
    nik_i, name_i = _headers_ok(table[0])
    out = []
    for number, row in enumerate(table[1:], start=2):
        if not any(row):
            continue
        nik = row[nik_i] if nik_i < len(row) else ""
        nama = row[name_i] if 0 <= name_i < len(row) else ""
        out.append(SheetRow(number, nik, nama[:200]))
    return out


REASONS = {
    "attendance.nik_unknown": "NIK tidak ada di data penduduk hasil cakupan terbaru; periksa angkanya (salah ketik?) "
                              "atau orang ini bukan penduduk wilayah.",
    "attendance.scope": "Orang ini di luar wilayah atau ekosistem Anda.",
    "attendance.duplicate": "NIK ini sudah ada di baris {first} berkas yang sama.",
}


def _reject(rejected: list, row: SheetRow, code: str, message: str) -> None:
    rejected.append({"row_number": row.row_number, "nik": row.nik[:40], "nama": row.nama, "reason_code": code,
                     "message": message})


def _attendee(event: Event, p: PersonStatus, *, source: str, by: str, item: WorklistItem | None = None) -> Attendee:
    return Attendee(event=event, nik=p.nik, nama=p.nama, kalurahan_code=p.kalurahan_code, padukuhan_code=p.padukuhan_code,
                    ecosystem=p.ecosystem, status=p.status, source=source, worklist_item=item, recorded_by_name=by)


def _check_event_open(event: Event) -> None:
    if event.date > timezone.localdate():
        raise UserError(f"Kegiatan {event.name} baru pada {event.date:%d/%m/%Y}; kehadiran dicatat setelah kegiatan.",
                        code="event.future")


def _mark_contacted(event: Event, niks: list[str], by: str) -> int:
    """Items of the event's worklist whose person came and that carry no outcome yet get
    'dihubungi' on the event's date (the visit happened at the event); others keep theirs."""
    if event.worklist_id is None or not niks:
        return 0
    n = 0
    for i in range(0, len(niks), CHUNK):
        n += WorklistItem.objects.filter(worklist_id=event.worklist_id, nik__in=niks[i:i + CHUNK], outcome="").update(
            outcome=Outcome.DIHUBUNGI, outcome_date=event.date, note=f"Hadir sosialisasi #{event.pk}"[:500],
            outcome_by=by, outcome_at=timezone.now())
    return n


@transaction.atomic
def event_attendance_import(*, event: Event, content: bytes, file_name: str, scope: Scope, user=None) -> AttendanceImport:
    """Record an attendance sheet. Each row: a valid NIK of a person on the latest run, inside the
    user's scope, once in the file -> loaded (new, or already recorded: idempotent); anything else
    -> rejected with its row number and reason. Nothing is dropped silently."""
    _check_event_open(event)
    rows = read_attendance_file(content, file_name)
    run = run_latest()
    if run is None:
        raise UserError("Belum ada hasil cakupan; kehadiran dicocokkan dengan data penduduk hasil terbaru.",
                        code="attendance.no_run")
    by = getattr(user, "username", "") or "cli"
    rejected: list[dict] = []
    seen: dict[str, int] = {}
    wanted: dict[str, SheetRow] = {}
    for row in rows:
        res = parse_nik(row.nik)
        if not res.ok:
            _reject(rejected, row, res.error or "nik.invalid",
                    f"NIK tidak sah: {res.message or MESSAGES.get(res.error, res.error)}")
            continue
        if res.nik in seen:
            _reject(rejected, row, "attendance.duplicate", REASONS["attendance.duplicate"].format(first=seen[res.nik]))
            continue
        seen[res.nik] = row.row_number
        wanted[res.nik] = row
    niks = list(wanted)
    persons = {p.nik: p for i in range(0, len(niks), CHUNK)
               for p in PersonStatus.objects.filter(run=run, nik__in=niks[i:i + CHUNK])}
    present = set(event.attendees.values_list("nik", flat=True))
    new: list[Attendee] = []
    loaded = 0
    for nik, row in wanted.items():
        p = persons.get(nik)
        if p is None:
            _reject(rejected, row, "attendance.nik_unknown", REASONS["attendance.nik_unknown"])
        elif not scope.person_allowed(padukuhan_code=p.padukuhan_code, ecosystem=p.ecosystem):
            _reject(rejected, row, "attendance.scope", REASONS["attendance.scope"])
        else:
            loaded += 1
            if nik not in present:
                new.append(_attendee(event, p, source=Attendee.Source.SHEET, by=by))
    Attendee.objects.bulk_create(new, batch_size=2000)
    _mark_contacted(event, [a.nik for a in new], by)
    rejected.sort(key=lambda r: r["row_number"])
    imp = AttendanceImport.objects.create(
        event=event, file_name=file_name[:255], file_sha256=hashlib.sha256(content).hexdigest(), rows_read=len(rows),
        rows_loaded=loaded, rows_new=len(new), rows_rejected=len(rejected), rejected=rejected, imported_by_name=by)
    audit_record(user=user, action="record_attendance", scope=scope.label, rows=len(rows),
                 detail={"event": event.pk, "import": imp.pk, "new": len(new), "rejected": len(rejected)})
    return imp


@transaction.atomic
def event_attendance_tick(*, event: Event, item_ids: list[int], scope: Scope, user=None) -> int:
    """Record as present the ticked items of the event's worklist (inside the user's scope);
    returns how many were new. Ids of other worklists or outside the scope are refused. Like a
    sheet, an item without an outcome becomes 'dihubungi' on the event's date."""
    _check_event_open(event)
    if event.worklist_id is None:
        raise UserError("Kegiatan ini tidak memakai daftar kerja; unggah daftar hadir.", code="event.no_worklist")
    asked = {int(i) for i in item_ids}
    ids = sorted(i for i in asked if 0 < i < 2**31)  # an id beyond any table's is nobody
    if not asked:
        raise UserError("Centang paling sedikit satu nama yang hadir.", code="attendance.none_ticked")
    items = list(scope.filter_persons(WorklistItem.objects.filter(worklist_id=event.worklist_id, pk__in=ids)))
    if len(items) != len(asked):
        raise UserError("Sebagian nama yang dicentang bukan dari daftar kerja kegiatan ini atau di luar wilayah Anda.",
                        code="attendance.items")
    present = set(event.attendees.values_list("nik", flat=True))
    run_status = dict(PersonStatus.objects.filter(run_id=event.worklist.run_id, nik__in=[i.nik for i in items])
                      .values_list("nik", "status"))
    by = getattr(user, "username", "") or "cli"
    new = [Attendee(event=event, nik=i.nik, nama=i.nama, kalurahan_code=i.kalurahan_code, padukuhan_code=i.padukuhan_code,
                    ecosystem=i.ecosystem, status=run_status.get(i.nik, i.status), source=Attendee.Source.WORKLIST,
                    worklist_item=i, recorded_by_name=by)
           for i in items if i.nik not in present]
    Attendee.objects.bulk_create(new)
    _mark_contacted(event, [a.nik for a in new], by)
    audit_record(user=user, action="record_attendance", scope=scope.label, rows=len(items),
                 detail={"event": event.pk, "ticked": len(items), "new": len(new)})
    return len(new)
