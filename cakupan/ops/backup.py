"""Backup and restore of an instance: the database and what lives under CAKUPAN_HOME.

    report = backup_create(dest=Path("/var/backups/cakupan/2026-07-01"))   # while the app serves
    backup_verify(source=report.path)                                      # checksums, or UserError
    backup_restore(source=report.path)                                     # into an empty instance

A backup folder holds:

    manifest.json     format, when, which database, the schema's migrations, every file with its
                      size and sha256
    SHA256SUMS        the same checksums as `sha256sum -c SHA256SUMS` reads (manifest.json too)
    database.sqlite3  SQLite: a copy by SQLite's online backup API (sqlite3.Connection.backup),
    database.pgdump   or PostgreSQL: `pg_dump --format=custom` of one exported snapshot
    settings.json     the instance's settings from the environment (no secret key, no passwords)
    home/             snapshots/, runs/, models/, reports/, exports/, uploads/ of CAKUPAN_HOME

Consistency: the database is dumped first, in one transaction (SQLite: the backup API's read;
PostgreSQL: a REPEATABLE READ transaction whose snapshot pg_dump shares, `--snapshot`), and the
files copied are the ones that dump records: the snapshot files of its snapshot rows and the
folders of its DONE runs (a run half-way is not copied; its row is marked FAILED on restore).
Snapshot files are immutable and a run folder is complete before its run is DONE, so what was
committed is what is copied. Writers are never blocked; a prune (and the startup sweep) waits for
the backup through home_lock("maintenance"). The folder is written as `<DIR>.partial-<pid>` and
renamed to DIR when complete, so a DIR that exists is a whole backup.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

from cakupan.core.locks import home_lock
from cakupan.errors import UserError

log = logging.getLogger(__name__)

FORMAT = 1
HOME_PARTS = ("snapshots", "runs", "models", "reports", "exports", "uploads")  # copied from CAKUPAN_HOME
SKIPPED = (".tmp-", ".incoming", ".locks")  # names never copied (temporaries, half-received uploads)
SNAPSHOT_FILE = re.compile(r"^(\d+)\.")
SECRET_WORDS = ("SECRET", "PASSWORD", "TOKEN", "KEY")


@dataclass(frozen=True)
class BackupReport:
    path: Path
    database: str  # sqlite | postgresql
    files: int
    bytes: int
    seconds: float


@dataclass(frozen=True)
class RestoreReport:
    database: str
    files: int
    runs_marked_failed: int
    settings_differ: list[str] = field(default_factory=list)  # setting names whose value is not the backup's


def _home() -> Path:
    return Path(settings.CAKUPAN_HOME)


def _vendor() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _instance_settings() -> dict:
    """The environment's CAKUPAN_* settings (secrets left out) and the database, without password."""
    out = {k: v for k, v in sorted(os.environ.items())
           if k.startswith("CAKUPAN_") and not any(w in k for w in SECRET_WORDS)
           and k not in ("CAKUPAN_HOME",) and not k.startswith("CAKUPAN_TEST_")}
    db = settings.DATABASES["default"]
    out["database"] = {"engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
                       "port": str(db.get("PORT", "")), "user": db.get("USER", "")}
    return out


def _pg_env() -> dict:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                     ("PGDATABASE", "NAME")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise UserError(f"{name} tidak ditemukan: pasang klien PostgreSQL (apt-get install postgresql-client)",
                        code="backup.pg_tool")
    return path


# -- backup ----------------------------------------------------------------------------------------

