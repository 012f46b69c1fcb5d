"""Person-level reads: always through the user's Scope, masked unless the role needs the full
NIK, and every look audited (UU 27/2022 PDP: purpose limitation and accountability)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cakupan.accounts.scope import Scope, audit_record, mask_nik
from cakupan.coverage.models import CoverageRun, PersonStatus
from cakupan.core.labels import sex_name, status_name

STATUS_FILTERS = {
    "uncovered": ("none", "nonactive"),  # not covered: never registered, or registered but non-active
    "none": ("none",),
    "nonactive": ("nonactive",),
}
COLUMNS = ("nik", "nama", "sex", "age", "padukuhan_code", "ecosystem", "status", "segment", "kpj", "paid_through")
EXPORT_LIMIT = 200_000


@dataclass(frozen=True)
class PersonFilter:
    status: str = "uncovered"
    q: str = ""
    padukuhan: str = ""
    ecosystem: str = ""

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}


def _require_persons(scope: Scope, area_code: str) -> None:
    if not scope.can_see_persons:
        raise PermissionDenied("Peran ini hanya melihat angka agregat.")
    if not scope.area_allowed(area_code):
        raise Http404("Wilayah di luar cakupan Anda.")


def persons_in_area(*, scope: Scope, run: CoverageRun, area_code: str, flt: PersonFilter) -> QuerySet:
    """Workforce persons of one area (kalurahan or padukuhan) who are not covered, scoped."""
    _require_persons(scope, area_code)
    parts = area_code.count(".")
    if parts == 3:  # kalurahan: served by the (run, kalurahan_code, status) index
        qs = PersonStatus.objects.filter(run=run, kalurahan_code=area_code)
    elif parts > 3:  # padukuhan
        qs = PersonStatus.objects.filter(run=run, padukuhan_code=area_code)
    else:  # person lists start at a kalurahan; larger areas would be too long to read
        raise Http404("Daftar orang tersedia per kalurahan atau padukuhan.")
    qs = scope.filter_persons(qs)
    qs = qs.filter(status__in=STATUS_FILTERS.get(flt.status, STATUS_FILTERS["uncovered"]))
    if flt.padukuhan:
        qs = qs.filter(padukuhan_code=flt.padukuhan)
    if flt.ecosystem:
        qs = qs.filter(ecosystem=flt.ecosystem)
    if flt.q:
        term = flt.q.strip()
        qs = qs.filter(Q(nama__icontains=term) | Q(kpj=term) | Q(nik=term) if term.isdigit() else Q(nama__icontains=term))
    return qs.order_by("padukuhan_code", "nama", "id")


def person_row(p: PersonStatus, scope: Scope) -> dict:
    return {
        "id": p.pk,
        "nik": p.nik if scope.sees_full_nik else mask_nik(p.nik),
        "nama": p.nama,
        "sex": p.sex,
        "sex_label": sex_name(p.sex),
        "age": p.age,
        "padukuhan_code": p.padukuhan_code,
        "ecosystem": p.ecosystem,
        "status": p.status,
        "status_label": status_name(p.status),
        "segment": p.segment,
        "kpj": p.kpj,
        "paid_through": p.paid_through,
    }


def persons_viewed(*, user, scope: Scope, area_code: str, flt: PersonFilter, rows: int, page: int, via: str = "web") -> None:
    audit_record(
        user=user, action="view_persons", scope=scope.label, rows=rows,
        detail={"area": area_code, "filter": flt.as_dict(), "page": page, "via": via},
    )


def persons_export(*, user, scope: Scope, run: CoverageRun, area_code: str, flt: PersonFilter, fmt: str) -> tuple[bytes, str]:
    """The filtered list as CSV or XLSX bytes (NIK masked as on screen); audited."""
    qs = persons_in_area(scope=scope, run=run, area_code=area_code, flt=flt)[:EXPORT_LIMIT]
    rows = [person_row(p, scope) for p in qs]
    audit_record(
        user=user, action="export_persons", scope=scope.label, rows=len(rows),
        detail={"area": area_code, "filter": flt.as_dict(), "format": fmt, "run": run.pk},
    )
    if fmt == "xlsx":
        return _xlsx(rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _csv(rows), "text/csv; charset=utf-8"


def _cell(value):
    return value.isoformat() if isinstance(value, date) else ("" if value is None else value)


def _csv(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([_cell(r[c]) for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: opens cleanly in Excel


def _xlsx(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("pekerja")
    ws.append(list(COLUMNS))
    for r in rows:
        ws.append([str(_cell(r[c])) if c in ("nik", "kpj") else _cell(r[c]) for c in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def person_nik_reveal(*, user, scope: Scope, run: CoverageRun, person_id: int) -> PersonStatus:
    """The full NIK of one person in scope; an audited action."""
    if not scope.can_see_persons:
        raise PermissionDenied("Peran ini tidak boleh melihat data perorangan.")
    person = scope.filter_persons(PersonStatus.objects.filter(run=run, pk=person_id)).first()
    if person is None or not scope.area_allowed(person.kalurahan_code):
        raise Http404("Orang ini di luar cakupan Anda.")
    audit_record(
        user=user, action="reveal_nik", scope=scope.label, rows=1,
        detail={"person_id": person.pk, "kalurahan": person.kalurahan_code, "run": run.pk},
    )
    return person
