"""`cakupan occupations ...`: show, load and export the occupation mapping (thin over
cakupan.registries.occupations)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

occupations_app = typer.Typer(
    help="Pemetaan pekerjaan Dukcapil -> angkatan kerja / dikecualikan / ekosistem (berversi).\n\n"
    "Example: cakupan occupations export pekerjaan.csv",
    no_args_is_help=True,
)


@occupations_app.command("show")
def show(
    version: int = typer.Option(0, "--version", help="nomor versi (bawaan: versi terbaru)"),
) -> None:
    """Tampilkan satu versi pemetaan pekerjaan.

    Example: cakupan occupations show --version 1
    """
    from cakupan.registries.occupations import occupation_mapping_current, occupation_mapping_rows

    rows = occupation_mapping_rows(version=version or None)
    current = occupation_mapping_current()
    shown = version or current.version
    table = Table(
        "kode",
        "pekerjaan",
        "angkatan kerja",
        "dikecualikan",
        "ekosistem",
        title=f"Pemetaan pekerjaan versi {shown} (terbaru: {current.version})",
    )
    for r in rows:
        excluded = f"ya ({r['exclusion_reason']})" if r["excluded"] else ""
        table.add_row(
            str(r["code"]),
            r["name"],
            "ya" if r["in_workforce"] else "tidak",
            excluded,
            r["ecosystem"],
        )
    Console().print(table)


@occupations_app.command("load")
def load(
    file: Path = typer.Argument(
        ..., help="CSV: code,name,in_workforce,excluded,exclusion_reason,ecosystem"
    ),
    note: str = typer.Option("", "--note", help="catatan perubahan"),
    user: str = typer.Option("", "--user", help="nama yang memuat (untuk jejak versi)"),
) -> None:
    """Muat berkas pemetaan sebagai versi baru.

    Berkas yang sama dengan versi terbaru tidak membuat versi baru.

    Example: cakupan occupations load pekerjaan.csv --note "honorer dihitung sebagai opd"
    """
    from cakupan.registries.occupations import occupation_mapping_current, occupation_mapping_load

    before = occupation_mapping_current()
    mapping = occupation_mapping_load(path=file, user_name=user, note=note)
    if before is not None and mapping.pk == before.pk:
        Console().print(f"Tidak ada perubahan: tetap versi {mapping.version}.")
    else:
        Console().print(f"Pemetaan pekerjaan versi {mapping.version} dibuat dari {file.name}.")


@occupations_app.command("export")
def export(
    file: Path = typer.Argument(..., help="berkas CSV tujuan"),
    version: int = typer.Option(0, "--version", help="nomor versi (bawaan: versi terbaru)"),
) -> None:
    """Tulis satu versi pemetaan ke berkas CSV (ubah, lalu muat kembali dengan `load`).

    Example: cakupan occupations export pekerjaan.csv
    """
    from cakupan.registries.occupations import occupation_mapping_export

    occupation_mapping_export(path=file, version=version or None)
    Console().print(f"Pemetaan pekerjaan ditulis ke {file}.")
