"""Benchmark: server-side response time of the web pages with a Bantul-sized published run
(issue 5: dashboard and map < 300 ms median).

    .venv/bin/python bench/bench_web.py [--persons 457718] [--repeat 15]

Builds a temporary CAKUPAN_HOME (embedded SQLite) with the whole of Bantul's area tree
(17 kapanewon, 75 kalurahan, 900 padukuhan), ~20,000 CoverageFact rows, 457,718 PersonStatus
rows, 14 months of history and a kabupaten target; then times each page through Django's test
client (the full middleware stack, sessions, templates), beside a floor: a trivial view behind
the same middleware, measured in the same run. Prints median and p90 per page and the ratio to
the floor. Not a test: nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("floor (trivial view)", "analis", "/__floor__/"),
    ("dashboard (kabupaten)", "analis", "/"),
    ("map, kapanewon", "analis", "/peta/"),
    ("map, kalurahan", "analis", "/peta/?level=kalurahan"),
    ("dashboard (kalurahan operator)", "kalurahan", "/"),
    ("drill-down kabupaten", "analis", "/wilayah/34.02/"),
    ("drill-down kalurahan", "analis", "/wilayah/34.02.01.2001/"),
    ("worker list (page 1, audited)", "kalurahan", "/wilayah/34.02.01.2001/pekerja/"),
    ("API coverage by kalurahan", "analis", "/api/coverage/?by=kalurahan"),
]


def floor_view(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


def _urlconf():
    from django.urls import include, path

    module = type(sys)("bench_web_urls")
    module.urlpatterns = [path("__floor__/", floor_view), path("", include("config.urls"))]
    sys.modules["bench_web_urls"] = module
    return "bench_web_urls"


def setup(persons: int) -> float:
    from cakupan.home import ensure_ready

    ensure_ready()
    from tests.web.factories import users_make
    from tests.web.factories_bantul import bantul_run_make

    t0 = time.perf_counter()
    bantul_run_make(persons=persons)
    users_make()
    try:
        from cakupan.targets.services import target_set

        target_set(area_code="34.02", value_pct=40, due=date(2023, 12, 31), baseline_as_of=date(2023, 2, 27))
    except ImportError:
        pass
    return time.perf_counter() - t0


def measure(repeat: int) -> list[tuple[str, float, float, int]]:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings

    out = []
    with override_settings(ROOT_URLCONF=_urlconf(), ALLOWED_HOSTS=["testserver"]):
        users = {u.username: u for u in get_user_model().objects.all()}
        for label, who, url in PAGES:
            client = Client()
            client.force_login(users[who])
            for _ in range(2):  # warm caches (GeoJSON projection, templates)
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - t)
            times.sort()
            out.append((label, statistics.median(times), times[int(0.9 * (len(times) - 1))], len(response.content)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=457_718)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the temporary CAKUPAN_HOME")
    args = parser.parse_args(sys.argv[1:] if __name__ == "__main__" else [])
    home = tempfile.mkdtemp(prefix="cakupan-bench-web-")
    os.environ["CAKUPAN_HOME"] = home
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ.pop("DATABASE_URL", None)
    built = setup(args.persons)
    from cakupan.coverage.models import CoverageFact, PersonStatus

    print(f"published run: {CoverageFact.objects.count():,} facts, {PersonStatus.objects.count():,} persons "
          f"(built in {built:.1f} s, SQLite at {home})")
    rows = measure(args.repeat)
    floor = rows[0][1]
    print(f"{'page':34} {'median ms':>10} {'p90 ms':>8} {'x floor':>8} {'KiB':>7}")
    for label, med, p90, size in rows:
        print(f"{label:34} {med * 1000:10.1f} {p90 * 1000:8.1f} {med / floor:8.1f} {size / 1024:7.0f}")
    slow = [label for label, med, _, _ in rows[1:4] if med >= 0.300]
    print("target (< 300 ms median, dashboard and map): " + ("met" if not slow else "NOT met: " + ", ".join(slow)))
    if not args.keep:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
