"""`cakupan person`: why one person is (not) counted, in sentences (thin over cakupan.explain.selectors,
the door the /orang/ page and GET /api/persons/explain/ use too).

    cakupan person 3402014101800001
    cakupan person --kpj 11000000001 --json
    cakupan person --nama sukardi --lahir 1980-01-01 --user kalurahan-poncosari

Without --user it runs office-wide (the admin scope) and is audited as "system"; with --user the
named user's scope applies and the look is audited under their name. --json prints the API's shape:
{"count", "matches", "explanation"}.
"""
from __future__ import annotations

import json
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cakupan.errors import UserError


def _run(run_id: int | None):
    from cakupan.coverage.selectors import run_chosen

    if run_id is None:
        return None  # the selectors take the latest DONE run (or say there is none)
    run = run_chosen(run_id=run_id)
    if run is None or run.pk != run_id:
        raise UserError(f"Proses #{run_id} tidak ada atau belum selesai. Tanpa --run dipakai proses terbaru.",
                        code="cli.run")
    return run


def person(
    nik: str = typer.Argument("", help="NIK 16 digit (boleh kosong bila --kpj, atau --nama dengan --lahir, diisi)"),
    kpj: str = typer.Option("", "--kpj", help="nomor KPJ: orang yang tertaut ke kartu itu (atau NIK di kartu)"),
    nama: str = typer.Option("", "--nama", help="sebagian nama, paling sedikit 3 huruf (dengan --lahir)"),
    lahir: Optional[str] = typer.Option(None, "--lahir", help="tanggal lahir YYYY-MM-DD (dengan --nama)"),
    run_id: Optional[int] = typer.Option(None, "--run", help="nomor proses (bawaan: proses terbaru yang selesai)"),
    json_out: bool = typer.Option(False, "--json", help="cetak JSON (bentuk yang sama dengan API)"),
    user: str = typer.Option("", "--user", help="pengguna yang cakupan wilayahnya berlaku dan dicatat di log audit "
                                                "(bawaan: sistem, seluruh wilayah)"),
) -> None:
    """Mengapa seseorang (tidak) terhitung: setiap keputusan di balik angkanya, dalam kalimat.

    Cari dengan NIK, dengan --kpj, atau dengan --nama dan --lahir. Tiap pencarian dicatat di log audit.

    Example: cakupan person 3402014101800001

    Example: cakupan person --kpj 11000000001 --json
    """
    from cakupan.accounts.selectors import cli_actor
    from cakupan.core.cli import parse_date

    from . import selectors as explain

    who, scope = cli_actor(user)
    run = _run(run_id)
    born = parse_date(lahir, option="--lahir")
    hits = explain.person_find(user=who, scope=scope, nik=nik, kpj=kpj, nama=nama, lahir=born, run=run, via="cli")
    if not hits:
        raise explain.not_found()
    expl = None
    if len(hits) == 1:
        expl = explain.person_explain(user=who, scope=scope, nik=hits[0].nik, run=run, via="cli")
    if json_out:
        data = {"count": len(hits),
                "matches": [{"nik": h.nik_shown, "nama": h.nama, "birth_date": h.birth_date, "area": h.area,
                             "in_workforce": h.in_workforce, "status": h.status} for h in hits],
                "explanation": explain.explanation_dict(expl) if expl else None}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))
    elif expl is None:
        _matches(hits)
    else:
        _explanation(expl)


def _matches(hits) -> None:
    from cakupan.core.formatting import tanggal

    from .sentences import status_label

    table = Table(title=f"{len(hits)} orang cocok — persempit pencarian (NIK, KPJ, atau nama yang lebih lengkap)")
    from cakupan.core.terms import kind_term
    from cakupan.coverage.selectors import run_region

    region = run_region()
    for col in ("NIK", "Nama", "Lahir", kind_term("kalurahan", region).capitalize() if region else "Kalurahan", "Status"):
        table.add_column(col)
    for h in hits:
        table.add_row(h.nik_shown, escape(h.nama), tanggal(h.birth_date, lang="id"), escape(h.area),
                      status_label(h.status))
    Console().print(table)


def _explanation(expl) -> None:
    from cakupan.core.formatting import tanggal

    from .sentences import _eco, status_label

    out = Console()
    p = expl.person
    head = f"[bold]{escape(p.get('nama') or '(tidak ada di data kependudukan)')}[/]  NIK {expl.nik_shown}"
    where = ", ".join(x for x in (p.get("padukuhan"), p.get("kalurahan"), p.get("kapanewon")) if x)
    out.print(head)
    if p.get("birth_date"):
        out.print(f"Lahir {tanggal(p['birth_date'], lang='id')} (umur {p.get('age')} tahun)"
                  + (f" — {escape(where)}" if where else ""))
    out.print(f"Proses #{expl.run_id} per {tanggal(expl.as_of, lang='id')}")
    for section in expl.sections:
        out.print()
        out.print(f"[bold]{escape(section.title)}[/]")
        out.print(_bullets(section.sentences))
    out.print()
    table = Table(title="Riwayat per proses")
    for col in ("Proses", "Per", "Angkatan kerja", "Status", "Segmen", "Ekosistem", "Tautan", "KPJ"):
        table.add_column(col, no_wrap=col in ("Proses", "Per", "KPJ"))
    for h in expl.history:
        if not h.available:
            cells = ["rincian sudah dihapus (retensi)", "", "", "", "", ""]
        elif not h.found:
            cells = ["tidak ada di data", "", "", "", "", ""]
        else:
            cells = ["ya" if h.in_workforce else f"tidak ({h.excluded_reason or '–'})", status_label(h.status),
                     h.segment or "–", _eco(h.ecosystem or "") or "–", h.link_method or "–", h.kpj or "–"]
        table.add_row(f"#{h.run_id}", tanggal(h.as_of, lang='id'), *[escape(str(c)) for c in cells])
    out.print(table)
    out.print(_bullets(expl.changes))


def _bullets(sentences) -> Table:
    """One sentence a line, wrapped under its own first word."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    for s in sentences:
        grid.add_row("•", escape(s.text))
    return grid