def backup_create(*, dest: Path) -> BackupReport:
    """Write a complete, checksummed backup of this instance to `dest` (absent or an empty folder)."""
    dest = Path(dest).expanduser().resolve()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise UserError(f"Folder cadangan {dest} sudah berisi berkas: pilih folder baru yang kosong.",
                        code="backup.dest_not_empty")
    if dest.is_relative_to(_home().resolve()):
        raise UserError(f"Folder cadangan {dest} ada di dalam CAKUPAN_HOME: simpan di luar ({_home()}).",
                        code="backup.dest_in_home")
    t0 = time.perf_counter()
    work = dest.with_name(f"{dest.name}.partial-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    (work / "home").mkdir(parents=True)
    try:
        with home_lock("maintenance", shared=False):
            vendor = _vendor()
            if vendor == "sqlite":
                recorded = _sqlite_dump(work / "database.sqlite3")
            else:
                recorded = _pg_dump(work / "database.pgdump")
            for rel in _home_files(recorded):
                target = work / "home" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(_home() / rel, target)
        (work / "settings.json").write_text(json.dumps(_instance_settings(), indent=2, ensure_ascii=False))
        files = {str(p.relative_to(work)): {"size": p.stat().st_size, "sha256": _sha256(p)}
                 for p in sorted(_walk(work))}
        manifest = {"format": FORMAT, "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                    "database": vendor, "migrations": recorded["migrations"], "files": files}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        sums = {**{k: v["sha256"] for k, v in files.items()}, "manifest.json": _sha256(work / "manifest.json")}
        (work / "SHA256SUMS").write_text("".join(f"{h}  {name}\n" for name, h in sorted(sums.items())))
        if dest.exists():
            dest.rmdir()
        os.replace(work, dest)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    total = sum(v["size"] for v in files.values())
    report = BackupReport(dest, vendor, len(files), total, round(time.perf_counter() - t0, 2))
    log.info("backup %s: %s database, %s files, %s bytes in %s s", dest, vendor, len(files), total, report.seconds)
    return report


def _recorded(rows_snapshots, rows_runs, rows_migrations) -> dict:
    return {"snapshot_ids": {int(r[0]) for r in rows_snapshots}, "run_dirs": {r[0] for r in rows_runs if r[0]},
            "migrations": _latest_migrations(rows_migrations)}


def _latest_migrations(rows) -> dict[str, str]:
    out: dict[str, str] = {}
    for app, name in rows:
        out[app] = max(out.get(app, ""), name)
    return dict(sorted(out.items()))


RECORD_SQL = ("SELECT id FROM registries_snapshot",
              "SELECT run_dir FROM coverage_coveragerun WHERE status = 'DONE'",
              "SELECT app, name FROM django_migrations")


def _sqlite_dump(target: Path) -> dict:
    """SQLite's online backup API: a consistent copy while other connections read and write."""
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        rows = [copy.execute(sql).fetchall() for sql in RECORD_SQL]
    finally:
        copy.close()
        source.close()
    return _recorded(*rows)


def _pg_dump(target: Path) -> dict:
    """pg_dump of a snapshot this function's transaction exported: the rows it reads to pick the
    files are exactly the dumped ones."""
    import psycopg

    connection.ensure_connection()
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as con:
        con.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = con.execute("SELECT pg_export_snapshot()").fetchone()[0]
        done = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                               f"--snapshot={snapshot}", f"--file={target}"],
                              env=_pg_env(), capture_output=True, text=True)
        if done.returncode != 0:
            raise UserError(f"pg_dump gagal: {' '.join(done.stderr.split())[:300]}", code="backup.pg_dump")
        rows = [con.execute(sql).fetchall() for sql in RECORD_SQL]
        con.execute("COMMIT")
    return _recorded(*rows)


def _home_files(recorded: dict) -> Iterator[str]:
    """Files under CAKUPAN_HOME the dump records (paths relative to CAKUPAN_HOME)."""
    home = _home()
    runs = {Path(d).parts[1] for d in recorded["run_dirs"] if Path(d).parts[:1] == ("runs",)}
    for part in HOME_PARTS:
        root = home / part
        for path in _walk(root):
            rel = path.relative_to(home)
            if part == "runs" and rel.parts[1] not in runs:
                continue  # a run not DONE in the dump: half-written or failed
            if part == "snapshots":
                match = SNAPSHOT_FILE.match(path.name)
                if match and int(match.group(1)) not in recorded["snapshot_ids"]:
                    continue  # renamed into place by an import the dump does not have (yet)
            yield str(rel)


def _walk(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(SKIPPED))
        for name in sorted(filenames):
            if not name.startswith(SKIPPED):
                yield Path(dirpath) / name


# -- verify and restore ----------------------------------------------------------------------------

