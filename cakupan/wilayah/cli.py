"""`cakupan wilayah ...`: load, find and show areas (thin over the wilayah services/selectors)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cakupan.core.cli import num

app = typer.Typer(
    help="Wilayah (kabupaten > kapanewon/kecamatan > kalurahan/desa > padukuhan/dusun) dengan kode Kemendagri.\n\n"
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
    kind: str = typer.Option("", "--kind", help="provinsi|kabupaten|kapanewon|kalurahan|padukuhan (juga kota|kecamatan|desa|kelurahan|dusun)"),
    within: str = typer.Option("", "--within", help="kode wilayah induk, mis. 34.02.01"),
) -> None:
    """Cari wilayah menurut nama (huruf besar/kecil, spasi dan awalan diabaikan).

    Bila tidak ada yang sama persis, dicari nama yang memuatnya.

    Example: cakupan wilayah find "Kal. Poncosari"
    """
    from cakupan.wilayah.selectors import area_find, area_path

    from cakupan.core.terms import level_alias

    kw = {"kind": level_alias(kind) if kind else None, "within": within or None}  # --kind kecamatan: the kapanewon kind
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


boundaries_app = typer.Typer(
    help="Batas wilayah (GeoJSON) untuk peta: dimuat admin per wilayah, dicocokkan kode demi kode.\n\n"
    "Example: cakupan boundaries load klaten_kecamatan.geojson",
    no_args_is_help=True,
)


@boundaries_app.command("load")
def boundaries_load(
    file: Path = typer.Argument(..., help="GeoJSON FeatureCollection (EPSG:4326), satu feature per kecamatan/desa"),
    partial: bool = typer.Option(False, "--partial", help="simpan yang cocok walau ada yang tidak cocok "
                                 "(yang tidak cocok disimpan utuh di CAKUPAN_HOME/boundaries/unmatched-*.geojson)"),
    code_property: str = typer.Option("", "--property", help="nama properti kode wilayah (bawaan: kode, code, "
                                      "kode_wilayah, kd_wilayah, kdepum)"),
    json_out: bool = typer.Option(False, "--json", help="laporan sebagai JSON"),
) -> None:
    """Muat batas wilayah untuk peta; setiap kode harus cocok dengan wilayah yang dikenal.

    Feature yang tidak cocok didaftar per nomor (kode, alasan). Tanpa --partial tidak ada yang
    disimpan bila satu saja tidak cocok.

    Example: cakupan boundaries load klaten_kecamatan.geojson
    Example: cakupan boundaries load desa.geojson --partial --property KDEPUM
    """
    import json

    from cakupan.errors import UserError
    from cakupan.wilayah.services import boundary_load

    report = boundary_load(path=file, partial=partial, code_property=code_property or None)
    if json_out:
        typer.echo(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        _boundary_report(report)
    if report.status == "refused":
        raise UserError(
            f"{num(len(report.unmatched))} dari {num(report.features)} feature di {file.name} tidak cocok; "
            "tidak ada yang disimpan. Perbaiki kodenya, atau muat yang cocok saja dengan --partial.",
            code="wilayah.boundaries_unmatched",
        )


def _boundary_report(report) -> None:
    console = Console(highlight=False)
    if report.unmatched:
        table = Table("feature", "kode", "alasan", "keterangan", title="Feature yang tidak cocok")
        for u in report.unmatched:
            table.add_row(str(u.row), u.code or "-", u.reason, u.message)
        console.print(table)
    from cakupan.core.terms import kind_term

    region = report.kabupaten[0] if len(report.kabupaten) == 1 else None
    for kind, n in report.stored.items():
        console.print(f"{num(n)} batas {kind_term(kind, region)} disimpan dari {report.file_name}.")
    if report.unmatched_path:
        console.print(f"Feature yang tidak cocok disimpan utuh di {report.unmatched_path}")
    for kab, codes in report.missing.items():
        console.print(f"{kab}: {num(len(codes))} wilayah belum punya batas (peta petak untuknya), "
                      f"mis. {', '.join(codes[:5])}")


@boundaries_app.command("show")
def boundaries_show() -> None:
    """Wilayah mana yang sudah punya batas untuk peta (bawaan dan yang dimuat).

    Example: cakupan boundaries show
    """
    from cakupan.wilayah.selectors import boundary_status

    table = Table("kabupaten", "nama", "kecamatan", "desa", "tanpa batas", title="Batas wilayah untuk peta")
    for row in boundary_status():
        table.add_row(row["code"], row["name"], f"{num(row['kapanewon_with'])}/{num(row['kapanewon'])}",
                      f"{num(row['kalurahan_with'])}/{num(row['kalurahan'])}", num(row["missing"]))
    Console().print(table)

