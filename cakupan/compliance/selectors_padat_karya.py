"""Padat karya reads, scoped: projects in the user's area, the crew check on the start date.

    projects = projects_upcoming(scope=scope, today=date(2023, 3, 1))   # next 14 days, crew not covered
    project = access_project(scope=scope, project_id=3)                  # 404-able None outside the scope
    check = crew_check(project=project)                                  # .rows, .counts, .ready

The check: every crew member aged <= 65 on the start date is covered for JKK + JKM on that date —
either active in the latest coverage run and not lapsed by the start month (the segment's grace
rule, PersonStatus.lapse_month: every segment's program set holds JKK and JKM), or enrolled by the
project's batch for months that include the start month. A member who is active now but lapses
by the start month ('bayar') needs the missing months paid, not a new enrolment: the batch leaves
them out and the project waits for them. Members older than 65 are outside the
check (the age cap used for padat karya enrolment in Bantul). A crew row with an invalid NIK
cannot be checked and keeps the project from 'siap mulai'; a repeated NIK is counted once.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from cakupan.accounts.scope import Scope, without_hidden

from .models import PadatKaryaCrew, PadatKaryaProject

AGE_CAP = 65
UPCOMING_DAYS = 14
STATES = ("tercakup", "didaftarkan", "belum", "bayar", "usia", "nik_tidak_sah", "duplikat")
BLOCKING = ("belum", "bayar", "nik_tidak_sah")
MANAGE_ROLES = ("admin", "kepatuhan", "kapanewon", "kalurahan", "mitra")


def _month(d: date) -> date:
    return d.replace(day=1)


def project_end(project: PadatKaryaProject) -> date:
    return project.start_date + timedelta(days=project.duration_days - 1)


def project_months(project: PadatKaryaProject) -> tuple[date, date]:
    """The paid months: every calendar month the project's days touch (first day of each), as the
    padat karya quote counts them (docs/contributions.md): 21 days inside March = March only;
    21 days from 25 March = March and April."""
    return _month(project.start_date), _month(project_end(project))


def age_on(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass(frozen=True)
class CrewRow:
    crew: PadatKaryaCrew
    age: int | None
    state: str  # one of STATES
    segment: str = ""  # of the active membership
    run_status: str = ""  # active | nonactive | none | '' (not in the run's workforce)
    lapse_month: date | None = None  # 'bayar': the first month without cover unless paid


@dataclass(frozen=True)
class CrewCheck:
    rows: list[CrewRow]
    counts: dict

    @property
    def checked(self) -> int:
        return sum(n for s, n in self.counts.items() if s not in ("usia", "duplikat"))

    @property
    def uncovered(self) -> int:
        """Not covered on the start date: to enrol, or members whose missing months must be paid."""
        return self.counts.get("belum", 0) + self.counts.get("bayar", 0)

    @property
    def to_enrol(self) -> int:
        return self.counts.get("belum", 0)

    @property
    def crew_listed(self) -> int:
        """Crew rows that are people (a repeated NIK counted once)."""
        return sum(n for s, n in self.counts.items() if s != "duplikat")

    @property
    def ready(self) -> bool:
        return self.checked > 0 and not any(self.counts.get(s) for s in BLOCKING)


def _persons(niks: list[str]) -> dict:
    from cakupan.coverage.models import PersonStatus
    from cakupan.coverage.selectors import run_latest

    run = run_latest()
    if run is None or not niks:
        return {}
    return {p.nik: p for p in PersonStatus.objects.filter(run=run, nik__in=niks)
            .only("nik", "status", "segment", "birth_date", "lapse_month")}


def _state(c: PadatKaryaCrew, person, start: date) -> tuple[str, int | None]:
    if not c.nik_ok:
        return "nik_tidak_sah", None
    age = age_on((person.birth_date if person is not None else None) or c.birth_date, start)
    if c.issue == "duplikat":
        return "duplikat", age
    if age is not None and age > AGE_CAP:
        return "usia", age
    active = person is not None and person.status == "active"
    if active and (person.lapse_month is None or person.lapse_month > _month(start)):
        return "tercakup", age
    if c.enrolment_id and c.enrolled_from and c.enrolled_from <= _month(start) <= c.enrolled_to:
        return "didaftarkan", age
    if active:  # a member now, lapsed by the start month unless the missing months are paid
        return "bayar", age
    return "belum", age


def crew_check(*, project: PadatKaryaProject) -> CrewCheck:
    """Every crew row with its state on the project's start date (NIKs unmasked: the caller
    masks them and audits the look)."""
    crew = list(without_hidden(project.crew.all()))   # nobody erased on request (UU 27/2022 ps. 8)
    persons = _persons([c.nik for c in crew if c.nik_ok])
    rows = []
    for c in crew:
        p = persons.get(c.nik)
        state, age = _state(c, p, project.start_date)
        rows.append(CrewRow(c, age, state, segment=p.segment if p is not None and p.status == "active" else "",
                            run_status=p.status if p is not None else "",
                            lapse_month=p.lapse_month if p is not None else None))
    return CrewCheck(rows, dict(Counter(r.state for r in rows)))


def _scoped(scope: Scope):
    qs = PadatKaryaProject.objects.all()
    if scope.role in ("kapanewon", "kalurahan") and scope.area_code:
        return qs.filter(scope.area_q("kalurahan_code"))
    if scope.role == "mitra":
        return qs if "padat_karya" in scope.ecosystems else qs.none()
    if scope.role in ("admin", "analis", "kepatuhan", "pimpinan"):
        return qs
    return qs.none()


def can_manage(scope: Scope) -> bool:
    """Register projects, upload crews and enrol them (inside the scope)."""
    return scope.role in MANAGE_ROLES and (scope.role != "mitra" or "padat_karya" in scope.ecosystems)


def access_project(*, scope: Scope, project_id: int) -> PadatKaryaProject | None:
    return _scoped(scope).filter(pk=project_id).first()


@dataclass(frozen=True)
class ProjectRow:
    project: PadatKaryaProject
    check: CrewCheck
    end: date


def projects_list(*, scope: Scope, today: date, upcoming_only: bool = True, days: int = UPCOMING_DAYS) -> list[ProjectRow]:
    """Projects in scope with their crew check, by start date. upcoming_only: those starting
    within `days` from `today` (today included) with crew not yet covered (or not checkable)."""
    qs = _scoped(scope)
    if upcoming_only:
        qs = qs.filter(start_date__gte=today, start_date__lte=today + timedelta(days=days))
    rows = [ProjectRow(p, crew_check(project=p), project_end(p)) for p in qs.prefetch_related("crew")]
    if upcoming_only:
        rows = [r for r in rows if not r.check.ready]
    return rows


def access_project_code(*, scope: Scope, code: str) -> PadatKaryaProject | None:
    return _scoped(scope).filter(code=(code or "").strip()).first()
