"""`cakupan synth`: write a synthetic region (population, members, rosters, history, truth)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cakupan.core.cli import num, pct
from cakupan.errors import UserError


def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder keluaran (dibuat bila belum ada).")],
    region: Annotated[
        str, typer.Option("--region", help="Kode kabupaten/kota Kemendagri (wajib; 34.02 = Bantul); provinsi "
                                           "(34) atau daftar (34.01,34.02) untuk satu set wilayah.")
    ],
    as_of: Annotated[
        str, typer.Option("--as-of", help="Tanggal acuan (yyyy-mm-dd).")
    ] = "2023-02-27",
    seed: Annotated[int, typer.Option("--seed", help="Benih acak: hasil sama byte demi byte.")] = 1,
    scale: Annotated[
        float, typer.Option("--scale", help="Pengali jumlah penduduk (1 = ~1 juta Bantul).")
    ] = 1.0,
    fmt: Annotated[str, typer.Option("--format", help="csv, parquet, atau both.")] = "both",
    history_months: Annotated[int, typer.Option(
        "--history-months", help="Tambah N ekstrak peserta akhir bulan sebelum --as-of (history/members-*.csv).")] = 0,
    jobs: Annotated[int, typer.Option("--jobs", help="Proses paralel untuk set wilayah (satu kabupaten per proses).")] = 1,
) -> None:
    """Bangkitkan wilayah sintetis (penduduk, peserta, roster, ekstrak akhir bulan, kebenaran).

    Example: cakupan synth --region 34.02 --as-of 2023-02-27 --seed 1 --scale 1.0 --out /tmp/bantul
    Example: cakupan synth --region 33.10 --scale 0.05 --history-months 6 --out /tmp/klaten-6bulan
    Example: cakupan synth --region 34 --scale 0.1 --jobs 2 --out /tmp/diy   (set: semua kabupaten DIY)
    """
    from cakupan.synth.generate import synth_generate
    from cakupan.synth.regionset import is_set, synth_region_set

    try:
        when = datetime.strptime(as_of, "%Y-%m-%d").date()
    except ValueError:
        raise UserError(
            f"--as-of harus berformat yyyy-mm-dd, bukan '{as_of}'.", code="synth.as_of"
        ) from None
    if not date(2000, 1, 1) <= when <= date.today():
        raise UserError("--as-of harus antara 2000-01-01 dan hari ini.", code="synth.as_of")
    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]synth[/] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("kalurahan", total=None)

        def progress(what: str, done: int, total: int) -> None:
            bar.update(task, description=what, completed=done, total=total)

        if is_set(region):
            if history_months:
                raise UserError("--history-months belum tersedia untuk set wilayah.", code="synth.history_months")
            result = synth_region_set(out=out, spec=region, as_of=when, seed=seed, scale=scale, fmt=fmt,
                                      jobs=jobs, progress=progress)
        else:
            result = synth_generate(
                out=out, region=region, as_of=when, seed=seed, scale=scale, fmt=fmt, progress=progress,
                history_months=history_months,
            )
    s = result.summary

    console.print(
        f"{s['region_name']} {s['as_of']}: {num(s['population'])} penduduk, angkatan kerja "
        f"{num(s['workforce'])}, aktif {num(s['active'])} ({pct(s['pct'])}), "
        f"{num(s['member_records'])} baris peserta -> {result.out} ({result.seconds:.1f} dtk)"
    )
