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
import re
import shutil
import time
import uuid
from datetime import date
from pathlib import Path

import duckdb
from django.conf import settings
from django.db import IntegrityError, transaction

from cakupan.core.formatting import angka
from cakupan.core.locks import home_lock
from cakupan.core.processes import pause_point
from cakupan.core.vocab import ROSTER_KINDS

from .columns import KINDS, HeaderMap, is_quarantine_export, map_headers, map_headers_chosen, required_columns
from .models import Snapshot
from .readers import Progress, file_format, file_sha256, read_table
from .report import ImportReport
from .reasons import file_error
from .validate_kind import kind_validate

log = logging.getLogger(__name__)


def snapshot_dir_name(kind: str, roster_kind: str = "") -> str:
    return f"roster-{roster_kind}" if kind == "roster" else kind


def _check_kind(kind: str, roster_kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    if kind == "roster" and roster_kind not in ROSTER_KINDS:
        raise file_error("import.roster_kind", roster_kind=roster_kind, kinds=", ".join(ROSTER_KINDS.codes))
    if kind != "roster" and roster_kind:
        raise ValueError("roster_kind is only for kind='roster'")


def duplicate_after_race(exc: BaseException, *, kind: str, roster_kind: str, sha: str, path: Path) -> ImportReport:
    """After a failed save: when a concurrent import recorded the same file first (the unique
    constraint), its 'duplicate' report; any other failure is raised again."""
    if isinstance(exc, IntegrityError):
        existing = Snapshot.objects.filter(kind=kind, roster_kind=roster_kind, file_sha256=sha).first()
        if existing is not None:
            return _duplicate_report(existing, path=path, sha=sha)
    raise exc


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
    columns: dict[str, str] | None = None,
) -> ImportReport:
    """Import one extract. File-level problems raise UserError (nothing written). ``columns``: the
    officer's choice of header per canonical column (see columns.map_headers_chosen). Call it
    outside any open transaction: the files are renamed into place inside its own atomic block."""
    _check_kind(kind, roster_kind)
    path = Path(path)
    if not path.is_file():
        raise file_error("file.not_found", path=path)
    file_format(path)
    sha = file_sha256(path)
    existing = Snapshot.objects.filter(kind=kind, roster_kind=roster_kind, file_sha256=sha).first()
    if existing is not None:
        return _duplicate_report(existing, path=path, sha=sha)
    with home_lock("files", shared=True):  # the startup sweep leaves this import's temporaries alone
        folder = snapshot_folder(kind, roster_kind)
        raw = read_table(path, sheet=sheet, progress=progress, workdir=folder)  # streamed to a scratch folder
        try:
            return _import_read(raw, kind=kind, roster_kind=roster_kind, path=path, sha=sha, as_of=as_of,
                                folder=folder, user=user, user_name=user_name, progress=progress, columns=columns)
        finally:
            raw.close()


def _import_read(raw, *, kind: str, roster_kind: str, path: Path, sha: str, as_of: date, folder: Path, user,
                 user_name: str, progress: Progress | None, columns: dict[str, str] | None) -> ImportReport:
    """snapshot_import, once the file is read into ``raw``."""
    if is_quarantine_export(raw.headers):
        from .quarantine import export_origin

        origin = export_origin(path)
        raise file_error("import.quarantine_export", name=path.name,
                         target=f"snapshot #{origin}" if origin else "snapshot asalnya", id=origin or "NOMOR")
    hm = map_headers_chosen(raw.headers, kind, columns) if columns else map_headers(raw.headers, kind)
    columns_require(hm, kind=kind, headers=raw.headers, name=path.name)
    tmp_data, tmp_quarantine = temporary_paths(folder)
    try:
        try:
            outcome, mapping_version = kind_validate(kind=kind, roster_kind=roster_kind, raw=raw, hm=hm, data_path=tmp_data,
                                                     quarantine_path=tmp_quarantine, progress=progress)
        except duckdb.OutOfMemoryException:
            from .stage import MEMORY_LIMIT

            raise file_error("import.memory", name=path.name, limit=MEMORY_LIMIT) from None
        if progress:
            progress("save", 0, 1)
        pause_point("snapshot-writing")  # crash tests: the temporary files exist, nothing recorded
        chosen = {c: raw.headers[i] for c, i in hm.columns.items()} if columns else {}
        snap = snapshot_save(
            tmp_data=tmp_data, tmp_quarantine=tmp_quarantine, padukuhan=outcome.extra.get("padukuhan", []),
            kind=kind, roster_kind=roster_kind, as_of=as_of, file_name=path.name[:255], file_sha256=sha,
            rows_read=outcome.rows_read, rows_loaded=outcome.rows_loaded, rows_quarantined=outcome.rows_quarantined,
            reasons=outcome.reasons, occupation_mapping_version=mapping_version, column_map=chosen,
            loaded_by=user, loaded_by_name=(user_name or getattr(user, "username", ""))[:150],
        )
    except BaseException as exc:
        _remove(tmp_data, tmp_quarantine)
        return duplicate_after_race(exc, kind=kind, roster_kind=roster_kind, sha=sha, path=path)
    if progress:
        progress("save", 1, 1)
    log.info("snapshot %s: %s rows read, %s loaded", snap.pk, outcome.rows_read, outcome.rows_loaded)
    return ImportReport(
        status=loaded_status(outcome.rows_loaded, outcome.rows_read), kind=kind, roster_kind=roster_kind, snapshot_id=snap.pk,
        rows_read=outcome.rows_read, rows_loaded=outcome.rows_loaded,
        rows_quarantined=outcome.rows_quarantined, reasons=outcome.reasons, warnings=outcome.warnings,
        notes=hm.notes, file_name=path.name, file_sha256=sha, as_of=as_of,
        message=loaded_message(snap.pk, loaded=outcome.rows_loaded, quarantined=outcome.rows_quarantined,
                               read=outcome.rows_read, reasons=outcome.reasons),
    )


