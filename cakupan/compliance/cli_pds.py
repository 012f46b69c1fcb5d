"""`cakupan pds impor|daftar|cek|surat`: employer compliance (perusahaan daftar sebagian), thin over
cakupan.compliance.services_pds (imports), selectors_pds (findings) and letters_pds (the letter)."""
from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from cakupan.core.cli import num, parse_date
from cakupan.errors import UserError

pds_app = typer.Typer(
    help="Pemberi kerja daftar sebagian (PDS): daftar pemberi kerja, tenaga kerja yang dilaporkan, temuan "
    "PDS-TK / PDS-Upah / PDS-Program, surat pemberitahuan.\n\nExample: cakupan pds daftar --temuan",
    no_args_is_help=True,
)
console = Console()
STATE_TEXT = {"temuan": "TEMUAN", "patuh": "patuh", "tidak_diperiksa": "belum dapat diperiksa",
              "umk_belum_ada": "UMK belum ada"}


def _scope():
    """The CLI is the office's own tool: every employer (as `cakupan kepatuhan`)."""
    from cakupan.accounts.scope import Scope

    return Scope(role="admin")


def _audit(action: str, check, user: str) -> None:
    """Every look at an employer's evidence (names, NIK) is audited, from the command line too."""
    from cakupan.accounts.scope import audit_record

    audit_record(user=None, action=action, scope=f"cli {user}", rows=sum(len(f.evidence) for f in check.findings),
                 detail={"npp": check.employer.npp, "via": "cli", "user": user,
                         **({"purpose": "kepatuhan"} if action == "letter_pds" else {})})


def _employer(npp: str):
    from cakupan.compliance.selectors_pds import employer_access

    e = employer_access(scope=_scope(), npp=npp)
    if e is None:
        raise UserError(f"Pemberi kerja dengan NPP {npp} tidak ditemukan di daftar yang berlaku; lihat: cakupan pds daftar",
                        code="pds.unknown")
    return e


@pds_app.command("impor")
def import_file(
    kind: str = typer.Argument(..., help="pemberi_kerja | tenaga_kerja"),
    path: Path = typer.Argument(..., help="CSV atau XLSX"),
    as_of: str = typer.Option(..., "--as-of", help="data per tanggal (yyyy-mm-dd); tahun UMK diambil dari sini"),
    user: str = typer.Option("cli", "--user", help="siapa yang memuat"),
) -> None:
    """Import the employer register or the workers employers report; every problem listed by row.

    Example: cakupan pds impor pemberi_kerja pemberi_kerja.csv --as-of 2024-01-31
    Example: cakupan pds impor tenaga_kerja tenaga_kerja.xlsx --as-of 2024-01-31
    """
    from cakupan.compliance.services_pds import employer_file_import, worker_file_import

    if kind not in ("pemberi_kerja", "tenaga_kerja"):
        raise UserError(f"Jenis berkas tidak dikenal: {kind} (pemberi_kerja | tenaga_kerja)", code="pds.kind")
    if not path.is_file():
        raise UserError(f"Berkas tidak ditemukan: {path}", code="pds.file")
    service = employer_file_import if kind == "pemberi_kerja" else worker_file_import
    report = service(data=path.read_bytes(), name=path.name, as_of=parse_date(as_of), by=user)
    console.print(f"{num(report.rows)} baris dibaca, {num(len(report.issues))} baris bermasalah (tidak ada yang dibuang).")
    if report.issues:
        table = Table("baris", "masalah", "keterangan", title="Laporan per baris")
        for i in report.issues:
            table.add_row(f"baris {i.row_number}", i.code, i.message)
        console.print(table)


