"""`cakupan import ...` and `cakupan quarantine ...`: thin over registries.services / quarantine."""
from __future__ import annotations

import getpass
import json
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cakupan.core.cli import num
from cakupan.core.vocab import ROSTER_KINDS
from cakupan.errors import UserError

from .reasons import ROW_REASONS, ROW_WARNINGS, file_error

app = typer.Typer(
    help="Impor data: penduduk (Dukcapil), peserta (BPJS TK) dan daftar (roster).\n\n"
    "Example: cakupan import population penduduk.csv --as-of 2026-06-30",
    no_args_is_help=True,
)
quarantine_app = typer.Typer(
    help="Baris yang dikarantina saat impor: lihat, ekspor untuk diperbaiki, gabungkan perbaikannya.\n\n"
    "Example: cakupan quarantine export 12 perbaiki.xlsx",
    no_args_is_help=True,
)
AS_OF = typer.Option(..., "--as-of", help="tanggal data (yyyy-mm-dd)")
SHEET = typer.Option(None, "--sheet", help="nama sheet XLSX (bawaan: sheet pertama)")
JSON = typer.Option(False, "--json", help="cetak hasil sebagai satu objek JSON")
USER = typer.Option("", "--user", help="siapa yang memuat (bawaan: pengguna sistem operasi)")
STEPS = {"read": "Membaca berkas", "nik": "Memeriksa NIK", "save": "Menyimpan snapshot"}
SNAPSHOT_ID = typer.Argument(..., help="nomor snapshot")
err = Console(stderr=True)


@app.command("population")
def population(file: Path = typer.Argument(..., help="CSV, XLSX atau Parquet"), as_of: str = AS_OF,
               sheet: str = SHEET, json_out: bool = JSON, user: str = USER) -> None:
    """Impor data penduduk Dukcapil (satu baris per penduduk; NIK sebagai identitas).

    Example: cakupan import population penduduk_bantul.csv --as-of 2026-06-30
    """
    _run("population", file, as_of, "", sheet, json_out, user)


@app.command("members")
def members(file: Path = typer.Argument(..., help="CSV, XLSX atau Parquet"), as_of: str = AS_OF,
            sheet: str = SHEET, json_out: bool = JSON, user: str = USER) -> None:
    """Impor data peserta BPJS Ketenagakerjaan (NIK bermasalah tetap dimuat, ditandai).

    Example: cakupan import members peserta.xlsx --as-of 2026-06-30 --sheet Peserta
    """
    _run("members", file, as_of, "", sheet, json_out, user)


@app.command("roster")
def roster(kind: str = typer.Argument(..., help="|".join(ROSTER_KINDS.codes)),
           file: Path = typer.Argument(..., help="CSV, XLSX atau Parquet"), as_of: str = AS_OF,
           sheet: str = SHEET, json_out: bool = JSON, user: str = USER) -> None:
    """Impor daftar (roster): opd, padat_karya, pasar, umkm, guru, perangkat_desa atau asn.

    Example: cakupan import roster padat_karya pekerja_2026.xlsx --as-of 2026-06-30
    """
    _run("roster", file, as_of, kind, sheet, json_out, user)


def _run(kind: str, file: Path, as_of: str, roster_kind: str, sheet: str | None, json_out: bool,
         user_name: str) -> None:
    try:
        if kind == "roster" and roster_kind not in ROSTER_KINDS:
            raise file_error("import.roster_kind", roster_kind=roster_kind, kinds=", ".join(ROSTER_KINDS.codes))
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise file_error("import.as_of", value=as_of) from None
        if not file.is_file():  # fail fast, before the database is set up
            raise file_error("file.not_found", path=file)
        from .readers import file_format

        file_format(file)
        from cakupan.registries.services import snapshot_import

        name = user_name or _os_user()
        with _progress(disabled=json_out) as progress:
            report = snapshot_import(kind=kind, path=file, as_of=day, roster_kind=roster_kind, sheet=sheet,
                                     user=_django_user(name), user_name=name, progress=progress)
    except UserError as exc:
        _fail(exc, json_out=json_out, kind=kind, roster_kind=roster_kind, file=file)
    _out(report, json_out)


def _fail(exc: UserError, *, json_out: bool, kind: str, roster_kind: str, file: Path):
    """One line ``Galat: ...`` on stderr (and a ``failed`` JSON object with --json); exits."""
    from cakupan.registries.report import ImportReport

    if json_out:
        failed = ImportReport(status="failed", kind=kind, roster_kind=roster_kind, message=str(exc),
                              file_name=file.name, error_code=exc.code)
        typer.echo(json.dumps(failed.as_json(), ensure_ascii=False))
    err.print(f"[bold red]Galat:[/] {exc}", soft_wrap=True, highlight=False)
    raise SystemExit(exc.exit_code) from None


