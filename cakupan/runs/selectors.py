"""Reads of the run history: every published (DONE) and failed (FAILED) run, who started it, what it
read, which linkage model it used, its kabupaten figure and how that moved against the run before.

    rows = run_history(limit=50)       # newest first (as-of date, then id, as the run picker)
    rows[0].by, rows[0].workforce, rows[0].delta_pct_points
    detail = run_detail(run_id=7)      # the same and the quality report; None for no such run

Everything here comes from the run record (coverage's CoverageRun: its summary JSON, written by
cakupan.runs.services from cakupan.pipeline.RunResult.as_dict) and the two snapshots it points to;
no personal data. "The previous run" of a DONE run is the DONE run just before it in the order the
dashboard uses (coverage.selectors.run_latest: as-of date, then id), so a re-run of the same date is
compared with the run it replaces and a back-filled older date with the date before it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q

from cakupan.core.labels import link_method_name
from cakupan.core.vocab import LINK_METHODS
from cakupan.coverage.models import CoverageRun

HISTORY_SIZE = 50
SHOWN = (CoverageRun.Status.DONE, CoverageRun.Status.FAILED)
BY_CLI = "CLI"  # a run without summary["by"]: started from the command line (or the demo)


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    file_name: str
    as_of: date
    rows_loaded: int


@dataclass(frozen=True)
class ModelInfo:
    """The linkage model of a run: summary["link"] (what the linker did) and summary["link_settings"]
    (cakupan.pipeline.linkage.LinkSettings.recorded())."""
    path: str  # the model file ('' when not recorded)
    state: str  # 'trained' | 'loaded' | 'none' ('' when not recorded)
    retrain: bool  # retraining was asked for (--retrain)
    accept_threshold: float | None
    review_threshold: float | None
    review_candidate_min: float | None
    null_odds: float | None

    @property
    def trained(self) -> bool:
        return self.state == "trained"


@dataclass(frozen=True)
class RunRow:
    id: int
    status: str  # DONE | FAILED
    as_of: date
    engine: str
    by: str  # summary["by"] (username) or "CLI"
    started_at: datetime  # estimated start: the record's creation minus the time spent before it
    recorded_at: datetime  # when the run record was created (publishing began)
    finished_at: datetime | None
    duration_seconds: float | None  # started_at -> finished_at
    population: SnapshotInfo | None
    members: SnapshotInfo | None
    model: ModelInfo
    workforce: int | None  # summary["totals"]: the kabupaten figure of the run
    active: int | None
    pct: float | None
    previous_id: int | None  # the previous DONE run (None for the first, and for a FAILED run)
    delta_workforce: int | None
    delta_active: int | None
    delta_pct_points: float | None

    @property
    def done(self) -> bool:
        return self.status == CoverageRun.Status.DONE

    @property
    def failed(self) -> bool:
        return self.status == CoverageRun.Status.FAILED


@dataclass(frozen=True)
class MethodCount:
    code: str
    label: str  # in the active language (cakupan.core.labels.link_method_name)
    members: int
    pct: float  # share of all member records


@dataclass(frozen=True)
class QualityBand:
    code: str
    label: str
    members: int
    linked: int
    correct: int
    precision_pct: float | None
    recall_pct: float | None


@dataclass(frozen=True)
class Quality:
    """summary["quality"]: linkage checked against a truth file (synthetic data); ratios as percent."""
    members: int
    members_without_truth: int
    linked: int
    correct: int
    precision_pct: float | None
    recall_pct: float | None
    missed_by_exact: int  # members exact NIK matching did not link correctly
    missed_recovered: int
    missed_precision_pct: float | None
    missed_recall_pct: float | None
    exact_matches: int
    exact_wrong_before_pct: float | None  # exact NIK matches linking the wrong person, before the check
    exact_wrong_after_pct: float | None
    exact_sent_to_check: int
    bands: tuple[QualityBand, ...]


@dataclass(frozen=True)
class RunDetail(RunRow):
    methods: tuple[MethodCount, ...]
    members_total: int  # member records over every link method
    review_queue: int  # summary["counts"]["review_queue"]: candidates sent to clerical review
    nonactive: int | None
    population_total: int | None  # persons in the population snapshot (before the workforce filter)
    member_records: int | None  # summary["totals"]["members"]: rows of the member snapshot staged
    quality: Quality | None  # None when the run had no truth file
    pipeline_timings: tuple[tuple[str, float], ...]  # summary["timings"]: the pipeline's steps
    service_timings: tuple[tuple[str, float], ...]  # summary["service_timings"]: inputs, pipeline, export
    link_timings: tuple[tuple[str, float], ...]  # summary["link"]["timings"]: the linker's phases
    published: dict[str, int]  # summary["published"]: facts, persons, review (DONE runs only)
    run_dir: str
    warnings: tuple[str, ...] = ()  # summary["warnings"] (runs.checks): what the figures may miss


def run_history(*, limit: int = HISTORY_SIZE) -> list[RunRow]:
    """DONE and FAILED runs, newest first (as-of date, then id), at most `limit`, each with its change
    against the previous DONE run."""
    runs = list(_shown().order_by("-as_of", "-id")[:limit])
    # The previous DONE run of each DONE run: the next DONE one down the list, or, below the last
    # DONE one listed, the newest DONE run older than the whole list (one query).
    older = _done_before(runs[-1]) if runs else None
    rows: list[RunRow] = []
    for run in reversed(runs):
        rows.append(_row(run, previous=older if run.status == CoverageRun.Status.DONE else None))
        if run.status == CoverageRun.Status.DONE:
            older = run
    rows.reverse()
    return rows


def run_detail(*, run_id: int) -> RunDetail | None:
    """One DONE or FAILED run with its quality report; None when there is no such run (or it is
    still STARTED)."""
    run = _shown().filter(pk=run_id).first()
    if run is None:
        return None
    previous = _done_before(run) if run.status == CoverageRun.Status.DONE else None
    row = _row(run, previous=previous)
    s = run.summary or {}
    counts = s.get("counts") or {}
    total = sum(int(counts.get(m, 0) or 0) for m in LINK_METHODS.codes)
    methods = tuple(
        MethodCount(code=m, label=link_method_name(m), members=int(counts.get(m, 0) or 0),
                    pct=round(100.0 * int(counts.get(m, 0) or 0) / total, 2) if total else 0.0)
        for m in LINK_METHODS.codes
    )
    totals = s.get("totals") or {}
    link = s.get("link") or {}
    return RunDetail(
        **row.__dict__,
        methods=methods,
        members_total=total,
        review_queue=int(counts.get("review_queue", 0) or 0),
        nonactive=_int(totals.get("nonactive")),
        population_total=_int(totals.get("population")),
        member_records=_int(totals.get("members")),
        quality=_quality(s.get("quality")),
        pipeline_timings=_timings(s.get("timings")),
        service_timings=_timings(s.get("service_timings"), skip=("enrolments_confirmed",)),
        link_timings=_timings(link.get("timings")),
        published={k: int(v) for k, v in (s.get("published") or {}).items() if isinstance(v, (int, float))},
        run_dir=run.run_dir,
        warnings=tuple(w.get("message", "") for w in (s.get("warnings") or []) if isinstance(w, dict)),
    )


def _shown():
    return CoverageRun.objects.filter(status__in=SHOWN).select_related("population_snapshot", "member_snapshot")


def _done_before(run: CoverageRun) -> CoverageRun | None:
    """The newest DONE run before `run` in (as-of date, id) order."""
    return (
        CoverageRun.objects.filter(status=CoverageRun.Status.DONE)
        .filter(Q(as_of__lt=run.as_of) | Q(as_of=run.as_of, pk__lt=run.pk))
        .order_by("-as_of", "-id")
        .first()
    )


def _int(value) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _float(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _figure(summary: dict) -> tuple[int | None, int | None, float | None]:
    """(workforce, active, pct) from summary["totals"] and summary["pct"]."""
    totals = summary.get("totals") or {}
    workforce, active = _int(totals.get("workforce")), _int(totals.get("active"))
    pct = _float(summary.get("pct"))
    if pct is None and workforce is not None and active is not None:
        pct = round(100.0 * active / workforce, 2) if workforce else 0.0
    return workforce, active, pct


def _snapshot(snap) -> SnapshotInfo | None:
    if snap is None:
        return None
    return SnapshotInfo(id=snap.pk, file_name=snap.file_name, as_of=snap.as_of, rows_loaded=snap.rows_loaded)


def _model(summary: dict) -> ModelInfo:
    link = summary.get("link") or {}
    cfg = summary.get("link_settings") or {}
    return ModelInfo(
        path=str(link.get("model_path") or cfg.get("model_path") or ""),
        state=str(link.get("model") or ""),
        retrain=bool(cfg.get("retrain", False)),
        accept_threshold=_float(cfg.get("accept_threshold")),
        review_threshold=_float(cfg.get("review_threshold")),
        review_candidate_min=_float(cfg.get("review_candidate_min")),
        null_odds=_float(link.get("null_odds") if link.get("null_odds") is not None else cfg.get("null_odds")),
    )


def _seconds_before_record(summary: dict) -> float:
    """Time the orchestrator spent before it created the run record: inputs, pipeline, export
    (summary["service_timings"]; run_execute adds "publish" only after the record is saved)."""
    timings = summary.get("service_timings") or {}
    return sum(float(timings.get(k) or 0) for k in ("inputs", "pipeline", "export"))


def _row(run: CoverageRun, *, previous: CoverageRun | None) -> RunRow:
    s = run.summary or {}
    workforce, active, pct = _figure(s)
    started = run.started_at - timedelta(seconds=_seconds_before_record(s))
    duration = (run.finished_at - started).total_seconds() if run.finished_at else None
    d_workforce = d_active = d_pct = None
    if previous is not None:
        p_workforce, p_active, p_pct = _figure(previous.summary or {})
        if workforce is not None and p_workforce is not None:
            d_workforce = workforce - p_workforce
        if active is not None and p_active is not None:
            d_active = active - p_active
        if pct is not None and p_pct is not None:
            d_pct = round(pct - p_pct, 2)
    return RunRow(
        id=run.pk, status=run.status, as_of=run.as_of, engine=run.engine, by=str(s.get("by") or BY_CLI),
        started_at=started, recorded_at=run.started_at, finished_at=run.finished_at,
        duration_seconds=round(duration, 3) if duration is not None else None,
        population=_snapshot(run.population_snapshot), members=_snapshot(run.member_snapshot), model=_model(s),
        workforce=workforce, active=active, pct=pct, previous_id=previous.pk if previous else None,
        delta_workforce=d_workforce, delta_active=d_active, delta_pct_points=d_pct,
    )


def _pct(ratio) -> float | None:
    r = _float(ratio)
    return round(100.0 * r, 2) if r is not None else None


def _quality(q) -> Quality | None:
    if not isinstance(q, dict) or not q:
        return None
    overall, missed, exact = q.get("overall") or {}, q.get("missed_by_exact") or {}, q.get("exact_check") or {}
    bands = q.get("bands") or {}
    order = [m for m in LINK_METHODS.codes if m in bands] + [m for m in bands if m not in LINK_METHODS]
    return Quality(
        members=_int(q.get("members")) or 0,
        members_without_truth=_int(q.get("members_without_truth")) or 0,
        linked=_int(overall.get("linked")) or 0,
        correct=_int(overall.get("correct")) or 0,
        precision_pct=_pct(overall.get("precision")),
        recall_pct=_pct(overall.get("recall")),
        missed_by_exact=_int(missed.get("members")) or 0,
        missed_recovered=_int(missed.get("recovered")) or 0,
        missed_precision_pct=_pct(missed.get("precision")),
        missed_recall_pct=_pct(missed.get("recall")),
        exact_matches=_int(exact.get("exact_matches")) or 0,
        exact_wrong_before_pct=_pct(exact.get("wrong_rate_before")),
        exact_wrong_after_pct=_pct(exact.get("wrong_rate_after")),
        exact_sent_to_check=_int(exact.get("sent_to_check")) or 0,
        bands=tuple(
            QualityBand(
                code=m, label=link_method_name(m), members=_int(bands[m].get("members")) or 0,
                linked=_int(bands[m].get("linked")) or 0, correct=_int(bands[m].get("correct")) or 0,
                precision_pct=_pct(bands[m].get("precision")), recall_pct=_pct(bands[m].get("recall")),
            )
            for m in order
        ),
    )


def _timings(timings, *, skip: tuple[str, ...] = ()) -> tuple[tuple[str, float], ...]:
    """A {name: seconds} dict as (name, seconds) pairs in recorded order (non-numbers and `skip` left out)."""
    if not isinstance(timings, dict):
        return ()
    return tuple(
        (str(k), float(v)) for k, v in timings.items()
        if k not in skip and isinstance(v, (int, float)) and not isinstance(v, bool)
    )
