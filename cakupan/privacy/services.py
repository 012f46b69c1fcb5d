"""Duties under UU 27/2022 on Personal Data Protection (PDP) that need code:

- right of access (art. 7): `person_data_report` gathers everything cakupan holds about one NIK —
  population and member snapshot rows, roster rows (the snapshots are the held data themselves,
  read from their Parquet), the latest published status and links (from the database) — and the
  request itself is audited;
- storage limitation and deletion at the end of retention (art. 16 (2) h, art. 43): `runs_prune`
  keeps person-level results only for the newest runs (persons, review items, roster status,
  member links and the run's person-level files); aggregates (CoverageFact, CoverageHistory)
  carry no personal data and stay, so trends survive the pruning. `snapshots_expire` and
  `exports_expire` extend the run retention of `cakupan prune` (CAKUPAN_RUN_RETENTION_DAYS) to
  registry snapshots no kept run reads and to export files;
- deletion and rectification on request (art. 8, 6 ~; art. 43): `subject_request_record` logs the
  request; a deletion writes a tombstone (every person-level read leaves the NIK out through
  accounts' Scope, future runs exclude it: `tombstones_export`) and deletes the person's derived
  rows of published runs; a rectification writes an override (future runs: `overrides_export`,
  published person rows corrected, snapshot rows shown corrected in the access report);
- breach notice within 3 x 24 hours (art. 46): `breach_record`, `breach_notify`.

    report = person_data_report(nik="3402014501900001", user=officer)
    runs_prune(keep=3)   # PruneReport(runs_pruned=..., persons_deleted=..., ...)
    subject_request_record(nik="3402014501900001", kind="deletion", reason="...", requested_by="yang bersangkutan",
                           user=dpo)
    breach_record(what="laptop hilang", found_at=now, data_affected="daftar pekerja Poncosari", user=dpo)
"""
from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cakupan.accounts.scope import audit_record
from cakupan.compliance.models import RosterStatus
from cakupan.coverage.models import PersonStatus
from cakupan.coverage.selectors import run_latest, runs_done
from cakupan.errors import UserError
from cakupan.linkage.models import MemberLink, ReviewDecision, ReviewItem
from cakupan.registries.models import Snapshot
from cakupan.registries.selectors import snapshot_path

from .models import Breach, Override, SubjectRequest, Tombstone
from .selectors import dpo_require, overrides

log = logging.getLogger(__name__)
PERSON_FILES = ("person_status.parquet", "links.parquet", "review.parquet", "roster_status.parquet")
LINK_FIELDS = ("member_key", "kpj", "person_nik", "method", "match_probability", "reasons")


def _as_text(row: dict) -> dict:
    return {k: (str(v) if v is not None else None) for k, v in row.items()}


def _rows(path: Path, where: str, params: list) -> list[dict]:
    """Rows of a registry snapshot (the held data itself)."""
    if not path.exists():
        return []
    with duckdb.connect() as con:
        rel = con.execute(f"SELECT * FROM read_parquet(?) WHERE {where}", [str(path), *params])
        cols = [d[0] for d in rel.description]
        return [dict(zip(cols, (str(v) if v is not None else None for v in r))) for r in rel.fetchall()]


def _nik_checked(nik: str) -> str:
    nik = (nik or "").strip()
    if not (nik.isdigit() and len(nik) == 16):  # any 16 digits: a wrong NIK may be held too
        raise UserError(_("NIK harus 16 digit."), code="pdp.nik")
    return nik


def _requests_of(nik: str) -> list[dict]:
    return [_as_text(r) for r in SubjectRequest.objects.filter(nik=nik).order_by("received_at", "id").values(
        "id", "kind", "reason", "requested_by", "received_at", "nama", "birth_date", "recorded_by_name")]


