"""Quarantined rows fixed by the officer, merged into a new snapshot of the same extract.

    report = snapshot_merge(snapshot_id=12, path="perbaiki.xlsx")

The file is a ``quarantine export`` of snapshot #12, fixed in Excel. Each fix row names its
original row (BARIS_ASAL) and is checked by exactly the rules of an import of that kind; the new
snapshot (parent = #12, same kind and as-of) holds the parent's loaded rows + the fix rows that
now pass, each under its ORIGINAL row number. Still failing: quarantined with the new reason;
quarantined rows absent from the fix: kept with their old reason; fix rows that replace no
quarantined row: ``merge.unknown_row`` / ``merge.duplicate_row``. A fixed population row with the
NIK of a loaded row is a duplicate as in one file: both are quarantined (``nik.duplicate``).
Accounting: rows_read = parent.rows_read - replaced quarantined rows + rows in the fix file.
Same crash safety and once-per-file rule as ``services.snapshot_import``.
"""
from __future__ import annotations

import logging
from pathlib import Path

from cakupan.core.formatting import angka
from cakupan.core.locks import home_lock

from .columns import QUARANTINE_COLUMNS, header_key, is_quarantine_export, map_headers, map_headers_chosen
from .detect import extract_detect
from .merge_sql import Combined, extra_write, merge_classify, merge_combine
from .models import Snapshot
from .readers import Progress, file_sha256, read_table
from .reasons import file_error
from .report import ImportReport
from .selectors import snapshot_get, snapshot_latest, snapshot_path, snapshot_quarantine_path
from .services import (_duplicate_report, _remove, columns_require, duplicate_after_race, snapshot_folder,
                       snapshot_save, temporary_paths)
from .stage import connect
from .validate_kind import kind_validate

log = logging.getLogger(__name__)
FIXED_ROWS_LISTED = 10_000  # lineage lists the fixed row numbers up to this many, else counts them


