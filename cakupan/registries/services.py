"""Registry imports: file -> immutable, dated snapshot (+ quarantine), recorded atomically.

    report = snapshot_import(kind="population", path="penduduk.csv", as_of=date(2026, 6, 30))

The bulk work (reading, validating, writing Parquet) happens before the database is touched; the
two files are written under temporary names and renamed into place inside the same
``transaction.atomic()`` that creates the Snapshot row, so a failure leaves neither a row nor a
file. The same file (sha256) for the same kind twice makes no second snapshot (status
``duplicate``). Every row is accounted for: rows_read = rows_loaded + rows_quarantined.
"""
from __future__ import annotations

import logging
import os
import time
import uuid
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from cakupan.core.formatting import angka
from cakupan.core.vocab import ROSTER_KINDS

from .columns import KINDS, map_headers
from .models import Snapshot
from .readers import Progress, file_format, file_sha256, read_table
from .report import ImportReport
from .reasons import file_error
from .stage import Outcome, connect

log = logging.getLogger(__name__)


_EXPORT_NOTE = (
    "Berkas ini hasil ekspor karantina (kolom BARIS_ASAL/ALASAN diabaikan): snapshot baru hanya "
    "berisi baris di berkas ini. Untuk data lengkap, perbaiki berkas asli dan impor seluruhnya."
)


def snapshot_dir_name(kind: str, roster_kind: str = "") -> str:
    return f"roster-{roster_kind}" if kind == "roster" else kind


