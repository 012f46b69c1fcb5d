"""Person-level reads of a run: always through the user's Scope, masked unless the role needs the
full NIK, and every look audited (UU 27/2022 PDP: purpose limitation and accountability).

    flt = PersonFilter(status="uncovered", q="sari")
    qs = persons_in_area(scope=scope, run=run, area_code="34.02.01.2001", flt=flt)
    rows = [person_row(p, scope) for p in qs[:50]]       # {"nik": "3402********0001", ...}
    persons_viewed(user=user, scope=scope, area_code="34.02.01.2001", flt=flt, rows=len(rows), page=1)

    ids = person_ids(scope=scope, run=run, area_code="34.02.01.2001", flt=flt)   # the whole ordered list
    persons_by_ids(run=run, ids=ids[50:100])                                   # one page, in that order

`person_ids` keeps the ordered ids of a DONE run's list in Django's cache (ids only, no personal
data; keyed by the run's cache key, the scope and the filter), so paging through a kalurahan's
few thousand rows costs one primary-key read per page instead of a count and a sort.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cakupan.accounts.scope import Scope, audit_record, mask_nik, without_hidden
from cakupan.core.areas import level_of
from cakupan.core.labels import sex_name, status_name

from ..models import CoverageRun, PersonStatus
from .figures import run_cache_key

IDS_SECONDS = 10 * 60  # a DONE run's list never changes; the timeout only bounds memory use

STATUS_FILTERS = {
    "uncovered": ("none", "nonactive"),  # not covered: never registered, or registered but non-active
    "none": ("none",),
    "nonactive": ("nonactive",),
}


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
    level = level_of(area_code)
    if level == "kalurahan":  # served by the (run, kalurahan_code, status) index
        qs = PersonStatus.objects.filter(run=run, kalurahan_code=area_code)
    elif level == "padukuhan":
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


def person_ids(*, scope: Scope, run: CoverageRun, area_code: str, flt: PersonFilter) -> list[int]:
    """The ids of persons_in_area, in its order; cached for a DONE run (scope checked every call)."""
    qs = persons_in_area(scope=scope, run=run, area_code=area_code, flt=flt)
    run_key = run_cache_key(run)
    if run_key is None:
        return list(qs.values_list("id", flat=True))
    spec = repr((scope.role, scope.area_code, tuple(scope.ecosystems), area_code, flt.status, flt.q, flt.padukuhan,
                 flt.ecosystem))
    key = f"cov:ids:{run_key}:{hashlib.sha1(spec.encode()).hexdigest()}"
    ids = cache.get(key)
    if ids is None:
        ids = list(qs.values_list("id", flat=True))
        cache.set(key, ids, IDS_SECONDS)
    return ids


def persons_by_ids(*, run: CoverageRun, ids: list[int]) -> list[PersonStatus]:
    """The persons of `run` with these ids (from person_ids), in the order given."""
    found = {p.pk: p for p in without_hidden(PersonStatus.objects.filter(run=run, pk__in=list(ids)))}
    return [found[i] for i in ids if i in found]


def person_row(p: PersonStatus, scope: Scope) -> dict:
    """One row of a person list (page, exports, API): the NIK masked unless the role sees it in full,
    and beside it what tells people with the same name and the same masked NIK apart without
    revealing the NIK: sex, age in years and padukuhan (its name is added by the caller, who reads
    the area names once per page)."""
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
