"""`cakupan budget plan|need` and `cakupan lapse list|worklist`."""
from __future__ import annotations

from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from cakupan.core.cli import num, pct, rp
from cakupan.errors import UserError

from .cli_common import actor

budget_app = typer.Typer(
    help="Perencana anggaran sponsor (APBD/APBDes/CSR) untuk pekerja rentan.\n\n"
    "Example: cakupan budget plan --budget 45000000 --months 12",
    no_args_is_help=True,
)
lapse_app = typer.Typer(
    help="Peserta yang akan nonaktif (semua segmen, masa tenggang per segmen) dan daftar kerja tindak lanjutnya.\n\n"
    "Example: cakupan lapse worklist --partner 'Lurah Poncosari' --area 34.02.01.2001 --within 1 --since 2",
    no_args_is_help=True,
)
console = Console()


@budget_app.command("plan")
def plan(
    budget: Optional[int] = typer.Option(None, "--budget", help="Anggaran dalam rupiah (dengan --funder: default sisa anggarannya)"),
    months: int = typer.Option(..., "--months"),
    area: str = typer.Option("", "--area"),
    quota: Optional[int] = typer.Option(None, "--quota-per-kalurahan", help="Paling banyak N orang per kalurahan/desa"),
    funder: str = typer.Option("", "--funder", help="Penyandang dana (nomor atau nama): sisa anggaran dan masanya"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """How many vulnerable workers a budget covers at the BPU minimum, which ones, and the lift.

    Example: cakupan budget plan --budget 45000000 --months 12 --quota-per-kalurahan 10
    Example: cakupan budget plan --funder 'APBDes Poncosari 2023' --months 10
    """
    from .planning import budget_plan

    _, scope = actor(user)
    fund = None
    if funder:
        from .selectors_funders import funder_access

        fund = funder_access(scope=scope, ref=funder)
    elif not budget:
        raise UserError("Beri --budget atau --funder.", code="budget.input")
    p = budget_plan(budget=budget or 0, months=months, scope=scope, area_code=area, quota_per_kalurahan=quota, funder=fund)
    if fund is not None:
        console.print(f"{fund.name}: sisa anggaran {rp(p.funder_remaining)}; rencana {rp(p.budget)} mulai "
                      f"{p.start:%m-%Y}, masa sampai {fund.period_to:%d-%m-%Y}.")
    console.print(f"Biaya: {rp(p.cost_month)}/orang/bulan x {months} bulan = {rp(p.per_person)}/orang; "
                  f"anggaran cukup untuk {num(p.capacity)} orang.")
    console.print(f"Kandidat rentan: {num(p.candidates)}; dipilih {num(p.covered)} ({rp(p.spent)}).")
    console.print(f"Cakupan {pct(p.pct_before)} -> {pct(p.pct_after)} (+{pct(p.lift_pp)[:-2]} poin)")
    t = Table(_kalurahan_word(area).capitalize(), "Orang")
    from cakupan.wilayah.selectors import area_names

    counts = p.by_kalurahan()
    names = area_names(counts)
    for code, n in counts.items():
        t.add_row(f"{names[code]} ({code})" if names[code] != code else code, num(n))
    console.print(t)


@budget_app.command("need")
def need(
    target_pct: float = typer.Option(..., "--target-pct"),
    months: int = typer.Option(..., "--months"),
    area: str = typer.Option("", "--area"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """The budget needed to reach a coverage target with sponsorship alone.

    Example: cakupan budget need --target-pct 40 --months 10
    """
    from .planning import budget_need

    _, scope = actor(user)
    n = budget_need(target_pct=target_pct, months=months, scope=scope, area_code=area)
    console.print(f"Angkatan kerja {num(n.workforce)}, aktif {num(n.active)}; perlu tambahan {num(n.needed)} orang.")
    console.print(f"Anggaran: {num(n.needed)} x {rp(n.cost_month)} x {months} bulan = [bold]{rp(n.budget)}[/]")
    if not n.reachable_with_vulnerable:
        console.print(f"Pekerja rentan yang belum terlindungi hanya {num(n.vulnerable_available)}; sisanya harus dari "
                      f"{num(n.uncovered_available)} pekerja lain yang belum terlindungi.")


@lapse_app.command("list")
def lapse(
    area: str = typer.Option("", "--area"),
    within: int = typer.Option(1, "--within", help="Nonaktif dalam N bulan (1-12)"),
    segment: str = typer.Option("", "--segment", help="Hanya segmen ini: BPU | PU | JAKON | PMI (default semua)"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Members of every segment who lapse within N months unless they pay, per area, with their partners.

    Example: cakupan lapse list --area 34.02.01 --within 2 --segment PU
    """
    from cakupan.accounts.scope import audit_record, mask_nik
    from cakupan.wilayah.selectors import area_names

    from .labels import month_text
    from .planning import lapse_list, lapse_summary

    u, scope = actor(user)
    rows = lapse_list(scope=scope, area_code=area, within=within, segment=segment.upper())
    names = area_names((r["kalurahan_code"] for r in rows), name_padukuhan=False)
    word = _kalurahan_word(area)
    t = Table("NIK", "Nama", word.capitalize(), "Segmen", "Lunas s.d.", "Batas bayar", "Nonaktif mulai", "Mitra",
              title=f"{num(len(rows))} peserta")
    for r in rows:
        t.add_row(r["nik"] if scope.sees_full_nik else mask_nik(r["nik"]), r["nama"], names[r["kalurahan_code"]],
                  r["segment"], month_text(r["paid_through"]), month_text(r["deadline"]), month_text(r["lapse_month"]),
                  ", ".join(r["partners"]) or "–")
    console.print(t)
    summary = lapse_summary(rows)
    console.print("Per mitra: " + (", ".join(f"{k if k != '-' else '(belum ada mitra)'} {num(v)}"
                                             for k, v in summary["partner"].items()) or "-"))
    console.print(f"Per {word}: " + (", ".join(f"{names.get(k, k)} {num(v)}" for k, v in summary["kalurahan"].items()) or "-"))
    audit_record(user=u, action="view_persons", scope=scope.label, rows=len(rows), detail={"list": "lapse"})


@lapse_app.command("worklist")
def lapse_worklist(
    partner: str = typer.Option(..., "--partner", help="Nama atau nomor mitra"),
    area: str = typer.Option(..., "--area", help="Kode wilayah (kapanewon/kecamatan, kalurahan/desa atau padukuhan/dusun)"),
    within: int = typer.Option(1, "--within", help="Akan nonaktif dalam N bulan (1-12)"),
    since: int = typer.Option(2, "--since", help="Baru nonaktif, paling lama N bulan (0-12; 0 = tanpa)"),
    ecosystem: str = typer.Option("", "--ecosystem"),
    by_padukuhan: bool = typer.Option(False, "--by-padukuhan", help="Satu lembar XLSX per padukuhan/dusun"),
    user: Optional[str] = typer.Option(None, "--user", help="Bertindak sebagai pengguna ini (lingkup wilayahnya)"),
) -> None:
    """Make a lapse follow-up worklist for a partner: members of every segment about to become
    non-active (soonest deadline first), then the recently lapsed; export and import it like any
    worklist (`cakupan worklist export|import|show`).

    Example: cakupan lapse worklist --partner 'Lurah Poncosari' --area 34.02.01.2001 --within 1 --since 2
    Example: cakupan lapse worklist --partner 'Perisai Srandakan' --area 34.02.01 --within 3 --since 0
    """
    from .selectors import access_partner
    from .services import lapse_worklist_make

    u, scope = actor(user)
    wl = lapse_worklist_make(partner=access_partner(ref=partner), area_code=area, scope=scope, user=u, within=within,
                             lapsed_since_months=since, ecosystem=ecosystem, by_padukuhan=by_padukuhan)
    counts: dict[tuple[str, str], int] = {}
    for reason, segment in wl.items.values_list("reason", "segment"):
        counts[(reason, segment)] = counts.get((reason, segment), 0) + 1

    def part(reason: str) -> str:
        n = sum(v for (r, _), v in counts.items() if r == reason)
        by = ", ".join(f"{s} {num(v)}" for (r, s), v in sorted(counts.items()) if r == reason)
        return f"{num(n)}" + (f" ({by})" if by else "")

    console.print(f"Daftar tindak lanjut #{wl.pk} '{wl.name}': {num(wl.items.count())} orang — akan nonaktif dalam "
                  f"{within} bulan: {part('akan_nonaktif')}; baru nonaktif ({since} bulan terakhir): {part('baru_nonaktif')}.")
    console.print(f"Berikutnya: cakupan worklist export {wl.pk}")


def _kalurahan_word(area: str | None) -> str:
    """The word for level 4 in the region of ``area`` (else the newest run's): kalurahan in DIY,
    desa/kelurahan elsewhere (core.terms)."""
    from cakupan.core.terms import kind_term
    from cakupan.coverage.selectors import run_region

    region = area or run_region()
    return kind_term("kalurahan", region) if region else "kalurahan"
