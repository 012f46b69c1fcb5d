"""A school's worklist (teachers, issue 18 part 3): for a partner of kind `sekolah` named after a
school on the teachers' roster (roster kind `guru`; the school is the roster's `org` column, the
group the page /kepatuhan/guru/sekolah/ lists), the school's honorary teachers who are not active
members in the run (never registered, or non-active), ranked like every enrolment worklist, with
the usual outcomes, assignment and XLSX round trip.

Where the teachers come from: the guru roster snapshot the run read (registries' door,
`roster_rows_for_run`) gives the school's NIKs; the run's persons (coverage's PersonStatus) give
their status, age, address and ranking inputs; both are read through the user's Scope, so a person
outside it (or erased on request) never appears. Outreach does not read compliance's roster status
(the floors: docs/architecture.md). A teacher who does not live in the region (not in the
population: no address to visit) is counted on the school page but is on no worklist.

    wl = school_worklist_make(school="SD NEGERI 2 BANTUL", scope=scope, user=user)   # partner made if missing
    wl = school_worklist_make(partner=partner, scope=scope)   # a sekolah partner: its name names the school
"""
from __future__ import annotations

import difflib

from django.db import transaction

from cakupan.accounts.scope import Scope
from cakupan.coverage.models import CoverageRun, PersonStatus
from cakupan.coverage.selectors import run_latest
from cakupan.errors import UserError
from cakupan.registries.selectors import roster_rows_for_run

from ..models import Partner, Worklist
from .partners import partner_create
from .worklists import ITEM_STATUSES, pending_niks, worklist_checks, worklist_save_ranked

SCHOOL_ROSTER = "guru"        # the roster kind of the teachers
SCHOOL_ECOSYSTEM = "guru"     # the worklist's ecosystem (a mitra of the guru ecosystem sees it)
PARTNER_PREFIX = "Kepala "    # a school's partner: "Kepala SD NEGERI 2 BANTUL" (or the school's name)


def school_key(name: str | None) -> str:
    """A school's name for matching: upper case, single spaces ("sd negeri 2  bantul" = "SD NEGERI 2 BANTUL")."""
    return " ".join(str(name or "").upper().split())


def school_of_partner(partner: Partner) -> str:
    """The school a partner of kind sekolah names: its name without a leading "Kepala "."""
    name = (partner.name or "").strip()
    return name[len(PARTNER_PREFIX):].strip() if name.lower().startswith(PARTNER_PREFIX.lower()) else name


def school_teachers(*, run: CoverageRun, school: str) -> tuple[str, set[str]]:
    """(the school's name as the roster writes it, the NIKs of its teachers) on the guru roster the
    run read; UserError for a school not on it (with the nearest names) or without one NIK."""
    key = school_key(school)
    if not key:
        raise UserError("Nama sekolah wajib diisi.", code="school.name")
    rows = roster_rows_for_run(roster_kind=SCHOOL_ROSTER, as_of=run.as_of)
    names = {school_key(r["org"]): (r["org"] or "").strip() for r in rows if school_key(r["org"])}
    if key not in names:
        near = difflib.get_close_matches(key, list(names), n=3, cutoff=0.75)
        hint = f" Mungkin: {', '.join(names[k] for k in near)}." if near else \
            " Lihat daftarnya di halaman Kepatuhan › Guru › Sekolah dan dinas, atau `cakupan kepatuhan guru --per sekolah`."
        raise UserError(f"Sekolah '{str(school).strip()[:80]}' tidak ada pada daftar guru honorer.{hint}",
                        code="school.unknown")
    niks = {str(r["nik"]).strip() for r in rows if school_key(r["org"]) == key and str(r["nik"] or "").strip()}
    if not niks:
        raise UserError(f"Daftar guru {names[key]} tidak memuat satu NIK pun.", code="school.no_teachers")
    return names[key], niks


@transaction.atomic
def school_partner_ensure(*, school: str) -> Partner:
    """The school's partner: a partner of kind sekolah named "Kepala <school>" or "<school>" (any
    case), else a new one "Kepala <school>" (every area, ecosystem guru)."""
    for name in (PARTNER_PREFIX + school, school):
        partner = Partner.objects.filter(name__iexact=name, kind=Partner.Kind.SEKOLAH).first()
        if partner is not None:
            return partner
    return partner_create(name=PARTNER_PREFIX + school, kind=Partner.Kind.SEKOLAH, ecosystems=[SCHOOL_ECOSYSTEM])


