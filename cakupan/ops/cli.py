"""`cakupan backup`, `cakupan restore`, `cakupan prune`: thin over cakupan.ops.backup and
cakupan.runs.retention (docs/deploy.md "Backup and restore", "Retention")."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console


def backup(dest: Path = typer.Argument(..., help="folder baru (atau kosong) di luar CAKUPAN_HOME")) -> None:
    """Back up the database and CAKUPAN_HOME (snapshots, runs, model, reports) with checksums, while
    the app keeps serving.

    Example: cakupan backup /var/backups/cakupan/2026-07-01
    """
    from cakupan.core.formatting import angka

    from .backup import backup_create

    r = backup_create(dest=dest)
    Console().print(f"Cadangan {r.path}: basis data {r.database}, {angka(r.files, lang='id')} berkas,"
                    f" {r.bytes / 1e6:.1f} MB dalam {r.seconds:g} dtk. Periksa: cakupan restore --check {r.path}")


def restore(
    source: Path = typer.Argument(..., help="folder cadangan dari `cakupan backup`"),
    check: bool = typer.Option(False, "--check", help="hanya periksa checksum, jangan pulihkan"),
) -> None:
    """Restore a backup into an empty instance (new CAKUPAN_HOME and database); refuses a
    non-empty one and a backup whose checksums fail.

    Example: CAKUPAN_HOME=/srv/cakupan-uji cakupan restore /var/backups/cakupan/2026-07-01
    Example: cakupan restore --check /var/backups/cakupan/2026-07-01
    """
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()  # not the instance's first-use initialisation: that would fill the empty home
    from .backup import backup_restore, backup_verify

    console = Console()
    if check:
        manifest = backup_verify(source=source)
        console.print(f"Cadangan {source} utuh: {len(manifest['files'])} berkas, basis data {manifest['database']},"
                      f" dibuat {manifest['created_at']}.")
        return
    r = backup_restore(source=source)
    console.print(f"Dipulihkan dari {source}: basis data {r.database}, {r.files} berkas"
                  + (f", {r.runs_marked_failed} run yang belum selesai ditandai gagal" if r.runs_marked_failed else "")
                  + ".")
    if r.settings_differ:
        console.print(f"Pengaturan berbeda dari instans asal (lihat {source}/settings.json): {', '.join(r.settings_differ)}")


def prune(
    days: Optional[int] = typer.Option(None, "--days", help="masa simpan dalam hari (bawaan: CAKUPAN_RUN_RETENTION_DAYS, 30)"),
    dry_run: bool = typer.Option(False, "--dry-run", help="tampilkan saja, jangan hapus"),
) -> None:
    """Delete runs (rows and folders) older than the retention period, but the latest published run,
    the latest of each month and any a worklist, target or report names; then, with the same
    period, registry snapshots no remaining run reads (never the newest of a kind) and export files
    (docs/privacy.md: storage limitation). Run it from a daily timer (docs/deploy.md).

    Example: cakupan prune --days 30 --dry-run
    """
    from config import env

    from cakupan.privacy.services import exports_expire, snapshots_expire
    from cakupan.runs.retention import runs_expire

    keep = env.run_retention_days() if days is None else days
    gone = runs_expire(older_than_days=keep, dry_run=dry_run)
    console = Console()
    verb = "akan dihapus" if dry_run else "dihapus"
    for r in gone:
        console.print(f"run #{r.id} (per {r.as_of:%Y-%m-%d}, {r.status}) {verb}, folder {r.folder or '-'}")
    console.print(f"{len(gone)} run {verb} (masa simpan {keep} hari).")
    snaps = snapshots_expire(older_than_days=keep, dry_run=dry_run)
    files = exports_expire(older_than_days=keep, dry_run=dry_run)
    for f in snaps + files:
        console.print(f"{f.what} {verb}")
    console.print(f"{len(snaps)} snapshot dan {len(files)} berkas ekspor {verb}.")
