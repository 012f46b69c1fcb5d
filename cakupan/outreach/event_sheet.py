"""The attendance sheet of an event as PDF (WeasyPrint, fonts from the machine, nothing fetched;
the same way cakupan.reports renders its PDFs — that room is on the top floor, so its helpers are
not imported here). Rows: the event's worklist names in rank order (NIK masked unless the role
sees full NIKs), those already recorded present, then blank rows for walk-ins. Always Indonesian:
the sheet is signed in the village hall."""
from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from cakupan.accounts.scope import Scope, mask_nik
from cakupan.core.labels import ecosystem_name
from cakupan.core.terms import kind_terms
from cakupan.wilayah.selectors import area_name, area_names

from .models import Event
from .selectors import worklist_items
from .selectors_events import event_attendees

CSS = Path(__file__).with_name("pdf") / "attendance.css"
BLANK_ROWS = 15
MAX_NAMES = 2000


def attendance_sheet_rows(*, event: Event, scope: Scope) -> list[dict]:
    """The printed names: worklist items (rank order), then attendees not on the worklist."""
    show = (lambda n: n) if scope.sees_full_nik else mask_nik
    rows, seen = [], set()
    if event.worklist_id:
        for i in worklist_items(worklist=event.worklist, scope=scope)[:MAX_NAMES]:
            rows.append({"nama": i.nama, "nik": show(i.nik), "padukuhan_code": i.padukuhan_code})
            seen.add(i.nik)
    for a in event_attendees(event=event, scope=scope):
        if a.nik not in seen:
            rows.append({"nama": a.nama, "nik": show(a.nik), "padukuhan_code": a.padukuhan_code})
    names = area_names({r["padukuhan_code"] for r in rows}, name_padukuhan=False)
    for r in rows:
        r["padukuhan"] = names.get(r["padukuhan_code"], "")
    return rows


def attendance_sheet_pdf(*, event: Event, scope: Scope) -> tuple[bytes, int]:
    """(PDF bytes, how many names it prints)."""
    from weasyprint import CSS as WCSS
    from weasyprint import HTML

    rows = attendance_sheet_rows(event=event, scope=scope)
    with translation.override("id"):
        html = render_to_string("outreach/event_sheet.html", {
            "event": event, "area": area_name(event.area_code), "rows": rows, "blank": range(BLANK_ROWS),
            "ecosystem": ecosystem_name(event.ecosystem) if event.ecosystem else "semua",
            "terms": kind_terms(event.area_code)})  # the event's province's words: Dusun in Klaten
    return HTML(string=html).write_pdf(stylesheets=[WCSS(filename=str(CSS))]), len(rows)
