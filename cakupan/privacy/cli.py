"""`cakupan pdp …`: duties under UU 27/2022 (thin over cakupan.privacy.services).

    cakupan pdp akses NIK                       subject access report (art. 7)
    cakupan pdp hapus NIK --alasan … --pemohon …       deletion on request (tombstone)
    cakupan pdp betulkan NIK --nama … --lahir …        rectification on request (override)
    cakupan pdp permintaan                      the requests logged
    cakupan pdp kebocoran catat|beritahu|daftar the breach register (3 x 24 hours)
    cakupan pdp retensi --simpan N              person-level results of older runs
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Optional

import typer

from cakupan.errors import UserError

app = typer.Typer(
    help="Kewajiban UU 27/2022 (PDP): akses data subjek, penghapusan dan pembetulan atas permintaan, "
    "daftar kebocoran, retensi.\n\nExample: cakupan pdp hapus 3402014501900001 --alasan 'permintaan ybs' "
    "--pemohon 'Ngadiyem (ybs)'",
    no_args_is_help=True,
)
breach_app = typer.Typer(
    help="Daftar kebocoran data pribadi: batas pemberitahuan 3 x 24 jam (UU 27/2022 ps. 46).\n\n"
    "Example: cakupan pdp kebocoran catat --apa 'laptop berisi daftar pekerja hilang' "
    "--ditemukan '2026-12-05 08:00' --data 'NIK, nama, status 120 pekerja Poncosari' --orang 120",
    no_args_is_help=True,
)
app.add_typer(breach_app, name="kebocoran")


def _user(name: str):
    if not name:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise UserError(f"Pengguna {name!r} tidak ada.", code="pdp.user")
    return user


def _when(value: str | None, option: str) -> datetime | None:
    """'YYYY-MM-DD HH:MM' or 'YYYY-MM-DD' in the server's time zone."""
    if not value:
        return None
    from django.utils import timezone

    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return timezone.make_aware(datetime.strptime(value.strip(), fmt))
        except ValueError:
            continue
    raise UserError(f"{option}: tulis waktu sebagai YYYY-MM-DD HH:MM (mis. 2026-12-05 08:00), bukan {value!r}.",
                    code="pdp.when")


@app.command("akses")
def access(nik: str = typer.Argument(..., help="NIK 16 digit"), user: str = typer.Option("", help="petugas")) -> None:
    """Everything cakupan holds about one NIK, as JSON (a subject access request; audited).

    Example: cakupan pdp akses 3402014501900001 --user petugas-pdp
    """
    from .services import person_data_report

    typer.echo(json.dumps(person_data_report(nik=nik, user=_user(user)), ensure_ascii=False, indent=1))


@app.command("hapus")
def erase(
    nik: str = typer.Argument(..., help="NIK 16 digit"),
    reason: str = typer.Option(..., "--alasan", help="alasan permintaan"),
    requested_by: str = typer.Option(..., "--pemohon", help="siapa yang meminta (ybs, kuasanya)"),
    received: Optional[str] = typer.Option(None, "--diterima", help="kapan diterima, YYYY-MM-DD HH:MM (bawaan: sekarang)"),
    user: str = typer.Option("", "--user", help="DPO / admin yang mencatat"),
) -> None:
    """Delete one person on request: tombstone the NIK (left out of every page, list, API and future
    run; snapshots stay as they are, read through the tombstone), the request logged and audited.

    Example: cakupan pdp hapus 3402014501900001 --alasan 'tidak lagi tinggal di Bantul' --pemohon 'Ngadiyem (ybs)' --user dpo
    """
    from .services import subject_request_record

    req = subject_request_record(nik=nik, kind="deletion", reason=reason, requested_by=requested_by,
                                 received_at=_when(received, "--diterima"), user=_user(user))
    typer.echo(f"Permintaan #{req.pk}: NIK {nik[:4]}…{nik[-4:]} dihapus (tombstone); "
               f"{req.rows_affected.get('person_status', 0)} baris orang hasil proses dihapus.")


@app.command("betulkan")
def rectify(
    nik: str = typer.Argument(..., help="NIK 16 digit"),
    reason: str = typer.Option(..., "--alasan", help="alasan permintaan"),
    requested_by: str = typer.Option(..., "--pemohon", help="siapa yang meminta"),
    nama: str = typer.Option("", "--nama", help="nama yang benar"),
    lahir: Optional[str] = typer.Option(None, "--lahir", help="tanggal lahir yang benar, YYYY-MM-DD"),
    received: Optional[str] = typer.Option(None, "--diterima", help="kapan diterima, YYYY-MM-DD HH:MM"),
    user: str = typer.Option("", "--user", help="DPO / admin yang mencatat"),
) -> None:
    """Rectify a name and/or birth date on request: an override read by future runs, the published
    person rows corrected, the request logged and audited.

    Example: cakupan pdp betulkan 3402014501900001 --nama 'Sri Rahayu' --lahir 1990-05-06 --alasan 'salah ketik' --pemohon ybs
    """
    from cakupan.core.cli import parse_date

    from .services import subject_request_record

    req = subject_request_record(nik=nik, kind="rectification", reason=reason, requested_by=requested_by, nama=nama,
                                 birth_date=parse_date(lahir, option="--lahir"), received_at=_when(received, "--diterima"),
                                 user=_user(user))
    typer.echo(f"Permintaan #{req.pk}: NIK {nik[:4]}…{nik[-4:]} dibetulkan; "
               f"{req.rows_affected.get('person_status', 0)} baris orang hasil proses dibetulkan.")


