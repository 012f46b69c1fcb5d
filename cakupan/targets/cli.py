"""`cakupan target …` and `cakupan forecast …`: thin wrappers over services, selectors and forecasting."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from cakupan.errors import UserError

target_app = typer.Typer(
    help="Target cakupan: tetapkan, alokasikan ke kapanewon/kalurahan, pantau.\n\n"
    "Example: cakupan target set --area 34.02 --pct 40 --due 2023-12-31",
    no_args_is_help=True,
)
forecast_app = typer.Typer(
    help="Ramalan peserta aktif dan back-test.\n\nExample: cakupan forecast show --area 34.02 --to 2023-12-31",
    no_args_is_help=True,
)
STATUS_STYLE = {"hijau": "green", "kuning": "yellow", "merah": "red"}


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise UserError(f"{name} harus berformat yyyy-mm-dd, bukan {value!r}.", code="cli.date") from None


def _ready():
    from cakupan.home import ensure_ready

    ensure_ready()


def _origin(value: str | None) -> date:
    from .figures import default_origin

    d = _date(value, "--as-of") or default_origin()
    if d is None:
        raise UserError("Belum ada hasil cakupan yang diterbitkan.", code="target.no_run")
    return d


@target_app.command("set")
def set_(
    area: str = typer.Option(..., "--area", help="Kode wilayah, mis. 34.02"),
    pct: Optional[float] = typer.Option(None, "--pct", help="Target persen cakupan"),
    count: Optional[int] = typer.Option(None, "--count", help="Target jumlah peserta aktif"),
    due: str = typer.Option(..., "--due", help="Tanggal target (yyyy-mm-dd)"),
    baseline: Optional[str] = typer.Option(None, "--baseline", help="Tanggal dasar (default: hasil terbaru)"),
    ecosystem: str = typer.Option("", "--ecosystem"),
    segment: str = typer.Option("", "--segment", help="PU, BPU, JAKON atau PMI (hanya --count)"),
) -> None:
    """Set a target for an area.

    Example: cakupan target set --area 34.02 --pct 40 --due 2023-12-31 --baseline 2023-02-27
    """
    _ready()
    from .fmt import angka, persen, tanggal
    from .services import target_set

    t = target_set(area_code=area, value_pct=pct, value_count=count, due=_date(due, "--due"),
                   baseline_as_of=_origin(baseline), ecosystem=ecosystem, segment=segment.upper())
    Console().print(
        f"Target {t.id}: {t.area_id} {persen(100 * t.target_count / t.baseline_workforce) if t.baseline_workforce else ''} "
        f"= {angka(t.target_count)} peserta aktif s.d. {tanggal(t.due)} "
        f"(dasar {angka(t.baseline_active)} per {tanggal(t.baseline_as_of)}, perlu +{angka(t.target_count - t.baseline_active)})"
    )


def _overrides(values: list[str]) -> dict[str, int]:
    out = {}
    for v in values:
        code, _, num = v.partition("=")
        if not num.strip().isdigit():
            raise UserError(f"--override harus berbentuk KODE=JUMLAH, bukan {v!r}.", code="cli.override")
        out[code.strip()] = int(num)
    return out


@target_app.command("allocate")
def allocate(
    target_id: int = typer.Argument(..., help="Nomor target (lihat `cakupan target show`)"),
    rule: str = typer.Option("equal_rate", "--rule", help="equal_rate | proportional_uncovered"),
    override: list[str] = typer.Option([], "--override", help="KODE=JUMLAH, boleh berulang"),
) -> None:
    """Allocate a target to every kapanewon and kalurahan below it (children sum exactly).

    Example: cakupan target allocate 1 --rule proportional_uncovered --override 34.02.01=9000
    """
    _ready()
    from .services import target_allocate

    created = target_allocate(target_id=target_id, rule=rule, overrides=_overrides(override))
    levels: dict[str, int] = {}
    for t in created:
        levels[t.level] = levels.get(t.level, 0) + 1
    Console().print(f"Target {target_id} dialokasikan ({rule}): " + ", ".join(f"{n} {k}" for k, n in levels.items()))


@target_app.command("show")
def show(
    area: Optional[str] = typer.Option(None, "--area", help="Kode wilayah (default: target kabupaten terbaru)"),
    level: Optional[str] = typer.Option(None, "--level", help="kapanewon | kalurahan"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Tanggal (default: hasil terbaru)"),
) -> None:
    """Targets with expected-to-date, actual, gap, needed per month and status.

    Example: cakupan target show --area 34.02 --level kapanewon
    """
    _ready()
    from cakupan.accounts.scope import Scope

    from .fmt import angka, persen, tanggal
    from .models import Target
    from .selectors import target_current, target_table

    when = _origin(as_of)
    if area:
        target = target_current(area, when)
    else:
        target = Target.objects.filter(parent__isnull=True).order_by("-created_at", "-id").first()
    if target is None:
        raise UserError(f"Belum ada target{' untuk ' + area if area else ''}: `cakupan target set` dulu.",
                        code="target.none")
    rows = target_table(target=target, as_of=when, scope=Scope(role="admin"), level=level)
    table = Table(title=f"Target {target.id} per {tanggal(when)} (s.d. {tanggal(target.due)})")
    for col in ("Wilayah", "Nama", "Target", "Target %", "Harapan s.d. kini", "Aktual", "Selisih", "Perlu/bulan", "Status"):
        table.add_column(col, justify="left" if col in ("Wilayah", "Nama", "Status") else "right")
    for t, s in rows:
        table.add_row(t.area_id, t.area.name, angka(s.target_count), persen(s.target_pct), angka(s.expected_to_date),
                      angka(s.actual), angka(s.gap), angka(s.needed_per_month),
                      f"[{STATUS_STYLE[s.status]}]{s.status}[/]")
    Console(width=160).print(table)


@forecast_app.command("show")
def forecast_show(
    area: str = typer.Option("34.02", "--area", help="Kode wilayah"),
    to: Optional[str] = typer.Option(None, "--to", help="Akhir ramalan (default: tanggal target)"),
    origin: Optional[str] = typer.Option(None, "--origin", help="Asal ramalan (default: hasil terbaru)"),
    horizon: int = typer.Option(3, "--horizon", help="Horizon back-test (bulan)"),
) -> None:
    """Churn-aware forecast of active members with an 80 % band and its back-test error.

    Example: cakupan forecast show --area 34.02 --to 2023-12-31 --origin 2023-02-27
    """
    _ready()
    from .fmt import angka, bulan, persen, tanggal
    from .forecasting import forecast_area

    f = forecast_area(area_code=area, to=_date(to, "--to"), origin=_date(origin, "--origin"), horizon=horizon)
    c = Console(width=160)
    c.print(f"Ramalan {area} dari {tanggal(f.origin)} (data s.d. {bulan(f.last_month)}): "
            f"masuk ±{angka(f.enrol_per_month)}/bulan, keluar ±{angka(f.lapses_per_month)}/bulan "
            f"(laju dari {f.window} bulan terakhir{'; rentang dikalibrasi dengan galat masa lalu' if f.calibrated else ''})")
    table = Table()
    for col in ("Bulan", "Ramalan", f"Rentang {int(f.level * 100)} %"):
        table.add_column(col, justify="right")
    for m, p, lo, hi in zip(f.months, f.point, f.low, f.high):
        table.add_row(bulan(m), angka(p), f"{angka(lo)} – {angka(hi)}")
    c.print(table)
    if f.target_count is not None:
        verdict = "tercapai" if f.point[-1] >= f.target_count else "tidak tercapai"
        c.print(f"Target {angka(f.target_count)} s.d. {tanggal(f.due)}: pada laju kini {verdict}; "
                f"perlu {angka(f.needed_per_month)} peserta baru/bulan (setelah memperhitungkan yang keluar)")
    bt = f.backtest
    if bt.rows:
        c.print(f"Back-test {bt.horizon} bulan ({len(bt.rows)} asal, hanya data s.d. asal): MAE {angka(bt.mae)}, "
                f"MAPE {persen(bt.mape)}, cakupan rentang {persen(bt.coverage_pct, 0)}")
    else:
        c.print("Back-test: riwayat sebelum asal ramalan belum cukup.")


@forecast_app.command("backtest")
def forecast_backtest(
    area: str = typer.Option("34.02", "--area", help="Kode wilayah"),
    horizon: int = typer.Option(3, "--horizon", help="Bulan ke depan yang dinilai"),
    until: Optional[str] = typer.Option(None, "--until", help="Hanya bulan s.d. tanggal ini"),
) -> None:
    """Back-test: a forecast from every month, fitted on its past only, scored HORIZON months later.

    Example: cakupan forecast backtest --area 34.02 --horizon 3
    """
    _ready()
    from .fmt import angka, bulan, persen
    from .forecasting import backtest_area

    months, bt = backtest_area(area_code=area, horizon=horizon, until=_date(until, "--until"))
    table = Table(title=f"Back-test {area}, horizon {horizon} bulan")
    for col in ("Asal", "Dinilai", "Ramalan", "Rentang", "Aktual", "Galat"):
        table.add_column(col, justify="right")
    for r in bt.rows:
        table.add_row(bulan(months[r.origin]), bulan(months[r.scored]), angka(r.predicted),
                      f"{angka(r.low)} – {angka(r.high)}", angka(r.actual), angka(r.predicted - r.actual))
    c = Console(width=160)
    c.print(table)
    if bt.rows:
        c.print(f"MAE {angka(bt.mae)} · MAPE {persen(bt.mape)} · bias {angka(bt.bias)} · "
                f"aktual di dalam rentang: {persen(bt.coverage_pct, 0)}")
    else:
        c.print("Riwayat belum cukup untuk back-test.")
