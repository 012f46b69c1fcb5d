"""A funder's report — whom it paid for, months, amount, how many still active in the latest run,
the budget left — as XLSX (openpyxl) and PDF (WeasyPrint, fonts from the machine, the print layout
in pdf/funder.css, as the event sheet). Always Indonesian: the report goes to the budget holder.
NIK masked unless the role sees full NIKs; roles without person lists get the totals only."""
from __future__ import annotations

import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from cakupan.accounts.scope import Scope
from cakupan.core.formatting import tanggal
from cakupan.core.labels import status_name
from cakupan.core.terms import kind_terms, level_term
from cakupan.wilayah.selectors import area_name, area_names

from .labels import month_text
from .models import Enrolment, Funder
from .selectors_funders import FunderReport, funder_report

CSS = Path(__file__).with_name("pdf") / "funder.css"
HEADERS = ["NO", "NIK", "NAMA", "KALURAHAN", "SEGMEN", "BULAN_MULAI", "BULAN_AKHIR", "JUMLAH_BULAN", "JUMLAH_RP",
           "STATUS_TERAKHIR"]  # in DIY; elsewhere KALURAHAN reads as the province's word (DESA_KELURAHAN)


def funder_terms(funder: Funder, run=None) -> dict[str, str]:
    """The area words of the funder's region (core.terms): its kalurahan's province for an APBDes,
    else the run's kabupaten (default: the newest run); Bantul's words stay kalurahan/padukuhan."""
    if funder.kalurahan_code:
        return kind_terms(funder.kalurahan_code)
    from cakupan.coverage.selectors import run_region

    return kind_terms(run_region(run) if run is not None else run_region())


def funder_headers(terms: dict[str, str]) -> list[str]:
    """HEADERS with the column of the person's kalurahan named by the region's word."""
    word = terms["kalurahan"].upper().replace("/", "_")
    return [word if h == "KALURAHAN" else h for h in HEADERS]


def _kalurahan_names(report: FunderReport) -> dict[str, str]:
    return area_names({r["kalurahan_code"] for r in report.rows if r["kalurahan_code"]}, name_padukuhan=False)


def funder_heading(funder: Funder) -> list[tuple[str, str]]:
    """(label, value) lines naming the funder, in Indonesian."""
    out = [("Penyandang dana", funder.name), ("Jenis", funder.get_kind_display())]
    if funder.kind == "APBDES":  # 'Kalurahan' in DIY, 'Desa' or 'Kelurahan' by the code elsewhere (core.terms)
        out.append((level_term(funder.kalurahan_code).capitalize(), area_name(funder.kalurahan_code)))
    if funder.company:
        out.append(("Perusahaan", funder.company))
    out.append(("Masa anggaran", f"{tanggal(funder.period_from, lang='id')} – {tanggal(funder.period_to, lang='id')}"))
    return out


def funder_report_xlsx(*, funder: Funder, scope: Scope) -> tuple[bytes, FunderReport]:
    """(XLSX bytes, the report): sheet 'Ringkasan' (budget, paid, left, persons, active) and sheet
    'Peserta' (one row per enrolment paid for); amounts are numbers with a rupiah format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    report = funder_report(funder=funder, scope=scope)
    wb = Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    for label, value in funder_heading(funder):
        ws.append([label, value])
    run = report.run
    for label, value in (("Anggaran (Rp)", funder.budget), ("Terpakai (Rp)", report.spent),
                         ("Sisa (Rp)", report.remaining), ("Orang dibiayai", report.people),
                         ("Bulan dibayar", report.months), ("Jumlah untuk orang-orang ini (Rp)", report.amount),
                         ("Masih aktif", report.active),
                         ("Status menurut hasil cakupan", tanggal(run.as_of, lang="id") if run else "belum ada")):
        ws.append([label, value])
        if isinstance(value, int):
            ws.cell(row=ws.max_row, column=2).number_format = "#,##0"
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 34, 40
    people = wb.create_sheet("Peserta")
    people.append(funder_headers(funder_terms(funder, report.run)))
    for cell in people[1]:
        cell.font = Font(bold=True)
    names = _kalurahan_names(report)
    for i, r in enumerate(report.rows, start=1):
        people.append([i, r["nik_shown"], r["nama"], names.get(r["kalurahan_code"], r["kalurahan_code"]), r["segment"],
                       month_text(r["first"]), month_text(r["last"]), r["months"], r["amount"],
                       status_name(r["status"]) if r["status"] else "tidak ada di hasil terbaru"])
        people.cell(row=people.max_row, column=9).number_format = "#,##0"
    for col, width in zip("ABCDEFGHIJ", (5, 18, 28, 18, 8, 16, 16, 8, 14, 22)):
        people.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), report


def funder_report_pdf(*, funder: Funder, scope: Scope) -> tuple[bytes, FunderReport]:
    from weasyprint import CSS as WCSS
    from weasyprint import HTML

    report = funder_report(funder=funder, scope=scope)
    names = _kalurahan_names(report)
    segments = dict(Enrolment.Segment.choices)
    rows = [dict(r, kalurahan=names.get(r["kalurahan_code"], r["kalurahan_code"]), first_text=month_text(r["first"]),
                 segment_label=segments.get(r["segment"], r["segment"]),
                 last_text=month_text(r["last"]), status_text=status_name(r["status"]) if r["status"] else "–")
            for r in report.rows]
    with translation.override("id"):
        html = render_to_string("outreach/funder_report.html", {
            "funder": funder, "heading": funder_heading(funder), "report": report, "rows": rows,
            "names_hidden": not scope.can_see_persons, "terms": funder_terms(funder, report.run)})
    return HTML(string=html).write_pdf(stylesheets=[WCSS(filename=str(CSS))]), report
