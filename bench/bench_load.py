"""Load bench: N signed-in users against gunicorn on PostgreSQL with a Bantul-sized published run
(issue "Pages an officer cannot break and does not wait for": 50 users p95 < 500 ms, 0 errors;
one user: dashboard <= 50 ms).

    .venv/bin/python bench/bench_load.py                       # 1, 30 and 50 users, 30 s each
    .venv/bin/python bench/bench_load.py --users 50 --seconds 60 --workers 3 --threads 2
    .venv/bin/python bench/bench_load.py --rebuild             # drop and load the bench database again

What it does:
1. Creates (once) the PostgreSQL database `--db` (default cakupan_bench_load on
   postgres://postgres@127.0.0.1:5432), migrates it and loads a Bantul-sized run the way the web
   tests do (tests/web/factories_bantul.py bantul_run_make: 75 kalurahan, 900 padukuhan, ~19,800
   CoverageFact rows, 457,718 PersonStatus rows, 14 months of history), one user per role and a
   kabupaten target. Later runs reuse it (`--rebuild` to start again).
2. Starts gunicorn (config.wsgi:application, config.settings.dev, CAKUPAN_DEBUG=0) on loopback.
3. Signs the users in (a session per virtual user, through the sign-in form) and lets N threads,
   each one user with its own session, walk the pages in random order for `--seconds`
   (http.client, keep-alive): the dashboard, the map (kapanewon and kalurahan), the
   area pages (kabupaten, a kapanewon, a kalurahan) and the person list of a kalurahan (a random
   page of 1..5, as a kalurahan operator sees it, and as the analyst). `--think S` adds a pause
   (exponential, mean S seconds) between one user's clicks; without it every user clicks again as
   soon as a page arrives (a stress test: N users are then N requests always in flight).
4. Prints per page: requests, p50, p95, max (ms), errors (any status but 200); req/s overall; and
   the one-user time of each page (median of `--single` sequential requests after a warm-up).
Not a test: nothing is asserted. Needs PostgreSQL running; uses nothing outside the venv.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "sandi-uji-123"  # tests/web/factories.PASSWORD
KAPANEWON = ["34.02.01", "34.02.05", "34.02.10", "34.02.17"]
KALURAHAN = ["34.02.01.2001", "34.02.05.2002", "34.02.10.2003", "34.02.17.2001"]


def pages(role_of_user: str) -> list[tuple[str, str]]:
    """(page kind, URL) a user of that role opens; the person list is always in its own area."""
    own = role_of_user == "kalurahan"  # its own branch only (any other area answers 404)
    kal = "34.02.01.2001" if own else random.choice(KALURAHAN)
    kap = "34.02.01" if own else random.choice(KAPANEWON)
    out = [
        ("dashboard", "/"),
        ("map kapanewon", "/peta/"),
        ("map kalurahan", "/peta/?level=kalurahan"),
        ("area kabupaten", "/wilayah/34.02/"),
        ("area kapanewon", f"/wilayah/{kap}/"),
        ("area kalurahan", f"/wilayah/{kal}/"),
        ("person list", f"/wilayah/{kal}/pekerja/?page={random.randint(1, 5)}"),
    ]
    return out


# ---------------------------------------------------------------------------------------- set-up

def _psql(sql: str, db: str = "postgres") -> None:
    import psycopg

    with psycopg.connect(f"{PG}/{db}", autocommit=True) as conn:
        conn.execute(sql)


def _db_has_run(db: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{PG}/{db}") as conn:
            return conn.execute("SELECT count(*) FROM coverage_coveragerun WHERE status = 'DONE'").fetchone()[0] > 0
    except psycopg.Error:
        return False


def build(db: str, persons: int, home: str) -> float:
    """Create, migrate and load the bench database in a child process (its own Django)."""
    t0 = time.perf_counter()
    _psql(f'DROP DATABASE IF EXISTS "{db}"')
    _psql(f'CREATE DATABASE "{db}"')
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from datetime import date\n"
        "from cakupan.home import ensure_ready; ensure_ready()\n"
        "from tests.web.factories import users_make\n"
        "from tests.web.factories_bantul import bantul_run_make\n"
        "bantul_run_make(persons=%d)\n"
        "users_make()\n"
        "try:\n"
        "    from cakupan.targets.services import target_set\n"
        "    target_set(area_code='34.02', value_pct=40, due=date(2023, 12, 31), baseline_as_of=date(2023, 2, 27))\n"
        "except Exception as exc:\n"
        "    print('no target:', exc)\n"
        "from django.db import connection\n"
        "connection.cursor().execute('ANALYZE')\n"
    ) % (str(ROOT), persons)
    subprocess.run([sys.executable, "-c", code], env=_env(db, home), check=True, cwd=ROOT)
    return time.perf_counter() - t0


def _env(db: str, home: str) -> dict:
    env = os.environ.copy()
    env.update(DATABASE_URL=f"{PG}/{db}", CAKUPAN_HOME=home, DJANGO_SETTINGS_MODULE="config.settings.dev",
               CAKUPAN_DEBUG="0", CAKUPAN_ALLOWED_HOSTS="127.0.0.1,localhost")
    return env


def gunicorn_start(db: str, home: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--timeout", "120", "--log-level", "warning"],
        env=_env(db, home), cwd=ROOT, start_new_session=True,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def gunicorn_stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


# ---------------------------------------------------------------------------------------- client

class Session:
    """One signed-in user on one keep-alive connection."""

    keepalive = True  # False: a new connection per request (as browsers behind a proxy often do)

    def __init__(self, port: int, username: str):
        self.port, self.username, self.cookies = port, username, {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def _request(self, method: str, url: str, body: str | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if not self.keepalive:
            headers["Connection"] = "close"
        for attempt in range(2):
            try:
                self.conn.request(method, url, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                if not self.keepalive:
                    self.conn.close()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                k, _, v = value.split(";", 1)[0].partition("=")
                self.cookies[k.strip()] = v.strip()
        return response.status, data

    def login(self) -> None:
        status, html = self._request("GET", "/masuk/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
        body = urllib.parse.urlencode({"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        status, _ = self._request("POST", "/masuk/", body, {
            "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{self.port}/masuk/"})
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"sign-in failed for {self.username}: {status}")

    def get(self, url: str) -> tuple[int, float]:
        t = time.perf_counter()
        try:
            status, _ = self._request("GET", url)
        except (http.client.HTTPException, OSError):
            status = 599
        return status, time.perf_counter() - t


def role_for(i: int) -> str:
    """Most users are analysts; every third a kalurahan operator (its own area, masked list)."""
    return "kalurahan" if i % 3 == 2 else "analis"


def load(port: int, users: int, seconds: float, think: float = 0.0, on_start=None) -> tuple[dict, float, int]:
    """N users walk the pages for `seconds`; on_start() runs once all are signed in (the sign-ins'
    password hashing is not part of what is measured)."""
    sessions = [Session(port, role_for(i)) for i in range(users)]
    for s in sessions:
        s.login()
    if on_start is not None:
        on_start()
    results: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(users + 1)
    stop_at = [0.0]

    def walk(s: Session, seed: int) -> None:
        rnd = random.Random(seed)
        start.wait()
        while time.perf_counter() < stop_at[0]:
            kind, url = rnd.choice(pages(s.username))
            status, took = s.get(url)
            with lock:
                results.setdefault(kind, []).append(took)
                if status != 200:
                    errors[kind] = errors.get(kind, 0) + 1
            if think:  # an officer reads the page before the next click (exponential, mean `think`)
                time.sleep(min(rnd.expovariate(1 / think), 5 * think))

    threads = [threading.Thread(target=walk, args=(s, i), daemon=True) for i, s in enumerate(sessions)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + seconds
    t0 = time.perf_counter()
    start.wait()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {k: (v, errors.get(k, 0)) for k, v in results.items()}, wall, sum(errors.values())


def single(port: int, repeat: int) -> list[tuple[str, float]]:
    """One user, sequential: median per page after two warm-up requests."""
    out = []
    for role, kind, url in [
        ("analis", "dashboard (kabupaten)", "/"),
        ("kalurahan", "dashboard (kalurahan operator)", "/"),
        ("analis", "map kapanewon", "/peta/"),
        ("analis", "map kalurahan", "/peta/?level=kalurahan"),
        ("analis", "area kabupaten", "/wilayah/34.02/"),
        ("analis", "area kalurahan", "/wilayah/34.02.01.2001/"),
        ("kalurahan", "person list (page 1)", "/wilayah/34.02.01.2001/pekerja/"),
        ("analis", "person list (page 3)", "/wilayah/34.02.05.2002/pekerja/?page=3"),
    ]:
        s = Session(port, role)
        s.login()
        for _ in range(2):
            s.get(url)
        times = []
        for _ in range(repeat):
            status, took = s.get(url)
            if status != 200:
                raise SystemExit(f"{url}: HTTP {status}")
            times.append(took)
        out.append((kind, statistics.median(times)))
    return out


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes (Linux /proc), in seconds."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(master: int, db: str) -> tuple[list[int], list[int]]:
    """(gunicorn workers, PostgreSQL backends of the bench database) now running."""
    workers, backends = [], []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            cmd = (d / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == master:
            workers.append(int(d.name))
        elif cmd.startswith(b"postgres:") and db.encode() in cmd:
            backends.append(int(d.name))
    return workers, backends


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="cakupan_bench_load")
    parser.add_argument("--rebuild", action="store_true", help="drop and load the bench database again")
    parser.add_argument("--persons", type=int, default=457_718)
    parser.add_argument("--users", default="1,30,50", help="comma-separated numbers of concurrent users")
    parser.add_argument("--seconds", type=float, default=30.0, help="duration of each load step")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause in seconds between one user's requests (0: none, a stress test)")
    parser.add_argument("--no-keepalive", action="store_true",
                        help="a new connection per request (gunicorn's gthread worker keeps a kept-alive "
                             "connection on the worker that accepted it)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--single", type=int, default=20, help="sequential requests per page for the one-user times")
    args = parser.parse_args(sys.argv[1:] if __name__ == "__main__" else [])
    Session.keepalive = not args.no_keepalive
    home = tempfile.mkdtemp(prefix="cakupan-bench-load-")
    try:
        if args.rebuild or not _db_has_run(args.db):
            print(f"loading database {args.db} ({args.persons:,} persons) ...", flush=True)
            print(f"loaded in {build(args.db, args.persons, home):.0f} s", flush=True)
        proc = gunicorn_start(args.db, home, args.port, args.workers, args.threads)
        try:
            print(f"gunicorn {args.workers} workers x {args.threads} threads, PostgreSQL {args.db}, "
                  f"keep-alive {'yes' if Session.keepalive else 'no'}, "
                  f"load average {os.getloadavg()[0]:.2f}", flush=True)
            print("\none user, sequential (median of %d, ms):" % args.single)
            for kind, med in single(args.port, args.single):
                print(f"  {kind:34} {med * 1000:8.1f}")
            for n in (int(x) for x in args.users.split(",") if x):
                cpu0 = []

                def mark():
                    workers, backends = server_pids(proc.pid, args.db)
                    cpu0.extend([cpu_seconds(workers), cpu_seconds(backends)])
                results, wall, errors = load(args.port, n, args.seconds, args.think, on_start=mark)
                workers2, backends2 = server_pids(proc.pid, args.db)
                cpu1 = cpu_seconds(workers2), cpu_seconds(backends2)
                total = sum(len(v) for v, _ in results.values())
                print(f"\n{n} users, think {args.think:g} s, {args.seconds:.0f} s: {total} requests, {total / wall:.1f} req/s, "
                      f"{errors} errors, load average {os.getloadavg()[0]:.2f}")
                print(f"  CPU per request: gunicorn {(cpu1[0] - cpu0[0]) * 1000 / max(total, 1):.1f} ms, "
                      f"PostgreSQL {(cpu1[1] - cpu0[1]) * 1000 / max(total, 1):.1f} ms "
                      f"(of the machine's {os.cpu_count()} cores x {wall:.0f} s: the rest went to the client and "
                      f"to other processes)")
                print(f"  {'page':18} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6}")
                for kind in [k for k, _ in pages("analis")]:
                    if kind in results:
                        v, e = results[kind]
                        print(f"  {kind:18} {len(v):6} {pct(v, .5) * 1000:8.1f} {pct(v, .95) * 1000:8.1f} "
                              f"{max(v) * 1000:8.1f} {e:6}")
                sys.stdout.flush()
        finally:
            gunicorn_stop(proc)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
