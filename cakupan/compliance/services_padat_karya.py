"""Padat karya before the start: the project register, its crew list and the crew's enrolment.

    p = project_create(code="PK-2023-001", name="Talud Krajan", kalurahan_code="34.02.01.2001",
                       start_date=date(2023, 3, 6), crew_size=26, funding="APBDES", by="kepatuhan1")
    report = project_crew_import(project=p, rows=[{"nik": "3402...", "nama": "Paijo"}, ...])
    result = project_crew_enrol(project=p, register_batch=enrolment_register_batch, by="kepatuhan1")

Compliance and outreach are rooms on one floor and do not import each other: the batch
enrolment is outreach's (`enrolment_register_batch`, with its dated contribution tables), handed
in by the caller on the top floor (cakupan.web.padat_karya). This module only decides who is
enrolled, for which months and by which payer, and records what came back on the crew rows.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from django.db import IntegrityError, transaction

from cakupan.errors import UserError
from cakupan.nik import MESSAGES, parse_nik
from cakupan.wilayah.selectors import area_get, area_name

from .models import PadatKaryaCrew, PadatKaryaProject
from .selectors_padat_karya import crew_check, project_months

log = logging.getLogger(__name__)
CREW_SIZES = (26, 52)
MAX_CREW_ROWS = 500  # a crew is 26 or 52 people; a longer file is a wrong file


@dataclass(frozen=True)
class CrewIssue:
    row_number: int
    nik: str
    nama: str
    code: str
    message: str


@dataclass
class CrewImport:
    rows: int = 0
    issues: list[CrewIssue] = field(default_factory=list)
    kept_enrolments: int = 0


@dataclass
class CrewEnrol:
    registered: list = field(default_factory=list)  # (crew row, enrolment) pairs
    rejected: list = field(default_factory=list)  # CrewIssue
    month_from: date | None = None
    month_to: date | None = None
    ready: bool = False


def _kabupaten(kalurahan_code: str) -> str:
    return ".".join(kalurahan_code.split(".")[:2])


@transaction.atomic
def project_create(*, code: str, name: str, kalurahan_code: str, start_date: date, crew_size: int, funding: str,
                   duration_days: int = 21, location: str = "", by: str = "") -> PadatKaryaProject:
    """Register a project; every value checked with a message the user can act on."""
    code, name = (code or "").strip(), (name or "").strip()
    if not code or len(code) > 40:
        raise UserError("Kode proyek wajib diisi (paling banyak 40 karakter), misalnya PK-2023-001.", code="padat_karya.code")
    if not name:
        raise UserError("Nama proyek wajib diisi.", code="padat_karya.name")
    area = area_get(kalurahan_code or "")
    if area is None or area.kind not in ("kalurahan", "desa", "kelurahan"):
        raise UserError(f"Lokasi '{kalurahan_code}' bukan kode kalurahan yang dikenal (misalnya 34.02.01.2001).",
                        code="padat_karya.area")
    if crew_size not in CREW_SIZES:
        raise UserError(f"Jumlah pekerja per proyek harus 26 atau 52 (bukan {crew_size}).", code="padat_karya.crew_size")
    if not 1 <= duration_days <= 366:
        raise UserError("Lama proyek harus 1 sampai 366 hari (biasanya 21).", code="padat_karya.duration")
    if funding not in PadatKaryaProject.Funding.values:
        raise UserError(f"Sumber dana '{funding}' tidak dikenal; pilih APBD, APBDES atau CSR.", code="padat_karya.funding")
    if PadatKaryaProject.objects.filter(code=code).exists():
        raise UserError(f"Kode proyek {code} sudah dipakai.", code="padat_karya.duplicate")
    try:
        with transaction.atomic():
            project = PadatKaryaProject.objects.create(
                code=code, name=name[:200], kalurahan_code=area.code, location=(location or "").strip()[:200],
                start_date=start_date, duration_days=duration_days, crew_size=crew_size, funding=funding,
                created_by_name=by)
    except IntegrityError:  # a concurrent create with the same code
        raise UserError(f"Kode proyek {code} sudah dipakai.", code="padat_karya.duplicate") from None
    log.info("padat karya project %s created", project.pk)
    return project


def _resident_niks(niks: list[str], kabupaten: str) -> set[str]:
    """NIKs found among the latest run's residents of the kabupaten (a NIK keeps the region of its
    first registration, so a resident who moved in carries another region's prefix)."""
    from cakupan.coverage.models import PersonStatus
    from cakupan.coverage.selectors import run_latest

    run = run_latest()
    if run is None or not niks:
        return set()
    return set(PersonStatus.objects.filter(run=run, nik__in=niks, kalurahan_code__startswith=kabupaten + ".")
               .values_list("nik", flat=True))


