"""`cakupan laporan`: the coverage report as PDF or XLSX (thin over cakupan.reports)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from cakupan.errors import UserError


def report(
    out: Path = typer.Argument(..., help="berkas keluaran: .pdf atau .xlsx"),
    area: str = typer.Option("", "--area", help="kode wilayah (kosong = kabupaten)"),
    as_of: str = typer.Option("", "--as-of", help="tanggal proses (YYYY-MM-DD); kosong = terbaru"),
) -> None:
    """Write the coverage report of an area as PDF or XLSX.

    Example: cakupan laporan bantul.pdf
    Example: cakupan laporan sewon.xlsx --area 34.02.08
    """
    from cakupan.accounts.scope import Scope
    from cakupan.coverage.selectors import run_latest

    from .data import report_data
    from .render import report_pdf, report_xlsx

    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "xlsx"):
        raise UserError("Berkas keluaran harus berakhiran .pdf atau .xlsx", code="report.format")
    try:
        when = date.fromisoformat(as_of) if as_of else None
    except ValueError as exc:
        raise UserError(f"Tanggal tidak valid: {as_of} (pakai YYYY-MM-DD)", code="report.date") from exc
    run = run_latest(as_of=when)
    if run is None:
        raise UserError("Belum ada hasil proses cakupan untuk tanggal itu. Jalankan: cakupan link", code="report.no_run")
    data = report_data(run=run, scope=Scope(role="admin"), area_code=area)
    out.write_bytes(report_pdf(data) if fmt == "pdf" else report_xlsx(data))
    typer.echo(f"Laporan {data.area_name} per {run.as_of} ditulis ke {out}")


report_app = typer.Typer(help="Laporan bulanan: dibuat dan dikirim lewat e-mail ke penerima per wilayah.",
                         no_args_is_help=True)


@report_app.callback()
def _report() -> None:
    """Laporan bulanan: dibuat dan dikirim lewat e-mail ke penerima per wilayah."""


def summary_line(results) -> str:
    """'Laporan bulanan: 2 terkirim, 1 tersimpan tanpa penerima, 0 gagal, 3 sudah dibuat sebelumnya.'"""
    n = {k: sum(1 for r in results if r.status == k) for k in ("sent", "saved", "failed", "skipped")}
    months = sorted({r.report.as_of for r in results if r.report is not None})
    when = f" ({', '.join(str(m) for m in months)})" if months else ""
    return (f"Laporan bulanan{when}: {n['sent']} terkirim, {n['saved']} tersimpan tanpa penerima, "
            f"{n['failed']} gagal, {n['skipped']} sudah dibuat sebelumnya.")


@report_app.command("send-monthly")
def send_monthly(
    run_id: int = typer.Option(0, "--run", help="id run (kosong = setiap run yang belum dilaporkan)"),
    area: str = typer.Option("", "--area", help="kode wilayah (kosong = kabupaten dan setiap wilayah berpenerima)"),
    force: bool = typer.Option(False, "--force", help="kirim lagi walau sudah pernah terkirim"),
) -> None:
    """Make and e-mail the monthly report of each newly published run (run it daily).

    Sends the kabupaten report and one per area with recipients (SMTP from CAKUPAN_SMTP_*), files
    PDF and XLSX under CAKUPAN_HOME/reports/ and prints one line; exit code 1 when a send failed.

    Example: cakupan report send-monthly
    Example: cakupan report send-monthly --run 12 --area 34.02.01 --force
    """
    from cakupan.coverage.selectors import runs_done

    from .services import monthly_report_send, monthly_reports_send_due

    if run_id:
        run = next((r for r in runs_done(limit=None, light=True) if r.pk == run_id), None)
        if run is None:
            raise UserError(f"Run {run_id} tidak ditemukan atau belum selesai.", code="report.no_run")
        results = monthly_report_send(run=run, area_code=area or None, force=force)
    elif area:
        raise UserError("--area hanya bersama --run.", code="report.area_without_run")
    else:
        results = monthly_reports_send_due(force=force)
    if not results:
        typer.echo("Laporan bulanan: belum ada hasil proses cakupan yang diterbitkan.")
        return
    typer.echo(summary_line(results))
    failed = [r for r in results if r.status == "failed"]
    for r in failed:
        typer.echo(f"Gagal {r.area_code}: {r.report.error if r.report else ''}", err=True)
    if failed:
        raise typer.Exit(1)
