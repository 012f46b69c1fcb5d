"""The monthly report sent through a real SMTP server started by the test (aiosmtpd on 127.0.0.1):
the message arrives with its subject and both attachments, the archive records it, a second call
sends nothing, and an unreachable server is recorded as a failure without raising."""
from __future__ import annotations

import email
import socket
from datetime import date
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from cakupan.reports.models import SentReport
from cakupan.reports.services import monthly_report_send, monthly_reports_send_due, recipient_add
from cakupan.reports.selectors import runs_to_report
from tests.reports.monthly_factories import months_make
from tests.web.factories import KAP_A, run_make

pytestmark = pytest.mark.django_db

SUBJECT = "Laporan cakupan BPJS Ketenagakerjaan — Februari 2023"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def smtp_settings(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # the test runner's default is locmem
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "cakupan@bantulkab.go.id"


class Inbox:
    def __init__(self):
        self.envelopes = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self):
        return [email.message_from_bytes(e.content) for e in self.envelopes]


@pytest.fixture
def smtp(settings):
    Controller = pytest.importorskip("aiosmtpd.controller").Controller  # noqa: N806 - the test extras install it

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    smtp_settings(settings, controller.port)
    yield inbox
    controller.stop()


@pytest.fixture
def months(db, cakupan_home):
    jan, feb = months_make(direction="rise")
    recipient_add(area_code="34.02", email="Bupati@BantulKab.go.id", name="Bupati Bantul")
    recipient_add(area_code="34.02", email="bappeda@bantulkab.go.id")
    return jan, feb


def test_sent_with_both_attachments_and_recorded_once(months, smtp, cakupan_home):
    _jan, feb = months
    results = monthly_report_send(run=feb)
    assert [(r.area_code, r.status) for r in results] == [("34.02", "sent")]
    assert len(smtp.envelopes) == 1
    env = smtp.envelopes[0]
    assert sorted(env.rcpt_tos) == ["bappeda@bantulkab.go.id", "bupati@bantulkab.go.id"]
    msg = smtp.messages()[0]
    assert str(make_header(decode_header(msg["Subject"]))) == SUBJECT
    parts = {p.get_filename(): p for p in msg.walk() if p.get_filename()}
    assert set(parts) == {"laporan-cakupan-34.02-2023-02-27.pdf", "laporan-cakupan-34.02-2023-02-27.xlsx"}
    assert parts["laporan-cakupan-34.02-2023-02-27.pdf"].get_payload(decode=True).startswith(b"%PDF")
    assert parts["laporan-cakupan-34.02-2023-02-27.xlsx"].get_payload(decode=True).startswith(b"PK")
    body = next(p for p in msg.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "Cakupan naik 9,3 poin" in body
    rec = SentReport.objects.get()
    assert (rec.status, rec.run, rec.area_code, str(rec.as_of)) == ("sent", feb, "34.02", "2023-02-27")
    assert rec.recipients == ["bappeda@bantulkab.go.id", "Bupati Bantul <bupati@bantulkab.go.id>"]
    assert rec.pdf_path.startswith("reports/monthly/2023-02/") and (cakupan_home / rec.pdf_path).is_file()
    assert (cakupan_home / rec.xlsx_path).read_bytes() == parts["laporan-cakupan-34.02-2023-02-27.xlsx"].get_payload(decode=True)
    assert [r.status for r in monthly_report_send(run=feb)] == ["skipped"]  # idempotent
    assert len(smtp.envelopes) == 1 and SentReport.objects.count() == 1
    assert [r.status for r in monthly_report_send(run=feb, force=True)] == ["sent"]  # unless forced
    assert len(smtp.envelopes) == 2 and SentReport.objects.count() == 2


def test_each_area_with_recipients_gets_its_own_report(months, smtp):
    _jan, feb = months
    recipient_add(area_code=KAP_A, email="panewu@srandakan.go.id")
    results = monthly_report_send(run=feb)
    assert [(r.area_code, r.status) for r in results] == [("34.02", "sent"), (KAP_A, "sent")]
    subjects = sorted(str(make_header(decode_header(m["Subject"]))) for m in smtp.messages())
    assert subjects == [SUBJECT, f"{SUBJECT} — Srandakan"]
    area_mail = next(e for e in smtp.envelopes if e.rcpt_tos == ["panewu@srandakan.go.id"])
    assert b"laporan-cakupan-34.02.01-2023-02-27.pdf" in area_mail.content


def test_unreachable_smtp_is_recorded_not_raised_and_retried(months, settings, smtp):
    _jan, feb = months
    smtp_settings(settings, free_port())  # nobody listens there
    results = monthly_report_send(run=feb)
    assert [r.status for r in results] == ["failed"]
    rec = SentReport.objects.get()
    assert rec.status == "failed" and "E-mail tidak terkirim lewat 127.0.0.1:" in rec.error and rec.sent_at is None
    assert Path(settings.CAKUPAN_HOME, rec.pdf_path).is_file()  # made and filed all the same
    smtp_settings(settings, smtp.port)  # the server is back: the next call sends, on the same row
    assert [r.status for r in monthly_report_send(run=feb)] == ["sent"]
    assert SentReport.objects.get().status == "sent" and len(smtp.envelopes) == 1


def test_an_area_without_recipients_is_filed_not_mailed(db, cakupan_home, smtp):
    _jan, feb = months_make(direction="fall", flows=False)
    assert [r.status for r in monthly_report_send(run=feb)] == ["saved"]
    assert smtp.envelopes == [] and SentReport.objects.get().status == "saved"


def test_runs_to_report_mails_no_old_months(months, smtp):
    jan, feb = months
    assert runs_to_report() == [feb]  # nothing sent yet: only the newest run, not January too
    assert [r.status for r in monthly_reports_send_due()] == ["sent"]
    assert [r.status for r in monthly_reports_send_due()] == ["skipped"]
    assert len(smtp.envelopes) == 1
    march = run_make(as_of=date(2023, 3, 31)).run  # the next month is published
    assert runs_to_report() == [feb, march]
    assert [r.status for r in monthly_reports_send_due()] == ["skipped", "sent"]
    assert str(make_header(decode_header(smtp.messages()[-1]["Subject"]))).endswith("— Maret 2023")
    assert runs_to_report() == [march] and [r.status for r in monthly_reports_send_due()] == ["skipped"]


def test_a_report_that_cannot_be_made_is_recorded_not_raised(months, smtp, monkeypatch):
    from cakupan.reports.services import sending

    def broken(data):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(sending, "monthly_pdf", broken)
    _jan, feb = months
    assert [r.status for r in monthly_report_send(run=feb)] == ["failed"]
    rec = SentReport.objects.get()
    assert rec.error == "Laporan tidak dapat dibuat: RuntimeError: no fonts" and smtp.envelopes == []


@pytest.mark.parametrize("area", ["../../etc", "99.99", "34"])
def test_an_unknown_area_is_refused_before_anything_is_written(months, area, cakupan_home):
    from cakupan.errors import UserError

    _jan, feb = months
    with pytest.raises(UserError):
        monthly_report_send(run=feb, area_code=area)
    assert not SentReport.objects.exists() and not (cakupan_home / "reports").exists()
