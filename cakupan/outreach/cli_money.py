"""`cakupan enrol quote|register|batch|confirm|status`."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from cakupan.core.cli import num, parse_date, rp
from cakupan.errors import UserError

enrol_app = typer.Typer(
    help="Pendaftaran peserta dan hitungan iuran dari tabel tarif bertanggal.\n\n"
    "Example: cakupan enrol quote --segment BPU --income 2500000 --jht",
    no_args_is_help=True,
)
console = Console()
PAYER_TEXT = {"peserta": "peserta", "pemberi_kerja": "pemberi kerja", "pekerja": "pekerja", "pemerintah": "pemerintah"}


@enrol_app.command("quote")
def quote(
    segment: str = typer.Option(..., "--segment", help="BPU | PU | JAKON | PADAT_KARYA | PMI"),
    income: Optional[int] = typer.Option(None, "--income", help="BPU: penghasilan sebulan (rupiah)"),
    jht: bool = typer.Option(False, "--jht", help="BPU: ikut JHT (2 %)"),
    wage: Optional[int] = typer.Option(None, "--wage", help="PU: upah sebulan"),
    risk: int = typer.Option(1, "--risk", help="PU: kelas risiko JKK 1-5"),
    contract_value: Optional[int] = typer.Option(None, "--contract-value", help="JAKON: nilai kontrak"),
    on: Optional[str] = typer.Option(None, "--date", help="Tanggal tarif (yyyy-mm-dd), default hari ini"),
    workers: Optional[int] = typer.Option(None, "--workers", help="PADAT_KARYA: jumlah pekerja regu"),
    end: Optional[str] = typer.Option(None, "--end", help="PADAT_KARYA: tanggal selesai proyek (mulai = --date)"),
    months: Optional[int] = typer.Option(None, "--months", help="PMI: jangka waktu perjanjian kerja (bulan)"),
    pre_departure: bool = typer.Option(True, "--pre-departure/--placed", help="PMI: termasuk iuran sebelum bekerja"),
) -> None:
    """Monthly contribution from the dated rate tables, line by line with the regulation.

    Example: cakupan enrol quote --segment PU --wage 5000000 --risk 2 --date 2024-04-01
             cakupan enrol quote --segment PMI --months 18 --date 2024-01-15
    """
    from .contributions import quote_bpu, quote_jakon, quote_pmi, quote_pu

    day = parse_date(on, option="--date") or date.today()
    seg = segment.upper()
    if seg == "BPU":
        q = quote_bpu(income=income or 0, on=day, jht=jht)
    elif seg == "PADAT_KARYA":
        q = quote_bpu(income=income or 1_000_000, on=day)
        if workers:
            from .contributions import quote_padat_karya

            crew = quote_padat_karya(workers=workers, start=day, end=parse_date(end, option="--end") or day, income=income or 1_000_000)
            console.print(f"Regu {workers} orang x {crew.months} bulan x {rp(crew.per_worker_month.total)} = {rp(crew.total)}")
    elif seg == "PU":
        q = quote_pu(wage=wage or 0, risk_class=risk, on=day)
    elif seg == "JAKON":
        q = quote_jakon(contract_value=contract_value or 0, on=day)
    elif seg == "PMI":
        q = quote_pmi(contract_months=months or 0, on=day, pre_departure=pre_departure)
    else:
        raise UserError("Segmen harus BPU, PU, JAKON, PADAT_KARYA atau PMI.", code="quote.segment")
    t = Table("Program", "Pembayar", "Dasar", "Tarif", "Iuran", "Peraturan", title=f"Iuran {seg} per {q.per}, {day:%d-%m-%Y}")
    for line in q.lines:
        t.add_row(line.program, PAYER_TEXT[line.payer], rp(line.base) if line.base else "-",
                  str(line.percent).replace(".", ",") + " %" if line.percent is not None else "tetap", rp(line.amount), line.regulation)
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
    from cakupan.accounts.scope import Scope

    from .selectors import enrolment_counts

    for kind, counts in enrolment_counts(scope=Scope(role="admin")).items():
        console.print(f"{'baru' if kind == 'new' else 'aktif kembali'}: " + (", ".join(f"{k} {v}" for k, v in counts.items()) or "0"))


@enrol_app.command("batch")
def batch(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV dengan kolom NIK, NAMA[, UPAH]"),
    segment: str = typer.Option("PU", "--segment", help="PU | PADAT_KARYA"),
    code: str = typer.Option(..., "--batch", help="Kode kelompok, mis. PK-2023-SRANDAKAN-01"),
    payer: str = typer.Option("EMPLOYER", "--payer"),
    months: str = typer.Option(..., "--months", help="Bulan dibayar, mis. 2023-07..2023-07"),
    employer: str = typer.Option("", "--employer"),
    risk: Optional[int] = typer.Option(None, "--risk"),
    income: Optional[int] = typer.Option(None, "--income", help="Upah/penghasilan bila tidak ada kolom UPAH"),
) -> None:
    """Register a PU batch for an employer or a padat karya crew from a CSV; bad rows are listed.

    Example: cakupan enrol batch regu.csv --segment PADAT_KARYA --batch PK-2023-07 --payer APBDES --months 2023-07
    """
    from .months import parse_month_range
    from .services import enrolment_register_batch, read_batch_file

    start, end = parse_month_range(months)
    r = enrolment_register_batch(rows=read_batch_file(file.read_bytes(), file.name), segment=segment.upper(),
                                 payer=payer.upper(), batch=code, month_from=start, month_to=end, employer=employer,
                                 risk_class=risk, income=income, by="cli")
    total = sum(e.payments.get().amount for e in r.registered)
    console.print(f"{num(r.rows)} baris: {num(len(r.registered))} terdaftar ({rp(total)}), {num(len(r.rejected))} ditolak.")
    for x in r.rejected:
        console.print(f"  baris {x['row_number']}: {x['reason_code']} — {x['message']}", markup=False)


@enrol_app.command("pay")
def pay(
    enrolment_id: int = typer.Argument(...),
    months: str = typer.Option(..., "--months", help="Bulan dibayar, mis. 2023-09..2023-11"),
    payer: str = typer.Option("SELF", "--payer"),
) -> None:
    """Record a further run of paid months for an enrolment (moves its paid-through month).

    Example: cakupan enrol pay 12 --months 2023-09..2023-11 --payer APBDES
    """
    from .models import Enrolment
    from .months import parse_month_range
    from .services import payment_record

    enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
    if enrolment is None:
        raise UserError(f"Pendaftaran #{enrolment_id} tidak ada.", code="payment.not_found")
    start, end = parse_month_range(months)
    p = payment_record(enrolment=enrolment, month_from=start, month_to=end, payer=payer.upper())
    console.print(f"Pembayaran {p.months} bulan untuk #{enrolment.pk}: {rp(p.amount)} ({enrolment.nama}).")
