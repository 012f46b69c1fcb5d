"""Benchmark: the synthetic Bantul through the browser's path (issue 13) against the CLI's.

    .venv/bin/python bench/bench_upload.py [--synth DIR] [--scale 1]

In a fresh CAKUPAN_HOME it starts `cakupan serve --no-worker`, makes an operator with an API
token, POSTs population, members and every roster to /api/imports/ with curl (multipart, streamed),
runs `cakupan worker --once`, POSTs /api/runs/ and runs the worker again; then does the same with
`cakupan import` + `cakupan link` in a second home. Prints, in the same run:
- the floor: bare DuckDB read_csv -> Parquet of the population file;
- upload time and the web server's peak memory (VmHWM) while receiving the files;
- the worker's peak memory (ru_maxrss) for the imports and for the run;
- the kabupaten figures of both paths (they must be equal). Not a test: nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CAKUPAN = [sys.executable, "-m", "cakupan.cli"]
AS_OF = "2023-02-27"


def _env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(CAKUPAN_HOME=str(home))
    return env


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _hwm(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _worker(home: Path) -> tuple[float, int]:
    t0 = time.perf_counter()
    proc = subprocess.Popen([*CAKUPAN, "worker", "--once", "--interval", "0"], env=_env(home),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"worker exited with {status}")
    return time.perf_counter() - t0, usage.ru_maxrss * 1024


def _files(synth: Path) -> list[tuple[str, str, Path]]:
    out = [("population", "", synth / "population.csv"), ("members", "", synth / "members.csv")]
    out += [("roster", p.stem, p) for p in sorted((synth / "rosters").glob("*.csv"))]
    return out


def browser_path(synth: Path, home: Path) -> dict:
    env = _env(home)
    subprocess.run([*CAKUPAN, "user", "add", "op", "--role", "operator", "--password-stdin"], input="rahasia-panjang-1\n",
                   text=True, env=env, check=True, capture_output=True)
    token = subprocess.run([*CAKUPAN, "token", "create", "op"], env=env, check=True, capture_output=True,
                           text=True).stdout.strip()
    port = _port()
    server = subprocess.Popen([*CAKUPAN, "serve", "--no-worker", "--noreload", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base, auth = f"http://127.0.0.1:{port}", f"Authorization: Token {token}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/masuk/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        t0 = time.perf_counter()
        jobs = []
        for kind, roster_kind, path in _files(synth):
            cmd = ["curl", "-sS", "-H", auth, "-F", f"kind={kind}", "-F", f"as_of={AS_OF}", "-F", f"file=@{path}",
                   f"{base}/api/imports/"]
            if roster_kind:
                cmd[6:6] = ["-F", f"roster_kind={roster_kind}"]
            jobs.append(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)["id"])
        upload_s = time.perf_counter() - t0
        server_hwm = _hwm(server.pid)
        import_s, import_rss = _worker(home)
        run = json.loads(subprocess.run(["curl", "-sS", "-H", auth, "-X", "POST", f"{base}/api/runs/"], check=True,
                                        capture_output=True, text=True).stdout)["id"]
        run_s, run_rss = _worker(home)

        def job(i):
            return json.loads(subprocess.run(["curl", "-sS", "-H", auth, f"{base}/api/jobs/{i}/"], check=True,
                                             capture_output=True, text=True).stdout)

        imports = [job(i) for i in jobs]
        result = job(run)
    finally:
        server.terminate()
        server.wait()
    bad = [j for j in imports + [result] if j["status"] != "done"]
    if bad:
        raise SystemExit(f"jobs failed: {[(j['id'], j['message']) for j in bad]}")
    return {"upload_s": upload_s, "server_hwm": server_hwm, "import_s": import_s, "import_rss": import_rss,
            "run_s": run_s, "run_rss": run_rss, "population": imports[0]["result"], "run": result["result"]}


def cli_path(synth: Path, home: Path) -> dict:
    env = _env(home)
    t0 = time.perf_counter()
    for kind, roster_kind, path in _files(synth):
        args = [*CAKUPAN, "import", kind] + ([roster_kind] if roster_kind else []) + [str(path), "--as-of", AS_OF, "--json"]
        subprocess.run(args, env=env, check=True, capture_output=True)
    subprocess.run([*CAKUPAN, "link", "--as-of", AS_OF], env=env, check=True, capture_output=True)
    out = subprocess.run([*CAKUPAN, "coverage", "--by", "kabupaten", "--format", "json"], env=env, check=True,
                         capture_output=True, text=True).stdout
    return {"seconds": time.perf_counter() - t0, "coverage": json.loads(out)}


def floor(path: Path) -> float:
    import duckdb

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        con = duckdb.connect()
        con.execute(f"COPY (SELECT * FROM read_csv('{path}', all_varchar=true, delim=';', header=true)) "
                    f"TO '{tmp}/p.parquet' (FORMAT parquet)")
        con.close()
        return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--synth", type=Path, help="a synth output directory (default: generate one)")
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    synth = args.synth
    if synth is None:
        synth = work / "synth"
        subprocess.run([*CAKUPAN, "synth", "--region", "34.02", "--out", str(synth), "--scale", str(args.scale), "--as-of", AS_OF,
                        "--format", "csv"], check=True, capture_output=True)
    pop = synth / "population.csv"
    rows = sum(1 for _ in pop.open("rb")) - 1
    floor_s = floor(pop)
    web = browser_path(synth, work / "home-web")
    cli = cli_path(synth, work / "home-cli")
    mib = 2 ** 20
    print(f"population file: {rows:,} rows, {pop.stat().st_size / mib:.0f} MiB")
    print(f"floor (DuckDB read_csv -> Parquet): {floor_s:.2f} s")
    print(f"upload of {len(_files(synth))} files through POST /api/imports/: {web['upload_s']:.2f} s; "
          f"web server peak memory {web['server_hwm'] / mib:.0f} MiB")
    print(f"import jobs (worker --once): {web['import_s']:.2f} s, worker peak {web['import_rss'] / mib:.0f} MiB; "
          f"population {web['population']['rows_loaded']:,} loaded, {web['population']['rows_quarantined']:,} quarantined")
    print(f"run job: {web['run_s']:.2f} s, worker peak {web['run_rss'] / mib:.0f} MiB")
    r = web["run"]
    print(f"browser path: workforce {r['workforce']:,}, active {r['active']:,}, {r['pct']} %")
    print(f"CLI path ({cli['seconds']:.1f} s): {json.dumps(cli['coverage'], ensure_ascii=False)[:300]}")


if __name__ == "__main__":
    main()
