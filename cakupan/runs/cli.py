"""`cakupan link`: link members to the population, compute coverage, publish (thin over the run
orchestrator, cakupan.runs.services.run_execute).

    cakupan link --as-of 2023-02-27 --export tautan.csv
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from cakupan.core.cli import parse_date
from cakupan.core.vocab import LINK_METHODS
from cakupan.errors import UserError

STEP_LABELS = {
    "inputs": "Menyiapkan masukan (snapshot, pemetaan pekerjaan, keputusan review)",
    "staging": "Staging",
    "linkage": "Pencocokan peserta ke penduduk",
    "marts": "Status per orang dan cakupan",
    "write": "Menulis hasil",
    "publish": "Menerbitkan ke basis data aplikasi",
}


def link(
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Tanggal acuan YYYY-MM-DD (bawaan: snapshot peserta terbaru)"),
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (bawaan) atau spark"),
    export: Optional[Path] = typer.Option(None, "--export", help="Tulis CSV satu baris per rekaman peserta"),
    model: Optional[Path] = typer.Option(None, "--model", help="Berkas model Splink (dimuat bila ada, disimpan bila dilatih)"),
    retrain: bool = typer.Option(False, "--retrain", help="Latih ulang model walau sudah tersimpan"),
    truth: Optional[Path] = typer.Option(None, "--truth", help="truth/links.csv data sintetis: laporkan presisi/recall"),
) -> None:
    """Cocokkan peserta BPJS TK ke penduduk, hitung cakupan, terbitkan hasilnya.

    Example: cakupan link --as-of 2023-02-27 --export tautan.csv --truth synth/truth/links.csv
    """
    if engine not in ("duckdb", "spark"):
        raise UserError(f"Mesin tidak dikenal: {engine} (pilih duckdb atau spark)", code="engine.unknown")
    when = parse_date(as_of)
    from .services import run_execute

    console = Console()
    with console.status("Memulai…") as status:
        def on_step(name: str) -> None:
            status.update(STEP_LABELS.get(name, name) + "…")
            console.log(STEP_LABELS.get(name, name))

        outcome = run_execute(as_of=when, engine=engine, model=model, retrain=retrain, truth=truth,
                              export=export, on_step=on_step)
    _summary(console, outcome, export)


def quality_line(q: dict) -> str:
    """Precision/recall overall and on the members exact NIK matching missed; wrong exact links."""
    def pct(x) -> str:
        return "–" if x is None else f"{100 * x:.2f} %".replace(".", ",")

    o, m, e = q.get("overall", {}), q.get("missed_by_exact", {}), q.get("exact_check", {})
    return (f"presisi {pct(o.get('precision'))}, recall {pct(o.get('recall'))}; yang terlewat NIK persis: "
            f"presisi {pct(m.get('precision'))}, recall {pct(m.get('recall'))}; "
            f"NIK persis salah setelah pemeriksaan {pct(e.get('wrong_rate_after'))}")


def _summary(console: Console, outcome, export: Path | None) -> None:
    from cakupan.core.formatting import angka, persen

    res = outcome.result
    total = sum(res.counts.get(m, 0) for m in LINK_METHODS.codes)
    table = Table(title=f"Hasil pencocokan per {res.as_of} (mesin {res.engine})")
    table.add_column("Metode")
    table.add_column("Rekaman", justify="right")
    table.add_column("%", justify="right")
    for term in LINK_METHODS:
        n = res.counts.get(term.code, 0)
        table.add_row(term.id, angka(n), persen(100.0 * n / total if total else 0))
    table.add_row("Jumlah", angka(total), "")
    console.print(table)
    t = res.totals
    console.print(
        f"Cakupan kabupaten: {angka(t['active'])} aktif / {angka(t['workforce'])} angkatan kerja = "
        f"{persen(res.pct)}; tidak aktif {angka(t['nonactive'])}; antrean review {angka(res.counts.get('review_queue', 0))}"
    )
    if res.quality:
        console.print("Kualitas (data sintetis): " + quality_line(res.quality))
    times = {**res.timings, **outcome.timings}
    console.print(
        "Waktu: " + ", ".join(f"{k} {v:.2f} d" for k, v in times.items() if k in ("linkage", "total", "publish", "inputs"))
    )
    if export:
        console.print(f"Ekspor: {export}")
    for w in outcome.warnings:
        console.print(f"[yellow]Peringatan:[/] {w['message']}", soft_wrap=True, highlight=False)
    console.print(f"Run #{outcome.run.pk} diterbitkan; folder {outcome.run_dir}")


def backfill(
    folder: Path = typer.Argument(..., help="Folder berisi members-YYYY-MM-DD.csv (ekstrak peserta akhir bulan)"),
    again: bool = typer.Option(False, "--again", help="Jalankan lagi bulan yang sudah diterbitkan"),
) -> None:
    """Isi riwayat bulanan: impor tiap ekstrak peserta akhir bulan (urut tanggal), jalankan proses
    bulan itu, lalu hitung ulang arus (baru, aktif lagi, berhenti, keluar) tiap proses.

    Example: cakupan backfill synth/bantul/history
    Example: cakupan synth --scale 0.05 --history-months 6 --out /tmp/b && cakupan import population
    /tmp/b/population.csv --as-of 2023-02-27 && cakupan backfill /tmp/b/history
    """
    from cakupan.core.formatting import tanggal

    from .backfill import history_backfill

    console = Console()
    words = {"import": "impor ekstrak peserta", "run": "proses cakupan", "skipped": "sudah diterbitkan, dilewati"}
    with console.status("Memulai…") as status:
        def on_month(as_of, what: str) -> None:
            status.update(f"{tanggal(as_of)}: {words[what]}…")
            console.log(f"{tanggal(as_of)}: {words[what]}")

        outcome = history_backfill(folder=folder, again=again, on_month=on_month)
    ran = sum(1 for _, what, _ in outcome.months if what == "run")
    console.print(f"{ran} bulan diproses, {len(outcome.months) - ran} dilewati; arus {outcome.flows_recounted} proses "
                  "dihitung ulang. Lihat: cakupan coverage --by month")
