"""`cakupan event plan|list|attend|tick|conversion|sheet`: outreach events (sosialisasi)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from cakupan.core.cli import num, parse_date, pct

from .cli_common import actor

event_app = typer.Typer(
    help="Kegiatan sosialisasi: rencanakan, catat kehadiran, hitung konversi, cetak daftar hadir.\n\n"
    "Example: cakupan event plan --name 'Sosialisasi Poncosari' --date 2023-03-10 --place 'Balai Kalurahan' "
    "--area 34.02.01.2001 --partner 'Lurah Poncosari' --worklist 1\n"
    "Example: cakupan event attend 1 daftar-hadir.xlsx",
    no_args_is_help=True,
)
console = Console()
err = Console(stderr=True)


def _event(scope, event_id: int):
    from .selectors_events import access_event

    return access_event(scope=scope, event_id=event_id)


@event_app.command("plan")
def plan(
    name: str = typer.Option(..., "--name", help="Nama kegiatan"),
    on: str = typer.Option(..., "--date", help="Tanggal kegiatan, yyyy-mm-dd"),
    place: str = typer.Option(..., "--place", help="Tempat (mis. Balai Kalurahan Poncosari)"),
    area: str = typer.Option(..., "--area", help="Kode kapanewon/kecamatan atau kalurahan/desa"),
    ecosystem: str = typer.Option("", "--ecosystem", help="Satu ekosistem (kosong = semua)"),
    partner: str = typer.Option("", "--partner", help="Nama atau nomor mitra"),
    team: str = typer.Option("", "--team", help="Nama petugas, dipisah koma"),
    worklist: Optional[int] = typer.Option(None, "--worklist", help="Nomor daftar kerja yang diundang"),
    days: Optional[int] = typer.Option(None, "--days", help="Masa atribusi dalam hari (bawaan: setelan, 30)"),
    user: Optional[str] = typer.Option(None, "--user", help="Bertindak sebagai pengguna ini (lingkup wilayahnya)"),
) -> None:
    """Plan an outreach event.

    Example: cakupan event plan --name 'Sosialisasi pasar' --date 2023-03-10 --place 'Pasar Srandakan' --area 34.02.01 --ecosystem pasar --team 'Ani, Budi'
    """
    from .selectors import access_partner, access_worklist
    from .services import event_plan

    u, scope = actor(user)
    e = event_plan(name=name, on=parse_date(on, option="--date"), place=place, area_code=area, scope=scope, user=u,
                   ecosystem=ecosystem, partner=access_partner(ref=partner) if partner else None, team=team,
                   worklist=access_worklist(scope=scope, worklist_id=worklist) if worklist else None,
                   attribution_days=days)
    console.print(f"Kegiatan #{e.pk} '{e.name}' pada {e.date:%d/%m/%Y} di {e.place} (atribusi {e.attribution_days} hari).")


@event_app.command("list")
def list_(
    upcoming: bool = typer.Option(False, "--upcoming", help="Hanya jadwal mendatang, per kapanewon/kecamatan"),
    area: str = typer.Option("", "--area", help="Hanya wilayah ini"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """List events with attendance and conversion, or the calendar of upcoming events per kapanewon/kecamatan.

    Example: cakupan event list --upcoming --area 34.02.01
    """
    from cakupan.wilayah.selectors import area_name

    from .selectors_events import calendar, conversion, events_visible

    _, scope = actor(user)
    if upcoming:
        groups = calendar(scope=scope, area_code=area)
        if not groups:
            console.print("Belum ada kegiatan yang direncanakan.")
        for code, events in groups:
            t = Table("#", "Tanggal", "Kegiatan", "Tempat", "Mitra", "Tim", title=area_name(code))
            for e in events:
                t.add_row(str(e.pk), f"{e.date:%d/%m/%Y}", e.name, e.place, e.partner.name if e.partner else "–", e.team or "–")
            console.print(t)
        return
    from cakupan.accounts.scope import Scope

    events = events_visible(scope=scope)
    events = list(events.filter(Scope(role="admin", area_code=area).area_q("area_code")) if area else events)
    conv = {c.key: c for c in conversion(scope=scope, by="event", events=events)}
    t = Table("#", "Tanggal", "Kegiatan", "Wilayah", "Hadir", "Mendaftar", "Konversi")
    for e in events:
        c = conv.get(str(e.pk))
        t.add_row(str(e.pk), f"{e.date:%d/%m/%Y}", e.name, area_name(e.area_code), num(c.attendees if c else 0),
                  num(c.enrolled if c else 0), pct(c.pct) if c else "–")
    console.print(t)


@event_app.command("attend")
def attend(
    event_id: int = typer.Argument(..., help="Nomor kegiatan"),
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Daftar hadir CSV/XLSX dengan kolom NIK (dan NAMA)"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Record an attendance sheet; rejected rows are listed with their row number and reason.
    Exit code 1 when any row was rejected (nothing is lost: they stay on the import).

    Example: cakupan event attend 1 daftar-hadir.xlsx
    """
    from .services import event_attendance_import

    u, scope = actor(user)
    r = event_attendance_import(event=_event(scope, event_id), content=file.read_bytes(), file_name=file.name,
                                scope=scope, user=u)
    console.print(f"{num(r.rows_read)} baris = {num(r.rows_loaded)} tercatat hadir ({num(r.rows_new)} baru) "
                  f"+ {num(r.rows_rejected)} ditolak.")
    if r.rejected:
        for row in r.rejected:  # one line per rejected row, for a script to read
            console.print(f"baris {row['row_number']}\t{row['nik'] or '-'}\t{row['nama'] or '-'}\t{row['reason_code']}\t"
                          f"{row['message']}", soft_wrap=True, markup=False, highlight=False)
        raise typer.Exit(1)