def _crew_rows(project: PadatKaryaProject, rows: list[dict]) -> tuple[list[PadatKaryaCrew], list[CrewIssue]]:
    kab = _kabupaten(project.kalurahan_code)
    parsed = [(n, r, parse_nik(r.get("nik", ""), local_prefix=kab)) for n, r in enumerate(rows, start=2)]
    residents = _resident_niks([p.nik for _, _, p in parsed if p.ok and not p.is_local], kab)
    seen: dict[str, int] = {}
    out, issues = [], []
    for number, raw, p in parsed:
        nama = (raw.get("nama") or "").strip()[:200]
        nik = p.nik if p.ok else (str(raw.get("nik") or "").strip()[:40])
        code, message = "", ""
        if not p.ok:
            code, message = p.error or "nik.invalid", f"NIK tidak sah: {p.message or MESSAGES.get(p.error, p.error)}"
        elif nik in seen:
            code, message = "duplikat", f"NIK sama dengan baris {seen[nik]}; baris ini tidak dihitung dua kali."
        elif not nama:
            code, message = "nama_kosong", "Nama kosong; isi nama agar pekerja dapat didaftarkan."
        elif not p.is_local and nik not in residents:
            code = "luar_wilayah"
            message = (f"Bukan warga {area_name(kab) or kab}: NIK terdaftar di {area_name(p.kabupaten) or p.kabupaten} "
                       "dan tidak ada di data kependudukan terakhir; tetap diperiksa dan dapat didaftarkan.")
        if p.ok:
            seen.setdefault(nik, number)
        out.append(PadatKaryaCrew(project=project, row_number=number, nik=nik, nama=nama, nik_ok=p.ok,
                                  birth_date=p.birth_date if p.ok else None, issue=code, issue_message=message[:300]))
        if code:
            issues.append(CrewIssue(number, nik, nama, code, message))
    return out, issues


@transaction.atomic
def project_crew_import(*, project: PadatKaryaProject, rows: list[dict], by: str = "") -> CrewImport:
    """Replace the crew list with `rows` ([{"nik", "nama"}], row numbers from 2 as a spreadsheet
    shows them). Every row is kept, with its issue when it has one (invalid NIK, repeated NIK, no
    name, from outside the region); a crew member enrolled earlier keeps the enrolment."""
    if not rows:
        raise UserError("Daftar kru kosong: unggah berkas dengan kolom NIK dan NAMA.", code="padat_karya.crew_empty")
    if len(rows) > MAX_CREW_ROWS:
        raise UserError(f"Daftar kru berisi {len(rows)} baris; satu proyek paling banyak {MAX_CREW_ROWS}.",
                        code="padat_karya.crew_rows")
    project = PadatKaryaProject.objects.select_for_update().get(pk=project.pk)
    earlier = {c.nik: c for c in project.crew.filter(enrolment_id__isnull=False)}
    new, issues = _crew_rows(project, rows)
    kept = 0
    for c in new:
        old = earlier.get(c.nik) if c.nik_ok and c.issue != "duplikat" else None
        if old is not None:
            c.enrolment_id, c.enrolled_from, c.enrolled_to = old.enrolment_id, old.enrolled_from, old.enrolled_to
            kept += 1
    project.crew.all().delete()
    PadatKaryaCrew.objects.bulk_create(new)
    project_status_refresh(project=project)
    log.info("padat karya project %s: crew of %s rows (%s with issues) by %s", project.pk, len(new), len(issues), by)
    return CrewImport(rows=len(new), issues=issues, kept_enrolments=kept)


def project_status_refresh(*, project: PadatKaryaProject) -> str:
    """'siap_mulai' when every crew member aged <= 65 is covered on the start date, else
    'belum_siap'; saved when it changed. Returns the status."""
    status = PadatKaryaProject.Status.READY if crew_check(project=project).ready else PadatKaryaProject.Status.NOT_READY
    if project.status != status:
        PadatKaryaProject.objects.filter(pk=project.pk).update(status=status)
        project.status = status
    return status


@transaction.atomic
def project_crew_enrol(*, project: PadatKaryaProject, register_batch: Callable, by: str = "") -> CrewEnrol:
    """Enrol every uncovered crew member aged <= 65 with a valid NIK for JKK + JKM (segment
    PADAT_KARYA), for the calendar months the project's days touch, paid by the project's funding
    source, as one batch named after the project code. `register_batch` is outreach's
    enrolment_register_batch (same keyword arguments, returns .registered / .rejected)."""
    project = PadatKaryaProject.objects.select_for_update().get(pk=project.pk)
    check = crew_check(project=project)
    todo = [r.crew for r in check.rows if r.state == "belum"]
    month_from, month_to = project_months(project)
    result = CrewEnrol(month_from=month_from, month_to=month_to)
    if not todo:
        result.ready = project_status_refresh(project=project) == PadatKaryaProject.Status.READY
        return result
    batch = register_batch(rows=[{"nik": c.nik, "nama": c.nama} for c in todo], segment="PADAT_KARYA",
                           payer=project.funding, batch=project.code[:60], month_from=month_from, month_to=month_to,
                           by=by)
    by_nik = {c.nik: c for c in todo}
    for enrolment in batch.registered:
        crew = by_nik[enrolment.nik]
        crew.enrolment_id, crew.enrolled_from, crew.enrolled_to, crew.enrol_error = enrolment.pk, month_from, month_to, ""
        crew.save(update_fields=["enrolment_id", "enrolled_from", "enrolled_to", "enrol_error"])
        result.registered.append((crew, enrolment))
    for rej in batch.rejected:
        crew = todo[rej["row_number"] - 2]
        crew.enrol_error = str(rej["message"])[:300]
        crew.save(update_fields=["enrol_error"])
        result.rejected.append(CrewIssue(crew.row_number, crew.nik, crew.nama, rej["reason_code"], crew.enrol_error))
    result.ready = project_status_refresh(project=project) == PadatKaryaProject.Status.READY
    log.info("padat karya project %s: %s enrolled, %s refused", project.pk, len(result.registered), len(result.rejected))
    return result
