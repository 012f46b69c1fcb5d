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

HEAD = ["Kode", "Wilayah", "Pekerja", "Aktif", "Tidak aktif", "Belum terdaftar", "Cakupan (%)", "Target (%)",
        "Aktif sementara"]  # sementara last: the columns before it keep their places
COUNT_COLS = ("workforce", "active", "nonactive")


def _n(row, name: str):
    """A figure of a CoverageRow for a sheet: the number, or "< 5" / None where the small-cell rule
    hides it (docs/privacy.md "Small cells")."""
    value = getattr(row, name)
    if value is None and name in ("workforce", "active", "nonactive", "provisional"):
        return f"< {row.k}"
    return value


def _unregistered(row):
    """Belum terdaftar: workforce - active - nonactive (None when any of them is hidden)."""
    if None in (row.workforce, row.active, row.nonactive):
        return None
    return row.workforce - row.active - row.nonactive


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
    for col, width in zip("ABCDEFGHI", (16, 28, 12, 12, 12, 16, 12, 12, 14)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell, name in zip(row[2:], head[2:]):
            cell.number_format = "0.00" if "(%)" in name else "#,##0"
    ws.freeze_panes = "A2"


def report_xlsx(data: ReportData) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    t = data.total
    summary = [["Wilayah", data.area_name], ["Kode", data.area_code], ["Per tanggal", data.run.as_of],
               ["Pekerja", _n(t, "workforce")], ["Aktif", _n(t, "active")],
               ["Aktif sementara (belum ada di data BPJS)", _n(t, "provisional")], ["Tidak aktif", _n(t, "nonactive")],
               ["Belum terdaftar", _unregistered(t)], ["Cakupan (%)", t.pct],
               ["Cakupan tanpa yang sementara (%)", t.confirmed_pct]]
    if data.target and data.target.target_pct is not None:
        summary.append(["Target (%)", data.target.target_pct])
    ws = wb.create_sheet("Ringkasan")
    for row in summary:
        ws.append(row)
    ws["B3"].number_format = "dd/mm/yyyy"
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 38, 28
    for _level, word, lines in data.level_words:  # sheets named by the province's words (core.terms)
        _sheet(wb, word.capitalize().replace("/", "-"), HEAD, [
            [ln.code, ln.name, *(_n(ln.row, f) for f in COUNT_COLS), _unregistered(ln.row), ln.row.pct,
             ln.target_pct, _n(ln.row, "provisional")]
            for ln in lines])
    for title, rows, label in (("Ekosistem", data.ecosystems, ekosistem), ("Segmen", data.segments, segmen)):
        _sheet(wb, title, ["Kode", title, *HEAD[2:7], HEAD[8]],
               [[r.key, str(label(r.key)), *(_n(r, f) for f in COUNT_COLS), _unregistered(r), r.pct,
                 _n(r, "provisional")] for r in rows])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
