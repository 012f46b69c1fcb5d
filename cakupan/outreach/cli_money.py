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

from .cli_common import actor

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
    segment: str = typer.Option("BPU", "--segment", help="BPU | PU | PADAT_KARYA | PMI"),
    income: Optional[int] = typer.Option(None, "--income", help="Penghasilan (BPU) atau upah (PU) sebulan"),
    jht: bool = typer.Option(False, "--jht"),
    risk: Optional[int] = typer.Option(None, "--risk", help="PU: kelas risiko JKK 1-5"),
    employer: str = typer.Option("", "--employer", help="PU: pemberi kerja; PMI: P3MI / negara tujuan (catatan)"),
    batch: str = typer.Option("", "--batch", help="Kode kelompok (batch PU / regu padat karya)"),
    payer: str = typer.Option("", "--payer", help="SELF | APBD | APBDES | CSR | EMPLOYER | P3MI (default SELF, "
                              "atau jenis --funder)"),
    months: str = typer.Option(..., "--months", help="Bulan dibayar, mis. 2023-03..2023-08; PMI: jangka waktu "
                               "perjanjian kerja dalam bulan, mis. 24 (mulai --start)"),
    start: str = typer.Option("", "--start", help="PMI: bulan mulai perjanjian (yyyy-mm), default bulan data"),
    pre_departure: bool = typer.Option(True, "--pre-departure/--placed", help="PMI: termasuk iuran sebelum bekerja"),
    funder: str = typer.Option("", "--funder", help="Penyandang dana (nomor atau nama; `cakupan funder list`)"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Register a participant; provisional until a member extract shows the NIK active.

    Example: cakupan enrol register --nik 3402011506850001 --name 'Sri Lestari' --segment BPU --income 1500000 --payer APBDES --months 2023-03..2023-08
    Example: cakupan enrol register --nik 3402011506850001 --name 'Sri Lestari' --segment PMI --months 24 --start 2023-03 --payer P3MI
    Example: cakupan enrol register --nik 3402011506850001 --name 'Sri Lestari' --income 1000000 --funder 'APBD Bantul 2023' --months 2023-03..2023-12
    """
    from .inputs import data_month
    from .months import parse_month, parse_month_range
    from .services import enrolment_register

    u, scope = actor(user)
    fund = None
    if funder:
        from .selectors_funders import funder_access

        fund = funder_access(scope=scope, ref=funder)
    seg = segment.upper()
    contract = None
    if seg == "PMI" and months.strip().isdigit():
        contract = int(months.strip()[:4])
        begin = parse_month(start) if start else data_month()
        end = begin
    else:
        begin, end = parse_month_range(months)
    e = enrolment_register(nik=nik, nama=name, segment=seg, payer=(payer or (fund.kind if fund else "SELF")).upper(),
                           month_from=begin, month_to=end, income=income, jht=jht, risk_class=risk, employer=employer,
                           batch=batch, by=user or "cli", contract_months=contract, pre_departure=pre_departure,
                           funder=fund)
    pay = e.payments.get()
    paid_by = e.get_payer_display() + (f" ({fund.name})" if fund else "")
    if seg == "PMI":
        console.print(f"Pendaftaran #{e.pk} PMI ({e.get_kind_display()}, sementara): {e.programs}, perjanjian kerja "
                      f"{pay.months} bulan ({pay.month_from:%m-%Y} s.d. {pay.month_to:%m-%Y}) = {rp(pay.amount)} sekali bayar, "
                      f"dibayar {paid_by}.")
        return
    console.print(f"Pendaftaran #{e.pk} ({e.get_kind_display()}, sementara): {e.programs}, {rp(e.monthly_amount)}/bulan; "
                  f"{pay.months} bulan = {rp(pay.amount)} dibayar {paid_by}.")


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
    funder: str = typer.Option("", "--funder", help="Penyandang dana (nomor atau nama); baris di atas sisa anggaran ditolak"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Register a PU batch for an employer or a padat karya crew from a CSV; bad rows are listed.

    Example: cakupan enrol batch regu.csv --segment PADAT_KARYA --batch PK-2023-07 --payer APBDES --months 2023-07
    Example: cakupan enrol batch regu.csv --segment PADAT_KARYA --batch PK-2023-07 --payer APBDES --funder 'APBDes Poncosari 2023' --months 2023-07
    """
    from .months import parse_month_range
    from .services import enrolment_register_batch, read_batch_file

    _, scope = actor(user)
    fund = None
    if funder:
        from .selectors_funders import funder_access

        fund = funder_access(scope=scope, ref=funder)
    start, end = parse_month_range(months)
    r = enrolment_register_batch(rows=read_batch_file(file.read_bytes(), file.name), segment=segment.upper(),
                                 payer=payer.upper(), batch=code, month_from=start, month_to=end, employer=employer,
                                 risk_class=risk, income=income, by=user or "cli", funder=fund)
    total = sum(e.payments.get().amount for e in r.registered)
    console.print(f"{num(r.rows)} baris: {num(len(r.registered))} terdaftar ({rp(total)}), {num(len(r.rejected))} ditolak.")
    for x in r.rejected:
        console.print(f"  baris {x['row_number']}: {x['reason_code']} — {x['message']}", markup=False)


@enrol_app.command("pay")
def pay(
    enrolment_id: int = typer.Argument(...),
    months: str = typer.Option(..., "--months", help="Bulan dibayar, mis. 2023-09..2023-11"),
    payer: str = typer.Option("", "--payer", help="Default SELF, atau jenis --funder"),
    funder: str = typer.Option("", "--funder", help="Penyandang dana (nomor atau nama)"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Record a further run of paid months for an enrolment (moves its paid-through month).

    Example: cakupan enrol pay 12 --months 2023-09..2023-11 --payer APBDES
    Example: cakupan enrol pay 12 --months 2023-09..2023-11 --funder 'APBDes Poncosari 2023'
    """
    from .models import Enrolment
    from .months import parse_month_range
    from .services import payment_record

    _, scope = actor(user)
    fund = None
    if funder:
        from .selectors_funders import funder_access

        fund = funder_access(scope=scope, ref=funder)
    enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
    if enrolment is None:
        raise UserError(f"Pendaftaran #{enrolment_id} tidak ada.", code="payment.not_found")
    start, end = parse_month_range(months)
    p = payment_record(enrolment=enrolment, month_from=start, month_to=end,
                       payer=(payer or (fund.kind if fund else "SELF")).upper(), funder=fund)
    console.print(f"Pembayaran {p.months} bulan untuk #{enrolment.pk}: {rp(p.amount)} ({enrolment.nama})"
                  + (f", dari {fund.name}." if fund else "."))
