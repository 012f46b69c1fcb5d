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
    per: str = typer.Option("", "--per", help="guru: sekolah (jenjang, negeri/swasta, dinas) | dinas"),
) -> None:
    """Compliance: how many on each roster are active participants (latest run).

    Example: cakupan kepatuhan
    Example: cakupan kepatuhan perangkat_desa --belum-patuh
    Example: cakupan kepatuhan guru --per dinas
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
    if per:
        if roster_kind != "guru" or per not in ("sekolah", "dinas"):
            raise UserError("--per sekolah|dinas hanya untuk daftar guru: cakupan kepatuhan guru --per dinas",
                            code="compliance.per")
        _teachers(run=run, scope=scope, per=per, fmt=fmt)
        return
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


def _teachers(*, run, scope, per: str, fmt: str) -> None:
    """Teachers per school (level, status, office) or per responsible office."""
    from cakupan.core.formatting import angka, persen

    from .selectors_teachers import teacher_offices, teacher_schools

    if per == "dinas":
        offices = teacher_offices(run=run, scope=scope)
        if fmt == "json":
            typer.echo(json.dumps([{"office": o.office, "name": o.name, "schools": o.schools,
                                    "compliant_schools": o.compliant_schools, "teachers": o.row.workers,
                                    "active": o.row.active, "none": o.row.none, "pct": o.row.pct} for o in offices]))
            return
        table = Table("dinas", "sekolah", "sekolah patuh", "guru", "aktif", "belum terdaftar", "cakupan",
                      title=f"Guru honorer per dinas, {run.as_of:%d-%m-%Y}")
        for o in offices:
            table.add_row(o.name, angka(o.schools), angka(o.compliant_schools), angka(o.row.workers),
                          angka(o.row.active), angka(o.row.none), persen(o.row.pct))
        Console().print(table)
        return
    schools = teacher_schools(run=run, scope=scope)
    if fmt == "json":
        typer.echo(json.dumps([{"school": s.name, "level": s.school.level, "status": s.school.status,
                                "office": s.school.office, "teachers": s.row.workers, "active": s.row.active,
                                "pct": s.row.pct} for s in schools]))
        return
    table = Table("sekolah", "jenjang", "status", "dinas", "guru", "aktif", "cakupan",
                  title=f"Guru honorer per sekolah, {run.as_of:%d-%m-%Y}")
    for s in schools:
        table.add_row(s.name, s.school.level or "-", s.school.status or "-", s.school.office_name,
                      angka(s.row.workers), angka(s.row.active), persen(s.row.pct))
    Console().print(table)