def person_data_report(*, nik: str, user=None) -> dict:
    """Everything held about one person, by source (a subject access request). For a NIK erased on
    request, the snapshot rows are withheld and counted (the snapshot files are immutable; the
    tombstone is applied on read); what outreach still holds (enrolments, payments, worklist
    outcomes: hidden from every list, kept as records) is shown, with the requests. A rectified NIK
    shows snapshot rows with the corrected values and the held ones beside them."""
    nik = _nik_checked(nik)
    report: dict[str, list] = {"population": [], "members": [], "rosters": [], "status": [], "links": []}
    erased = Tombstone.objects.filter(nik=nik).exists()
    fix = overrides().get(nik, {})
    withheld = 0
    for snap in Snapshot.objects.order_by("kind", "-as_of", "-id"):
        rows = _rows(snapshot_path(snap), "nik = ?", [nik])
        if erased:
            withheld += len(rows)
            continue
        key = {"population": "population", "members": "members"}.get(snap.kind, "rosters")
        report[key] += [{"snapshot": snap.id, "as_of": str(snap.as_of), **_rectified(r, fix)} for r in rows]
    if erased:  # outreach's records (enrolments, payments, worklist outcomes) are still held: shown
        from cakupan.outreach.selectors import person_data

        report.update(person_data(nik=nik))
        report["pdp_requests"] = _requests_of(nik)
        report["erased"] = [{"withheld_snapshot_rows": withheld}]
        audit_record(user=user, action="pdp_access_report", scope=f"nik {nik[:4]}…{nik[-4:]}",
                     rows=sum(len(v) for k, v in report.items() if k not in ("erased", "pdp_requests")),
                     detail={"erased": True, "withheld_snapshot_rows": withheld})
        return report
    run = run_latest()
    if run is not None:
        report["status"] = list(PersonStatus.objects.filter(run=run, nik=nik).values(
            "nama", "kalurahan_code", "ecosystem", "status", "segment", "kpj", "link_method"))
        links = MemberLink.objects.filter(run=run, person_nik=nik).order_by("id").values(*LINK_FIELDS)
        report["links"] = [_as_text(r) for r in links]
    from cakupan.outreach.selectors import person_data

    report.update(person_data(nik=nik))
    report["pdp_requests"] = _requests_of(nik)
    audit_record(user=user, action="pdp_access_report", scope=f"nik {nik[:4]}…{nik[-4:]}",
                 rows=sum(len(v) for v in report.values()), detail={"sources": {k: len(v) for k, v in report.items()}})
    return report


@dataclass(frozen=True)
class PruneReport:
    runs_pruned: int
    persons_deleted: int
    review_items_deleted: int
    files_deleted: int


@transaction.atomic
def runs_prune(*, keep: int, user=None) -> PruneReport:
    """Delete person-level results of every run but the newest `keep` DONE runs."""
    if keep < 1:
        raise UserError("Simpan paling sedikit 1 proses terbaru.", code="pdp.keep")
    done = runs_done(limit=None)
    old = [r for r in done[keep:]]
    persons = PersonStatus.objects.filter(run__in=old).delete()[0]
    reviews = ReviewItem.objects.filter(run__in=old).delete()[0]
    rosters = RosterStatus.objects.filter(run__in=old).delete()[0]
    links = MemberLink.objects.filter(run__in=old).delete()[0]
    files = 0
    for run in old:
        run_dir = Path(settings.CAKUPAN_HOME) / run.run_dir if run.run_dir else None
        for name in PERSON_FILES if run_dir else ():
            if (run_dir / name).exists():
                (run_dir / name).unlink()
                files += 1
        if run_dir and (run_dir / "inputs").exists():
            shutil.rmtree(run_dir / "inputs")
            files += 1
    audit_record(user=user, action="pdp_retention_prune", scope="semua wilayah", rows=persons,
                 detail={"runs": [r.id for r in old], "review_items": reviews, "roster_rows": rosters,
                         "member_links": links, "files": files})
    return PruneReport(len(old), persons, reviews, files)


def _rectified(row: dict, fix: dict) -> dict:
    """A snapshot row with the rectified name / birth date, the held values kept beside them."""
    if not fix:
        return row
    out = dict(row)
    if fix.get("nama") and "nama" in out:
        out["nama_tercatat"], out["nama"] = out["nama"], fix["nama"]
    if fix.get("birth_date") and "tanggal_lahir" in out:
        out["tanggal_lahir_tercatat"], out["tanggal_lahir"] = out["tanggal_lahir"], str(fix["birth_date"])
    return out


