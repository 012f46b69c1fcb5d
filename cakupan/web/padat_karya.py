"""Padat karya before the start, where two rooms meet: compliance (the project register, the
crew check) and outreach (reading a crew file, the batch enrolment with its dated contribution
tables). Compliance and outreach do not import each other (docs/architecture.md), so the top
floor hands outreach's services to compliance's. Used by the pages and by `cakupan proyek`.

    report = crew_file_import(project=p, data=open("kru.csv", "rb").read(), name="kru.csv", by="kepatuhan1")
    result, amount = crew_enrol(project=p, by="kepatuhan1")
"""
from __future__ import annotations

from cakupan.compliance.services_padat_karya import CrewEnrol, CrewImport, project_crew_enrol, project_crew_import
from cakupan.compliance.selectors_padat_karya import project_end
from cakupan.outreach.contributions import quote_padat_karya
from cakupan.outreach.services.enrolment_batch import enrolment_register_batch, read_batch_file


def crew_file_import(*, project, data: bytes, name: str, by: str = "") -> CrewImport:
    """A crew list file (CSV in any common encoding, or XLSX; columns NIK and NAMA) replaces the
    project's crew; every row kept, each issue reported with its row number."""
    rows = read_batch_file(data, name)
    return project_crew_import(project=project, rows=[{"nik": r["nik"], "nama": r["nama"]} for r in rows], by=by)


def crew_enrol(*, project, by: str = "") -> tuple[CrewEnrol, int]:
    """Enrol the uncovered crew (outreach's batch, JKK + JKM at the BPU rates of the start
    month); returns the result and the rupiah committed by the payer for all their months."""
    result = project_crew_enrol(project=project, register_batch=enrolment_register_batch, by=by)
    amount = sum(p.amount for _crew, e in result.registered for p in e.payments.all())
    return result, amount


def crew_quote(*, project, workers: int):
    """What enrolling `workers` of the crew would cost the payer: outreach's padat karya quote
    (JKK + JKM at the BPU rates in force on the start date, each line with its regulation, for
    every calendar month the project touches)."""
    return quote_padat_karya(workers=max(workers, 1), start=project.start_date, end=project_end(project))