def _common_area(codes) -> str:
    """The smallest area holding every code ("34.02.01.2001", "34.02.05.2003" -> "34.02")."""
    parts = [c.split(".") for c in codes if c]
    if not parts:
        return ""
    common = parts[0]
    for p in parts[1:]:
        n = 0
        while n < min(len(common), len(p)) and common[n] == p[n]:
            n += 1
        common = common[:n]
    return ".".join(common)


def teacher_run(*, scope: Scope, run: CoverageRun | None = None) -> CoverageRun:
    """The run a teachers' worklist is made from (default: the newest), for a user who may see
    persons; UserError otherwise. Shared by the school's and the office's worklists."""
    run = run or run_latest()
    if run is None:
        raise UserError("Belum ada hasil cakupan; jalankan penghitungan cakupan dulu.", code="worklist.no_run")
    if not scope.can_see_persons:
        raise UserError("Peran Anda tidak boleh melihat daftar orang.", code="worklist.forbidden")
    return run


def teachers_not_active(*, run: CoverageRun, scope: Scope, niks, area_code: str = "") -> list[PersonStatus]:
    """The persons of `niks` the run counts not active (never registered or non-active), inside the
    user's scope and `area_code`, less those with an enrolment pending."""
    qs = scope.filter_persons(PersonStatus.objects.filter(run=run, status__in=ITEM_STATUSES, nik__in=sorted(niks)))
    if area_code:
        qs = qs.filter(Scope(role="admin", area_code=area_code).area_q("padukuhan_code"))
    return list(qs.exclude(nik__in=pending_niks()))


def teacher_area(*, area_code: str, scope: Scope, persons) -> str:
    """The worklist's area: the one asked for, else the user's, else the smallest holding the persons."""
    return area_code or scope.area_code or _common_area(p.kalurahan_code for p in persons)


@transaction.atomic
def school_worklist_make(*, scope: Scope, school: str = "", partner: Partner | None = None, user=None,
                         area_code: str = "", by_padukuhan: bool = False, limit: int | None = None,
                         run: CoverageRun | None = None) -> Worklist:
    """The worklist of one school's honorary teachers who are not active members: by `school`
    (its partner found or made: school_partner_ensure) or by a `partner` of kind sekolah (its name
    names the school). `area_code` narrows it to one area; otherwise the area is the user's, or
    the smallest area holding the teachers' kalurahan. The usual checks (worklist_checks) apply."""
    if partner is not None and partner.kind != Partner.Kind.SEKOLAH:
        raise UserError(f"Mitra {partner.name} bukan mitra sekolah.", code="partner.kind")
    if partner is None and not school_key(school):
        raise UserError("Pilih sekolah (atau mitra sekolah).", code="school.name")
    run = teacher_run(scope=scope, run=run)
    name, niks = school_teachers(run=run, school=school or school_of_partner(partner))
    partner = partner or school_partner_ensure(school=name)
    persons = teachers_not_active(run=run, scope=scope, niks=niks, area_code=area_code)
    if not persons:
        raise UserError(f"Tidak ada guru honorer {name} yang belum terdaftar atau nonaktif (di wilayah Anda).",
                        code="worklist.empty")
    area = teacher_area(area_code=area_code, scope=scope, persons=persons)
    run, ecosystem, _ = worklist_checks(partner=partner, area_code=area, scope=scope, ecosystem=SCHOOL_ECOSYSTEM,
                                        run=run)
    title = f"{partner.name} — guru honorer" + ("" if school_key(name) in school_key(partner.name) else f" {name}")
    return worklist_save_ranked(partner=partner, run=run, area_code=area, ecosystem=ecosystem, persons=persons,
                                scope=scope, user=user, by_padukuhan=by_padukuhan, limit=limit, name=title,
                                empty=f"Tidak ada guru honorer {name} yang belum terdaftar atau nonaktif.",
                                detail={"school": name})