# ---- requests of data subjects: deletion and rectification ------------------------------------

def _text(value: str, what: str, code: str, limit: int = 2000) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise UserError(_("%(what)s wajib diisi.") % {"what": what}, code=code)
    return value[:limit]


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@transaction.atomic
def subject_request_record(*, nik: str, kind: str, reason: str, requested_by: str, user,
                           received_at: datetime | None = None, nama: str = "",
                           birth_date: date | None = None) -> SubjectRequest:
    """Records a data subject's request and carries it out, in one transaction (audited):
    - deletion: a tombstone for the NIK (every person-level read leaves it out, future runs exclude
      it) and its derived rows of published runs deleted (person status, member links, roster
      status, review queue items and decisions naming it); the snapshots stay as they are, read through the tombstone; aggregates of past runs
      stay as published (they are not personal data);
    - rectification: an override of the name and/or birth date (future runs read it; the access
      report shows it over the snapshot rows) and the published person rows corrected (age
      recomputed at each run's date).
    `user` must be the DPO or an admin (None: the server's command line)."""
    if user is not None:
        dpo_require(user)
    nik = _nik_checked(nik)
    if kind not in SubjectRequest.Kind.values:
        raise UserError("Jenis permintaan: deletion (hapus) atau rectification (betulkan).", code="pdp.kind")
    reason = _text(reason, _("Alasan"), "pdp.reason")
    requested_by = _text(requested_by, _("Pemohon (siapa yang meminta)"), "pdp.requested_by", 200)
    nama = " ".join((nama or "").split())[:200]
    received_at = received_at or timezone.now()
    if received_at > timezone.now() + timedelta(minutes=5):
        raise UserError(_("Tanggal permintaan tidak boleh di masa depan."), code="pdp.received_at")
    if kind == SubjectRequest.Kind.RECTIFICATION and not (nama or birth_date):
        raise UserError(_("Pembetulan: isi nama atau tanggal lahir yang benar."), code="pdp.rectify_empty")
    if kind == SubjectRequest.Kind.DELETION and Tombstone.objects.filter(nik=nik).exists():
        raise UserError(_("NIK ini sudah dihapus atas permintaan sebelumnya."), code="pdp.already_erased")
    req = SubjectRequest.objects.create(
        nik=nik, kind=kind, reason=reason, requested_by=requested_by, received_at=received_at,
        nama=nama if kind == SubjectRequest.Kind.RECTIFICATION else "",
        birth_date=birth_date if kind == SubjectRequest.Kind.RECTIFICATION else None,
        recorded_by=user if user is not None and user.is_authenticated else None,
        recorded_by_name=getattr(user, "username", "") or "system")
    if kind == SubjectRequest.Kind.DELETION:
        Tombstone.objects.create(nik=nik, request=req)
        affected = {"person_status": PersonStatus.objects.filter(nik=nik).delete()[0],
                    "member_links": MemberLink.objects.filter(person_nik=nik).delete()[0],
                    "roster_status": RosterStatus.objects.filter(nik=nik).delete()[0],
                    # the clerical review queue: the person as a candidate, or a member record with the NIK
                    "review_items": ReviewItem.objects.filter(Q(candidate_nik=nik) | Q(member__nik=nik)).delete()[0],
                    "review_decisions": ReviewDecision.objects.filter(candidate_nik=nik).delete()[0]}
        Override.objects.filter(nik=nik).delete()  # nothing left to correct
    else:
        over, _created = Override.objects.get_or_create(nik=nik, defaults={"request": req})
        over.request = req
        over.nama = nama or over.nama
        over.birth_date = birth_date or over.birth_date
        over.save()
        updated = 0
        for p in PersonStatus.objects.filter(nik=nik).select_related("run"):
            if nama:
                p.nama = nama
            if birth_date:
                p.birth_date, p.age = birth_date, _age(birth_date, p.run.as_of)
            p.save(update_fields=["nama", "birth_date", "age"])
            updated += 1
        affected = {"person_status": updated}
    req.rows_affected = affected
    req.save(update_fields=["rows_affected"])
    audit_record(user=user, action=f"pdp_{kind}", scope=f"nik {nik[:4]}…{nik[-4:]}", rows=sum(affected.values()),
                 detail={"request": req.pk, "requested_by": requested_by, **affected})
    log.info("pdp: %s request %s recorded (%s)", kind, req.pk, affected)
    return req


