"""Teachers (tenaga pendidik honorer): the `guru` roster per school and per responsible office,
scoped like every compliance read (selectors.compliance_groups), each school classified by its
name (schools.school_classify).

    teacher_schools(run=run, scope=scope)   # [TeacherSchool("SD NEGERI 2 BANTUL", School("SD", ...), row)]
    teacher_offices(run=run, scope=scope)   # one row per office: schools, teachers, active, coverage
"""
from __future__ import annotations

from dataclasses import dataclass

from cakupan.accounts.scope import Scope

from .schools import OFFICE_NAMES, School, school_classify
from .selectors import ComplianceRow, compliance_groups

OFFICE_ORDER = ("kabupaten", "provinsi", "kemenag", "")


@dataclass(frozen=True)
class TeacherSchool:
    name: str
    school: School
    row: ComplianceRow


@dataclass(frozen=True)
class TeacherOffice:
    office: str
    schools: int
    compliant_schools: int
    row: ComplianceRow   # key = office code; teachers, active, nonactive, none

    @property
    def name(self) -> str:
        return OFFICE_NAMES[self.office]


def teacher_schools(*, run, scope: Scope) -> list[TeacherSchool]:
    """One row per school on the teachers' roster, worst coverage first."""
    return [TeacherSchool(r.key, school_classify(r.key), r)
            for r in compliance_groups(run=run, scope=scope, roster_kind="guru")]


def teacher_offices(*, run, scope: Scope) -> list[TeacherOffice]:
    """One row per responsible office (kabupaten, province, Kemenag, unknown) with teachers."""
    sums: dict[str, list[int]] = {}
    for s in teacher_schools(run=run, scope=scope):
        acc = sums.setdefault(s.school.office, [0, 0, 0, 0, 0, 0])
        for i, v in enumerate((1, int(s.row.compliant), s.row.workers, s.row.active, s.row.nonactive, s.row.none)):
            acc[i] += v
    return [TeacherOffice(o, v[0], v[1], ComplianceRow(o, v[2], v[3], v[4], v[5]))
            for o in OFFICE_ORDER if (v := sums.get(o))]
