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
