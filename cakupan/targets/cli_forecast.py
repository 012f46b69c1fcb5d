"""`cakupan forecast …`: thin wrappers over cakupan.targets.forecasting."""
from __future__ import annotations

from typing import Optional

import typer
from rich.console import Console
from rich.progress import track
from rich.table import Table

from cakupan.core.cli import parse_date

forecast_app = typer.Typer(
    help="Ramalan peserta aktif dan back-test.\n\nExample: cakupan forecast show --area 34.02 --to 2023-12-31",
    no_args_is_help=True,
)


def _region(area: str) -> str:
    """The given area, else the kabupaten of the newest published run (no region assumed)."""
    if area.strip():
        return area.strip()
    from cakupan.accounts.scope import Scope
    from cakupan.coverage.selectors import coverage_by, run_latest
    from cakupan.errors import UserError

    run = run_latest()
    codes = [r.key for r in coverage_by(run=run, by="kabupaten", scope=Scope(role="admin"), exact=True)] if run else []
    if len(codes) != 1:
        raise UserError("Beri --area KODE: " + (f"hasil cakupan terbaru memuat {len(codes)} kabupaten/kota."
                        if codes else "belum ada hasil cakupan (jalankan cakupan link)."), code="forecast.no_area")
    return codes[0]


@forecast_app.command("show")
def forecast_show(
    area: str = typer.Option("", "--area", help="Kode wilayah (bawaan: kabupaten hasil cakupan terbaru)"),
    to: Optional[str] = typer.Option(None, "--to", help="Akhir ramalan (default: tanggal target)"),
    origin: Optional[str] = typer.Option(None, "--origin", help="Asal ramalan (default: hasil terbaru)"),
    horizon: int = typer.Option(3, "--horizon", help="Horizon back-test (bulan)"),
    level: Optional[str] = typer.Option(None, "--level", help="kapanewon | kalurahan (juga kecamatan | desa): satu baris per wilayah"),
) -> None:
    """Churn-aware forecast of active members with an 80 % band and its back-test error.

    Example: cakupan forecast show --area 34.02 --to 2023-12-31 --origin 2023-02-27
    Example: cakupan forecast show --area 34.02 --level kalurahan
    """
    area = _region(area)
    if level:
        return _per_area(area, level, parse_date(to, option="--to"), parse_date(origin, option="--origin"), horizon)
    from cakupan.core.formatting import angka, bulan, persen, tanggal

    from .forecasting import forecast_area

    f = forecast_area(area_code=area, to=parse_date(to, option="--to"), origin=parse_date(origin, option="--origin"), horizon=horizon)
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
    area: str = typer.Option("", "--area", help="Kode wilayah (bawaan: kabupaten hasil cakupan terbaru)"),
    horizon: int = typer.Option(3, "--horizon", help="Bulan ke depan yang dinilai"),
    until: Optional[str] = typer.Option(None, "--until", help="Hanya bulan s.d. tanggal ini"),
) -> None:
    """Back-test: a forecast from every month, fitted on its past only, scored HORIZON months later.

    Example: cakupan forecast backtest --area 34.02 --horizon 3
    """
    from cakupan.core.formatting import angka, bulan, persen

    from .forecasting import backtest_area

    area = _region(area)
    months, bt = backtest_area(area_code=area, horizon=horizon, until=parse_date(until, option="--until"))
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


def _per_area(area: str, level: str, to, origin, horizon: int) -> None:
    from cakupan.core.formatting import angka, persen, tanggal
    from cakupan.errors import UserError
    from cakupan.wilayah.models import Area

    from .forecasting import forecast_area

    from cakupan.core.terms import kind_term, level_alias

    word, level = level, level_alias(level)  # --level kecamatan / desa outside DIY
    if level not in ("kapanewon", "kalurahan"):
        raise UserError(f"--level {word}: harus kapanewon/kecamatan atau kalurahan/desa.", code="cli.level")
    areas = list(Area.objects.filter(code__startswith=area + ".", kind=level).order_by("code"))
    if not areas:
        raise UserError(f"Tidak ada {kind_term(level, area)} di bawah {area}.", code="cli.level")
    if to is None:  # the end of the area's own target, for every row alike
        from .figures import default_origin
        from .selectors import target_current

        parent = target_current(area, origin or default_origin())
        to = parent.due if parent else None
    rows = [(a, forecast_area(area_code=a.code, to=to, origin=origin, horizon=horizon))
            for a in track(areas, description="Meramal…", transient=True)]
    f0 = rows[0][1]
    table = Table(title=f"Ramalan per {level} dari {tanggal(f0.origin)} s.d. {tanggal(f0.months[-1])}")
    for col in ("Wilayah", "Nama", "Aktif kini", "Ramalan", "Rentang 80 %", "Target", "Perlu/bulan",
                "Laju masuk/bulan", "MAPE back-test"):
        table.add_column(col, justify="left" if col in ("Wilayah", "Nama") else "right")
    for a, f in rows:
        point, low, high = f.at_due
        table.add_row(a.code, a.name, angka(f.history[-1][1]), angka(point), f"{angka(low)} – {angka(high)}",
                      angka(f.target_count), angka(f.needed_per_month), angka(f.enrol_per_month),
                      persen(f.backtest.mape))
    Console(width=170).print(table)