def tombstones_export(*, path: Path) -> int:
    """The NIKs erased on request as Parquet (nik) for a run's staging to leave out; rows written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    niks = sorted(Tombstone.objects.values_list("nik", flat=True))
    pq.write_table(pa.table({"nik": pa.array(niks, pa.string())}), str(path))
    return len(niks)


def overrides_export(*, path: Path) -> int:
    """Rectified names and birth dates as Parquet (nik, nama, tanggal_lahir; NULL where not
    corrected) for a run's staging to apply; rows written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(Override.objects.order_by("nik").values_list("nik", "nama", "birth_date"))
    pq.write_table(pa.table({
        "nik": pa.array([r[0] for r in rows], pa.string()),
        "nama": pa.array([r[1] or None for r in rows], pa.string()),
        "tanggal_lahir": pa.array([r[2] for r in rows], pa.date32()),
    }), str(path))
    return len(rows)


# ---- breach register (art. 46: notice within 3 x 24 hours) -----------------------------------

def breach_record(*, what: str, found_at: datetime, data_affected: str, user,
                  people_affected: int | None = None) -> Breach:
    """A breach found: what happened, when it was found, which data and how many people. Its notice
    deadline is found_at + 72 hours (UU 27/2022 art. 46 (1))."""
    if user is not None:
        dpo_require(user)
    if found_at > timezone.now() + timedelta(minutes=5):
        raise UserError(_("Waktu ditemukan tidak boleh di masa depan."), code="pdp.breach_future")
    if people_affected is not None and people_affected < 0:
        raise UserError(_("Jumlah orang terdampak tidak boleh negatif."), code="pdp.breach_people")
    breach = Breach.objects.create(
        what=_text(what, _("Apa yang terjadi"), "pdp.breach_what"), found_at=found_at,
        data_affected=_text(data_affected, _("Data yang terdampak"), "pdp.breach_data"),
        people_affected=people_affected,
        recorded_by=user if user is not None and user.is_authenticated else None,
        recorded_by_name=getattr(user, "username", "") or "system")
    audit_record(user=user, action="pdp_breach_record", scope="semua wilayah", rows=people_affected or 0,
                 detail={"breach": breach.pk, "found_at": found_at.isoformat(), "deadline": breach.deadline.isoformat()})
    return breach


def breach_notify(*, breach_id: int, notified: str, user, subjects_at: datetime | None = None,
                  authority_at: datetime | None = None) -> Breach:
    """Records who was notified of a breach and when: the data subjects, the authority (lembaga PDP;
    Komdigi until it is formed)."""
    if user is not None:
        dpo_require(user)
    breach = Breach.objects.filter(pk=breach_id).first()
    if breach is None:
        raise UserError(f"Kebocoran #{breach_id} tidak ada.", code="pdp.breach_missing")
    if subjects_at is None and authority_at is None:
        raise UserError(_("Isi kapan subjek data dan/atau lembaga diberi tahu."), code="pdp.breach_when")
    for when in (subjects_at, authority_at):
        if when is not None and when < breach.found_at:
            raise UserError(_("Pemberitahuan tidak boleh sebelum kebocoran ditemukan."), code="pdp.breach_order")
    breach.subjects_notified_at = subjects_at or breach.subjects_notified_at
    breach.authority_notified_at = authority_at or breach.authority_notified_at
    breach.notified = "\n".join(x for x in (breach.notified, _text(notified, _("Siapa yang diberi tahu"), "pdp.breach_who")) if x)
    breach.save()
    audit_record(user=user, action="pdp_breach_notify", scope="semua wilayah", detail={
        "breach": breach.pk, "subjects_at": str(breach.subjects_notified_at), "authority_at": str(breach.authority_notified_at),
        "late": any(w is not None and w > breach.deadline for w in (subjects_at, authority_at))})
    return breach


# ---- retention of snapshots and exports (same period as runs: cakupan prune) -----------------

