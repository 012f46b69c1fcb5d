"""What each kind of job does: thin over the domain services. Each handler returns
(result JSON, one-line message) or raises UserError (the job then fails with that line)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from cakupan.core.formatting import angka, persen
from cakupan.errors import UserError

# import steps (registries' progress callback) -> (start, end) of the job's bar, and words
IMPORT_STEPS = {"read": (0.0, 0.45, "Membaca berkas"), "nik": (0.45, 0.9, "Memeriksa NIK dan baris"),
                "save": (0.9, 1.0, "Menyimpan snapshot")}
# run steps (the orchestrator's on_step) -> fraction reached when the step starts, and words
RUN_STEPS = {"inputs": (0.02, "Menyiapkan masukan"), "staging": (0.1, "Staging"),
             "linkage": (0.25, "Mencocokkan peserta ke penduduk"), "marts": (0.65, "Status per orang dan cakupan"),
             "write": (0.8, "Menulis hasil"), "publish": (0.88, "Menerbitkan ke basis data")}


def _import_progress(report):
    def progress(step: str, done: int, total: int) -> None:
        start, end, words = IMPORT_STEPS.get(step, (0.0, 1.0, step))
        frac = start + (end - start) * (done / total if total else 0.0)
        report(frac, _(words) + (f" ({angka(done)} baris)" if step != "save" and done else ""))
    return progress


def _file(job) -> Path:
    path = Path(settings.CAKUPAN_HOME) / job.params["path"]
    if not path.is_file():
        raise UserError("Berkas unggahan tidak ditemukan lagi di server; unggah ulang.", code="upload.missing")
    return path


def import_handle(job, report) -> tuple[dict, str]:
    from cakupan.registries.services import snapshot_import

    p = job.params
    report(0.0, _("Membaca berkas"))
    out = snapshot_import(
        kind=p["kind"], path=_file(job), as_of=date.fromisoformat(p["as_of"]), roster_kind=p.get("roster_kind") or "",
        sheet=p.get("sheet") or None, user=job.created_by, user_name=job.created_by_name,
        progress=_import_progress(report), **({"columns": p["columns"]} if p.get("columns") else {}))
    return out.as_json(), out.message


def merge_handle(job, report) -> tuple[dict, str]:
    from cakupan.registries.merge import snapshot_merge

    p = job.params
    report(0.0, _("Membaca berkas perbaikan"))
    out = snapshot_merge(snapshot_id=int(p["fix_of"]), path=_file(job), sheet=p.get("sheet") or None,
                         user=job.created_by, user_name=job.created_by_name, progress=_import_progress(report))
    return out.as_json(), out.message


def run_handle(job, report) -> tuple[dict, str]:
    from cakupan.runs.services import run_execute

    as_of = date.fromisoformat(job.params["as_of"]) if job.params.get("as_of") else None

    def on_step(name: str) -> None:
        frac, words = RUN_STEPS.get(name, (None, name))
        if frac is not None:
            report(frac, _(words))

    outcome = run_execute(as_of=as_of, engine="duckdb", on_step=on_step, user=job.created_by)
    res = outcome.result
    totals = res.totals
    result = {
        "run_id": outcome.run.pk, "as_of": str(res.as_of),
        "workforce": int(totals["workforce"]), "active": int(totals["active"]), "nonactive": int(totals["nonactive"]),
        "pct": round(float(res.pct), 4), "counts": {k: int(v) for k, v in res.counts.items()},
        "timings": outcome.timings, "warnings": outcome.warnings,
    }
    message = (f"Run #{outcome.run.pk} diterbitkan: {angka(result['active'])} aktif dari "
               f"{angka(result['workforce'])} angkatan kerja ({persen(result['pct'])}).")
    return result, message


HANDLERS = {"import": import_handle, "merge": merge_handle, "run": run_handle}
