"""Fingerprint a cakupan home: every application table and every mart of the newest run, as row
counts and a hash of the sorted rows, so two homes built from the same inputs can be compared
after a refactor ("every published table and mart identical").

    python scripts/fingerprint.py /tmp/home-before > before.json
    python scripts/fingerprint.py /tmp/home-after > after.json
    python scripts/fingerprint.py --diff before.json after.json

Columns that name a moment or a place on disk (ids, *_at, run_dir, paths, timings) differ between
two otherwise identical runs and are left out; everything else is compared, value by value, floats
to 9 decimals (the linkage's match probabilities differ by ~1e-12 between two runs of the same code).
Columns present on one side only are reported, and the hash of the shared columns is compared.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import sys
from pathlib import Path

import duckdb

VOLATILE = re.compile(
    r"^(id|at|.*_at|run_dir|path|stored_path|file|summary|session_key|password|last_login|date_joined|"
    r"expire_date|session_data|applied|action_time|object_id|object_repr|change_message|detail|"
    r"token|key|created|modified|timestamp|when|started|finished)$"
)
SKIP_TABLES = re.compile(r"^(django_migrations|django_session|django_admin_log|sqlite_.*|axes_.*|auth_permission|django_content_type)$")


def _hash_rows(con, sql: str) -> tuple[int, str]:
    h = hashlib.sha256()
    n = 0
    for row in con.execute(sql).fetchall():
        # floats to 9 decimals: multi-threaded sums differ in the last bits from run to run
        h.update(repr(tuple(round(v, 9) if isinstance(v, float) else v for v in row)).encode())
        n += 1
    return n, h.hexdigest()[:16]


def fingerprint(home: Path) -> dict:
    out: dict[str, dict] = {}
    db = sqlite3.connect(home / "cakupan.sqlite3")
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    for t in tables:
        if SKIP_TABLES.match(t):
            continue
        cols = [r[1] for r in db.execute(f'PRAGMA table_info("{t}")') if not VOLATILE.match(r[1])]
        out[f"db:{t}"] = {"columns": cols}
    runs = sorted((home / "runs").glob("*/"), key=lambda p: p.stat().st_mtime)
    con = duckdb.connect()
    if runs:
        for f in sorted(runs[-1].glob("*.parquet")):
            cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM '{f}'").fetchall() if not VOLATILE.match(r[0])]
            out[f"run:{f.stem}"] = {"columns": cols, "_file": str(f)}
    out["_db"] = str(home / "cakupan.sqlite3")
    return out


def _hash(entry: dict, cols: list[str], db_path: str, name: str) -> tuple[int, str]:
    sel = ", ".join(f'"{c}"' for c in cols) or "1"
    if name.startswith("db:"):
        con = sqlite3.connect(db_path)
        return _hash_rows(con, f'SELECT {sel} FROM "{name[3:]}" ORDER BY {sel}')
    con = duckdb.connect()
    return _hash_rows(con, f"SELECT {sel} FROM '{entry['_file']}' ORDER BY ALL")


def diff(a: dict, b: dict) -> int:
    bad = 0
    for name in sorted(set(a) | set(b)):
        if name.startswith("_"):
            continue
        if name not in a or name not in b:
            print(f"{name}: only in {'after' if name in b else 'before'}")
            continue
        ca, cb = a[name]["columns"], b[name]["columns"]
        shared = [c for c in ca if c in cb]
        extra = sorted(set(ca) ^ set(cb))
        na, ha = _hash(a[name], shared, a["_db"], name)
        nb, hb = _hash(b[name], shared, b["_db"], name)
        same = (na, ha) == (nb, hb)
        bad += not same
        note = f" (columns on one side only: {', '.join(extra)})" if extra else ""
        print(f"{'same' if same else 'DIFF'} {name}: {na} rows{'' if na == nb else f' vs {nb}'}{note}")
    return bad


if __name__ == "__main__":
    if sys.argv[1] == "--diff":
        sys.exit(1 if diff(json.loads(Path(sys.argv[2]).read_text()), json.loads(Path(sys.argv[3]).read_text())) else 0)
    print(json.dumps(fingerprint(Path(sys.argv[1])), indent=1))
