"""Outreach event pages (sosialisasi): the list with the calendar of upcoming events per kapanewon
and conversion per partner and ecosystem, plan an event, one event with its attendance (upload a
sheet, tick names of its worklist), the printable attendance sheet (PDF)."""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import audit_record, mask_nik
from cakupan.core.formatting import angka
from cakupan.core.terms import kind_terms
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_name, area_names

from . import selectors as sel
from . import selectors_events as esel
from . import services
from .forms_events import AttendanceUploadForm, EventForm, event_service_error
from .services.events import attribution_days_default
from .views_common import page_of, persons_required, region_terms


def _event_or_404(request, event_id: int):
    try:
        return esel.access_event(scope=request.scope, event_id=event_id)
    except UserError as exc:
        raise Http404(str(exc)) from None


@persons_required
def index(request):
    return index_page(request)


def _worklists(scope):
    return list(sel.worklists_visible(scope=scope)[:200])


def index_page(request, *, form=None, status: int = 200):
    scope = request.scope
    page, page_query = page_of(request, esel.events_visible(scope=scope))
    per_event = {c.key: c for c in esel.conversion(scope=scope, by="event", events=list(page))}
    rows = [(e, per_event.get(str(e.pk))) for e in page]
    cal = esel.calendar(scope=scope)
    names = area_names([code for code, _ in cal] + [e.area_code for _, evs in cal for e in evs])
    ctx = {"rows": rows, "page": page, "page_query": page_query, "scope": scope, "terms": region_terms(),
           "calendar": [(code, names.get(code, code), [(e, names.get(e.area_code, e.area_code)) for e in evs])
                        for code, evs in cal],
           "by_partner": esel.conversion(scope=scope, by="partner"),
           "by_ecosystem": esel.conversion(scope=scope, by="ecosystem"),
           "form": form or EventForm(initial={"area": scope.area_code}, scope=scope, worklists=_worklists(scope),
                                     default_days=attribution_days_default())}
    return render(request, "outreach/events.html", ctx, status=status)


@require_POST
@persons_required
def plan(request):
    scope = request.scope
    worklists = _worklists(scope)
    form = EventForm(request.POST, scope=scope, worklists=worklists, default_days=attribution_days_default())
    if form.is_valid():
        d = form.cleaned_data
        wl = next((w for w in worklists if str(w.pk) == d["worklist"]), None)
        try:
            event = services.event_plan(name=d["name"], on=d["date"], place=d["place"], area_code=d["area"], scope=scope,
                                        user=request.user, ecosystem=d["ecosystem"] or "", partner=d["partner"],
                                        team=d["team"], worklist=wl, attribution_days=d["attribution_days"])
            messages.success(request, _("Kegiatan %(name)s direncanakan.") % {"name": event.name})
            return redirect("outreach:event", event_id=event.pk)
        except UserError as exc:
            event_service_error(form, exc)
    messages.error(request, _("Isian kegiatan belum benar; lihat pesan di samping isian."))
    return index_page(request, form=form, status=400)


@persons_required
def detail(request, event_id: int):
    scope = request.scope
    event = _event_or_404(request, event_id)
    show = (lambda n: n) if scope.sees_full_nik else mask_nik
    credited = esel.event_credited(event=event, scope=scope)
    attendees = list(esel.event_attendees(event=event, scope=scope))
    names = area_names({a.padukuhan_code for a in attendees}, name_padukuhan=False)
    rows = [{"a": a, "nik": show(a.nik), "padukuhan": names.get(a.padukuhan_code, ""), "enrolment": credited.get(a.nik)}
            for a in attendees]
    present = {a.nik for a in attendees}
    items_page, items_query = (None, "")
    ticks = []
    if event.worklist_id:
        items_page, items_query = page_of(request, sel.worklist_items(worklist=event.worklist, scope=scope), per_page=100)
        inames = area_names({i.padukuhan_code for i in items_page}, name_padukuhan=False)
        ticks = [{"item": i, "nik": show(i.nik), "padukuhan": inames.get(i.padukuhan_code, ""), "present": i.nik in present}
                 for i in items_page]
    conv = esel.conversion(scope=scope, by="event", events=[event])
    last_import = event.imports.first()
    rejected = [{**r, "nik": r["nik"] if scope.sees_full_nik or len(r["nik"]) != 16 or not r["nik"].isdigit()
                 else mask_nik(r["nik"])} for r in (last_import.rejected if last_import else [])]
    audit_record(user=request.user, action="view_persons", scope=scope.label, rows=len(rows) + len(ticks),
                 detail={"event": event.pk})
    ctx = {"event": event, "area": area_name(event.area_code), "rows": rows, "ticks": ticks, "page": items_page,
           "page_query": items_query, "conv": conv[0] if conv else None, "last_import": last_import, "rejected": rejected,
           "upload_form": AttendanceUploadForm(), "scope": scope,
           "terms": kind_terms(event.area_code)}  # the event's province's words: dusun in Klaten
    return render(request, "outreach/event.html", ctx)


@require_POST
@persons_required
def upload(request, event_id: int):
    event = _event_or_404(request, event_id)
    form = AttendanceUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas daftar hadir (CSV atau XLSX)."))
        return redirect("outreach:event", event_id=event.pk)
    f = form.cleaned_data["file"]
    try:
        r = services.event_attendance_import(event=event, content=f.read(), file_name=f.name, scope=request.scope,
                                             user=request.user)
        text = _("%(read)s baris: %(loaded)s tercatat hadir (%(new)s baru), %(rej)s ditolak.") % {
            "read": angka(r.rows_read), "loaded": angka(r.rows_loaded), "new": angka(r.rows_new),
            "rej": angka(r.rows_rejected)}
        (messages.warning if r.rows_rejected else messages.success)(request, text)
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("outreach:event", event_id=event.pk)


@require_POST
@persons_required
def tick(request, event_id: int):
    event = _event_or_404(request, event_id)
    ids = [v for v in request.POST.getlist("item") if v.isdigit()]
    try:
        n = services.event_attendance_tick(event=event, item_ids=[int(v) for v in ids], scope=request.scope,
                                           user=request.user)
        messages.success(request, _("%(n)s orang dicatat hadir.") % {"n": angka(n)})
    except UserError as exc:
        messages.error(request, str(exc))
    return redirect("outreach:event", event_id=event.pk)


@persons_required
def sheet_pdf(request, event_id: int):
    event = _event_or_404(request, event_id)
    from .event_sheet import attendance_sheet_pdf

    content, rows = attendance_sheet_pdf(event=event, scope=request.scope)
    audit_record(user=request.user, action="export_persons", scope=request.scope.label, rows=rows,
                 detail={"event": event.pk, "what": "attendance_sheet_pdf",
                         "purpose": "sosialisasi"})  # a sheet is printed for its event only (EXPORT_PURPOSES)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="daftar-hadir-{event.pk}.pdf"'
    return response
