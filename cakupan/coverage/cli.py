"""`cakupan coverage`: coverage figures from the published marts (the same selectors as the web)."""
from __future__ import annotations

import csv
import io
import json
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from cakupan.errors import UserError

BY_CHOICES = ("kabupaten", "kapanewon", "kalurahan", "padukuhan", "ecosystem", "segment", "sex", "age", "month")
MONTH_HEADERS = {"as_of": "Tanggal", "workforce": "Angkatan kerja", "active": "Aktif", "new": "Baru",
                 "reactivated": "Aktif lagi", "lapsed": "Berhenti", "left": "Keluar", "moved_in": "Pindah masuk",
                 "moved_out": "Pindah keluar", "pct": "Cakupan"}
HEADERS = {"key": "Kode", "name": "Nama", "workforce": "Angkatan kerja", "active": "Aktif",
           "nonactive": "Tidak aktif", "pct": "Cakupan",
           "provisional": "Aktif sementara"}  # of Aktif: not yet in a BPJS extract (last: columns keep their places)


def coverage_rows(*, as_of, by: str) -> tuple[object, list[dict]]:
    """The published run for `as_of` (or the latest) and its rows grouped `by`, with area names."""
    from cakupan.accounts.scope import Scope
    from cakupan.coverage.selectors import AREA_LEVELS, coverage_by, run_latest

    run = run_latest(as_of=as_of)
    if run is None:
        if as_of is None:
            raise UserError("Belum ada hasil cakupan. Jalankan dulu: cakupan link", code="coverage.no_run")
        raise UserError(f"Tidak ada hasil cakupan per {as_of.isoformat()}. Jalankan: cakupan link --as-of "
                        f"{as_of.isoformat()}", code="coverage.unknown_as_of")
    rows = coverage_by(run=run, by=by, scope=Scope(role="admin"))
    names: dict[str, str] = {}
    if by in AREA_LEVELS:
        from cakupan.wilayah.models import Area

        names = dict(Area.objects.filter(code__in=[r.key for r in rows]).values_list("code", "name"))
    out = [
        {"key": r.key, "name": names.get(r.key, ""), "workforce": r.workforce, "active": r.active,
         "nonactive": r.nonactive, "pct": r.pct, "provisional": r.provisional}
        for r in rows
    ]
    return run, out


def coverage(
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Tanggal acuan YYYY-MM-DD (bawaan: hasil terbaru)"),
    by: str = typer.Option("kabupaten", "--by", help="kabupaten|kapanewon|kalurahan|padukuhan|ecosystem|segment|sex|age; "
                           "kecamatan, desa, kelurahan, dusun sama artinya"),
    fmt: str = typer.Option("table", "--format", help="table (bawaan), csv atau json"),
    area: Optional[str] = typer.Option(None, "--area", help="kode wilayah (untuk --by month), mis. 34.02.01"),
) -> None:
    """Angka cakupan per wilayah atau dimensi, dari hasil `cakupan link` yang sudah diterbitkan.
    `--by month`: stok dan arus per proses (baru, aktif lagi, berhenti, keluar, pindah).

    Example: cakupan coverage --as-of 2023-02-27 --by kapanewon --format table
    Example: cakupan coverage --by kecamatan   (di luar DIY; sama dengan --by kapanewon)
    Example: cakupan coverage --by month --area 34.02.01 --format json
    """
    from cakupan.core.cli import parse_date
    from cakupan.core.terms import level_alias

    by = level_alias(by)
    if by not in BY_CHOICES:
        raise UserError(f"--by tidak dikenal: {by} (pilih {', '.join(BY_CHOICES)})", code="cli.by")
    if fmt not in ("table", "csv", "json"):
        raise UserError(f"--format tidak dikenal: {fmt} (pilih table, csv, json)", code="cli.format")
    if by == "month":
        _months(area, fmt)
        return
    when = parse_date(as_of)
    run, rows = coverage_rows(as_of=when, by=by)
    if fmt == "json":
        typer.echo(json.dumps({"as_of": run.as_of.isoformat(), "run": run.pk, "by": by, "rows": rows}, indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(HEADERS), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        _table(run, rows, by)


def _table(run, rows: list[dict], by: str) -> None:
    from cakupan.core.formatting import angka, persen, tanggal

    from cakupan.core.terms import kind_term

    word = kind_term(by, rows[0]["key"] if rows and by in ("kapanewon", "kalurahan", "padukuhan") else None,
                     on=run.as_of)
    table = Table(title=f"Cakupan per {word}, per {tanggal(run.as_of)} (run #{run.pk})")
    for col, label in HEADERS.items():
        if col == "name" and not any(r["name"] for r in rows):
            continue
        table.add_column(label, justify="right" if col in ("workforce", "active", "nonactive", "pct", "provisional") else "left")
    show_name = any(r["name"] for r in rows)
    for r in rows:
        cells = [r["key"]] + ([r["name"]] if show_name else [])
        cells += [angka(r["workforce"]), angka(r["active"]), angka(r["nonactive"]), persen(r["pct"]), angka(r["provisional"])]
        table.add_row(*cells)
    if len(rows) > 1:
        w, a, n, p = (sum(r[k] for r in rows) for k in ("workforce", "active", "nonactive", "provisional"))
        cells = ["Jumlah"] + ([""] if show_name else []) + [angka(w), angka(a), angka(n), persen(100.0 * a / w if w else 0),
                                                            angka(p)]
        table.add_row(*cells, style="bold")
    Console().print(table)


def _months(area: str | None, fmt: str) -> None:
    from cakupan.accounts.scope import Scope
    from cakupan.core.formatting import angka, persen, tanggal
    from cakupan.coverage.selectors import flows_by_month

    rows = flows_by_month(scope=Scope(role="admin"), area_code=(area or "").strip() or None)
    if not rows:
        raise UserError("Belum ada arus per bulan untuk wilayah itu: terbitkan proses cakupan (cakupan link) "
                        "untuk tiap bulan, atau isi bulan-bulan sebelumnya dengan cakupan backfill FOLDER.",
                        code="coverage.no_flows")
    if fmt == "json":
        typer.echo(json.dumps({"by": "month", "area": area, "rows": [{**r, "as_of": r["as_of"].isoformat()} for r in rows]},
                              indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        table = Table(title=f"Stok dan arus per proses{' — ' + area if area else ''}")
        for col, label in MONTH_HEADERS.items():
            table.add_column(label, justify="left" if col == "as_of" else "right")
        for r in rows:
            table.add_row(tanggal(r["as_of"]), *(angka(r[c]) for c in list(MONTH_HEADERS)[1:-1]), persen(r["pct"]))
        Console().print(table)
