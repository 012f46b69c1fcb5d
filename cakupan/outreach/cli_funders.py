"""`cakupan funder list|add|report`: funders (APBD, APBDes per kalurahan/desa, CSR) with their budgets,
periods and the people they paid for."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from cakupan.core.cli import num, parse_date, rp
from cakupan.errors import UserError

from .cli_common import actor

funder_app = typer.Typer(
    help="Penyandang dana iuran (APBD, APBDes per kalurahan/desa, CSR): anggaran, masa, orang yang dibiayai.\n\n"
    "Example: cakupan funder add --kind APBDES --name 'APBDes Poncosari 2023' --kalurahan 34.02.01.2001 "
    "--budget 12000000 --from 2023-01-01 --to 2023-12-31",
    no_args_is_help=True,
)
console = Console()


@funder_app.command("list")
def funder_list(user: Optional[str] = typer.Option(None, "--user", help="Bertindak sebagai pengguna ini")) -> None:
    """Funders you may see, with budget, spent, left and period.

    Example: cakupan funder list
    """
    from .selectors_funders import funders_visible
    from .services.funders import funder_spent

    _, scope = actor(user)
    funders = list(funders_visible(scope=scope))
    for f in funders:  # one line each: readable in a narrow terminal and by scripts
        spent = funder_spent(funder=f)
        console.print(f"#{f.pk} {f.name} ({f.get_kind_display()}, {f.kalurahan_code or f.company or 'kabupaten'}), "
                      f"{f.period_from:%d-%m-%Y} s.d. {f.period_to:%d-%m-%Y}: anggaran {rp(f.budget)}, terpakai {rp(spent)}, "
                      f"sisa {rp(f.budget - spent)}", markup=False, soft_wrap=True)
    if not funders:
        console.print("Belum ada penyandang dana; tambah dengan `cakupan funder add`.", markup=False)


@funder_app.command("add")
def funder_add(
    kind: str = typer.Option(..., "--kind", help="APBD | APBDES | CSR"),
    name: str = typer.Option(..., "--name", help="Nama unik, mis. 'APBD Bantul 2023'"),
    budget: str = typer.Option(..., "--budget", help="Anggaran rupiah untuk seluruh masa, mis. 45.000.000"),
    start: str = typer.Option(..., "--from", help="Awal masa anggaran (yyyy-mm-dd)"),
    end: str = typer.Option(..., "--to", help="Akhir masa anggaran (yyyy-mm-dd)"),
    kalurahan: str = typer.Option("", "--kalurahan", help="APBDES: kode kalurahan/desa"),
    company: str = typer.Option("", "--company", help="CSR: nama perusahaan"),
    notes: str = typer.Option("", "--notes"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Add a funder with its budget and period.

    Example: cakupan funder add --kind APBD --name 'APBD Bantul 2023' --budget 45000000 --from 2023-01-01 --to 2023-12-31
    Example: cakupan funder add --kind CSR --name 'CSR Bank Jogja' --company 'PT Bank BPD DIY' --budget 20000000 --from 2023-03-01 --to 2024-02-29
    """
    from .services.funders import funder_create

    u, scope = actor(user)
    f = funder_create(kind=kind, name=name, budget=budget, period_from=parse_date(start, option="--from"),
                      period_to=parse_date(end, option="--to"), scope=scope, kalurahan_code=kalurahan, company=company,
                      notes=notes, by=getattr(u, "username", "") or "cli")
    console.print(f"Penyandang dana #{f.pk} {f.name} ({f.get_kind_display()}): {rp(f.budget)}, "
                  f"{f.period_from:%d-%m-%Y} s.d. {f.period_to:%d-%m-%Y}.")


@funder_app.command("report")
def funder_report_cmd(
    funder: str = typer.Argument(..., help="Nomor atau nama penyandang dana"),
    out: Optional[Path] = typer.Option(None, "--out", help="Berkas keluaran (default laporan-dana-ID.pdf|xlsx)"),
    fmt: str = typer.Option("", "--format", help="pdf | xlsx (default: dari akhiran --out, atau ringkasan di layar)"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Who the funder paid for, months, amounts, how many still active, and what is left; as PDF or XLSX.

    Example: cakupan funder report 'APBD Bantul 2023'
    Example: cakupan funder report 1 --format xlsx --out laporan-apbd.xlsx
    """
    from cakupan.accounts.scope import audit_record

    from .selectors_funders import funder_access, funder_report

    u, scope = actor(user)
    f = funder_access(scope=scope, ref=funder)
    kind = (fmt or (out.suffix.lstrip(".") if out else "")).lower()
    if kind not in ("", "pdf", "xlsx"):
        raise UserError(f"Format '{kind[:10]}' tidak dikenal; pilih pdf atau xlsx.", code="funder.format")
    if kind:
        from .funder_report import funder_report_pdf, funder_report_xlsx

        content, r = (funder_report_pdf if kind == "pdf" else funder_report_xlsx)(funder=f, scope=scope)
        path = out or Path(f"laporan-dana-{f.pk}.{kind}")
        path.write_bytes(content)
        audit_record(user=u, action="export_persons", scope=scope.label, rows=len(r.rows),
                     detail={"funder": f.pk, "what": f"funder_report_{kind}", "purpose": "pelaporan"})
        console.print(f"{path}: {num(r.people)} orang, {rp(r.amount)}; masih aktif {num(r.active)}; sisa {rp(r.remaining)}.")
        return
    r = funder_report(funder=f, scope=scope)
    console.print(f"{f.name} ({f.get_kind_display()}): anggaran {rp(f.budget)}, terpakai {rp(r.spent)}, sisa {rp(r.remaining)}.")
    console.print(f"{num(r.people)} orang dibiayai, {num(r.months)} bulan, {rp(r.amount)}; masih aktif {num(r.active)}"
                  + (f" (hasil {r.run.as_of:%d-%m-%Y})." if r.run else "."))
    audit_record(user=u, action="view_persons", scope=scope.label, rows=len(r.rows), detail={"funder": f.pk})
