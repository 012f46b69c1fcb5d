"""The raw facts behind one person's figures in one run, read from where the run left them:

- the run's `person_status.parquet` (every population person, the excluded ones included),
  `links.parquet`, `review.parquet`, `roster_status.parquet` and `inputs/` (the occupation mapping
  and the review decisions the run used), under `CAKUPAN_HOME/<run.run_dir>/`;
- the member snapshot the run read (every card carrying this NIK, linked or not) and the latest
  ASN roster on or before the run's date;
- the database: who decided a review and when, outreach worklist items and enrolments.

    facts = person_facts(run=run, nik="3402014501900001")
    facts.person["excluded_reason"], facts.cards, facts.links, facts.pending

Nothing here is scoped or audited: `cakupan.explain.person_explain` checks the scope first.
One person costs a handful of DuckDB reads filtered on the NIK (~0,1 s on Bantul).
"""
from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from cakupan.coverage.models import CoverageRun
from cakupan.coverage.selectors import run_folder
from cakupan.linkage.models import ReviewDecision
from cakupan.registries.selectors import snapshot_latest, snapshot_path

log = logging.getLogger(__name__)

MEMBER_COLUMNS = ("nik", "nik_valid", "nik_error", "kpj", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "segmen", "program",
                  "status", "tanggal_kepesertaan", "iuran_terakhir", "npp", "nama_perusahaan")


@dataclass
class PersonFacts:
    run_id: int
    as_of: date
    available: bool  # the run's person-level files are there (retention pruning removes them)
    person: dict | None = None  # the person_status row
    links: list[dict] = field(default_factory=list)  # links.parquet rows linked to this NIK
    cards: list[dict] = field(default_factory=list)  # member records with this NIK or linked to it (+ their link)
    pending: list[dict] = field(default_factory=list)  # review.parquet rows naming this NIK as a candidate
    decisions: list[dict] = field(default_factory=list)  # review decisions on this NIK
    rosters: list[dict] = field(default_factory=list)  # roster_status rows with this NIK
    asn: list[dict] = field(default_factory=list)  # rows of the ASN roster with this NIK
    occupation: dict | None = None  # the mapping row of the person's occupation code
    mapping_source: str = ""  # where the mapping row was read
    outreach: dict = field(default_factory=dict)


def _query(sql: str, params: list) -> list[dict]:
    with duckdb.connect() as con:
        rel = con.execute(sql, params)
        cols = [d[0] for d in rel.description]
        return [dict(zip(cols, r)) for r in rel.fetchall()]


def _parquet_rows(path: Path | None, where: str, params: list, columns: str = "*") -> list[dict]:
    if path is None or not path.is_file():
        return []
    try:
        return _query(f"SELECT {columns} FROM read_parquet(?) WHERE {where}", [str(path), *params])
    except duckdb.Error as exc:  # a damaged or foreign file: explain what can be explained
        log.warning("unreadable %s: %s", path, exc)
        return []


def _columns(path: Path) -> set[str]:
    with duckdb.connect() as con:
        return {r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()}


def _cards(run: CoverageRun, folder: Path, nik: str, linked_keys: list[str]) -> list[dict]:
    """Member records of the run's member snapshot carrying this NIK or linked to this person,
    each with its link row (method, person it went to, probability, reasons)."""
    if run.member_snapshot_id is None:
        return []
    path = snapshot_path(run.member_snapshot)
    links = folder / "links.parquet"
    if not path.is_file():
        return []
    have = _columns(path)
    cols = ", ".join(f"m.{c}" if c in have else f"NULL AS {c}" for c in MEMBER_COLUMNS)
    key = "m.member_key" if "member_key" in have else "m.kpj"
    join = (f"LEFT JOIN read_parquet(?) l ON l.member_key = {key}" if links.is_file()
            else "LEFT JOIN (SELECT NULL::VARCHAR AS member_key, NULL::VARCHAR AS person_nik, NULL::VARCHAR AS method, "
                 "NULL::DOUBLE AS match_probability, NULL::VARCHAR AS reasons) l ON FALSE")
    params = [str(path)] + ([str(links)] if links.is_file() else [])
    keys = ", ".join("?" for _ in linked_keys) or "NULL"
    try:
        return _query(
            f"SELECT {cols}, {key} AS member_key, l.person_nik, l.method, l.match_probability, l.reasons "
            f"FROM read_parquet(?) m {join} WHERE m.nik = ? OR {key} IN ({keys}) ORDER BY m.kpj",
            params + [nik, *linked_keys])
    except duckdb.Error as exc:
        log.warning("member snapshot %s unreadable: %s", path, exc)
        return []


def _occupation(folder: Path, code) -> tuple[dict | None, str]:
    """The mapping row the run used (its inputs/occupations.csv), else the current mapping."""
    if code is None:
        return None, ""
    used = folder / "inputs" / "occupations.csv"
    if used.is_file():
        with used.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if str(row.get("code", "")).strip() == str(code):
                    return ({**row, "in_workforce": row.get("in_workforce", "").strip().lower() == "true",
                             "excluded": row.get("excluded", "").strip().lower() == "true"}, "run")
        return None, "run"
    from cakupan.registries.occupations import occupation_mapping_rows

    try:
        rows = occupation_mapping_rows()
    except Exception:  # no mapping loaded yet
        return None, ""
    return next(({**r} for r in rows if str(r["code"]) == str(code)), None), "current"


def person_facts(*, run: CoverageRun, nik: str) -> PersonFacts:
    folder = run_folder(run)
    status_file = folder / "person_status.parquet" if folder else None
    facts = PersonFacts(run_id=run.pk, as_of=run.as_of, available=bool(status_file and status_file.is_file()))
    if not facts.available:
        return facts
    # the person's own row is read without the fallback: a damaged or old-shape file raises
    # duckdb.Error (the door says so), rather than explaining someone as absent
    rows = _query("SELECT * FROM read_parquet(?) WHERE nik = ?", [str(status_file), nik])
    facts.person = rows[0] if rows else None
    facts.links = _parquet_rows(folder / "links.parquet", "person_nik = ?", [nik])
    facts.cards = _cards(run, folder, nik, [r["member_key"] for r in facts.links])
    facts.pending = _parquet_rows(folder / "review.parquet", "candidate_nik = ? OR member_nik = ?", [nik, nik])
    keys = {r["member_key"] for r in facts.links} | {r["member_key"] for r in facts.cards} \
        | {r["member_key"] for r in facts.pending}
    decisions = ReviewDecision.objects.filter(candidate_nik=nik) | ReviewDecision.objects.filter(member_key__in=keys)
    facts.decisions = [
        {"member_key": d.member_key, "candidate_nik": d.candidate_nik, "decision": d.decision, "note": d.note,
         "decided_by": d.decided_by.username if d.decided_by else "", "decided_at": d.decided_at}
        for d in decisions.select_related("decided_by").order_by("decided_at")]
    facts.rosters = _parquet_rows(folder / "roster_status.parquet", "nik = ?", [nik])
    asn = snapshot_latest(kind="roster", roster_kind="asn", as_of=run.as_of)
    if asn is not None:
        facts.asn = [{**r, "snapshot_as_of": asn.as_of} for r in _parquet_rows(snapshot_path(asn), "nik = ?", [nik])]
    if facts.person is not None:
        facts.occupation, facts.mapping_source = _occupation(folder, facts.person.get("pekerjaan_kode"))
    from cakupan.outreach.selectors import person_data

    facts.outreach = person_data(nik=nik)
    return facts
