"""The explain door: find one person and say, in sentences, why each of their figures is what it is.
The web page (/orang/), the API (/api/persons/explain/) and `cakupan person` all use these two.

    hits = person_find(user=u, scope=scope, nik="3402014501900001")          # or kpj=, or nama= + lahir=
    expl = person_explain(user=u, scope=scope, nik=hits[0].nik, run=None)    # latest DONE run
    expl.sections[0].sentences[0].text, expl.history, explanation_dict(expl)

Only roles that may see personal data (`scope.can_see_persons`) get anything, and only for people
inside their scope (`scope.person_allowed`, the rule of every person list). "Not found" and "not
yours" give the same message, so a search cannot probe who lives elsewhere. Every search and every
explanation is audited (`search_person`, `explain_person`) with the NIK masked in the log.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

import duckdb
from django.utils.translation import gettext as _

from cakupan.accounts.scope import Scope, audit_record, mask_nik, persons_corrected
from cakupan.coverage import selectors as cov
from cakupan.coverage.models import CoverageRun
from cakupan.coverage.selectors import run_folder
from cakupan.coverage.selectors.rules import status_rules
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_codes, area_names

from .facts import person_facts
from .history import HISTORY_RUNS, HistoryRow, person_history
from .sentences import Section, Sentence, explain_sections

MAX_HITS = 20


class PersonNotFound(UserError):
    pass


@dataclass(frozen=True)
class Hit:
    nik: str
    nik_shown: str
    nama: str
    birth_date: date | None
    area: str  # kalurahan name
    in_workforce: bool | None
    status: str | None


@dataclass
class Explanation:
    nik: str
    nik_shown: str
    run_id: int
    as_of: date
    available: bool
    person: dict = field(default_factory=dict)  # nama, sex, birth_date, age, area names, figures
    sections: list[Section] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    changes: list[Sentence] = field(default_factory=list)


def not_found() -> PersonNotFound:
    """The one message for "no such person" and "not in your scope" (web, API and CLI use it)."""
    return PersonNotFound(_("Orang itu tidak ditemukan di wilayah atau ekosistem Anda pada proses ini."),
                          code="explain.not_found")


def _require(scope: Scope) -> None:
    if not scope.can_see_persons:
        raise UserError(_("Peran Anda tidak boleh melihat data per orang."), code="explain.forbidden")


def _run(run: CoverageRun | None) -> CoverageRun:
    run = run or cov.run_latest()
    if run is None:
        raise UserError(_("Belum ada proses cakupan yang selesai. Jalankan proses dulu (Operasi → Proses)."),
                        code="explain.no_run")
    return run


def _digits(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def _status_path(run: CoverageRun):
    folder = run_folder(run)
    path = folder / "person_status.parquet" if folder else None
    if path is None or not path.is_file():
        raise UserError(_("Rincian per orang proses %(d)s sudah tidak tersedia (retensi data). Pilih proses yang "
                          "lebih baru.") % {"d": run.as_of}, code="explain.pruned")
    return path


def _unreadable(run: CoverageRun) -> UserError:
    return UserError(_("Berkas hasil proses %(d)s tidak bisa dibaca (rusak atau dari versi lama). Jalankan proses "
                       "lagi.") % {"d": run.as_of}, code="explain.unreadable")


def _person_rows(run: CoverageRun, where: str, params: list) -> list[dict]:
    try:
        return _person_rows_read(run, where, params)
    except duckdb.Error as exc:
        raise _unreadable(run) from exc


def _person_rows_read(run: CoverageRun, where: str, params: list) -> list[dict]:
    with duckdb.connect() as con:
        rel = con.execute(
            "SELECT nik, nama, birth_date, kalurahan_code, padukuhan_code, ecosystem, in_workforce, status "
            f"FROM read_parquet(?) WHERE {where} ORDER BY nama, nik LIMIT {MAX_HITS * 5}",
            [str(_status_path(run)), *params])
        cols = [d[0] for d in rel.description]
        return persons_corrected([dict(zip(cols, r)) for r in rel.fetchall()])  # rectified on request


def _niks_of_kpj(run: CoverageRun, kpj: str) -> list[str]:
    """The person a KPJ is linked to, else the NIK written on that card (an unlinked card)."""
    folder = run_folder(run)
    links = folder / "links.parquet" if folder else None
    try:
        return _kpj_read(run, kpj, links)
    except duckdb.Error as exc:
        raise _unreadable(run) from exc


def _kpj_read(run: CoverageRun, kpj: str, links) -> list[str]:
    niks: list[str] = []
    with duckdb.connect() as con:
        if links is not None and links.is_file():
            niks = [r[0] for r in con.execute("SELECT person_nik FROM read_parquet(?) WHERE kpj = ? AND person_nik "
                                              "IS NOT NULL", [str(links), kpj]).fetchall()]
        if not niks and run.member_snapshot_id is not None:
            from cakupan.registries.selectors import snapshot_path

            path = snapshot_path(run.member_snapshot)
            if path.is_file():
                niks = [r[0] for r in con.execute("SELECT nik FROM read_parquet(?) WHERE kpj = ? AND nik IS NOT NULL",
                                                  [str(path), kpj]).fetchall()]
    return niks


def person_find(*, user, scope: Scope, nik: str = "", kpj: str = "", nama: str = "", lahir: date | None = None,
                run: CoverageRun | None = None, via: str = "web") -> list[Hit]:
    """People matching one of: a NIK, a KPJ, or a name (part of it) with a birth date. Scoped;
    an empty list when nothing in scope matches (the caller says "not found")."""
    _require(scope)
    run = _run(run)
    nik, kpj, nama = _digits(nik), _digits(kpj), " ".join((nama or "").split())[:100]
    if nik:
        if not (nik.isdigit() and len(nik) == 16):
            raise UserError(_("NIK harus 16 digit."), code="explain.nik")
        by, rows = "nik", _person_rows(run, "nik = ?", [nik])
    elif kpj:
        if not kpj.isalnum() or len(kpj) > 20:
            raise UserError(_("Nomor KPJ hanya berisi angka atau huruf, paling banyak 20."), code="explain.kpj")
        niks = _niks_of_kpj(run, kpj)[:MAX_HITS]
        by = "kpj"
        rows = _person_rows(run, f"nik IN ({', '.join('?' for _n in niks)})", niks) if niks else []
        if not rows and niks and _unrestricted(scope):  # a card whose NIK is not in the population
            rows = [{"nik": n, "nama": "", "birth_date": None, "kalurahan_code": "", "padukuhan_code": "",
                     "ecosystem": "", "in_workforce": None, "status": None} for n in niks]
    elif nama and lahir is not None:
        if len(nama) < 3:
            raise UserError(_("Tulis paling sedikit 3 huruf nama."), code="explain.name")
        by = "nama"
        rows = _person_rows(run, "nama ILIKE ? AND birth_date = ?", [f"%{nama}%", lahir])
    else:
        raise UserError(_("Cari dengan NIK, dengan nomor KPJ, atau dengan nama dan tanggal lahir."),
                        code="explain.query")
    allowed = [r for r in rows if scope.person_allowed(padukuhan_code=r["padukuhan_code"] or "",
                                                       ecosystem=r["ecosystem"] or "")]
    if by == "nik" and not rows and _unrestricted(scope):
        allowed = [{"nik": nik, "nama": "", "birth_date": None, "kalurahan_code": "", "padukuhan_code": "",
                    "ecosystem": "", "in_workforce": None, "status": None}] if _has_card(run, nik) else []
    allowed = [r for r in allowed if not scope.person_hidden(r["nik"])][:MAX_HITS]  # erased on request
    names = area_names([r["kalurahan_code"] for r in allowed if r["kalurahan_code"]])
    audit_record(user=user, action="search_person", scope=scope.label, rows=len(allowed),
                 detail={"by": by, "run": run.pk, "via": via})
    return [Hit(nik=r["nik"], nik_shown=r["nik"] if scope.sees_full_nik else mask_nik(r["nik"]), nama=r["nama"] or "",
                birth_date=r["birth_date"], area=names.get(r["kalurahan_code"], r["kalurahan_code"] or ""),
                in_workforce=r["in_workforce"], status=r["status"]) for r in allowed]


def _unrestricted(scope: Scope) -> bool:
    """Office-wide person roles also see people who are not in the population (a card only)."""
    return scope.person_allowed(padukuhan_code="", ecosystem="") and not scope.area_code


def _has_card(run: CoverageRun, nik: str) -> bool:
    if run.member_snapshot_id is None:
        return False
    from cakupan.registries.selectors import snapshot_path

    path = snapshot_path(run.member_snapshot)
    if not path.is_file():
        return False
    try:
        with duckdb.connect() as con:
            return bool(con.execute("SELECT count(*) FROM read_parquet(?) WHERE nik = ?", [str(path), nik]).fetchone()[0])
    except duckdb.Error:
        return False


def _region_name() -> str:
    codes = area_codes(kind="kabupaten")
    names = area_names(codes)
    return ", ".join(names.get(c, c) for c in codes) or _("wilayah ini")


def person_explain(*, user, scope: Scope, nik: str, run: CoverageRun | None = None, via: str = "web") -> Explanation:
    """Every decision behind one person's figures in `run` (default: the latest DONE run), in
    sentences, and how they changed over the last runs. Raises PersonNotFound when the NIK is not
    in the run or not in the caller's scope (one message for both)."""
    _require(scope)
    run = _run(run)
    nik = _digits(nik)
    if not (nik.isdigit() and len(nik) == 16):
        raise UserError(_("NIK harus 16 digit."), code="explain.nik")
    if scope.person_hidden(nik):  # erased on request: as if never held
        raise not_found()
    _status_path(run)
    try:
        facts = person_facts(run=run, nik=nik)
    except duckdb.Error as exc:  # a damaged or old-shape file is a UserError, not a wrong answer
        raise _unreadable(run) from exc
    p = facts.person
    if p is None:
        if not (_unrestricted(scope) and facts.cards):
            raise not_found()
    elif not scope.person_allowed(padukuhan_code=p.get("padukuhan_code") or "", ecosystem=p.get("ecosystem") or ""):
        raise not_found()
    names = area_names([c for c in ((p or {}).get("kalurahan_code"), (p or {}).get("padukuhan_code"),
                                    (p or {}).get("kapanewon_code")) if c])
    rules = {r["segment"]: r for r in status_rules()}
    sections = explain_sections(facts, nik=nik, region_name=_region_name(), names=names, rules=rules,
                                desa_word=cov.run_terms(run)["kalurahan"])  # the run's province's word (core.terms)
    history, changes = person_history(nik=nik, runs=cov.runs_done(limit=HISTORY_RUNS))
    shown = nik if scope.sees_full_nik else mask_nik(nik)
    person = {}
    if p is not None:
        p = persons_corrected([{**p, "nik": nik}])[0]  # name / birth date rectified on request
        person = {k: p.get(k) for k in ("nama", "sex", "birth_date", "age", "kalurahan_code", "padukuhan_code",
                                        "pekerjaan_kode", "excluded_reason", "in_workforce", "ecosystem", "status",
                                        "segment", "kpj", "paid_through", "link_method", "member_records",
                                        "months_behind", "lapse_month")}
        person.update(kapanewon=names.get(p.get("kapanewon_code") or "", ""),
                      kalurahan=names.get(p.get("kalurahan_code") or "", ""),
                      padukuhan=names.get(p.get("padukuhan_code") or "", ""))
    audit_record(user=user, action="explain_person", scope=scope.label, rows=1,
                 detail={"nik": mask_nik(nik), "run": run.pk, "via": via})
    return Explanation(nik=nik, nik_shown=shown, run_id=run.pk, as_of=run.as_of, available=facts.available,
                       person=person, sections=sections, history=history, changes=changes)


def explanation_dict(expl: Explanation) -> dict:
    """JSON-ready: the full NIK leaves only as `nik_shown` (masked for most roles)."""
    def plain(value):
        return value.isoformat() if isinstance(value, date) else value

    return {
        "nik": expl.nik_shown, "run": expl.run_id, "as_of": expl.as_of.isoformat(),
        "person": {k: plain(v) for k, v in expl.person.items()},
        "sections": [{"key": s.key, "title": s.title,
                      "sentences": [{"code": x.code, "text": x.text} for x in s.sentences]} for s in expl.sections],
        "history": [{k: plain(v) for k, v in asdict(h).items()} for h in expl.history],
        "changes": [{"code": x.code, "text": x.text} for x in expl.changes],
    }