def _out(report, json_out: bool) -> None:
    if json_out:
        typer.echo(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        _print_report(report)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _django_user(name: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=name).first() if name else None


class _progress:
    """A rich progress bar on stderr, one task per step; a callback for snapshot_import."""

    def __init__(self, *, disabled: bool):
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,}"),
                            TimeElapsedColumn(), console=err, transient=True, disable=disabled)
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.stop()

    def __call__(self, step: str, done: int, total: int) -> None:
        if step not in self.tasks:
            self.tasks[step] = self.bar.add_task(STEPS.get(step, step), total=total or None)
        self.bar.update(self.tasks[step], completed=done, total=total or None)


def _print_report(report) -> None:
    out = Console(highlight=False)
    style = "green" if report.status == "loaded" else "yellow"
    out.print(f"[{style}]{report.message}[/]", soft_wrap=True)
    for note in report.notes:
        out.print(f"Catatan: {note}", soft_wrap=True)
    if report.reasons:
        out.print(_table("Dikarantina menurut alasan", report.reasons, ROW_REASONS))
        out.print(f"Lihat: cakupan quarantine show {report.snapshot_id}   "
                  f"Perbaiki: cakupan quarantine export {report.snapshot_id} perbaiki.xlsx")
    if report.warnings:
        out.print(_table("Peringatan (baris tetap dimuat)", report.warnings, ROW_WARNINGS))


def _table(title: str, counts: dict[str, int], messages: dict[str, str]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("kode")
    table.add_column("baris", justify="right")
    table.add_column("keterangan", overflow="fold")
    for code, n in counts.items():
        table.add_row(code, num(n), messages.get(code, ""))
    return table


@quarantine_app.command("show")
def show(snapshot_id: int = SNAPSHOT_ID,
         limit: int = typer.Option(50, "--limit", help="paling banyak sekian baris")) -> None:
    """Tampilkan baris karantina sebuah snapshot (nomor baris, alasan, nilai asli).

    Example: cakupan quarantine show 12 --limit 20
    """
    try:
        from cakupan.registries.selectors import quarantine_rows, snapshot_get

        snap = snapshot_get(snapshot_id=snapshot_id)
        rows = quarantine_rows(snapshot=snap, limit=limit)
    except UserError as exc:
        err.print(f"[bold red]Galat:[/] {exc}", soft_wrap=True, highlight=False)
        raise SystemExit(exc.exit_code) from None
    out = Console(highlight=False)
    out.print(f"Snapshot #{snap.pk} {snap.file_name}: {num(snap.rows_quarantined)} baris dikarantina")
    table = Table()
    for col in ("baris", "alasan", "nilai asli"):
        table.add_column(col, overflow="fold")
    for row in rows:
        values = "; ".join(f"{k}={v}" for k, v in row["raw"].items() if v not in (None, ""))
        table.add_row(str(row["row_number"]), row["reason_code"], values)
    out.print(table)


@quarantine_app.command("export")
def export(snapshot_id: int = SNAPSHOT_ID,
           file: Path = typer.Argument(..., help="berkas tujuan .csv atau .xlsx")) -> None:
    """Tulis baris karantina (judul kolom asli + kolom ALASAN) ke .csv/.xlsx untuk diperbaiki dan diimpor ulang.

    Example: cakupan quarantine export 12 perbaiki.xlsx
    """
    try:
        from cakupan.registries.quarantine import quarantine_export

        n = quarantine_export(snapshot_id=snapshot_id, path=file)
    except UserError as exc:
        err.print(f"[bold red]Galat:[/] {exc}", soft_wrap=True, highlight=False)
        raise SystemExit(exc.exit_code) from None
    Console(highlight=False).print(f"{num(n)} baris ditulis ke {file}.")


@quarantine_app.command("merge")
def merge(snapshot_id: int = SNAPSHOT_ID, file: Path = typer.Argument(..., help="ekspor karantina yang diperbaiki"),
          sheet: str = SHEET, json_out: bool = JSON, user: str = USER) -> None:
    """Gabungkan ekspor karantina yang sudah diperbaiki: snapshot baru = snapshot lama + baris yang kini lolos.

    Example: cakupan quarantine merge 12 perbaiki.xlsx
    """
    kind = roster_kind = ""
    try:
        from cakupan.registries.merge import snapshot_merge
        from cakupan.registries.selectors import snapshot_get

        parent = snapshot_get(snapshot_id=snapshot_id)
        kind, roster_kind = parent.kind, parent.roster_kind
        name = user or _os_user()
        with _progress(disabled=json_out) as progress:
            report = snapshot_merge(snapshot_id=snapshot_id, path=file, sheet=sheet, user=_django_user(name),
                                    user_name=name, progress=progress)
    except UserError as exc:
        _fail(exc, json_out=json_out, kind=kind, roster_kind=roster_kind, file=file)
    _out(report, json_out)
