"""`cakupan enrol quote|register|status`, `cakupan budget plan|need`, `cakupan lapse list`."""
from __future__ import annotations

from datetime import date
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from cakupan.errors import UserError

from .cli_common import actor, parse_date, ready, rp

enrol_app = typer.Typer(
    help="Pendaftaran peserta dan hitungan iuran dari tabel tarif bertanggal.\n\n"
    "Example: cakupan enrol quote --segment BPU --income 2500000 --jht",
    no_args_is_help=True,
)
budget_app = typer.Typer(
    help="Perencana anggaran sponsor (APBD/APBDes/CSR) untuk pekerja rentan.\n\n"
    "Example: cakupan budget plan --budget 45000000 --months 12",
    no_args_is_help=True,
)
lapse_app = typer.Typer(
    help="Peserta BPU yang akan nonaktif (aturan 3 bulan).\n\nExample: cakupan lapse list --within 1",
    no_args_is_help=True,
)
console = Console()
PAYER_TEXT = {"peserta": "peserta", "pemberi_kerja": "pemberi kerja", "pekerja": "pekerja", "pemerintah": "pemerintah"}


@enrol_app.command("quote")
def quote(
    segment: str = typer.Option(..., "--segment", help="BPU | PU | JAKON | PADAT_KARYA"),
    income: Optional[int] = typer.Option(None, "--income", help="BPU: penghasilan sebulan (rupiah)"),
    jht: bool = typer.Option(False, "--jht", help="BPU: ikut JHT (2 %)"),
    wage: Optional[int] = typer.Option(None, "--wage", help="PU: upah sebulan"),
    risk: int = typer.Option(1, "--risk", help="PU: kelas risiko JKK 1-5"),
    contract_value: Optional[int] = typer.Option(None, "--contract-value", help="JAKON: nilai kontrak"),
    on: Optional[str] = typer.Option(None, "--date", help="Tanggal tarif (yyyy-mm-dd), default hari ini"),
) -> None:
    """Monthly contribution from the dated rate tables, line by line with the regulation.

    Example: cakupan enrol quote --segment PU --wage 5000000 --risk 2 --date 2024-04-01
    """
    from .contributions import quote_bpu, quote_jakon, quote_pu

    day = parse_date(on, "--date") or date.today()
    seg = segment.upper()
    if seg == "BPU":
        q = quote_bpu(income=income or 0, on=day, jht=jht)
    elif seg == "PADAT_KARYA":
        q = quote_bpu(income=income or 1_000_000, on=day)
    elif seg == "PU":
        q = quote_pu(wage=wage or 0, risk_class=risk, on=day)
    elif seg == "JAKON":
        q = quote_jakon(contract_value=contract_value or 0, on=day)
    else:
        raise UserError("Segmen harus BPU, PU, JAKON atau PADAT_KARYA.", code="quote.segment")
    t = Table("Program", "Pembayar", "Dasar", "Tarif", "Iuran", "Peraturan", title=f"Iuran {seg} per {q.per}, {day:%d-%m-%Y}")
    for line in q.lines:
        t.add_row(line.program, PAYER_TEXT[line.payer], rp(line.base) if line.base else "-",
                  f"{line.percent} %".replace(".", ",") if line.percent is not None else "tetap", rp(line.amount), line.regulation)
    console.print(t)
    for note in q.notes:
        console.print(f"  catatan: {note}")
    console.print("Per pembayar: " + ", ".join(f"{PAYER_TEXT[k]} {rp(v)}" for k, v in q.by_payer().items()))
    console.print(f"[bold]Jumlah: {rp(q.total)}[/] per {q.per}")


