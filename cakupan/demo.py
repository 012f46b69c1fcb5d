"""`cakupan demo`: the synthetic Bantul, end to end, on the embedded defaults.

synth -> import (population, members, rosters) -> link + coverage -> the six months before, from
their month-end extracts (cakupan backfill) -> 40 % target allocated -> demo accounts -> web app on
http://127.0.0.1:8000. Every step is idempotent: a second
run reuses the synthetic files, skips imports it already has and publishes a fresh run.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cakupan.core.cli import num
from cakupan.core.vocab import ROSTER_KINDS
from cakupan.errors import UserError

console = Console()
AS_OF = date(2023, 2, 27)
HISTORY_MONTHS = 6  # month-end extracts before AS_OF: the trend, the flows and the forecast read them


def _synth(out: Path, *, scale: float, seed: int) -> None:
    manifest = out / "MANIFEST.json"
    if manifest.exists():
        from cakupan.synth.generate import GENERATOR_VERSION

        meta = json.loads(manifest.read_text())
        same = (float(meta.get("scale", -1)), int(meta.get("seed", -1)), meta.get("generator_version"),
                meta.get("history_months"))
        if same == (scale, seed, GENERATOR_VERSION, HISTORY_MONTHS):
            console.print(f"[dim]Data sintetis sudah ada di {out}[/]")
            return
    console.rule("1. Data sintetis Bantul (cakupan synth)")
    cmd = [sys.executable, "-m", "cakupan.cli", "synth", "--region", "34.02", "--as-of", AS_OF.isoformat(),
           "--seed", str(seed), "--scale", str(scale), "--out", str(out), "--format", "csv",
           "--history-months", str(HISTORY_MONTHS)]
    if subprocess.run(cmd).returncode != 0:
        raise UserError("Pembuatan data sintetis gagal (lihat pesan di atas).", code="demo.synth")


def _imports(out: Path) -> None:
    from cakupan.registries.services import snapshot_import

    console.rule("2. Impor register (cakupan import)")
    jobs = [("population", "", out / "population.csv"), ("members", "", out / "members.csv")]
    jobs += [("roster", k, out / "rosters" / f"{k}.csv") for k in sorted(ROSTER_KINDS.codes, key=lambda k: k != "asn")]  # ASN first
    table = Table("register", "status", "dibaca", "dimuat", "karantina")
    for kind, roster_kind, path in jobs:
        if not path.exists():
            continue
        rep = snapshot_import(kind=kind, path=path, as_of=AS_OF, roster_kind=roster_kind, user_name="demo")
        table.add_row(f"{kind} {roster_kind}".strip(), rep.status, num(rep.rows_read), num(rep.rows_loaded),
                      num(rep.rows_quarantined))
    console.print(table)


def _history(out: Path) -> None:
    """The months before AS_OF from their month-end extracts, after the main run (whose model they
    reuse); every run's flows are then counted against the month before (cakupan backfill)."""
    from cakupan.runs.backfill import history_backfill

    if not (out / "history").is_dir():
        return
    console.rule(f"4. Riwayat: {HISTORY_MONTHS} bulan sebelumnya (cakupan backfill)")
    outcome = history_backfill(folder=out / "history",
                               on_month=lambda d, what: console.log(f"{d.isoformat()}: {what}"))
    ran = sum(1 for _, what, _ in outcome.months if what == "run")
    console.print(f"{ran} bulan diproses; arus {outcome.flows_recounted} proses dihitung")


def _link(out: Path) -> None:
    from cakupan.runs.services import run_execute

    console.rule("3. Pencocokan dan cakupan (cakupan link)")
    truth = out / "truth" / "links.csv"
    outcome = run_execute(as_of=AS_OF, truth=truth if truth.exists() else None)
    summary = outcome.run.summary or {}
    table = Table("ukuran", "nilai")
    for key, value in summary.items():
        if isinstance(value, (int, float, str)):
            table.add_row(str(key), str(value))
        elif isinstance(value, dict) and all(isinstance(v, (int, float)) for v in value.values()):
            table.add_row(str(key), ", ".join(f"{k}={v}" for k, v in value.items()))
    console.print(table)


def _target() -> None:
    from cakupan.targets.models import Target
    from cakupan.targets.services import target_allocate, target_set

    if Target.objects.filter(area_id="34.02", parent__isnull=True).exists():
        return
    console.rule("5. Target 40 % akhir 2023, dialokasikan ke kapanewon dan kalurahan")
    target = target_set(area_code="34.02", value_pct=40, due=date(2023, 12, 31), baseline_as_of=AS_OF)
    children = target_allocate(target_id=target.id, rule="proportional_uncovered")
    console.print(f"{len(children)} target turunan dibuat")


def _worklist() -> None:
    from cakupan.accounts.scope import Scope
    from cakupan.outreach.models import Partner, Worklist
    from cakupan.outreach.services.partners import partner_create
    from cakupan.outreach.services.worklists import worklist_make
    from cakupan.wilayah.models import Area

    kalurahan = Area.objects.filter(kind="kalurahan").order_by("code").first()
    if kalurahan is None or Worklist.objects.exists():
        return
    console.rule(f"6. Daftar kerja contoh: Lurah {kalurahan.name}")
    partner = Partner.objects.filter(name=f"Lurah {kalurahan.name}").first() or partner_create(
        name=f"Lurah {kalurahan.name}", kind="lurah", area_codes=[kalurahan.code])
    wl = worklist_make(partner=partner, area_code=kalurahan.code, scope=Scope(role="admin"), by_padukuhan=True)
    console.print(f"Daftar kerja #{wl.id}: {wl.items.count()} orang (yang tidak aktif lebih dulu)")


def _accounts() -> None:
    from cakupan.accounts.services import users_demo_ensure

    console.rule("7. Akun demo")
    table = Table("pengguna", "peran", "kata sandi")
    for username, role, password in users_demo_ensure():
        table.add_row(username, role, password)
    console.print(table)


def demo(
    scale: float = typer.Option(1.0, help="skala populasi (1.0 = Bantul, ~1 juta penduduk)"),
    seed: int = typer.Option(1, help="benih acak data sintetis"),
    port: int = typer.Option(8000, help="port aplikasi web"),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="jalankan aplikasi web di akhir"),
) -> None:
    """Run the demo: synthetic Bantul -> imports -> linkage and coverage -> targets -> web app.

    Example: cakupan demo            (then open http://127.0.0.1:8000)
    Example: cakupan demo --scale 0.05 --no-serve
    """
    from cakupan.home import ensure_ready, home

    ensure_ready()
    out = home() / "synth" / f"bantul-s{scale:g}-seed{seed}"
    _synth(out, scale=scale, seed=seed)
    _imports(out)
    _link(out)
    _history(out)
    _target()
    _worklist()
    _accounts()
    if serve:
        from cakupan.web.server import app_serve

        console.rule(f"8. Aplikasi web: http://127.0.0.1:{port}  (Ctrl+C untuk berhenti)")
        app_serve(host="127.0.0.1", port=port, reload=False)
