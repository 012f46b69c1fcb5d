"""Reads of the monthly report's recipients and archive. The archive is scoped: a user with an
area (kapanewon, kalurahan operator) sees only the reports of that area and the areas inside it.

    sent_reports(scope=scope_for(user))                  newest first
    sent_report_visible(scope=scope, report_id=7)        the report, or None (a page answers 404)
    report_file(report=r, fmt="pdf")                     its file under CAKUPAN_HOME, or None
    runs_to_report()                                     the runs the scheduler still has to report
"""
from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db.models import Q

from cakupan.accounts.scope import Scope
from cakupan.coverage import selectors as cov

from .models import ReportRecipient, SentReport

DONE_STATUSES = (SentReport.Status.SENT, SentReport.Status.SAVED)  # made for good: not made again unless forced
EDIT_ROLES = ("admin",)


def recipients_active(*, area_code: str) -> list[ReportRecipient]:
    return list(ReportRecipient.objects.filter(area_code=area_code, active=True).order_by("email"))


def recipient_areas() -> list[str]:
    """The area codes with at least one active recipient, in code order."""
    return sorted(set(ReportRecipient.objects.filter(active=True).values_list("area_code", flat=True)))


def recipients_all() -> list[ReportRecipient]:
    return list(ReportRecipient.objects.order_by("area_code", "email"))


def sent_reports(*, scope: Scope, limit: int = 500) -> list[SentReport]:
    qs = SentReport.objects.all()
    if scope.area_code:
        qs = qs.filter(Q(area_code=scope.area_code) | Q(area_code__startswith=scope.area_code + "."))
    return list(qs.order_by("-as_of", "area_code", "-id")[:limit])


def sent_report_visible(*, scope: Scope, report_id) -> SentReport | None:
    try:
        report_id = int(str(report_id).strip())
    except (TypeError, ValueError):
        return None
    report = SentReport.objects.filter(id=report_id).first()
    if report is None or not scope.area_allowed(report.area_code):
        return None
    return report


def report_file(*, report: SentReport, fmt: str) -> Path | None:
    rel = {"pdf": report.pdf_path, "xlsx": report.xlsx_path}.get(fmt) or ""
    if not rel:
        return None
    home = Path(settings.CAKUPAN_HOME).resolve()
    path = (home / rel).resolve()
    return path if path.is_relative_to(home) and path.is_file() else None


def sent_exists(*, run, area_code: str) -> bool:
    return SentReport.objects.filter(run=run, area_code=area_code, status__in=DONE_STATUSES).exists()


def runs_to_report() -> list:
    """The runs `cakupan report send-monthly` sends, oldest first: the run of the newest report made
    (its areas still unsent are retried) and the newest run of every later as-of date; before any
    report, only the newest published run (a first install or a backfill mails no old months)."""
    done = cov.runs_done(limit=None, light=True)  # newest first
    last = (SentReport.objects.filter(status__in=DONE_STATUSES, run__in=[r.pk for r in done])
            .order_by("-as_of", "-id").first())
    if last is None:
        return done[:1]
    later: dict = {}
    for run in done:
        if run.as_of > last.as_of:
            later.setdefault(run.as_of, run)
    base = next(r for r in done if r.pk == last.run_id)
    return [base, *sorted(later.values(), key=lambda r: r.as_of)]
