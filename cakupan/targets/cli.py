"""`cakupan target …` (and `cakupan forecast …` from cli_forecast): thin wrappers over services and selectors."""
from __future__ import annotations

from datetime import date
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from cakupan.core.cli import parse_date
from cakupan.errors import UserError

from .cli_forecast import forecast_app  # noqa: F401  (mounted as `cakupan forecast`)

target_app = typer.Typer(
    help="Target cakupan: tetapkan, alokasikan ke kapanewon/kecamatan dan kalurahan/desa, pantau.\n\n"
    "Example: cakupan target set --area 34.02 --pct 40 --due 2023-12-31",
    no_args_is_help=True,
)

STATUS_STYLE = {"hijau": "green", "kuning": "yellow", "merah": "red"}


def _origin(value: str | None) -> date:
    from .figures import default_origin

    d = parse_date(value, option="--as-of") or default_origin()
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
    from cakupan.core.formatting import angka, persen, tanggal

    from .services import target_set

    t = target_set(area_code=area, value_pct=pct, value_count=count, due=parse_date(due, option="--due"),
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
    """Allocate a target to every kapanewon/kecamatan and kalurahan/desa below it (children sum exactly).

    Example: cakupan target allocate 1 --rule proportional_uncovered --override 34.02.01=9000
    """
    from .services import target_allocate

    created = target_allocate(target_id=target_id, rule=rule, overrides=_overrides(override))
    from cakupan.core.terms import kind_term

    levels: dict[str, int] = {}
    for t in created:
        levels[t.level] = levels.get(t.level, 0) + 1
    region = created[0].area_id if created else None  # the region's own words (kecamatan/desa outside DIY)
    Console().print(f"Target {target_id} dialokasikan ({rule}): "
                    + ", ".join(f"{n} {kind_term(k, region)}" for k, n in levels.items()))


def _level(level: str | None) -> str | None:
    """The stored kind a --level word means (core.terms.level_alias): kecamatan -> kapanewon, desa ->
    kalurahan; refused with one line when it is neither."""
    from cakupan.core.terms import level_alias

    if not level:
        return None
    kind = level_alias(level)
    if kind not in ("kapanewon", "kalurahan"):
        raise UserError(f"--level {level}: harus kapanewon/kecamatan atau kalurahan/desa.", code="cli.level")
    return kind


@target_app.command("show")
def show(
    area: Optional[str] = typer.Option(None, "--area", help="Kode wilayah (default: target kabupaten terbaru)"),
    level: Optional[str] = typer.Option(None, "--level", help="kapanewon | kalurahan (juga kecamatan | desa)"),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Tanggal (default: hasil terbaru)"),
) -> None:
    """Targets with expected-to-date, actual, gap, needed per month and status.

    Example: cakupan target show --area 34.02 --level kapanewon
    """
    from cakupan.accounts.scope import Scope
    from cakupan.core.formatting import angka, persen, tanggal

    from .models import Target
    from .selectors import target_current, target_table

    level = _level(level)
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