def _check_kind(kind: str, roster_kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    if kind == "roster" and roster_kind not in ROSTER_KINDS:
        raise file_error("import.roster_kind", roster_kind=roster_kind, kinds=", ".join(ROSTER_KINDS.codes))
    if kind != "roster" and roster_kind:
        raise ValueError("roster_kind is only for kind='roster'")


def _duplicate_report(snap: Snapshot, *, path: Path, sha: str) -> ImportReport:
    return ImportReport(
        status="duplicate", kind=snap.kind, roster_kind=snap.roster_kind, snapshot_id=snap.pk,
        rows_read=snap.rows_read, rows_loaded=snap.rows_loaded, rows_quarantined=snap.rows_quarantined,
        reasons=dict(snap.reasons), file_name=path.name, file_sha256=sha, as_of=snap.as_of,
        message=f"Berkas ini sudah pernah diimpor sebagai snapshot #{snap.pk} (as-of {snap.as_of:%Y-%m-%d},"
        f" {snap.loaded_by_name or 'tanpa nama'}); tidak ada snapshot baru.",
    )


def snapshot_import(
    *,
    kind: str,
    path: Path | str,
    as_of: date,
    roster_kind: str = "",
    sheet: str | None = None,
    user=None,
    user_name: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Import one extract. File-level problems raise UserError (nothing written). Call it outside
    any open transaction: the files are renamed into place inside its own atomic block."""
    _check_kind(kind, roster_kind)
    path = Path(path)
    if not path.is_file():
        raise file_error("file.not_found", path=path)
    file_format(path)
    sha = file_sha256(path)
    existing = Snapshot.objects.filter(kind=kind, roster_kind=roster_kind, file_sha256=sha).first()
    if existing is not None:
        return _duplicate_report(existing, path=path, sha=sha)
    raw = read_table(path, sheet=sheet, progress=progress)
    hm = map_headers(raw.headers, kind)
    headers = ", ".join(raw.headers)
    if "nik" not in hm.columns:
        raise file_error("file.no_nik_column", name=path.name, headers=headers)
    if kind == "population" and "kode_wilayah" not in hm.columns:
        raise file_error("file.missing_column", column="KODE_WILAYAH", kind=kind, name=path.name, headers=headers)
    home = Path(settings.CAKUPAN_HOME)
    folder = home / "snapshots" / snapshot_dir_name(kind, roster_kind)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(folder)
    token = uuid.uuid4().hex
    tmp_data, tmp_quarantine = folder / f".tmp-{token}.parquet", folder / f".tmp-{token}.quarantine.parquet"
    finals: list[Path] = []
    try:
        outcome, mapping_version = _validate(kind, roster_kind, raw, hm, tmp_data, tmp_quarantine, progress)
        if progress:
            progress("save", 0, 1)
        with transaction.atomic():
            snap = Snapshot.objects.create(
                kind=kind, roster_kind=roster_kind, as_of=as_of, file_name=path.name[:255], file_sha256=sha,
                rows_read=outcome.rows_read, rows_loaded=outcome.rows_loaded,
                rows_quarantined=outcome.rows_quarantined, reasons=outcome.reasons, data_path="",
                occupation_mapping_version=mapping_version, loaded_by=user,
                loaded_by_name=(user_name or getattr(user, "username", ""))[:150],
            )
            data, quarantine = folder / f"{snap.pk}.parquet", folder / f"{snap.pk}.quarantine.parquet"
            finals += [data, quarantine]
            os.replace(tmp_data, data)
            os.replace(tmp_quarantine, quarantine)
            snap.data_path = str(data.relative_to(home))
            snap.quarantine_path = str(quarantine.relative_to(home))
            snap.save(update_fields=["data_path", "quarantine_path"])
            if kind == "population":
                from cakupan.wilayah.services import padukuhan_ensure_many

                padukuhan_ensure_many(rows=[(kal, name) for kal, name, _ in outcome.extra["padukuhan"]])
    except IntegrityError:
        _remove(tmp_data, tmp_quarantine, *finals)
        existing = Snapshot.objects.filter(kind=kind, roster_kind=roster_kind, file_sha256=sha).first()
        if existing is None:
            raise
        return _duplicate_report(existing, path=path, sha=sha)
    except BaseException:
        _remove(tmp_data, tmp_quarantine, *finals)
        raise
    if progress:
        progress("save", 1, 1)
    log.info("snapshot %s: %s rows read, %s loaded", snap.pk, outcome.rows_read, outcome.rows_loaded)
    return ImportReport(
        status="loaded", kind=kind, roster_kind=roster_kind, snapshot_id=snap.pk,
        rows_read=outcome.rows_read, rows_loaded=outcome.rows_loaded,
        rows_quarantined=outcome.rows_quarantined, reasons=outcome.reasons, warnings=outcome.warnings,
        notes=hm.notes + (_EXPORT_NOTE,) * bool(hm.ignored), file_name=path.name, file_sha256=sha, as_of=as_of,
        message=f"Snapshot #{snap.pk}: {angka(outcome.rows_loaded, lang='id')} baris dimuat, "
        f"{angka(outcome.rows_quarantined, lang='id')} dikarantina dari {angka(outcome.rows_read, lang='id')} baris dibaca.",
    )


def _validate(kind, roster_kind, raw, hm, data_path, quarantine_path, progress) -> tuple[Outcome, int | None]:
    con = connect()
    try:
        if kind == "population":
            from cakupan.wilayah.codes import padukuhan_code

            from .validate import population_validate

            version, occupations = _occupations()

            def code_of(kal: str, name: str) -> str | None:
                try:
                    return padukuhan_code(kal, name)
                except ValueError:
                    return None

            outcome = population_validate(
                con, raw, hm, kalurahan_codes=_kalurahan_codes(), occupations=occupations,
                padukuhan_code=code_of, data_path=data_path, quarantine_path=quarantine_path, progress=progress,
            )
            return outcome, version
        from .validate_members import records_validate

        outcome = records_validate(con, raw, hm, kind=kind, roster_kind=roster_kind, data_path=data_path,
                                   quarantine_path=quarantine_path, progress=progress)
        return outcome, None
    finally:
        con.close()


def _kalurahan_codes() -> list[str]:
    from cakupan.wilayah.models import Area

    return list(Area.objects.filter(kind=Area.Kind.KALURAHAN).values_list("code", flat=True))


def _occupations() -> tuple[int | None, list[tuple[int, str]]]:
    """(mapping version, [(code, name)]) from the current occupation mapping."""
    from cakupan.registries.occupations import occupation_mapping_current

    version = occupation_mapping_current()
    if version is None:
        return None, []
    rows = [(o.code, o.name) for o in version.occupations.all()]
    return version.version, rows


def _remove_stale_temporaries(folder: Path, *, older_than_s: float = 86400) -> None:
    """Temporary files left by an import that was killed (never by one still running)."""
    cutoff = time.time() - older_than_s
    for p in folder.glob(".tmp-*.parquet"):
        try:
            if p.stat().st_mtime < cutoff:
                p.unlink()
        except OSError:
            continue


def _remove(*paths: Path) -> None:
    for p in paths:
        try:
            p.unlink(missing_ok=True)
        except OSError:  # pragma: no cover - best effort cleanup
            log.warning("could not remove %s", p)


__all__ = ["ImportReport", "snapshot_import"]
