"""Which published run to read: the run pickers, one definition of "the latest finished run".

    run_latest()                                      newest DONE run (None before the first)
    run_latest(as_of=date(2024, 6, 30))               newest DONE run for that as-of date
    run_latest(on_or_before=date(2024, 6, 30))        newest DONE run with as_of <= that date
    run_chosen(run_id=request.GET.get("run"))         the picked DONE run, else the latest
    runs_done()                                       the 50 newest DONE runs, for a picker
    runs_done(limit=None)                             every DONE run, newest first
    runs_done(light=True)                             the same without `summary` (pages' run pickers)
    run_folder(run)                                   CAKUPAN_HOME/<run.run_dir> (None when it has none)
    run_terms()                                       the words of the newest run's province (core.terms)
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings

from ..models import CoverageRun

PICKER_SIZE = 50


def run_folder(run: CoverageRun) -> Path | None:
    """The run's folder of marts (person_status, links, review, flows … .parquet), the one place
    that joins CAKUPAN_HOME and run.run_dir; None for a run without one."""
    return Path(settings.CAKUPAN_HOME) / run.run_dir if run.run_dir else None


def _done():
    return CoverageRun.objects.filter(status=CoverageRun.Status.DONE)


def run_latest(*, as_of: date | None = None, on_or_before: date | None = None) -> CoverageRun | None:
    """The newest DONE run; or the newest DONE run for one as-of date (`as_of`); or the newest DONE
    run whose as-of date is on or before a date (`on_or_before`)."""
    qs = _done()
    if as_of is not None:
        qs = qs.filter(as_of=as_of)
    if on_or_before is not None:
        qs = qs.filter(as_of__lte=on_or_before)
    return qs.order_by("-as_of", "-id").first()


def runs_done(*, limit: int | None = PICKER_SIZE, light: bool = False) -> list[CoverageRun]:
    """The newest DONE runs (as-of date, then id, descending), at most `limit` (None: all).
    `light=True` leaves out the `summary` JSON (timings, counts): a page's run picker reads it on
    every request and never shows it (reading `summary` of such a run costs a query)."""
    qs = _done().order_by("-as_of", "-id")
    if light:
        qs = qs.defer("summary")
    return list(qs[:limit] if limit is not None else qs)


def run_chosen(*, run_id: str | int | None) -> CoverageRun | None:
    """The DONE run the user picked (?run=<id>), else the latest DONE run; an unknown, unfinished or
    malformed id falls back to the latest too."""
    if run_id:
        try:
            run = _done().filter(pk=int(run_id)).first()
        except (TypeError, ValueError):
            run = None
        if run is not None:
            return run
    return run_latest()


def run_region(run: CoverageRun | None = None) -> str | None:
    """The kabupaten/kota a run covers (default: the newest DONE run); None without a run or when
    its facts name more than one (then pages keep the stored kinds' words)."""
    from django.core.cache import cache

    from .figures import CACHE_SECONDS, run_cache_key

    run = run if run is not None else run_latest()
    if run is None:
        return None
    run_key = run_cache_key(run)  # a DONE run's facts never change: one DISTINCT per run, not per page
    key = f"cov:region:{run_key}"
    if run_key is not None and (box := cache.get(key)) is not None:
        return box[0]
    codes = list(run.facts.order_by().values_list("kabupaten_code", flat=True).distinct()[:2])
    region = codes[0] if len(codes) == 1 and codes[0] else None
    if run_key is not None:
        cache.set(key, (region,), CACHE_SECONDS)
    return region


def run_terms(run: CoverageRun | None = None) -> dict[str, str]:
    """{'kapanewon': 'kecamatan', 'kalurahan': 'desa/kelurahan', 'padukuhan': 'dusun'} for a run
    (default: the newest) outside DIY; the stored kinds themselves in DIY kabupaten or with no
    single region, so Bantul's pages read as before."""
    from cakupan.core.terms import kind_terms

    return kind_terms(run_region(run))
