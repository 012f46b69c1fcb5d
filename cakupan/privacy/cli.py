"""`cakupan pdp …`: duties under UU 27/2022 (thin over cakupan.privacy.services)."""
from __future__ import annotations

import json

import typer

app = typer.Typer(
    help="Kewajiban UU 27/2022 (PDP): akses data subjek, retensi.\n\nExample: cakupan pdp retensi --simpan 3",
    no_args_is_help=True,
)


@app.command("akses")
def access(nik: str = typer.Argument(..., help="NIK 16 digit"), user: str = typer.Option("", help="petugas")) -> None:
    """Everything cakupan holds about one NIK, as JSON (a subject access request; audited).

    Example: cakupan pdp akses 3402014501900001 --user petugas-pdp
    """
    from django.contrib.auth import get_user_model

    from .services import person_data_report

    who = get_user_model().objects.filter(username=user).first() if user else None
    typer.echo(json.dumps(person_data_report(nik=nik, user=who), ensure_ascii=False, indent=1))


@app.command("retensi")
def retention(keep: int = typer.Option(3, "--simpan", help="jumlah proses terbaru yang disimpan utuh")) -> None:
    """Delete person-level results of older runs (aggregates stay; audited).

    Example: cakupan pdp retensi --simpan 3
    """
    from .services import runs_prune

    rep = runs_prune(keep=keep)
    typer.echo(f"{rep.runs_pruned} proses dipangkas: {rep.persons_deleted} baris orang, "
               f"{rep.review_items_deleted} butir tinjauan, {rep.files_deleted} berkas dihapus.")