@event_app.command("tick")
def tick(
    event_id: int = typer.Argument(..., help="Nomor kegiatan"),
    item: List[int] = typer.Option(..., "--item", help="ID_ITEM dari daftar kerja kegiatan (boleh berulang)"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Record as present names of the event's worklist, by their ID_ITEM.

    Example: cakupan event tick 1 --item 12 --item 15
    """
    from .services import event_attendance_tick

    u, scope = actor(user)
    n = event_attendance_tick(event=_event(scope, event_id), item_ids=item, scope=scope, user=u)
    console.print(f"{num(n)} orang dicatat hadir.")


@event_app.command("conversion")
def conversion_(
    by: str = typer.Option("event", "--by", help="event | partner | ecosystem"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Conversion: attendees who enrolled within the attribution days, of those not already active.

    Example: cakupan event conversion --by partner
    """
    from .selectors_events import conversion

    _, scope = actor(user)
    t = Table({"event": "Kegiatan", "partner": "Mitra", "ecosystem": "Ekosistem"}.get(by, by), "Kegiatan", "Hadir",
              "Sudah aktif", "Mendaftar", "Baru", "Aktif kembali", "Konversi")
    for c in conversion(scope=scope, by=by):
        t.add_row(c.label, num(c.events), num(c.attendees), num(c.active), num(c.enrolled), num(c.new),
                  num(c.reactivated), pct(c.pct))
    console.print(t)


@event_app.command("sheet")
def sheet(
    event_id: int = typer.Argument(..., help="Nomor kegiatan"),
    out: Path = typer.Argument(..., dir_okay=False, help="Berkas PDF yang ditulis"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Write the printable attendance sheet (PDF) with the names of the event's worklist.

    Example: cakupan event sheet 1 daftar-hadir-1.pdf
    """
    from cakupan.accounts.scope import audit_record

    from .event_sheet import attendance_sheet_pdf

    u, scope = actor(user)
    event = _event(scope, event_id)
    content, rows = attendance_sheet_pdf(event=event, scope=scope)
    out.write_bytes(content)
    audit_record(user=u, action="export_persons", scope=scope.label, rows=rows,
                 detail={"event": event.pk, "what": "attendance_sheet_pdf", "via": "cli", "purpose": "sosialisasi"})
    console.print(f"Daftar hadir {num(rows)} nama ditulis ke {out}.")
