"""The monthly report as PDF (WeasyPrint: fonts from the machine, nothing fetched) and XLSX
(openpyxl: sheets Ringkasan, then one per area level listed, numbers as numbers). Always written
in Bahasa Indonesia: the report goes to the Bupati and the area offices."""
from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from openpyxl import Workbook
from openpyxl.styles import Font

from .monthly import MonthlyReport
from .svg import map_svg, trend_svg

FLOW_LABELS = (("new", "Peserta baru"), ("reactivated", "Aktif lagi"), ("lapsed", "Berhenti"), ("left", "Keluar"),
               ("moved_in", "Pindah masuk"), ("moved_out", "Pindah keluar"))


def sheet_word(word: str) -> str:
    """An area word as a sheet title: 'Kapanewon', 'Desa-kelurahan' (Excel allows no '/')."""
    return word.capitalize().replace("/", "-")


def _map(data: MonthlyReport) -> str:
    if data.level == "kabupaten":
        return map_svg(level="kapanewon", pct={c.code: c.pct for c in data.children},
                       names={c.code: c.name for c in data.children})
    if data.level == "kapanewon":
        return map_svg(level="kalurahan", pct={c.code: c.pct for c in data.children}, within=data.area_code,
                       names={c.code: c.name for c in data.children})
    return ""


def monthly_pdf(data: MonthlyReport) -> bytes:
    from weasyprint import HTML

    with translation.override("id"):
        html = render_to_string("reports/monthly.html", {
            "d": data, "flow_rows": [(label, data.flows[key]) for key, label in FLOW_LABELS] if data.flows else [],
            "trend_svg": mark_safe(trend_svg(data.trend, data.target_path)),  # noqa: S308 - built from numbers, names escaped
            "map_svg": mark_safe(_map(data)),  # noqa: S308
        })
    return HTML(string=html).write_pdf()


def _sheet(wb, title: str, head: list[str], rows: list[list], pct_cols: tuple[int, ...]) -> None:
    ws = wb.create_sheet(title)
    ws.append(head)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    for i, width in enumerate((16, 28, 12, 12, 12, 12, 12, 12, 12, 18, 14)[: len(head)]):
        ws.column_dimensions[chr(65 + i)].width = width
    for row in ws.iter_rows(min_row=2):
        for i, cell in enumerate(row):
            cell.number_format = "0.00" if i in pct_cols else "#,##0"
    ws.freeze_panes = "A2"


def _summary(wb, d: MonthlyReport) -> None:
    ws = wb.create_sheet("Ringkasan")
    t, p = d.total, d.previous_total
    rows = [["Wilayah", d.area_name], ["Kode", d.area_code], ["Bulan", d.month], ["Per tanggal", d.run.as_of],
            ["Dibanding", d.previous.as_of if d.previous else "—"], ["Pekerja", t.workforce], ["Peserta aktif", t.active],
            ["Aktif sementara (belum ada di data BPJS)", t.provisional], ["Cakupan tanpa yang sementara (%)", t.confirmed_pct],
            ["Cakupan (%)", t.pct], ["Cakupan bulan lalu (%)", p.pct if p else None],
            ["Perubahan (poin)", d.change_points]]
    rows += [[label, d.flows[key]] for key, label in FLOW_LABELS if d.flows]
    if d.target:
        rows += [["Target (%)", d.target["pct"]], ["Tenggat target", d.target["due"]], ["Kekurangan", d.target["gap"]]]
    rows += [[]] + [[s] for s in d.sentences]
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(max_col=2):
        if hasattr(row[1].value, "year"):
            row[1].number_format = "dd/mm/yyyy"
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 38, 30


def monthly_xlsx(data: MonthlyReport) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _summary(wb, data)
    if data.children and data.child_level != data.ranked_level:
        _sheet(wb, sheet_word(data.child_word),
               ["Kode", "Wilayah", "Pekerja", "Aktif", "Cakupan (%)", "Bulan lalu (%)", "Perubahan (poin)",
                "Target (%)", "Kekurangan", "Status target", "Aktif sementara"],
               [[c.code, c.name, c.workforce, c.active, c.pct, c.previous_pct, c.change, c.target_pct, c.gap,
                 c.status_label, c.provisional] for c in data.children], pct_cols=(4, 5, 6, 7))
    ranked = sorted(data.ranked, key=lambda r: r.code)
    with_target = data.child_level == data.ranked_level
    head = ["Kode", "Wilayah", "Pekerja", "Aktif", "Cakupan (%)", "Bulan lalu (%)", "Perubahan (poin)", "Peringkat"]
    rank = {r.code: i + 1 for i, r in enumerate(data.ranked)}
    rows = [[r.code, r.name, r.workforce, r.active, r.pct, r.previous_pct, r.change, rank[r.code]] for r in ranked]
    if with_target:
        head += ["Target (%)", "Status target"]
        rows = [row + [r.target_pct, r.status_label] for row, r in zip(rows, ranked)]
    head += ["Aktif sementara"]  # last: the columns before it keep their places
    rows = [row + [r.provisional] for row, r in zip(rows, ranked)]
    _sheet(wb, sheet_word(data.ranked_word), head, rows, pct_cols=(4, 5, 6, 8) if with_target else (4, 5, 6))
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