def loaded_status(loaded: int, read: int) -> str:
    """'loaded', or 'quarantined' when a file with rows had none loaded (all in quarantine)."""
    return "quarantined" if read > 0 and loaded == 0 else "loaded"


def loaded_message(snapshot_id: int, *, loaded: int, quarantined: int, read: int, reasons: dict[str, int]) -> str:
    """The one-line outcome; when nothing was loaded it says so and names the main reason."""
    if loaded_status(loaded, read) == "quarantined":
        top = max(reasons.items(), key=lambda kv: kv[1])[0] if reasons else ""
        hint = " Kode wilayah tidak dikenal: muat wilayahnya (cakupan wilayah load) lalu impor ulang." \
            if top == "wilayah.unknown" else ""
        return (f"Snapshot #{snapshot_id}: TIDAK ADA baris yang dimuat; semua {angka(read, lang='id')} baris "
                f"dikarantina (terbanyak: {top or '-'}).{hint}")
    return (f"Snapshot #{snapshot_id}: {angka(loaded, lang='id')} baris dimuat, "
            f"{angka(quarantined, lang='id')} dikarantina dari {angka(read, lang='id')} baris dibaca.")


def columns_require(hm: HeaderMap, *, kind: str, headers: list[str], name: str) -> None:
    """The columns an import of ``kind`` cannot do without (file.no_nik_column / file.missing_column)."""
    listed = ", ".join(headers)
    for column in required_columns(kind):
        if column in hm.columns:
            continue
        if column == "nik":
            raise file_error("file.no_nik_column", name=name, headers=listed)
        raise file_error("file.missing_column", column=column.upper(), kind=kind, name=name, headers=listed)


def snapshot_folder(kind: str, roster_kind: str) -> Path:
    folder = Path(settings.CAKUPAN_HOME) / "snapshots" / snapshot_dir_name(kind, roster_kind)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(folder)
    return folder


def temporary_paths(folder: Path, *names: str) -> tuple[Path, ...]:
    """Temporary data and quarantine paths (plus one per extra name), all ``.tmp-*.parquet``."""
    token = uuid.uuid4().hex
    return (folder / f".tmp-{token}.parquet", folder / f".tmp-{token}.quarantine.parquet",
            *(folder / f".tmp-{token}.{n}.parquet" for n in names))


def snapshot_save(*, tmp_data: Path, tmp_quarantine: Path, padukuhan: list, **fields) -> Snapshot:
    """Create the Snapshot row and rename the two files into place in one atomic block; on any
    failure neither the row nor the final files remain."""
    home = Path(settings.CAKUPAN_HOME)
    finals: list[Path] = []
    try:
        with transaction.atomic():
            snap = Snapshot.objects.create(data_path="", **fields)
            folder = tmp_data.parent
            data, quarantine = folder / f"{snap.pk}.parquet", folder / f"{snap.pk}.quarantine.parquet"
            finals += [data, quarantine]
            os.replace(tmp_data, data)
            os.replace(tmp_quarantine, quarantine)
            pause_point("snapshot-renamed")  # crash tests: files in place, row not committed
            snap.data_path = str(data.relative_to(home))
            snap.quarantine_path = str(quarantine.relative_to(home))
            snap.save(update_fields=["data_path", "quarantine_path"])
            if snap.kind == "population":
                from cakupan.wilayah.services import padukuhan_ensure_many

                padukuhan_ensure_many(rows=[(kal, name) for kal, name, _ in padukuhan])
    except BaseException:
        _remove(*finals)
        raise
    return snap


def _remove_stale_temporaries(folder: Path, *, older_than_s: float = 86400) -> None:
    """Temporary files left by an import that was killed (never by one still running)."""
    cutoff = time.time() - older_than_s
    for p in folder.glob(".tmp-*.parquet"):
        try:
            if p.stat().st_mtime < cutoff:
                p.unlink()
        except OSError:
            continue


ORPHAN = re.compile(r"^(\d+)\.(?:[a-z0-9_]+\.)?parquet$")


def snapshot_files_sweep(*, home: Path | None = None) -> list[Path]:
    """What a killed import or merge left under CAKUPAN_HOME/snapshots/: temporary files and
    scratch folders (``.tmp-*``), and ``<id>.parquet`` files renamed into place whose row was never
    committed. Removes them and returns their paths. Call it only while holding
    ``home_lock("files")`` exclusively (cakupan.home.home_sweep): then no import is running."""
    root = (home or Path(settings.CAKUPAN_HOME)) / "snapshots"
    if not root.is_dir():
        return []
    known = set(Snapshot.objects.values_list("pk", flat=True))
    recorded = {p for pair in Snapshot.objects.values_list("data_path", "quarantine_path") for p in pair if p}
    removed: list[Path] = []
    for folder in (f for f in root.iterdir() if f.is_dir()):
        for p in folder.iterdir():
            match = ORPHAN.match(p.name)
            if p.name.startswith(".tmp-"):
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
            elif match and int(match.group(1)) not in known and str(p.relative_to(root.parent)) not in recorded:
                p.unlink(missing_ok=True)
            else:
                continue
            removed.append(p)
    for p in removed:
        log.warning("sweep: removed %s (left by a killed import)", p)
    return removed


def _remove(*paths: Path) -> None:
    for p in paths:
        try:
            p.unlink(missing_ok=True)
        except OSError:  # pragma: no cover - best effort cleanup
            log.warning("could not remove %s", p)


__all__ = ["ImportReport", "snapshot_files_sweep", "snapshot_import", "snapshot_save"]
