"""`cakupan wilayah ...`: load, find and show areas (thin over the wilayah services/selectors)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cakupan.core.cli import num

app = typer.Typer(
    help="Wilayah (kabupaten > kapanewon > kalurahan > padukuhan) dengan kode Kemendagri.\n\n"
    "Example: cakupan wilayah show 34.02",
    no_args_is_help=True,
)


@app.command("load")
def load(
    file: Path = typer.Argument(
        ..., help="CSV: code,name,kind,parent_code (atau code,name,level,parent_code)"
    ),
    region: str = typer.Option("", "--region", help="hanya kode ini dan turunannya, mis. 34.02"),
    replace: bool = typer.Option(
        False, "--replace", help="perbarui nama/induk wilayah yang sudah ada"
    ),
) -> None:
    """Muat wilayah dari CSV; induk yang tidak ada di berkas diambil dari daftar nasional.

    Example: cakupan wilayah load cakupan/reference/indonesia/wilayah.csv --region 34.03
    """
    from cakupan.wilayah.services import area_load_csv

    n = area_load_csv(path=file, replace=replace, region=region or None)
    verb = "dibuat/diperbarui" if replace else "dibuat"
    Console().print(f"{num(n)} wilayah {verb} dari {file.name}.")


@app.command("find")
def find(
    name: str = typer.Argument(
        ..., help="nama, boleh dengan awalan Kalurahan/Desa/Kapanewon/Kec./Dusun"
    ),
    kind: str = typer.Option("", "--kind", help="provinsi|kabupaten|kapanewon|kalurahan|padukuhan"),
    within: str = typer.Option("", "--within", help="kode wilayah induk, mis. 34.02.01"),
) -> None:
    """Cari wilayah menurut nama (huruf besar/kecil, spasi dan awalan diabaikan).

    Bila tidak ada yang sama persis, dicari nama yang memuatnya.

    Example: cakupan wilayah find "Kal. Poncosari"
    """
    from cakupan.wilayah.selectors import area_find, area_path

    kw = {"kind": kind or None, "within": within or None}
    found = area_find(name, **kw) or area_find(name, partial=True, **kw)
    if not found:
        Console(stderr=True).print(f"Tidak ada wilayah bernama '{name}'.")
        raise typer.Exit(1)
    table = Table("kode", "nama", "jenis", "letak")
    for area in found[:50]:
        path = " › ".join(a.name for a in area_path(area.code)[:-1])
        table.add_row(area.code, area.name, area.kind, path)
    Console().print(table)


@app.command("show")
def show(code: str = typer.Argument(..., help="kode wilayah, mis. 34.02.01")) -> None:
    """Tampilkan wilayah, jalurnya dari kabupaten, dan wilayah di bawahnya.

    Example: cakupan wilayah show 34.02.01
    """
    from cakupan.errors import UserError
    from cakupan.wilayah.selectors import area_children, area_get, area_path

    area = area_get(code)
    if area is None:
        raise UserError(f"Kode wilayah '{code}' tidak dikenal.", code="wilayah.unknown")
    console = Console()
    console.print(
        " › ".join(f"{a.name} ({a.code})" for a in area_path(code)) or f"{area.name} ({area.code})"
    )
    children = area_children(code)
    table = Table(
        "kode", "nama", "jenis", "anak", title=f"{len(children)} wilayah di bawah {area.name}"
    )
    for child in children:
        table.add_row(child.code, child.name, child.kind, str(child.n_children))
    console.print(table)