@pds_app.command("daftar")
def ranked(
    only_findings: bool = typer.Option(False, "--temuan", help="hanya pemberi kerja dengan temuan"),
    kapanewon: str = typer.Option("", "--kapanewon", help="hanya pemberi kerja di kapanewon/kecamatan ini (kode)"),
    fmt: str = typer.Option("table", "--format", help="table | json"),
) -> None:
    """Employers ranked by workers not registered (PDS-TK), with the three findings' counts.

    Example: cakupan pds daftar --temuan
    Example: cakupan pds daftar --kapanewon 34.02.01 --format json
    """
    from cakupan.accounts.scope import Scope
    from cakupan.compliance.selectors_pds import employers_ranked
    from cakupan.core.areas import level_of

    scope = _scope()
    if kapanewon:
        if level_of(kapanewon) != "kapanewon":
            raise UserError(f"--kapanewon {kapanewon}: bukan kode kapanewon/kecamatan (misalnya 34.02.01)",
                            code="pds.area")
        scope = Scope(role="kapanewon", area_code=kapanewon)
    rows = employers_ranked(scope=scope, only_findings=only_findings)
    if fmt == "json":
        typer.echo(json.dumps([{"npp": r.employer.npp, "name": r.employer.name, "kind": r.employer.kind,
                                "kapanewon": r.employer.kapanewon_code, "size_class": r.check.size_class,
                                "workers_listed": r.check.workers_listed, "missing": r.check.missing,
                                "findings": {f.code: {"state": f.state, "count": f.count} for f in r.check.findings}}
                               for r in rows]))
        return
    table = Table("NPP", "pemberi kerja", "skala", "TK dilaporkan", "PDS-TK", "PDS-Upah", "PDS-Program",
                  title="Pemberi kerja daftar sebagian")
    for r in rows:
        cells = [num(f.count) if f.state == "temuan" else STATE_TEXT[f.state] for f in r.check.findings]
        table.add_row(r.employer.npp, r.employer.name, r.check.size_label or "-", num(r.check.workers_listed), *cells)
    console.print(table)


@pds_app.command("cek")
def check(
    npp: str = typer.Argument(..., help="NPP pemberi kerja"),
    fmt: str = typer.Option("table", "--format", help="table | json"),
    user: str = typer.Option("cli", "--user", help="siapa yang melihat (dicatat di log audit)"),
) -> None:
    """One employer's three findings with their evidence (full NIK: the office's own tool).

    Example: cakupan pds cek 11111111
    """
    from cakupan.compliance.selectors_pds import employer_check

    c = employer_check(employer=_employer(npp))
    _audit("view_pds_workers", c, user)
    if fmt == "json":
        typer.echo(json.dumps({"npp": c.employer.npp, "name": c.employer.name, "on": c.on.isoformat(),
                               "size_class": c.size_class, "size_basis": c.size_basis,
                               "duplicate_rows": [d.row_number for d in c.duplicates],
                               "findings": [{"code": f.code, "state": f.state, "count": f.count, "summary": f.summary,
                                             "basis": f.basis, "evidence": f.evidence} for f in c.findings]}))
        return
    console.print(f"{c.employer.name} (NPP {c.employer.npp}), skala {c.size_label or '-'} menurut {c.size_basis}")
    for d in c.duplicates:
        console.print(f"  baris {d.row_number} daftar pemberi kerja: {d.issue_message}")
    for f in c.findings:
        console.print(f"\n[bold]{f.code}[/bold] ({STATE_TEXT[f.state]}): {f.summary}")
        if f.basis:
            console.print(f"  dasar: {f.basis}")
        for e in f.evidence:
            where = f"baris {e['row_number']}: " if e.get("row_number") else ""
            job = f" (pekerjaan Dukcapil: {e['pekerjaan']})" if e.get("pekerjaan") else ""
            console.print(f"  {where}{e['nama']} {e['nik']} - {e['why']}{job}")


@pds_app.command("surat")
def letter(
    npp: str = typer.Argument(..., help="NPP pemberi kerja"),
    out: Path = typer.Argument(..., help="berkas PDF yang ditulis"),
    office: str = typer.Option("BPJS Ketenagakerjaan", "--kantor", help="nama kantor pengirim"),
    signatory: str = typer.Option("", "--penanda-tangan", help="jabatan penanda tangan"),
    user: str = typer.Option("cli", "--user", help="siapa yang membuat surat (dicatat di log audit)"),
) -> None:
    """The letter (PDF, Indonesian) summarising an employer's findings, from the office's template.

    Example: cakupan pds surat 11111111 surat-11111111.pdf --kantor "BPJS Ketenagakerjaan Cabang Bantul"
    """
    from django.utils import translation

    from cakupan.compliance.letters_pds import employer_letter_pdf
    from cakupan.compliance.selectors_pds import employer_check

    with translation.override("id"):  # the letter is Indonesian
        c = employer_check(employer=_employer(npp))
        out.write_bytes(employer_letter_pdf(check=c, office=office, signatory=signatory))
    _audit("letter_pds", c, user)
    console.print(f"Surat untuk {c.employer.name} ditulis: {out}")