@app.command("permintaan")
def requests() -> None:
    """The data subjects' requests logged, newest first (NIK shortened).

    Example: cakupan pdp permintaan
    """
    from .models import SubjectRequest

    rows = SubjectRequest.objects.all()[:200]
    for r in rows:
        typer.echo(f"#{r.pk} {r.received_at:%Y-%m-%d %H:%M} {r.kind} NIK {r.nik[:4]}…{r.nik[-4:]} "
                   f"pemohon {r.requested_by}; dicatat {r.recorded_by_name}"
                   f"{' (lewat 3 x 24 jam)' if r.late else ''}; {r.reason}")
    if not rows:
        typer.echo("Belum ada permintaan.")


@breach_app.command("catat")
def breach_add(
    what: str = typer.Option(..., "--apa", help="apa yang terjadi"),
    found: str = typer.Option(..., "--ditemukan", help="kapan ditemukan, YYYY-MM-DD HH:MM"),
    data: str = typer.Option(..., "--data", help="data yang terdampak"),
    people: Optional[int] = typer.Option(None, "--orang", help="jumlah orang terdampak"),
    user: str = typer.Option("", "--user", help="DPO / admin yang mencatat"),
) -> None:
    """Record a breach found; prints its notice deadline (found + 3 x 24 hours).

    Example: cakupan pdp kebocoran catat --apa 'berkas ekspor terkirim ke alamat salah' --ditemukan '2026-12-05 08:00' --data 'NIK dan nama 40 pekerja' --orang 40
    """
    from django.utils import timezone

    from .services import breach_record

    b = breach_record(what=what, found_at=_when(found, "--ditemukan"), data_affected=data, people_affected=people,
                      user=_user(user))
    typer.echo(f"Kebocoran #{b.pk} dicatat; batas pemberitahuan {timezone.localtime(b.deadline):%Y-%m-%d %H:%M}.")


@breach_app.command("beritahu")
def breach_notified(
    breach_id: int = typer.Argument(..., help="nomor kebocoran"),
    who: str = typer.Option(..., "--kepada", help="siapa yang diberi tahu dan bagaimana"),
    subjects: Optional[str] = typer.Option(None, "--subjek", help="kapan subjek data diberi tahu, YYYY-MM-DD HH:MM"),
    authority: Optional[str] = typer.Option(None, "--lembaga", help="kapan lembaga PDP / Komdigi diberi tahu"),
    user: str = typer.Option("", "--user", help="DPO / admin yang mencatat"),
) -> None:
    """Record who was notified of a breach, and when.

    Example: cakupan pdp kebocoran beritahu 1 --kepada 'surat ke 40 pekerja; surel ke Komdigi' --subjek '2026-12-06 10:00' --lembaga '2026-12-06 11:00'
    """
    from .services import breach_notify

    b = breach_notify(breach_id=breach_id, notified=who, subjects_at=_when(subjects, "--subjek"),
                      authority_at=_when(authority, "--lembaga"), user=_user(user))
    typer.echo(f"Kebocoran #{b.pk}: pemberitahuan dicatat" + ("" if b.notified_in_full else " (belum lengkap)") + ".")


@breach_app.command("daftar")
def breach_list() -> None:
    """The breach register with each deadline and the time left (or how late).

    Example: cakupan pdp kebocoran daftar
    """
    from django.utils import timezone

    from .models import Breach
    from .selectors import breach_row

    rows = [breach_row(b) for b in Breach.objects.all()]
    for r in rows:
        b = r.breach
        state = ("sudah diberitahukan" if r.notified_in_full else
                 f"TERLAMBAT {-r.hours_left:.1f} jam" if r.overdue else f"sisa {r.hours_left:.1f} jam")
        typer.echo(f"#{b.pk} ditemukan {timezone.localtime(b.found_at):%Y-%m-%d %H:%M}, batas "
                   f"{timezone.localtime(r.deadline):%Y-%m-%d %H:%M} ({state}): {b.what}")
    if not rows:
        typer.echo("Belum ada kebocoran tercatat.")


@app.command("retensi")
def retention(keep: int = typer.Option(3, "--simpan", help="jumlah proses terbaru yang disimpan utuh")) -> None:
    """Delete person-level results of older runs (aggregates stay; audited).

    Example: cakupan pdp retensi --simpan 3
    """
    from .services import runs_prune

    rep = runs_prune(keep=keep)
    typer.echo(f"{rep.runs_pruned} proses dipangkas: {rep.persons_deleted} baris orang, "
               f"{rep.review_items_deleted} butir tinjauan, {rep.files_deleted} berkas dihapus.")
