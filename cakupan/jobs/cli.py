"""`cakupan worker` and `cakupan jobs ...`: thin over cakupan.jobs.worker / selectors."""
from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

jobs_app = typer.Typer(
    help="Pekerjaan latar (impor, perbaikan karantina, run) yang dimulai dari peramban atau API.\n\n"
    "Example: cakupan jobs list",
    no_args_is_help=True,
)


def worker(
    once: bool = typer.Option(False, "--once", help="kerjakan antrean sampai kosong, lalu berhenti"),
    interval: float = typer.Option(1.0, "--interval", help="detik antara pemeriksaan antrean"),
) -> None:
    """Run background jobs (uploads, quarantine fixes, runs) from the database queue.

    `cakupan serve` and `cakupan demo` start one beside the web server; in production run it as a
    service (docs/deploy.md). Jobs a killed worker left running are marked failed at start.

    Example: cakupan worker
    """
    from .worker import worker_run

    Console(stderr=True).print("Pekerja latar berjalan; Ctrl+C untuk berhenti.")
    try:
        worker_run(once=once, interval=interval)
    except KeyboardInterrupt:
        Console(stderr=True).print("Pekerja dihentikan.")


@jobs_app.command("list")
def jobs_list(limit: int = typer.Option(20, "--limit", help="paling banyak sekian pekerjaan")) -> None:
    """List the latest jobs with their status, progress and message.

    Example: cakupan jobs list --limit 5
    """
    from django.utils import timezone

    from cakupan.core.formatting import tanggal

    from .models import Job

    table = Table("#", "jenis", "status", "%", "langkah / pesan", "oleh", "dibuat")
    for job in Job.objects.all()[:limit]:
        text = job.message if job.finished else job.step
        table.add_row(str(job.pk), str(job.get_kind_display()), str(job.get_status_display()),
                      f"{round(100 * job.progress)}", text, job.created_by_name, tanggal(timezone.localtime(job.created_at).date()))
    Console().print(table)
