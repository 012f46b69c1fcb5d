"""`cakupan proyek tambah|kru|daftar|cek|daftarkan`: padat karya before the start, thin over
cakupan.compliance (register, check) and cakupan.web.padat_karya (crew file, batch enrolment,
which joins compliance to outreach: the two rooms do not import each other)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from cakupan.core.cli import num, parse_date, rp
from cakupan.errors import UserError

proyek_app = typer.Typer(
    help="Padat karya sebelum mulai: daftar proyek, daftar kru, pemeriksaan JKK + JKM pada tanggal mulai, "
    "pendaftaran kru sekaligus.\n\nExample: cakupan proyek daftar",
    no_args_is_help=True,
)
console = Console()
STATE_TEXT = {"tercakup": "tercakup", "didaftarkan": "didaftarkan (menunggu konfirmasi)", "belum": "belum tercakup",
              "bayar": "peserta aktif, berhenti sebelum mulai bila iuran tidak dibayar",
              "usia": "di atas 65 tahun (tidak diperiksa)", "nik_tidak_sah": "NIK tidak sah",
              "duplikat": "NIK ganda (tidak dihitung)"}


def _scope():
    """The CLI is the office's own tool: every project (as `cakupan kepatuhan`)."""
    from cakupan.accounts.scope import Scope

    return Scope(role="admin")


def _month(d: date) -> str:
    """date(2023, 3, 1) -> 'Maret 2023'."""
    from cakupan.core.formatting import tanggal

    return tanggal(d, lang="id").split(" ", 1)[1]


def _date(d: date) -> str:
    from cakupan.core.formatting import tanggal

    return tanggal(d, lang="id")


def _project(code: str):
    from cakupan.compliance.selectors_padat_karya import access_project_code

    project = access_project_code(scope=_scope(), code=code)
    if project is None:
        raise UserError(f"Proyek {code} tidak ditemukan; lihat: cakupan proyek daftar --semua", code="padat_karya.unknown")
    return project


@proyek_app.command("tambah")
def add(
    code: str = typer.Argument(..., help="kode proyek, misalnya PK-2023-001"),
    name: str = typer.Option(..., "--nama", help="nama kegiatan"),
    kalurahan: str = typer.Option(..., "--kalurahan", help="kode kalurahan/desa lokasi, misalnya 34.02.01.2001"),
    start: str = typer.Option(..., "--mulai", help="tanggal mulai (yyyy-mm-dd)"),
    days: int = typer.Option(21, "--hari", help="lama proyek dalam hari"),
    crew: int = typer.Option(26, "--kru", help="jumlah pekerja: 26 atau 52"),
    funding: str = typer.Option(..., "--dana", help="sumber dana = pembayar iuran: APBD | APBDES | CSR"),
    location: str = typer.Option("", "--lokasi", help="padukuhan/dusun atau ruas"),
) -> None:
    """Register a padat karya project before its start.

    Example: cakupan proyek tambah PK-2023-001 --nama "Talud Krajan" --kalurahan 34.02.01.2001 --mulai 2023-03-06 --kru 26 --dana APBDES
    """
    from cakupan.compliance.services_padat_karya import project_create

    p = project_create(code=code, name=name, kalurahan_code=kalurahan, start_date=parse_date(start, option="--mulai"),
                       duration_days=days, crew_size=crew, funding=funding.upper(), location=location, by="cli")
    console.print(f"Proyek {p.code} dicatat: mulai {_date(p.start_date)}, {p.duration_days} hari, {p.crew_size} pekerja, "
                  f"dana {p.get_funding_display()}. Berikutnya: cakupan proyek kru {p.code} kru.csv")


def _issues_table(issues, title: str) -> Table:
    from cakupan.accounts.scope import mask_nik

    t = Table("baris", "NIK", "nama", "kode", "keterangan", title=title)
    for i in issues:
        t.add_row(str(i.row_number), mask_nik(i.nik) if len(i.nik) == 16 else i.nik, i.nama, i.code, i.message)
    return t


@proyek_app.command("kru")
def crew(
    code: str = typer.Argument(..., help="kode proyek"),
    path: Path = typer.Argument(..., help="CSV atau XLSX dengan kolom NIK dan NAMA", exists=True, dir_okay=False),
) -> None:
    """Replace a project's crew list from a file; every row kept, each problem reported by row.

    Example: cakupan proyek kru PK-2023-001 data/kru-PK-2023-001.csv
    """
    from .padat_karya import crew_file_import

    report = crew_file_import(project=_project(code), data=path.read_bytes(), name=path.name, by="cli")
    console.print(f"{num(report.rows)} baris kru dibaca, {num(len(report.issues))} bermasalah"
                  + (f", {num(report.kept_enrolments)} pendaftaran lama tetap" if report.kept_enrolments else "") + ".")
    if report.issues:
        console.print(_issues_table(report.issues, "Laporan per baris (tidak ada baris yang dibuang)"))


