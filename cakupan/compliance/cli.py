"""`cakupan kepatuhan`: roster rows checked against membership (thin over the selectors)."""
from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from cakupan.errors import UserError


def compliance(
    roster_kind: str = typer.Argument("", help="opd | padat_karya | perangkat_desa | pasar | umkm | guru; kosong = ringkasan"),
    fmt: str = typer.Option("table", "--format", help="table | json"),
    only_failing: bool = typer.Option(False, "--belum-patuh", help="hanya kelompok yang belum patuh"),
) -> None:
    """Compliance: how many on each roster are active participants (latest run).

    Example: cakupan kepatuhan
    Example: cakupan kepatuhan perangkat_desa --belum-patuh
    """
    from cakupan.accounts.scope import Scope
    from cakupan.core.formatting import angka, persen
    from cakupan.coverage.selectors import run_latest

    from . import selectors as sel

    run = run_latest()
    if run is None:
        raise UserError("Belum ada hasil proses cakupan. Jalankan dulu: cakupan link", code="compliance.no_run")
    scope = Scope(role="admin")
    if roster_kind and roster_kind not in sel.KINDS:
        raise UserError(f"Jenis daftar tidak dikenal: {roster_kind} ({', '.join(sel.KINDS)})", code="compliance.kind")
    if roster_kind:
        rows = sel.compliance_groups(run=run, scope=scope, roster_kind=roster_kind)
    else:
        rows = sel.compliance_overview(run=run, scope=scope)
    if only_failing:
        rows = [r for r in rows if not r.compliant]
    if fmt == "json":
        typer.echo(json.dumps([{"key": r.key, "workers": r.workers, "active": r.active, "nonactive": r.nonactive,
                                "none": r.none, "pct": r.pct, "compliant": r.compliant} for r in rows]))
        return
    table = Table("kelompok" if roster_kind else "daftar", "orang", "aktif", "tidak aktif", "belum terdaftar",
                  "cakupan", "patuh", title=f"Kepatuhan per {run.as_of:%d-%m-%Y}")
    for r in rows:
        table.add_row(r.key, angka(r.workers), angka(r.active), angka(r.nonactive), angka(r.none), persen(r.pct),
                      "ya" if r.compliant else "belum")
    Console().print(table)