def snapshot_merge(
    *,
    snapshot_id: int,
    path: Path | str,
    sheet: str | None = None,
    user=None,
    user_name: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Merge a fixed quarantine export into a new snapshot (child of ``snapshot_id``). File-level
    problems raise UserError (nothing written). Call it outside any open transaction."""
    with home_lock("files", shared=True):  # the startup sweep leaves this merge's temporaries alone
        return _merge(snapshot_id=snapshot_id, path=path, sheet=sheet, user=user, user_name=user_name,
                      progress=progress)


def _merge(*, snapshot_id: int, path: Path | str, sheet: str | None, user, user_name: str,
           progress: Progress | None) -> ImportReport:
    parent = snapshot_get(snapshot_id=snapshot_id)
    kind, roster_kind, path = parent.kind, parent.roster_kind, Path(path)
    if not path.is_file():
        raise file_error("file.not_found", path=path)
    if not extract_detect(path=path, kind=kind, sheet=sheet, preview_rows=0).quarantine_export:  # the head only
        raise file_error("merge.not_export", name=path.name, id=parent.pk)
    _check_origin(parent, path)
    sha = file_sha256(path)
    existing = Snapshot.objects.filter(kind=kind, roster_kind=roster_kind, file_sha256=sha).first()
    if existing is not None:
        return _duplicate_report(existing, path=path, sha=sha)
    raw = read_table(path, sheet=sheet, progress=progress)
    if not is_quarantine_export(raw.headers):
        raise file_error("merge.not_export", name=path.name, id=parent.pk)
    chosen = {c: h for c, h in (parent.column_map or {}).items() if h in raw.headers}
    hm = map_headers_chosen(raw.headers, kind, chosen) if chosen else map_headers(raw.headers, kind)
    columns_require(hm, kind=kind, headers=raw.headers, name=path.name)
    latest = snapshot_latest(kind=kind, roster_kind=roster_kind)
    folder = snapshot_folder(kind, roster_kind)
    tmp_data, tmp_quarantine, fix_data, fix_quarantine, extra = temporary_paths(folder, "fix", "fixq", "extra")
    origin = next(i for i, h in enumerate(raw.headers) if header_key(h) == header_key(QUARANTINE_COLUMNS[0]))
    con = connect()
    try:
        matched = merge_classify(con, raw, origin_column=origin, parent_data=snapshot_path(parent),
                                 parent_quarantine=snapshot_quarantine_path(parent) or Path("-"))
        outcome, _ = kind_validate(
            kind=kind, roster_kind=roster_kind, raw=matched, hm=hm, data_path=fix_data,
            quarantine_path=fix_quarantine, progress=progress, mapping_version=parent.occupation_mapping_version,
            taken_path=snapshot_path(parent) if kind == "population" else None)
        if progress:
            progress("save", 0, 1)
        extra_write(con, raw, hm, extra)
        moved = outcome.extra.get("taken_duplicates", [])
        done = merge_combine(con, kind=kind, raw=raw, hm=hm, fix_data=fix_data, fix_quarantine=fix_quarantine,
                             extra=extra, moved=moved, data_path=tmp_data, quarantine_path=tmp_quarantine)
        snap = snapshot_save(
            tmp_data=tmp_data, tmp_quarantine=tmp_quarantine, padukuhan=outcome.extra.get("padukuhan", []),
            kind=kind, roster_kind=roster_kind, as_of=parent.as_of, file_name=path.name[:255], file_sha256=sha,
            rows_read=done.rows_loaded + done.rows_quarantined, rows_loaded=done.rows_loaded,
            rows_quarantined=done.rows_quarantined, reasons=done.reasons,
            occupation_mapping_version=parent.occupation_mapping_version, column_map=parent.column_map or {},
            parent=parent, merged_rows=len(done.fixed_rows), lineage=_lineage(parent, path, done, moved),
            loaded_by=user, loaded_by_name=(user_name or getattr(user, "username", ""))[:150],
        )
    except BaseException as exc:
        _remove(tmp_data, tmp_quarantine)
        return duplicate_after_race(exc, kind=kind, roster_kind=roster_kind, sha=sha, path=path)
    finally:
        con.close()
        _remove(fix_data, fix_quarantine, extra)
    if progress:
        progress("save", 1, 1)
    log.info("snapshot %s merged into %s: %s rows fixed", parent.pk, snap.pk, len(done.fixed_rows))
    return ImportReport(
        status="loaded", kind=kind, roster_kind=roster_kind, snapshot_id=snap.pk, rows_read=snap.rows_read,
        rows_loaded=snap.rows_loaded, rows_quarantined=snap.rows_quarantined, reasons=done.reasons,
        warnings=done.warnings, notes=hm.notes + _moved_note(parent, moved), file_name=path.name,
        file_sha256=sha, as_of=parent.as_of, message=_message(parent, snap, done, latest),
    )


def _check_origin(parent: Snapshot, path: Path) -> None:
    """An XLSX export names its snapshot: it must be of the parent's line (the parent, or a snapshot
    it was merged from or into), else its row numbers would point at other people."""
    from .quarantine import export_origin

    origin = export_origin(path)
    if origin is None or _root(origin) == _root(parent.pk):
        return
    raise file_error("merge.other_snapshot", name=path.name, origin=origin, id=parent.pk)


def _root(snapshot_id: int) -> int:
    seen: set[int] = set()
    current = snapshot_id
    while current not in seen:
        seen.add(current)
        parent = Snapshot.objects.filter(pk=current).values_list("parent_id", flat=True).first()
        if parent is None:
            break
        current = parent
    return current


def _lineage(parent: Snapshot, path: Path, done: Combined, moved: list[str]) -> dict:
    rows = done.fixed_rows
    return {"parent": parent.pk, "file": path.name,
            "fixed_rows": rows if len(rows) <= FIXED_ROWS_LISTED else len(rows),
            "still_quarantined": done.still_quarantined, "extra_rows": done.extra_rows,
            "moved_duplicates": len(moved)}


def _moved_note(parent: Snapshot, moved: list[str]) -> tuple[str, ...]:
    if not moved:
        return ()
    return (f"{angka(len(moved), lang='id')} NIK perbaikan sama dengan baris yang sudah dimuat di snapshot "
            f"#{parent.pk}; kedua baris dikarantina (nik.duplicate).",)


def _message(parent: Snapshot, snap: Snapshot, done: Combined, latest: Snapshot | None) -> str:
    def n(value: int) -> str:
        return angka(value, lang="id")

    text = (f"Snapshot #{snap.pk} (perbaikan snapshot #{parent.pk}): {n(len(done.fixed_rows))} baris perbaikan "
            f"dimuat, {n(done.still_quarantined + done.extra_rows)} masih dikarantina; total "
            f"{n(snap.rows_loaded)} baris dimuat, {n(snap.rows_quarantined)} dikarantina dari "
            f"{n(snap.rows_read)} baris.")
    if latest is not None and latest.pk != parent.pk:
        now = snapshot_latest(kind=snap.kind, roster_kind=snap.roster_kind)
        text += (f" Perhatian: snapshot #{parent.pk} bukan yang terbaru (ada #{latest.pk});"
                 + (f" #{snap.pk} kini menjadi yang terbaru." if now is not None and now.pk == snap.pk
                    else f" proses berikutnya tetap memakai #{now.pk if now else latest.pk}."))
    return text


__all__ = ["snapshot_merge"]
