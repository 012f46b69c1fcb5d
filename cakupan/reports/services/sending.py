"""The monthly report made, filed and e-mailed: for the kabupaten of a run and each area that has
recipients, a PDF and an XLSX under CAKUPAN_HOME/reports/monthly/<yyyy-mm>/, one e-mail per area
with both attached (SMTP from settings: EMAIL_HOST ... from CAKUPAN_SMTP_*), and a SentReport row.

A report made for good (sent, or filed for an area without recipients) is not made again for the
same run and area unless forced; a failed one is retried on its own row. Nothing here raises to
the caller: a failure is logged and recorded with its message (status failed)."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation

from cakupan.core.areas import level_of
from cakupan.core.formatting import tanggal
from cakupan.coverage.selectors import coverage_total
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_exists

from ..models import SentReport
from ..monthly import SYSTEM, monthly_report_data
from ..monthly_render import monthly_pdf, monthly_xlsx
from ..selectors import recipient_areas, recipients_active, runs_to_report, sent_exists

log = logging.getLogger(__name__)
SUBJECT = "Laporan cakupan BPJS Ketenagakerjaan — {month}"
AREA_LEVELS = ("kabupaten", "kapanewon", "kalurahan")
PDF, XLSX = "application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class SendResult:
    area_code: str
    status: str  # sent | failed | saved | skipped (made before)
    report: SentReport | None = None


def _write(rel: Path, content: bytes) -> None:
    path = Path(settings.CAKUPAN_HOME) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)


def _body(data) -> str:
    lines = ["Yth. Bapak/Ibu,", "",
             f"terlampir laporan cakupan BPJS Ketenagakerjaan {data.area_name} bulan {data.month} "
             f"(data per {tanggal(data.run.as_of, lang='id')}).", "", *data.sentences, "",
             "Rincian per wilayah ada di berkas XLSX terlampir.", "", "Pesan ini dikirim otomatis oleh cakupan."]
    return "\n".join(lines)


def _record(run, code: str, *, force: bool) -> SentReport:
    """The row for this attempt: the earlier failed row of the same run and area, else a new one."""
    failed = None if force else SentReport.objects.filter(
        run=run, area_code=code, status=SentReport.Status.FAILED).order_by("-id").first()
    return failed or SentReport(run=run, area_code=code, as_of=run.as_of)


@transaction.atomic
def _save(record: SentReport, **fields) -> SentReport:
    for key, value in fields.items():
        setattr(record, key, value)
    record.save()
    return record


def _send_one(run, code: str, *, region: str, force: bool) -> SendResult:
    if not force and sent_exists(run=run, area_code=code):
        return SendResult(code, "skipped")
    record = _record(run, code, force=force)
    recipients = recipients_active(area_code=code)
    to = [r.email for r in recipients]
    fields = {"recipients": [f"{r.name} <{r.email}>" if r.name else r.email for r in recipients], "error": ""}
    try:
        with translation.override("id"):
            data = monthly_report_data(run=run, area_code=code)
            pdf, xlsx = monthly_pdf(data), monthly_xlsx(data)
        stem = f"laporan-cakupan-{code}-{run.as_of}"
        folder = Path("reports") / "monthly" / f"{run.as_of:%Y-%m}"
        rel_pdf, rel_xlsx = folder / f"{stem}-run{run.pk}.pdf", folder / f"{stem}-run{run.pk}.xlsx"
        _write(rel_pdf, pdf)
        _write(rel_xlsx, xlsx)
        subject = SUBJECT.format(month=data.month) + ("" if code == region else f" — {data.area_name}")
        fields.update(subject=subject, pdf_path=str(rel_pdf), xlsx_path=str(rel_xlsx))
    except Exception as exc:  # a report that cannot be made: recorded, never raised
        log.exception("monthly report %s for run %s could not be made", code, run.pk)
        fields["error"] = f"Laporan tidak dapat dibuat: {type(exc).__name__}: {exc}"
        return SendResult(code, "failed", _save(record, status=SentReport.Status.FAILED, **fields))
    if not to:
        return SendResult(code, "saved", _save(record, status=SentReport.Status.SAVED, **fields))
    message = EmailMessage(subject=subject, body=_body(data), from_email=settings.DEFAULT_FROM_EMAIL, to=to)
    message.attach(f"{stem}.pdf", pdf, PDF)
    message.attach(f"{stem}.xlsx", xlsx, XLSX)
    try:
        get_connection(fail_silently=False).send_messages([message])
    except Exception as exc:  # SMTP down, refused, timed out, rejected: recorded, never raised
        log.warning("monthly report %s for run %s not sent: %s", code, run.pk, exc)
        where = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
        fields["error"] = f"E-mail tidak terkirim lewat {where}: {type(exc).__name__}: {exc}"
        return SendResult(code, "failed", _save(record, status=SentReport.Status.FAILED, **fields))
    return SendResult(code, "sent", _save(record, status=SentReport.Status.SENT, sent_at=timezone.now(), **fields))


def monthly_report_send(*, run, area_code: str | None = None, force: bool = False) -> list[SendResult]:
    """The month's report of `area_code`, or of the run's kabupaten and every area with active
    recipients; one SendResult per area. Only an unknown `area_code` raises (UserError)."""
    if area_code is not None and not (level_of(area_code) in AREA_LEVELS and area_exists(area_code)):
        raise UserError(f"Wilayah {area_code} tidak dikenal: pilih kabupaten/kota, kapanewon/kecamatan atau kalurahan/desa.",
                        code="report.area")
    region = coverage_total(run=run, scope=SYSTEM).key
    areas = [area_code] if area_code else [region, *(a for a in recipient_areas() if a != region)]
    areas = [a for a in areas if a]  # a run without figures has no kabupaten to report
    return [_send_one(run, code, region=region, force=force) for code in areas]


def monthly_reports_send_due(*, force: bool = False) -> list[SendResult]:
    """What the daily timer does: every run still to report (selectors.runs_to_report), oldest first."""
    return [res for run in runs_to_report() for res in monthly_report_send(run=run, force=force)]