@dataclass(frozen=True)
class ExpiredFile:
    what: str  # "snapshot #12 (population, 2023-01-31)" or "exports/x.csv"
    path: str  # relative to CAKUPAN_HOME


def _held_snapshots(candidates: set[int]) -> set[int]:
    """Snapshots among `candidates` that a run or a merged snapshot still names (PROTECT)."""
    held: set[int] = set()
    for rel in Snapshot._meta.get_fields(include_hidden=True):
        if isinstance(rel, models.ManyToOneRel) and rel.on_delete is models.PROTECT:
            field = rel.field.name
            held |= set(rel.related_model.objects.filter(**{f"{field}__in": candidates}).values_list(field, flat=True))
    return held


def snapshots_expire(*, older_than_days: int, dry_run: bool = False, user=None) -> list[ExpiredFile]:
    """Registry snapshots loaded more than `older_than_days` ago that no run keeps: not the newest
    of their kind (and roster kind), not read by any remaining run (run retention goes first) nor
    the parent of a merge. Rows and files deleted, logged and audited; returns what went."""
    if older_than_days < 0:
        raise UserError("Masa simpan tidak boleh negatif (retention days must be 0 or more).", code="prune.days")
    from cakupan.core.locks import home_lock

    cutoff = timezone.now() - timedelta(days=older_than_days)
    newest = set()
    for kind, roster_kind in Snapshot.objects.values_list("kind", "roster_kind").distinct():
        newest.add(Snapshot.objects.filter(kind=kind, roster_kind=roster_kind).order_by("-as_of", "-id")
                   .values_list("pk", flat=True).first())
    candidates = set(Snapshot.objects.filter(loaded_at__lt=cutoff).values_list("pk", flat=True)) - newest
    candidates -= _held_snapshots(candidates)
    snaps = list(Snapshot.objects.filter(pk__in=candidates).order_by("loaded_at", "id"))
    gone = [ExpiredFile(f"snapshot #{s.pk} ({s.kind}{' ' + s.roster_kind if s.roster_kind else ''}, {s.as_of})",
                        s.data_path) for s in snaps]
    if dry_run or not snaps:
        return gone
    home = Path(settings.CAKUPAN_HOME).resolve()
    with home_lock("maintenance", shared=False):  # never while a backup copies the files
        with transaction.atomic():
            Snapshot.objects.filter(pk__in=candidates).delete()
        for s in snaps:
            for rel in (s.data_path, s.quarantine_path):
                f = (home / rel).resolve() if rel else None
                if f is not None and f.is_relative_to(home / "snapshots") and f.is_file():
                    f.unlink()
            log.info("prune: snapshot %s (%s, as of %s) deleted with its files", s.pk, s.kind, s.as_of)
    audit_record(user=user, action="pdp_retention_expire", scope="semua wilayah", rows=len(gone),
                 detail={"snapshots": [s.pk for s in snaps], "days": older_than_days})
    return gone


def exports_expire(*, older_than_days: int, dry_run: bool = False, user=None) -> list[ExpiredFile]:
    """Files under CAKUPAN_HOME/exports last written more than `older_than_days` ago: deleted,
    logged and audited; returns what went."""
    if older_than_days < 0:
        raise UserError("Masa simpan tidak boleh negatif (retention days must be 0 or more).", code="prune.days")
    from cakupan.core.locks import home_lock

    home = Path(settings.CAKUPAN_HOME)
    folder = home / "exports"
    if not folder.is_dir():
        return []
    cutoff = (timezone.now() - timedelta(days=older_than_days)).timestamp()
    old = sorted(p for p in folder.rglob("*") if p.is_file() and p.stat().st_mtime < cutoff)
    gone = [ExpiredFile(str(p.relative_to(home)), str(p.relative_to(home))) for p in old]
    if dry_run or not old:
        return gone
    with home_lock("maintenance", shared=False):
        for p in old:
            p.unlink(missing_ok=True)
            log.info("prune: export %s deleted", p.relative_to(home))
    audit_record(user=user, action="pdp_retention_expire", scope="semua wilayah", rows=len(gone),
                 detail={"exports": [g.path for g in gone], "days": older_than_days})
    return gone
