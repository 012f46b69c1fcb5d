"""`cakupan worklist partner|make|assign|export|import|show`."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from cakupan.core.cli import num, pct

from .cli_common import actor

worklist_app = typer.Typer(
    help="Daftar kerja lapangan untuk mitra (per wilayah, atau per sekolah/dinas untuk guru honorer): buat, ekspor XLSX, "
    "impor hasil, pantau.\n\n"
    "Example: cakupan worklist make --partner 'Lurah Poncosari' --area 34.02.13.2003 --by-padukuhan",
    no_args_is_help=True,
)
console = Console()


@worklist_app.command("partner")
def partner(
    name: str = typer.Option(..., "--name"),
    kind: str = typer.Option(..., "--kind", help="lurah | dkukmpp | opd | perisai | sekolah | dinas | lainnya"),
    area: List[str] = typer.Option([], "--area", help="Kode wilayah yang digarap: kecamatan/kapanewon, kalurahan/desa "
                                   "atau padukuhan/dusun (boleh berulang; kosong = semua)"),
    ecosystem: List[str] = typer.Option([], "--ecosystem", help="Ekosistem yang digarap (boleh berulang)"),
) -> None:
    """Register a partner (a school's partner: --kind sekolah --name 'Kepala <school>', or let
    `worklist make --school` make it; an office's: --kind dinas, or let `worklist make --dinas` make it).

    Example: cakupan worklist partner --name 'Lurah Poncosari' --kind lurah --area 34.02.01.2001
    """
    from .services import partner_create

    p = partner_create(name=name, kind=kind, area_codes=area, ecosystems=ecosystem)
    console.print(f"Mitra #{p.pk} {p.name} ({p.get_kind_display()}) dibuat.")


@worklist_app.command("make")
def make(
    partner: Optional[str] = typer.Option(None, "--partner", help="Nama atau nomor mitra (wajib tanpa --school/--dinas)"),
    area: Optional[str] = typer.Option(None, "--area", help="Kode wilayah: kecamatan/kapanewon, kalurahan/desa atau "
                                       "padukuhan/dusun (wajib tanpa --school/--dinas; dengan keduanya: hanya wilayah ini)"),
    school: Optional[str] = typer.Option(None, "--school", help="Sekolah pada daftar guru honorer: guru sekolah itu yang "
                                         "belum terdaftar atau nonaktif (mitra 'Kepala <sekolah>' dibuat bila belum ada)"),
    office: Optional[str] = typer.Option(None, "--dinas", help="kabupaten | provinsi | kemenag: guru semua sekolah "
                                         "tanggung jawab dinas itu yang belum terdaftar atau nonaktif (mitra jenis dinas "
                                         "dibuat bila belum ada; dengan --partner: mitra dinas itu)"),
    ecosystem: str = typer.Option("", "--ecosystem"),
    by_padukuhan: bool = typer.Option(False, "--by-padukuhan", help="Satu lembar XLSX per padukuhan/dusun"),
    limit: Optional[int] = typer.Option(None, "--limit", help="Paling banyak N orang teratas"),
    user: Optional[str] = typer.Option(None, "--user", help="Bertindak sebagai pengguna ini (lingkup wilayahnya)"),
) -> None:
    """Make a ranked worklist of uncovered workers and non-active members: of an area, or of one
    school's honorary teachers (--school, or a --partner of kind sekolah), or of the teachers of
    every school one office answers for (--dinas, or a --partner of kind dinas; docs/teachers.md).

    Example: cakupan worklist make --partner 'Lurah Poncosari' --area 34.02.01.2001 --by-padukuhan

    Example: cakupan worklist make --school "SD NEGERI 2 BANTUL"

    Example: cakupan worklist make --dinas provinsi
    """
    from cakupan.errors import UserError

    from .selectors import access_partner
    from .services import office_worklist_make, school_worklist_make, worklist_make

    u, scope = actor(user)
    p = access_partner(ref=partner) if partner else None
    if school and office:
        raise UserError("Pilih salah satu: --school atau --dinas.", code="worklist.args")
    if office or (p is not None and p.kind == "dinas" and not school):
        wl = office_worklist_make(office=office or "", partner=p, area_code=area or "", scope=scope, user=u,
                                  by_padukuhan=by_padukuhan, limit=limit)
    elif school or (p is not None and p.kind == "sekolah"):
        wl = school_worklist_make(school=school or "", partner=p, area_code=area or "", scope=scope, user=u,
                                  by_padukuhan=by_padukuhan, limit=limit)
    elif p is None or not area:
        raise UserError("Sebutkan --partner dan --area (atau --school / --dinas untuk daftar kerja guru satu "
                        "sekolah / satu dinas).",
                        code="worklist.args")
    else:
        wl = worklist_make(partner=p, area_code=area, scope=scope, user=u, ecosystem=ecosystem,
                           by_padukuhan=by_padukuhan, limit=limit)
    n = wl.items.count()
    console.print(f"Daftar kerja #{wl.pk} '{wl.name}': {num(n)} orang (nonaktif: "
                  f"{num(wl.items.filter(status='nonactive').count())}).")


@worklist_app.command("assign")
def assign(
    worklist_id: int = typer.Argument(...),
    to: str = typer.Option(..., "--to", help="Nama petugas"),
    padukuhan: str = typer.Option("", "--padukuhan", help="Hanya padukuhan/dusun ini (kode)"),
) -> None:
    """Assign items to a field worker.

    Example: cakupan worklist assign 3 --to 'Bu Sri' --padukuhan 34.02.01.2001.krajan
    """
    from cakupan.accounts.scope import Scope

    from .selectors import access_worklist
    from .services import worklist_assign

    n = worklist_assign(worklist=access_worklist(scope=Scope(role="admin"), worklist_id=worklist_id),
                        assigned_to=to, padukuhan_code=padukuhan)
    console.print(f"{n} item diserahkan ke {to}.")


@worklist_app.command("export")
def export(
    worklist_id: int = typer.Argument(...),
    out: Optional[Path] = typer.Option(None, "--out", help="Berkas XLSX (default: daftar-kerja-<id>.xlsx)"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Export a worklist to XLSX for offline field work (NIK masked unless the role may see it).

    Example: cakupan worklist export 3 --out daftar-3.xlsx
    """
    from .selectors import access_worklist
    from .services import worklist_export_xlsx

    u, scope = actor(user)
    wl = access_worklist(scope=scope, worklist_id=worklist_id)
    path = out or Path(f"daftar-kerja-{wl.pk}.xlsx")
    path.write_bytes(worklist_export_xlsx(worklist=wl, scope=scope, user=u))
    console.print(f"Ditulis: {path}")


@worklist_app.command("import")
def import_(
    file: Path = typer.Argument(..., exists=True, dir_okay=False),
    worklist_id: Optional[int] = typer.Option(None, "--worklist", help="Periksa bahwa berkas untuk daftar ini"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Import a filled worklist XLSX (HASIL, TANGGAL, CATATAN); bad rows are quarantined.

    Example: cakupan worklist import daftar-3-terisi.xlsx
    """
    from .selectors import access_worklist
    from .services import worklist_import_xlsx

    u, scope = actor(user)
    wl = access_worklist(scope=scope, worklist_id=worklist_id) if worklist_id else None
    r = worklist_import_xlsx(content=file.read_bytes(), file_name=file.name, by=user or "cli", worklist=wl)
    console.print(f"Daftar #{r.worklist_id}: {r.rows_read} baris = {r.rows_applied} diterapkan + {r.rows_unchanged} "
                  f"tetap + {r.rows_empty} kosong + {r.rows_quarantined} dikarantina.")
    for q in r.quarantine[:20]:
        console.print(f"  {q['sheet']}!{q['row_number']}: {q['reason_code']} — {q['message']}", markup=False)


@worklist_app.command("show")
def show(
    worklist_id: Optional[int] = typer.Argument(None),
    top: int = typer.Option(15, "--top", help="Tampilkan N item teratas"),
    user: Optional[str] = typer.Option(None, "--user"),
) -> None:
    """Progress of all worklists (by partner), or one worklist with its top items.

    Example: cakupan worklist show 3 --top 20
    """
    from cakupan.accounts.scope import audit_record, mask_nik
    from cakupan.core.labels import status_name

    from .labels import month_text, reason_text, score_reasons

    from .selectors import (
        access_worklist,
        lapse_credits,
        lapse_credits_by_partner,
        partner_progress,
        worklist_items,
        worklist_progress,
        worklists_visible,
    )

    u, scope = actor(user)
    if worklist_id is None:
        t = Table("#", "Daftar kerja", "Mitra", "Orang", "Selesai", "%")
        for wl in worklists_visible(scope=scope):
            p = worklist_progress(worklist=wl)
            t.add_row(str(wl.pk), wl.name, wl.partner.name, num(p.total), num(p.done), pct(p.pct_done))
        console.print(t)
        for partner, p in partner_progress(scope=scope):
            console.print(f"{partner.name}: {num(p.done)}/{num(p.total)} selesai ({pct(p.pct_done)}), "
                          f"aktif kembali {num(p.reactivated)}, baru {num(p.new)}")
        for partner, c in lapse_credits_by_partner(scope=scope):
            console.print(f"{partner.name} (tindak lanjut nonaktif): {num(c.items)} orang, dihubungi {num(c.contacted)}, "
                          f"bertahan aktif {num(c.retained)}, aktif kembali {num(c.reactivated)}")
        return
    wl = access_worklist(scope=scope, worklist_id=worklist_id)
    p = worklist_progress(worklist=wl)
    console.print(f"#{wl.pk} {wl.name} — {num(p.total)} orang, selesai {num(p.done)} ({pct(p.pct_done)})")
    console.print("  " + ", ".join(f"{label}: {n}" for _, label, n in p.rows()))
    if wl.kind == "lapse":
        c = lapse_credits(worklist=wl, scope=scope)
        judged = f"hasil {c.later_run.as_of:%d-%m-%Y}" if c.later_run else "menunggu hasil cakupan berikutnya"
        console.print(f"  Kredit ({judged}): dihubungi {num(c.contacted)}, bertahan aktif {num(c.retained)} dari "
                      f"{num(c.soon)} yang akan nonaktif, aktif kembali {num(c.reactivated)} dari {num(c.recent)} yang baru nonaktif")
    items = list(worklist_items(worklist=wl, scope=scope)[:top])
    lapse = wl.kind == "lapse"
    t = Table("Peringkat", "ID", "NIK", "Nama", "Status", *(("Segmen", "Nonaktif mulai") if lapse else ("Skor",)),
              "Alasan", "Hasil")
    for i in items:
        middle = (i.segment, month_text(i.lapse_month)) if lapse else (str(i.score),)
        t.add_row(num(i.rank), str(i.pk), i.nik if scope.sees_full_nik else mask_nik(i.nik), i.nama, status_name(i.status),
                  *middle, reason_text(i.reason) if lapse else score_reasons(i.score_parts), i.get_outcome_display())
    console.print(t)
    audit_record(user=u, action="view_persons", scope=scope.label, rows=len(items), detail={"worklist": wl.pk})