@enrol_app.command("register")
def register(
    nik: str = typer.Option(..., "--nik"),
    name: str = typer.Option(..., "--name"),
    segment: str = typer.Option("BPU", "--segment", help="BPU | PU | PADAT_KARYA"),
    income: Optional[int] = typer.Option(None, "--income", help="Penghasilan (BPU) atau upah (PU) sebulan"),
    jht: bool = typer.Option(False, "--jht"),
    risk: Optional[int] = typer.Option(None, "--risk", help="PU: kelas risiko JKK 1-5"),
    employer: str = typer.Option("", "--employer", help="PU: pemberi kerja"),
    batch: str = typer.Option("", "--batch", help="Kode kelompok (batch PU / regu padat karya)"),
    payer: str = typer.Option("SELF", "--payer", help="SELF | APBD | APBDES | CSR | EMPLOYER"),
    months: str = typer.Option(..., "--months", help="Bulan dibayar, mis. 2023-03..2023-08"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Register a participant; provisional until a member extract shows the NIK active.

    Example: cakupan enrol register --nik 3402011506850001 --name 'Sri Lestari' --segment BPU --income 1500000 --payer APBDES --months 2023-03..2023-08
    """
    ready()
    from .months import parse_month_range
    from .services import enrolment_register

    start, end = parse_month_range(months)
    e = enrolment_register(nik=nik, nama=name, segment=segment.upper(), payer=payer.upper(), month_from=start, month_to=end,
                           income=income, jht=jht, risk_class=risk, employer=employer, batch=batch, by=user or "cli")
    pay = e.payments.get()
    console.print(f"Pendaftaran #{e.pk} ({e.get_kind_display()}, sementara): {e.programs}, {rp(e.monthly_amount)}/bulan; "
                  f"{pay.months} bulan = {rp(pay.amount)} dibayar {e.get_payer_display()}.")


@enrol_app.command("confirm")
def confirm() -> None:
    """Confirm provisional enrolments whose NIK is active in the latest coverage run.

    Example: cakupan enrol confirm
    """
    ready()
    from cakupan.coverage.selectors import run_latest

    from .services import enrolments_confirm

    run = run_latest()
    if run is None:
        raise UserError("Belum ada hasil cakupan.", code="enrol.no_run")
    console.print(f"{enrolments_confirm(run=run)} pendaftaran terkonfirmasi oleh hasil {run.as_of:%d-%m-%Y}.")


@enrol_app.command("status")
def status() -> None:
    """Enrolments made through cakupan: new vs re-activation, provisional vs confirmed.

    Example: cakupan enrol status
    """
    ready()
    from cakupan.accounts.scope import Scope

    from .selectors import enrolment_counts

    for kind, counts in enrolment_counts(scope=Scope(role="admin")).items():
        console.print(f"{'baru' if kind == 'new' else 'aktif kembali'}: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "0"))


@budget_app.command("plan")
def plan(
    budget: int = typer.Option(..., "--budget", help="Anggaran dalam rupiah"),
    months: int = typer.Option(..., "--months"),
    area: str = typer.Option("", "--area"),
    quota: Optional[int] = typer.Option(None, "--quota-per-kalurahan"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """How many vulnerable workers a budget covers at the BPU minimum, which ones, and the lift.

    Example: cakupan budget plan --budget 45000000 --months 12 --quota-per-kalurahan 10
    """
    ready()
    from .planning import budget_plan

    _, scope = actor(user)
    p = budget_plan(budget=budget, months=months, scope=scope, area_code=area, quota_per_kalurahan=quota)
    console.print(f"Biaya: {rp(p.cost_month)}/orang/bulan x {months} bulan = {rp(p.per_person)}/orang; "
                  f"anggaran cukup untuk {p.capacity:,} orang.".replace(",", "."))
    console.print(f"Kandidat rentan: {p.candidates:,}; dipilih {p.covered:,} ({rp(p.spent)}).".replace(",", "."))
    console.print(f"Cakupan {p.pct_before:.2f} % -> {p.pct_after:.2f} % (+{p.lift_pp:.2f} poin)".replace(".", ","))
    t = Table("Kalurahan", "Orang")
    for code, n in p.by_kalurahan().items():
        t.add_row(code, str(n))
    console.print(t)


@budget_app.command("need")
def need(
    target_pct: float = typer.Option(..., "--target-pct"),
    months: int = typer.Option(..., "--months"),
    area: str = typer.Option("", "--area"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """The budget needed to reach a coverage target with sponsorship alone.

    Example: cakupan budget need --target-pct 40 --months 10
    """
    ready()
    from .planning import budget_need

    _, scope = actor(user)
    n = budget_need(target_pct=target_pct, months=months, scope=scope, area_code=area)
    console.print(f"Angkatan kerja {n.workforce:,}, aktif {n.active:,}; perlu tambahan {n.needed:,} orang.".replace(",", "."))
    console.print(f"Anggaran: {n.needed:,} x {rp(n.cost_month)} x {months} bulan = [bold]{rp(n.budget)}[/]".replace(",", "."))
    if not n.reachable_with_vulnerable:
        console.print(f"Pekerja rentan yang belum terlindungi hanya {n.vulnerable_available:,}; sisanya harus dari "
                      f"{n.uncovered_available:,} pekerja lain yang belum terlindungi.".replace(",", "."))


@lapse_app.command("list")
def lapse(
    area: str = typer.Option("", "--area"),
    within: int = typer.Option(1, "--within", help="Nonaktif dalam N bulan"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """BPU members who lapse within N months unless they pay, per area, with their partners.

    Example: cakupan lapse list --area 34.02.01 --within 2
    """
    ready()
    from cakupan.accounts.scope import audit_record, mask_nik

    from .planning import lapse_list

    u, scope = actor(user)
    rows = lapse_list(scope=scope, area_code=area, within=within)
    t = Table("NIK", "Nama", "Kalurahan", "Lunas s.d.", "Nonaktif", "Mitra", title=f"{len(rows)} peserta BPU")
    for r in rows:
        t.add_row(r["nik"] if scope.sees_full_nik else mask_nik(r["nik"]), r["nama"], r["kalurahan_code"],
                  f"{r['paid_through']:%m-%Y}", f"{r['lapse_month']:%m-%Y}", ", ".join(r["partners"]))
    console.print(t)
    audit_record(user=u, action="view_persons", scope=scope.label, rows=len(rows), detail={"list": "lapse"})
