"""An office's worklist (teachers): for the office responsible for schools (core/schools.py, UU
23/2014: kabupaten = the kabupaten/kota's education office for PAUD/TK, SD, SMP; provinsi = the
province's for SMA, SMK, SLB; kemenag = the Kantor Kementerian Agama for madrasah), the honorary
teachers of every school it answers for who are not active members in the run, in one ranked
worklist for its partner (kind `dinas`). The school a teacher works at is read from the guru roster
the run read (no field on the item): the XLSX has a SEKOLAH column and the worklist page a column
"Tempat mengajar" for a worklist of a dinas partner (worklist_schools).

Same sources and rules as a school's worklist (services/school_worklists.py): the roster gives the
NIKs, the run's persons their status, both read through the user's Scope; a teacher who does not
live in the region is on no worklist.

    wl = office_worklist_make(office="provinsi", scope=scope, user=user)   # partner made if missing
    wl = office_worklist_make(office="kemenag", partner=p, scope=scope)     # a dinas partner of the region's own name
"""
from __future__ import annotations

from django.db import transaction

from cakupan.accounts.scope import Scope
from cakupan.core.schools import OFFICE_NAMES, school_classify
from cakupan.coverage.models import CoverageRun
from cakupan.errors import UserError
from cakupan.registries.selectors import roster_rows_for_run

from ..models import Partner, Worklist
from .partners import partner_create
from .school_worklists import SCHOOL_ECOSYSTEM, SCHOOL_ROSTER, teacher_area, teacher_run, teachers_not_active
from .worklists import worklist_checks, worklist_save_ranked

OFFICES = ("kabupaten", "provinsi", "kemenag")   # OFFICE_NAMES without "" (unknown: no office), in the page's order


def office_check(office: str) -> str:
    """The office code ('Kemenag ' -> 'kemenag'); UserError naming the known ones otherwise."""
    code = (office or "").strip().lower()
    if code not in OFFICES:
        raise UserError(f"Dinas '{str(office or '').strip()[:40]}' tidak dikenal; pilih: {', '.join(OFFICES)}.",
                        code="office.unknown")
    return code


def teacher_schools_by_nik(*, run: CoverageRun) -> dict[str, str]:
    """{NIK: the school(s) it teaches at, as the roster writes them, "; "-joined} on the guru roster
    the run read. Personal data: the caller shows only the NIKs it may."""
    by_nik: dict[str, set[str]] = {}
    for r in roster_rows_for_run(roster_kind=SCHOOL_ROSTER, as_of=run.as_of):
        nik, name = str(r["nik"] or "").strip(), " ".join(str(r["org"] or "").split())
        if nik and name:
            by_nik.setdefault(nik, set()).add(name.upper())
    return {nik: "; ".join(sorted(names)) for nik, names in by_nik.items()}


def office_teachers(*, run: CoverageRun, office: str) -> dict[str, str]:
    """{NIK: school} of the teachers of every school the office answers for (the school's name
    classified by core.schools.school_classify); UserError when the roster has none."""
    office = office_check(office)
    teachers = {nik: "; ".join(s for s in school.split("; ") if school_classify(s).office == office)
                for nik, school in teacher_schools_by_nik(run=run).items()}
    teachers = {nik: school for nik, school in teachers.items() if school}
    if not teachers:
        raise UserError(f"Daftar guru honorer tidak memuat sekolah yang menjadi tanggung jawab {OFFICE_NAMES[office]}.",
                        code="office.no_teachers")
    return teachers


def office_of_partner(partner: Partner) -> str:
    """The office a partner of kind dinas answers for, read from its name: 'agama'/'kemenag' ->
    kemenag, 'provinsi' -> provinsi, 'kabupaten'/'kota' -> kabupaten; UserError otherwise (name
    the office: --dinas, or the button on the teachers' page)."""
    words = f" {' '.join((partner.name or '').lower().replace('/', ' ').split())} "
    for office, keys in (("kemenag", ("agama", "kemenag")), ("provinsi", ("provinsi",)), ("kabupaten", ("kabupaten", "kota"))):
        if any(f" {k} " in words for k in keys):
            return office
    raise UserError(f"Dinas mitra {partner.name} tidak terbaca dari namanya; sebutkan dinasnya ({', '.join(OFFICES)}).",
                    code="office.unknown")


@transaction.atomic
def office_partner_ensure(*, office: str) -> Partner:
    """The office's partner: a partner of kind dinas named as the office (OFFICE_NAMES, any case),
    else a new one (every area, ecosystem guru)."""
    name = OFFICE_NAMES[office_check(office)]
    partner = Partner.objects.filter(name__iexact=name, kind=Partner.Kind.DINAS).first()
    return partner or partner_create(name=name, kind=Partner.Kind.DINAS, ecosystems=[SCHOOL_ECOSYSTEM])


def worklist_schools(*, worklist: Worklist) -> dict[str, str]:
    """{NIK: school} for a worklist of a dinas partner (the XLSX's SEKOLAH column, the page's
    column); {} for any other worklist."""
    if worklist.partner.kind != Partner.Kind.DINAS:
        return {}
    return teacher_schools_by_nik(run=worklist.run)


@transaction.atomic
def office_worklist_make(*, scope: Scope, office: str = "", partner: Partner | None = None, user=None,
                         area_code: str = "", by_padukuhan: bool = False, limit: int | None = None,
                         run: CoverageRun | None = None) -> Worklist:
    """The worklist of the honorary teachers not active of every school `office` answers for, for
    `partner` (kind dinas; without `office`, its name names the office: office_of_partner) or the
    office's own partner (office_partner_ensure). `area_code` narrows
    it to one area; otherwise the area is the user's, or the smallest area holding the teachers'
    kalurahan. The usual checks (worklist_checks) apply."""
    if partner is not None and partner.kind != Partner.Kind.DINAS:
        raise UserError(f"Mitra {partner.name} bukan mitra dinas.", code="partner.kind")
    office = office_check(office) if office or partner is None else office_of_partner(partner)
    run = teacher_run(scope=scope, run=run)
    teachers = office_teachers(run=run, office=office)
    partner = partner or office_partner_ensure(office=office)
    persons = teachers_not_active(run=run, scope=scope, niks=teachers, area_code=area_code)
    office_name = OFFICE_NAMES[office]
    if not persons:
        raise UserError(f"Tidak ada guru honorer sekolah {office_name} yang belum terdaftar atau nonaktif "
                        "(di wilayah Anda).", code="worklist.empty")
    area = teacher_area(area_code=area_code, scope=scope, persons=persons)
    run, ecosystem, _ = worklist_checks(partner=partner, area_code=area, scope=scope, ecosystem=SCHOOL_ECOSYSTEM,
                                        run=run)
    schools = sorted({s for p in persons for s in teachers[p.nik].split("; ")})
    title = f"{partner.name} — guru honorer {len(schools)} sekolah"
    return worklist_save_ranked(partner=partner, run=run, area_code=area, ecosystem=ecosystem, persons=persons,
                                scope=scope, user=user, by_padukuhan=by_padukuhan, limit=limit, name=title,
                                empty=f"Tidak ada guru honorer sekolah {office_name} yang belum terdaftar atau nonaktif.",
                                detail={"office": office, "schools": len(schools)})