def backup_verify(*, source: Path) -> dict:
    """The backup's manifest when every file is there with its checksum; else UserError (one line)."""
    source = Path(source).expanduser()
    sums_path, manifest_path = source / "SHA256SUMS", source / "manifest.json"
    if not sums_path.is_file() or not manifest_path.is_file():
        raise UserError(f"{source} bukan folder cadangan cakupan (tidak ada SHA256SUMS/manifest.json).",
                        code="backup.not_a_backup")
    sums = {}
    for line in sums_path.read_text().splitlines():
        digest, _, name = line.partition("  ")
        sums[name] = digest
    bad = [name for name, digest in sums.items()
           if not (source / name).is_file() or _sha256(source / name) != digest]
    if "manifest.json" not in sums:
        bad.append("manifest.json")
    manifest = json.loads(manifest_path.read_text()) if not bad else {}
    missing = [n for n in manifest.get("files", {}) if n not in sums]
    if bad or missing:
        names = sorted(bad + missing)
        raise UserError(f"Cadangan {source} rusak: checksum tidak cocok untuk {len(names)} berkas ({', '.join(names[:3])}"
                        f"{', …' if len(names) > 3 else ''}); tidak ada yang dipulihkan.", code="backup.checksum")
    if manifest.get("format") != FORMAT:
        raise UserError(f"Format cadangan {manifest.get('format')} tidak dikenal (versi ini membaca {FORMAT}).",
                        code="backup.format")
    return manifest


def _instance_empty() -> list[str]:
    """What this instance already holds (empty list: nothing, a restore may go in)."""
    held = [part for part in HOME_PARTS if any(True for _ in _walk(_home() / part))]
    if _vendor() == "sqlite":
        name = Path(settings.DATABASES["default"]["NAME"])
        if name.exists() and name.stat().st_size:
            con = sqlite3.connect(name)
            try:
                if con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]:
                    held.append(name.name)
            finally:
                con.close()
    else:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")
            if cur.fetchone()[0]:
                held.append(f"database {settings.DATABASES['default']['NAME']}")
    return held


def backup_restore(*, source: Path) -> RestoreReport:
    """Restore a verified backup into this instance, which must be empty (no database tables, no
    snapshots, runs, models, reports, exports or uploads), then migrate it (a backup of an older
    version). Runs that were still STARTED in the backup are marked FAILED (their process is not
    coming back)."""
    source = Path(source).expanduser().resolve()
    manifest = backup_verify(source=source)
    vendor = _vendor()
    if manifest["database"] != vendor:
        raise UserError(f"Cadangan ini dari {manifest['database']}, instans ini memakai {vendor}: pulihkan ke basis"
                        f" data yang sama jenisnya.", code="backup.vendor")
    held = _instance_empty()
    if held:
        raise UserError(f"Instans tujuan tidak kosong ({', '.join(held)}): pulihkan hanya ke CAKUPAN_HOME dan basis"
                        f" data yang baru.", code="backup.target_not_empty")
    if vendor == "sqlite":
        target = Path(settings.DATABASES["default"]["NAME"])
        connection.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        src, dst = sqlite3.connect(source / "database.sqlite3"), sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        done = subprocess.run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                               f"--dbname={settings.DATABASES['default']['NAME']}", str(source / "database.pgdump")],
                              env=_pg_env(), capture_output=True, text=True)
        if done.returncode != 0:
            raise UserError(f"pg_restore gagal: {' '.join(done.stderr.split())[:300]}", code="backup.pg_restore")
    files = 0
    for name in manifest["files"]:
        if name.startswith("home/"):
            target = _home() / name.removeprefix("home/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target)
            files += 1
    from django.core.management import call_command

    from cakupan.coverage.services import runs_abandoned_fail

    call_command("migrate", verbosity=0, interactive=False)  # a backup of an older version: brought up to date
    failed = runs_abandoned_fail(started_since=datetime(1970, 1, 1).astimezone(),
                                 reason="belum selesai saat dicadangkan (still running when the backup was taken)")
    before = json.loads((source / "settings.json").read_text()) if (source / "settings.json").exists() else {}
    now = _instance_settings()
    differ = sorted(k for k in set(before) | set(now) if k != "database" and before.get(k) != now.get(k))
    log.info("restored %s: %s database, %s files, %s runs marked failed", source, vendor, files, failed)
    return RestoreReport(vendor, files, failed, differ)
