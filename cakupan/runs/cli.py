"""`cakupan link`: link members to the population, compute coverage, publish (thin over the run
orchestrator, cakupan.runs.services.run_execute).

    cakupan link --as-of 2023-02-27 --export tautan.csv --tujuan verifikasi
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich import box
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
    purpose: str = typer.Option("", "--tujuan", help="Untuk apa --export (wajib bersamanya): sosialisasi, verifikasi, "
                                "kepatuhan, pelaporan, pdp, perbaikan; dicatat di log audit"),
    model: Optional[Path] = typer.Option(None, "--model", help="Berkas model Splink (dimuat bila ada, disimpan bila dilatih)"),
    retrain: bool = typer.Option(False, "--retrain", help="Latih ulang model walau sudah tersimpan"),
    truth: Optional[Path] = typer.Option(None, "--truth", help="truth/links.csv data sintetis: laporkan presisi/recall, juga per kelas bila ada"),
) -> None:
    """Cocokkan peserta BPJS TK ke penduduk, hitung cakupan, terbitkan hasilnya.

    Example: cakupan link --as-of 2023-02-27 --export tautan.csv --tujuan verifikasi --truth synth/truth/links.csv
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
                              export=export, export_purpose=purpose, on_step=on_step)
    _summary(console, outcome, export)


def quality_line(q: dict) -> str:
    """Precision/recall overall and on the members exact NIK matching missed; wrong exact links."""
    def pct(x) -> str:
        return "–" if x is None else f"{100 * x:.2f} %".replace(".", ",")

    o, m, e = q.get("overall", {}), q.get("missed_by_exact", {}), q.get("exact_check", {})
    return (f"presisi {pct(o.get('precision'))}, recall {pct(o.get('recall'))}; yang terlewat NIK persis: "
            f"presisi {pct(m.get('precision'))}, recall {pct(m.get('recall'))}; "
            f"NIK persis salah setelah pemeriksaan {pct(e.get('wrong_rate_after'))}")


# the synth truth's classes of a member record (cakupan/synth/members.py CLASSES), in Indonesian
CLASS_LABELS = {
    "twin_collision": "NIK = kembarannya",
    "twin": "Kembar",
    "outsider_namesake": "Luar, senama warga",
    "outsider": "Bukan penduduk",
    "nik_typo": "NIK salah/rusak",
    "nik_missing": "NIK kosong",
    "name_variant": "Ejaan nama lain",
    "date_swap": "Tgl/bln tertukar",
    "clean": "Bersih",
}
UNSETTLED_LABEL = "Luput NIK persis"


def quality_table(q: dict) -> Table | None:
    """Precision and recall per truth class and on what exact NIK could not settle (link_quality's
    `classes` and `unsettled`); None when the quality has neither (an older truth file)."""
    from cakupan.core.formatting import angka, persen

    classes, unsettled = q.get("classes") or {}, q.get("unsettled")
    if not classes and not unsettled:
        return None

    def pct(x) -> str:
        return "–" if x is None else persen(100 * x)

    table = Table(title="Kualitas per kelas (data sintetis)", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  padding=(0, 0, 0, 1),
                  caption="Luput NIK persis: rekaman yang tidak bisa diputuskan oleh NIK persis "
                          "(NIK-nya bukan NIK orang yang benar, atau bukan penduduk).")
    table.add_column("Kelas", no_wrap=True)
    for head in ("Rekaman", "Luput\nNIK", "Tertaut", "Salah", "Review", "Presisi", "Recall"):
        table.add_column(head, justify="right", no_wrap=True)

    def row(label: str, f: dict, **kw) -> None:
        table.add_row(label, angka(f.get("members")), angka(f.get("unsettled")), angka(f.get("linked")),
                      angka(f.get("wrong")), angka(f.get("review")), pct(f.get("precision")), pct(f.get("recall")), **kw)

    for i, (code, f) in enumerate(classes.items()):
        row(CLASS_LABELS.get(code, code), f, end_section=i == len(classes) - 1)
    if unsettled:
        row(UNSETTLED_LABEL, unsettled)
    overall = q.get("overall") or {}
    linked, correct = overall.get("linked"), overall.get("correct")
    row("Semua", {"members": q.get("members"), "unsettled": (unsettled or {}).get("members"), "linked": linked,
                  "wrong": None if linked is None else linked - correct,
                  "review": ((q.get("bands") or {}).get("review") or {}).get("members"),
                  "precision": overall.get("precision"), "recall": overall.get("recall")})
    return table


def quality_notes(q: dict) -> list[str]:
    """Twins linked to the other twin, outsiders linked, the review queue (link_quality)."""
    from cakupan.core.formatting import angka, persen

    def pct(x) -> str:
        return "–" if x is None else persen(100 * x)

    notes = []
    if q.get("twins"):
        t = q["twins"]
        notes.append(f"Kembar tertaut ke kembarannya: {angka(t['linked_to_twin'])} dari {angka(t['members'])} rekaman kembar")
    if q.get("outsiders"):
        o = q["outsiders"]
        notes.append(f"Bukan penduduk tetapi tertaut: {angka(o['linked'])} dari {angka(o['members'])} ({pct(o['share_linked'])})")
    if q.get("review"):
        r = q["review"]
        notes.append(f"Antrean review: {angka(r['members'])} rekaman ({pct(r['share_of_members'])} dari rekaman peserta); "
                     f"orang yang benar ada di antara calon: {angka(r['true_among_candidates'])} dari "
                     f"{angka(r['with_truth'])} ({pct(r['share_true_among_candidates'])})")
    return notes


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
        per_class = quality_table(res.quality)
        if per_class is not None:
            console.print(per_class)
        for note in quality_notes(res.quality):
            console.print(note, highlight=False)
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
    Example: cakupan synth --region 34.02 --scale 0.05 --history-months 6 --out /tmp/b && cakupan import population
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
