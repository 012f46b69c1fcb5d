"""Coverage reports as PDF (WeasyPrint, fonts from the machine, nothing fetched) and XLSX
(openpyxl, numbers as numbers so an analyst can keep computing)."""
from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from openpyxl import Workbook
from openpyxl.styles import Font

from cakupan.core.labels import ecosystem_name as ekosistem
from cakupan.core.labels import segment_name as segmen

from .data import ReportData

HEAD = ["Kode", "Wilayah", "Pekerja", "Aktif", "Tidak aktif", "Belum terdaftar", "Cakupan (%)", "Target (%)"]


def report_pdf(data: ReportData) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/coverage.html", {"d": data})
    return HTML(string=html).write_pdf()


def _sheet(wb, title: str, head: list[str], rows: list[list]) -> None:
    ws = wb.create_sheet(title)
    ws.append(head)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for col, width in zip("ABCDEFGH", (16, 28, 12, 12, 12, 16, 12, 12)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row[2:6]:
            cell.number_format = "#,##0"
        for cell in row[6:8]:
            cell.number_format = "0.00"
    ws.freeze_panes = "A2"


def report_xlsx(data: ReportData) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    t = data.total
    summary = [["Wilayah", data.area_name], ["Kode", data.area_code], ["Per tanggal", data.run.as_of],
               ["Pekerja", t.workforce], ["Aktif", t.active], ["Tidak aktif", t.nonactive],
               ["Belum terdaftar", t.workforce - t.active - t.nonactive], ["Cakupan (%)", t.pct]]
    if data.target and data.target.target_pct is not None:
        summary.append(["Target (%)", data.target.target_pct])
    ws = wb.create_sheet("Ringkasan")
    for row in summary:
        ws.append(row)
    ws["B3"].number_format = "dd/mm/yyyy"
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 18, 28
    for level, lines in data.levels.items():
        _sheet(wb, level.capitalize(), HEAD, [
            [ln.code, ln.name, ln.row.workforce, ln.row.active, ln.row.nonactive,
             ln.row.workforce - ln.row.active - ln.row.nonactive, ln.row.pct, ln.target_pct]
            for ln in lines])
    for title, rows, label in (("Ekosistem", data.ecosystems, ekosistem), ("Segmen", data.segments, segmen)):
        _sheet(wb, title, ["Kode", title, "Pekerja", "Aktif", "Tidak aktif", "Belum terdaftar", "Cakupan (%)"],
               [[r.key, str(label(r.key)), r.workforce, r.active, r.nonactive, r.workforce - r.active - r.nonactive,
                 r.pct] for r in rows])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
