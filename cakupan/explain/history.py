"""How one person's figures changed over the published runs: one DuckDB query over the
`person_status.parquet` of up to 12 DONE runs (union by name, the file name tells the run), then a
sentence for each change between consecutive runs.

    rows, sentences = person_history(nik="3402014501900001", runs=runs_done(limit=12))
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
from django.utils.translation import gettext as _

from cakupan.core.formatting import tanggal
from cakupan.coverage.selectors import run_folder

from .sentences import Sentence, _eco, status_label

HISTORY_RUNS = 12
FIELDS = ("in_workforce", "excluded_reason", "status", "segment", "ecosystem", "link_method", "kpj")


@dataclass(frozen=True)
class HistoryRow:
    run_id: int
    as_of: object
    available: bool  # False when retention pruning removed the run's person-level file
    found: bool  # the NIK is in that run's population
    in_workforce: bool | None = None
    excluded_reason: str | None = None
    status: str | None = None
    segment: str | None = None
    ecosystem: str | None = None
    link_method: str | None = None
    kpj: str | None = None


def _read(paths: dict[str, int], nik: str) -> dict[int, dict]:
    if not paths:
        return {}
    with duckdb.connect() as con:
        rel = con.execute(
            f"SELECT filename, {', '.join(FIELDS)} FROM read_parquet(?, union_by_name = true, filename = true) "
            "WHERE nik = ?", [list(paths), nik])
        return {paths[r[0]]: dict(zip(FIELDS, r[1:])) for r in rel.fetchall() if r[0] in paths}


def person_history(*, nik: str, runs: list) -> tuple[list[HistoryRow], list[Sentence]]:
    """`runs`: DONE runs, newest first. Rows come back oldest first."""
    paths: dict[str, int] = {}
    for run in runs:
        folder = run_folder(run)
        path = folder / "person_status.parquet" if folder else None
        if path is not None and path.is_file():
            paths[str(path)] = run.pk
    try:
        found = _read(paths, nik)
    except duckdb.Error:  # one damaged file: read them one by one
        found = {}
        for path, run_id in paths.items():
            try:
                found.update(_read({path: run_id}, nik))
            except duckdb.Error:
                paths[path] = -1
    available = set(paths.values())
    rows = [HistoryRow(run_id=r.pk, as_of=r.as_of, available=r.pk in available, found=r.pk in found,
                       **found.get(r.pk, {})) for r in reversed(runs)]
    return rows, _changes(rows)


def _changes(rows: list[HistoryRow]) -> list[Sentence]:
    out: list[Sentence] = []
    seen = [r for r in rows if r.available]
    for r in rows:
        if not r.available:
            out.append(Sentence("history.pruned", _(
                "Proses %(as_of)s: rincian per orang sudah dihapus (retensi data), hanya angka agregatnya yang "
                "tersimpan.") % {"as_of": tanggal(r.as_of)}))
    for before, after in zip(seen, seen[1:]):
        when = tanggal(after.as_of)
        if before.found != after.found:
            out.append(Sentence("history.population", (_(
                "%(when)s: muncul di data kependudukan.") if after.found else _(
                "%(when)s: tidak ada lagi di data kependudukan.")) % {"when": when}))
            continue
        if not after.found:
            continue
        if before.in_workforce != after.in_workforce:
            out.append(Sentence("history.workforce", (_(
                "%(when)s: masuk angkatan kerja.") if after.in_workforce else _(
                "%(when)s: keluar dari angkatan kerja (%(reason)s).")) % {
                    "when": when, "reason": after.excluded_reason}))
        if before.status != after.status:
            out.append(Sentence("history.status", _("%(when)s: status berubah dari %(old)s menjadi %(new)s.") % {
                "when": when, "old": status_label(before.status), "new": status_label(after.status)}))
        if before.segment != after.segment and after.segment not in (None, "NONE") and before.segment not in (None, "NONE"):
            out.append(Sentence("history.segment", _("%(when)s: segmen berubah dari %(old)s menjadi %(new)s.") % {
                "when": when, "old": before.segment, "new": after.segment}))
        if before.ecosystem != after.ecosystem:
            out.append(Sentence("history.ecosystem", _(
                "%(when)s: ekosistem berubah dari %(old)s menjadi %(new)s.") % {
                    "when": when, "old": _eco(before.ecosystem or ""), "new": _eco(after.ecosystem or "")}))
    if len(seen) < 2:
        out.append(Sentence("history.single", _("Baru satu proses yang bisa dibaca, jadi belum ada perubahan untuk "
                                                "dibandingkan.")))
    elif not any(s.code not in ("history.pruned",) for s in out):
        out.append(Sentence("history.unchanged", _("Tidak berubah selama %(n)s proses terakhir.") % {"n": len(seen)}))
    return out