@proyek_app.command("daftar")
def listing(
    everything: bool = typer.Option(False, "--semua", help="semua proyek, bukan hanya yang mulai dalam 14 hari"),
    today: Optional[str] = typer.Option(None, "--hari-ini", help="hitung 14 hari dari tanggal ini (yyyy-mm-dd)"),
    fmt: str = typer.Option("table", "--format", help="table | json"),
) -> None:
    """Projects starting in the next 14 days whose crew is not yet covered (JKK + JKM on the start date).

    Example: cakupan proyek daftar
    Example: cakupan proyek daftar --semua --format json
    """
    from cakupan.compliance.selectors_padat_karya import projects_list

    rows = projects_list(scope=_scope(), today=parse_date(today, option="--hari-ini") or date.today(),
                         upcoming_only=not everything)
    if fmt == "json":
        typer.echo(json.dumps([{"code": r.project.code, "name": r.project.name, "kalurahan": r.project.kalurahan_code,
                                "start": r.project.start_date.isoformat(), "days": r.project.duration_days,
                                "crew_size": r.project.crew_size, "funding": r.project.funding, "status": r.project.status,
                                "counts": r.check.counts, "uncovered": r.check.uncovered, "to_enrol": r.check.to_enrol,
                                "ready": r.check.ready}
                               for r in rows]))
        return
    from cakupan.core.terms import kind_term
    from cakupan.coverage.selectors import run_region

    region = rows[0].project.kalurahan_code if rows else run_region()
    t = Table("proyek", kind_term("kalurahan", region) if region else "kalurahan", "mulai", "hari", "kru", "dana",
              "belum tercakup", "status",
              title="Padat karya: semua proyek" if everything else "Padat karya: mulai dalam 14 hari, kru belum tercakup")
    from cakupan.wilayah.selectors import area_names

    names = area_names(r.project.kalurahan_code for r in rows)
    for r in rows:
        t.add_row(r.project.code, names[r.project.kalurahan_code], _date(r.project.start_date), num(r.project.duration_days),
                  num(r.project.crew_size), r.project.get_funding_display(), num(r.check.uncovered),
                  r.project.get_status_display())
    if not rows:
        when = _date(parse_date(today, option="--hari-ini") or date.today())
        console.print("Tidak ada proyek " + ("yang tercatat." if everything else
                      f"yang mulai dalam 14 hari sejak {when} dengan kru belum tercakup. "
                      "Semua proyek: cakupan proyek daftar --semua; tanggal lain: --hari-ini yyyy-mm-dd"))
        return
    console.print(t)


@proyek_app.command("cek")
def check(
    code: str = typer.Argument(..., help="kode proyek"),
    fmt: str = typer.Option("table", "--format", help="table | json"),
) -> None:
    """Check one project's crew on its start date and update its status (siap mulai / belum siap).

    Example: cakupan proyek cek PK-2023-001
    """
    from cakupan.accounts.scope import mask_nik
    from cakupan.compliance.selectors_padat_karya import crew_check
    from cakupan.compliance.services_padat_karya import project_status_refresh

    project = _project(code)
    status = project_status_refresh(project=project)
    result = crew_check(project=project)
    if fmt == "json":
        typer.echo(json.dumps({"code": project.code, "status": status, "counts": result.counts, "rows": [
            {"row": r.crew.row_number, "nik": r.crew.nik, "nama": r.crew.nama, "age": r.age, "state": r.state,
             "issue": r.crew.issue, "message": r.crew.issue_message or r.crew.enrol_error} for r in result.rows]}))
        return
    t = Table("baris", "NIK", "nama", "usia", "pada tanggal mulai", "catatan",
              title=f"{project.code} mulai {_date(project.start_date)}: {project.get_status_display()}")
    for r in result.rows:
        t.add_row(str(r.crew.row_number), mask_nik(r.crew.nik) if r.crew.nik_ok else r.crew.nik, r.crew.nama,
                  "–" if r.age is None else str(r.age), STATE_TEXT[r.state], r.crew.issue_message or r.crew.enrol_error)
    console.print(t)


@proyek_app.command("daftarkan")
def enrol(code: str = typer.Argument(..., help="kode proyek")) -> None:
    """Enrol the project's uncovered crew (aged 65 or less) for JKK + JKM, for the months the project
    touches, paid by its funding source; the project becomes 'siap mulai' when all are covered.

    Example: cakupan proyek daftarkan PK-2023-001
    """
    from .padat_karya import crew_enrol

    project = _project(code)
    result, amount = crew_enrol(project=project, by="cli")
    console.print(f"{num(len(result.registered))} pekerja didaftarkan (JKK + JKM, {_month(result.month_from)} s.d. "
                  f"{_month(result.month_to)}, dibayar {project.get_funding_display()}, {rp(amount)}); "
                  f"{num(len(result.rejected))} ditolak. Status: {'siap mulai' if result.ready else 'belum siap'}.")
    if result.rejected:
        console.print(_issues_table(result.rejected, "Ditolak per baris"))
