"""PDS (perusahaan daftar sebagian) reads, scoped: the employer register in use, and three findings
per employer, each with its evidence (docs/compliance-pds.md):

- PDS-TK: workers on the employer's list who are not ACTIVE members under its NPP (latest member
  extract), with what the extract says of them elsewhere (another NPP, BPU, non-active here);
- PDS-Upah: a reported wage below the region's minimum wage (UMK) of the year, or below the wage
  on the employer's payroll roster; a region or year without a UMK row gives "UMK belum ada";
- PDS-Program: active members under the NPP missing a program the employer's size requires.

    rows = employers_ranked(scope=Scope(role="kepatuhan"))      # most workers missing first
    e = employer_access(scope=scope, npp="12345678")             # None outside the scope
    check = employer_check(employer=e)                           # .findings, .missing, .size_class

Scope: admin, analis, kepatuhan and pimpinan see every employer (pimpinan counts only, no
person rows); a kapanewon operator the employers of its kapanewon; a mitra the employer whose
name is its organisation; others none.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cakupan.accounts.scope import Scope, without_hidden
from cakupan.core.areas import parent_of
from cakupan.core.formatting import angka, rupiah
from cakupan.core.reference import REFERENCE_DIR

from .models import Employer, EmployerFile, EmployerWorker

PDS_DIR = REFERENCE_DIR / "compliance"
UMK_CSV, PROGRAMS_CSV, SIZES_CSV = PDS_DIR / "umk.csv", PDS_DIR / "programs.csv", PDS_DIR / "sizes.csv"
CODES = ("PDS-TK", "PDS-Upah", "PDS-Program")
MANAGE_ROLES = ("admin", "kepatuhan")
SIZE_LABELS = {"mikro": gettext_lazy("mikro"), "kecil": gettext_lazy("kecil"), "menengah": gettext_lazy("menengah"),
               "besar": gettext_lazy("besar")}
MEMBER_COLS = ["nik", "nama", "kpj", "segmen", "program", "status", "npp", "nama_perusahaan"]


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@lru_cache(maxsize=1)
def umk_table() -> tuple[dict, ...]:
    with UMK_CSV.open(encoding="utf-8") as fh:
        return tuple({**r, "umk": int(r["umk"]), "tahun": int(r["tahun"]), "from": _date(r["effective_from"]),
                      "to": _date(r["effective_to"])} for r in csv.DictReader(fh))


@lru_cache(maxsize=1)
def program_rules() -> tuple[dict, ...]:
    with PROGRAMS_CSV.open(encoding="utf-8") as fh:
        return tuple({**r, "from": _date(r["effective_from"]), "to": _date(r["effective_to"])}
                     for r in csv.DictReader(fh))


@lru_cache(maxsize=1)
def size_classes() -> tuple[dict, ...]:
    with SIZES_CSV.open(encoding="utf-8") as fh:
        return tuple({**r, "min": int(r["min_workers"]), "max": int(r["max_workers"]) if r["max_workers"] else None}
                     for r in csv.DictReader(fh))


def umk_for(*, kabupaten: str, on: date) -> dict | None:
    """The UMK row of a kabupaten code ('34.02') in force on a date, or None."""
    for r in umk_table():
        if r["kode_kabupaten"] == kabupaten and r["from"] <= on and (r["to"] is None or on <= r["to"]):
            return r
    return None


def size_class_of(workers: int) -> str | None:
    for r in size_classes():
        if workers >= r["min"] and (r["max"] is None or workers <= r["max"]):
            return r["size_class"]
    return None


def programs_required(*, size_class: str, on: date) -> list[dict]:
    """[{program, regulation}] the size class must hold on a date (programs.csv)."""
    return [{"program": r["program"], "regulation": r["regulation"]} for r in program_rules()
            if r["size_class"] == size_class and r["from"] <= on and (r["to"] is None or on <= r["to"])]


def file_current(kind: str) -> EmployerFile | None:
    return EmployerFile.objects.filter(kind=kind).order_by("-as_of", "-id").first()


def _register():
    f = file_current(EmployerFile.Kind.EMPLOYERS)
    if f is None:
        return Employer.objects.none()
    return Employer.objects.filter(file=f).exclude(issue__in=("npp.kosong", "npp.ganda"))


def register_npps() -> set[str]:
    return set(_register().values_list("npp", flat=True))


def _scoped(scope: Scope):
    qs = _register()
    if scope.role in ("admin", "analis", "kepatuhan", "pimpinan"):
        return qs
    if scope.role == "kapanewon" and scope.area_code:
        return qs.filter(scope.area_q("kapanewon_code"))
    if scope.role == "mitra" and scope.org:
        return qs.annotate(lname=Lower("name")).filter(lname=scope.org.lower())
    return qs.none()


def can_manage(scope: Scope) -> bool:
    """Import the register and the workers lists (the office's compliance team)."""
    return scope.role in MANAGE_ROLES


def employer_access(*, scope: Scope, npp: str) -> Employer | None:
    npp = (npp or "").strip().upper()
    if not npp or len(npp) > 40 or "\x00" in npp:
        return None
    return _scoped(scope).filter(npp=npp).first()


def employer_duplicates(*, employer: Employer) -> list[Employer]:
    """The later rows of the same file with the employer's NPP (kept with 'npp.ganda')."""
    return list(Employer.objects.filter(file_id=employer.file_id, npp=employer.npp, issue="npp.ganda"))


def _members(*, npps: set[str] | None = None, niks: set[str] | None = None) -> tuple[list[dict], date | None]:
    """Rows of the latest member extract with one of these NPPs or NIKs, and the extract's as-of."""
    from cakupan.registries.selectors import snapshot_latest, snapshot_path

    snap = snapshot_latest(kind="members")
    if snap is None:
        return [], None
    import pyarrow.dataset as ds

    data = ds.dataset(str(snapshot_path(snap)), format="parquet")
    cond = None
    if npps is not None:
        cond = ds.field("npp").isin(sorted(npps))
    if niks:
        c2 = ds.field("nik").isin(sorted(niks))
        cond = c2 if cond is None else (cond | c2)
    if cond is None:
        return [], snap.as_of
    return data.to_table(columns=MEMBER_COLS, filter=cond).to_pylist(), snap.as_of


def _occupations(niks: set[str]) -> dict[str, str]:
    """NIK -> the Dukcapil occupation (name) of the latest population extract, for these NIKs."""
    from cakupan.registries.occupations import occupation_mapping_rows
    from cakupan.registries.selectors import snapshot_latest, snapshot_path

    snap = snapshot_latest(kind="population")
    if snap is None or not niks:
        return {}
    import pyarrow.dataset as ds

    data = ds.dataset(str(snapshot_path(snap)), format="parquet")
    rows = data.to_table(columns=["nik", "pekerjaan_kode"], filter=ds.field("nik").isin(sorted(niks))).to_pylist()
    try:
        names = {int(r["code"]): r["name"] for r in occupation_mapping_rows(version=snap.occupation_mapping_version)}
    except Exception:  # no mapping loaded: codes only
        names = {}
    return {r["nik"]: names.get(r["pekerjaan_kode"], str(r["pekerjaan_kode"])) if r["pekerjaan_kode"] is not None
            else _("tidak diisi") for r in rows}


def _active(status) -> bool:
    return (status or "").replace("-", " ").strip().upper() == "AKTIF"


def _programs(text) -> set[str]:
    return {p.strip().upper() for p in (text or "").replace("+", ",").split(",") if p.strip()}


@dataclass
class Finding:
    code: str  # PDS-TK | PDS-Upah | PDS-Program
    state: str  # temuan | patuh | tidak_diperiksa
    summary: str
    count: int = 0
    basis: str = ""  # the decree / regulation
    evidence: list[dict] = field(default_factory=list)


@dataclass
class EmployerCheck:
    employer: Employer
    on: date
    workers_listed: int
    members_active: int
    size_class: str | None
    size_basis: str
    findings: list[Finding]
    row_issues: list[EmployerWorker]
    duplicates: list[Employer]
    members_as_of: date | None = None

    @property
    def size_label(self) -> str:
        """The size class in the reader's language ('kecil' / 'small')."""
        return str(SIZE_LABELS[self.size_class]) if self.size_class else ""

    @property
    def missing(self) -> int:
        return next((f.count for f in self.findings if f.code == "PDS-TK"), 0)

    @property
    def has_findings(self) -> bool:
        return any(f.state == "temuan" for f in self.findings)


def _workers(npps: set[str]) -> tuple[dict[str, list[EmployerWorker]], EmployerFile | None]:
    f = file_current(EmployerFile.Kind.WORKERS)
    out: dict[str, list[EmployerWorker]] = defaultdict(list)
    if f is not None:
        # nobody erased on request (UU 27/2022 ps. 8) is shown or counted
        for w in without_hidden(EmployerWorker.objects.filter(file=f, npp__in=sorted(npps))).order_by("row_number"):
            out[w.npp].append(w)
    return out, f


def _by_nik(members: list[dict]) -> dict[str, list[dict]]:
    idx: dict[str, list[dict]] = defaultdict(list)
    for m in members:
        if m["nik"]:
            idx[m["nik"]].append(m)
    return idx


def employer_check(*, employer: Employer, members: list[dict] | None = None,
                   elsewhere: dict[str, list[dict]] | None = None,
                   workers: list[EmployerWorker] | None = None, workers_file: EmployerFile | None = None,
                   members_as_of: date | None = None, with_occupations: bool = True,
                   duplicates: list[Employer] | None = None) -> EmployerCheck:
    """The three findings for one employer (the list page passes what it read once for all).
    with_occupations: each PDS-TK evidence row carries the person's Dukcapil occupation."""
    if workers is None:
        by_npp, workers_file = _workers({employer.npp})
        workers = by_npp.get(employer.npp, [])
    if members is None:
        members, members_as_of = _members(npps={employer.npp})
    on = workers_file.as_of if workers_file else (members_as_of or date.today())
    listed = [w for w in workers if w.nik_ok and w.issue != "duplikat"]
    mine = [m for m in members if m["npp"] == employer.npp]
    here = {m["nik"]: m for m in mine if m["nik"]}
    active_here = [m for m in mine if _active(m["status"])]
    if elsewhere is None:
        niks = {w.nik for w in listed if not (w.nik in here and _active(here[w.nik]["status"]))}
        elsewhere = _by_nik(_members(niks=niks)[0] if niks else [])
    other = {w.nik: [m for m in elsewhere.get(w.nik, ()) if m["npp"] != employer.npp] for w in listed}
    findings = [_finding_tk(listed, here, other, members_as_of), _finding_wage(employer, listed, on),
                None]
    if with_occupations and findings[0].evidence:
        occ = _occupations({e["nik"] for e in findings[0].evidence})
        for e in findings[0].evidence:
            e["pekerjaan"] = occ.get(e["nik"]) or _("tidak ada di data penduduk")
    if employer.workers_declared:
        size, basis = employer.workers_declared, _("%(n)s tenaga kerja menurut daftar pemberi kerja")
    elif listed:
        size, basis = len(listed), _("%(n)s tenaga kerja yang dilaporkan")
    else:
        size, basis = len(mine), _("%(n)s peserta di NPP ini")
    size_class = size_class_of(size) if size else None
    findings[2] = _finding_program(size_class, active_here, on)
    return EmployerCheck(employer=employer, on=on, workers_listed=len(listed), members_active=len(active_here),
                         size_class=size_class, size_basis=basis % {"n": size} if size else _("tidak ada jumlah tenaga kerja"),
                         findings=findings, row_issues=[w for w in workers if w.issue],
                         duplicates=employer_duplicates(employer=employer) if duplicates is None else duplicates,
                         members_as_of=members_as_of)


def _finding_tk(listed, here, other, members_as_of) -> Finding:
    if members_as_of is None:
        return Finding("PDS-TK", "tidak_diperiksa", _("Belum ada data peserta BPJS Ketenagakerjaan (cakupan import members)."))
    if not listed:
        return Finding("PDS-TK", "tidak_diperiksa", _("Belum ada daftar tenaga kerja yang dilaporkan pemberi kerja ini."))
    evidence = []
    for w in listed:
        m = here.get(w.nik)
        if m is not None and _active(m["status"]):
            continue
        if m is not None:
            why = _("terdaftar di NPP ini dengan status %(status)s") % {"status": m["status"] or "-"}
        elif other.get(w.nik):
            o = other[w.nik][0]
            where = (f"NPP {o['npp']} ({o['nama_perusahaan'] or '-'})" if o["npp"]
                     else _("segmen %(segment)s") % {"segment": o["segmen"] or "-"})
            why = (_("tidak terdaftar di NPP ini; tercatat sebagai peserta %(where)s, status %(status)s")
                   % {"where": where, "status": o["status"] or "-"})
        else:
            why = _("tidak ditemukan di data peserta")
        evidence.append({"row_number": w.row_number, "nik": w.nik, "nama": w.nama, "why": why})
    state = "temuan" if evidence else "patuh"
    summary = (_("%(n)s dari %(m)s tenaga kerja yang dilaporkan bukan peserta aktif di NPP ini.")
               % {"n": angka(len(evidence)), "m": angka(len(listed))} if evidence
               else _("Semua %(m)s tenaga kerja yang dilaporkan adalah peserta aktif di NPP ini.") % {"m": angka(len(listed))})
    return Finding("PDS-TK", state, summary, len(evidence), "UU 24/2011 ps. 15 ayat (1); PP 86/2013", evidence)


def _finding_wage(employer: Employer, listed, on: date) -> Finding:
    kab = parent_of(employer.kapanewon_code) if employer.kapanewon_code else None
    umk = umk_for(kabupaten=kab, on=on) if kab else None
    evidence = []
    for w in listed:
        if w.wage_reported is None:
            continue
        reasons = []
        if umk and w.wage_reported < umk["umk"]:
            reasons.append(_("di bawah UMK %(amount)s") % {"amount": rupiah(umk["umk"])})
        if w.wage_roster is not None and w.wage_reported < w.wage_roster:
            reasons.append(_("di bawah upah daftar gaji %(amount)s") % {"amount": rupiah(w.wage_roster)})
        if reasons:
            evidence.append({"row_number": w.row_number, "nik": w.nik, "nama": w.nama,
                             "reported": rupiah(w.wage_reported), "why": "; ".join(reasons)})
    basis = f"{umk['decree']} (UMK {umk['nama']} {umk['tahun']}: Rp {umk['umk_decree']})" if umk else ""
    checked = sum(1 for w in listed if w.wage_reported is not None)
    if not checked:
        return Finding("PDS-Upah", "tidak_diperiksa", _("Tidak ada upah yang dilaporkan pada daftar tenaga kerja."), 0, basis)
    if umk:
        note = ""
    elif kab:
        note = " " + _("UMK belum ada untuk %(kab)s tahun %(year)s: hanya dibandingkan dengan upah daftar gaji.") % {
            "kab": kab, "year": on.year}
    else:
        note = " " + _("UMK belum ada: kapanewon pemberi kerja tidak diketahui; hanya dibandingkan dengan upah daftar gaji.")
    counts = {"n": angka(len(evidence)), "m": angka(checked)}
    if evidence:
        summary = _("%(n)s dari %(m)s tenaga kerja dilaporkan dengan upah lebih rendah.") % counts + note
    else:
        summary = _("Upah %(m)s tenaga kerja yang dilaporkan tidak lebih rendah dari pembanding.") % counts + note
    return Finding("PDS-Upah", "temuan" if evidence else ("patuh" if umk else "umk_belum_ada"), summary.strip(),
                   len(evidence), basis, evidence)


def _finding_program(size_class, active_here, on: date) -> Finding:
    if size_class is None:
        return Finding("PDS-Program", "tidak_diperiksa", _("Ukuran usaha tidak diketahui (tidak ada jumlah tenaga kerja)."))
    required = programs_required(size_class=size_class, on=on)
    names = [r["program"] for r in required]
    basis = "; ".join(dict.fromkeys(part.strip() for r in required for part in r["regulation"].split(";")))
    if not active_here:
        return Finding("PDS-Program", "tidak_diperiksa",
                       _("Usaha %(size)s: wajib %(programs)s; belum ada peserta aktif di NPP ini.")
                       % {"size": SIZE_LABELS[size_class], "programs": ", ".join(names)}, 0, basis)
    evidence = []
    for m in active_here:
        held = _programs(m["program"])
        lacking = [p for p in names if p not in held]
        if lacking:
            evidence.append({"nik": m["nik"] or "", "nama": m["nama"] or "", "kpj": m["kpj"] or "",
                             "held": ", ".join(sorted(held)) or "-",
                             "why": _("tanpa %(programs)s") % {"programs": ", ".join(lacking)}})
    values = {"size": SIZE_LABELS[size_class], "programs": ", ".join(names), "n": angka(len(evidence)),
              "m": angka(len(active_here))}
    if evidence:
        summary = _("Usaha %(size)s wajib %(programs)s: %(n)s dari %(m)s peserta aktif belum didaftarkan pada semua "
                    "program itu.") % values
    else:
        summary = _("Usaha %(size)s wajib %(programs)s: semua %(m)s peserta aktif lengkap.") % values
    return Finding("PDS-Program", "temuan" if evidence else "patuh", summary, len(evidence), basis, evidence)


@dataclass(frozen=True)
class RankedRow:
    employer: Employer
    check: EmployerCheck


def employers_ranked(*, scope: Scope, only_findings: bool = False) -> list[RankedRow]:
    """Employers in scope with their findings, the most workers missing (PDS-TK) first."""
    employers = list(_scoped(scope))
    if not employers:
        return []
    npps = {e.npp for e in employers}
    by_npp, wfile = _workers(npps)
    niks = {w.nik for ws in by_npp.values() for w in ws if w.nik_ok}
    members, as_of = _members(npps=npps, niks=niks)
    by_member_npp = defaultdict(list)
    for m in members:
        by_member_npp[m["npp"]].append(m)
    by_nik = _by_nik(members)
    dups = defaultdict(list)
    for d in Employer.objects.filter(file_id=employers[0].file_id, issue="npp.ganda"):
        dups[d.npp].append(d)
    rows = []
    for e in employers:
        c = employer_check(employer=e, members=by_member_npp.get(e.npp, []), elsewhere=by_nik,
                           workers=by_npp.get(e.npp, []), workers_file=wfile, members_as_of=as_of,
                           with_occupations=False, duplicates=dups.get(e.npp, []))
        if only_findings and not c.has_findings:
            continue
        rows.append(RankedRow(e, c))
    rows.sort(key=lambda r: (-r.check.missing, -sum(f.count for f in r.check.findings), r.employer.name, r.employer.npp))
    return rows


def register_issues() -> list[Employer]:
    """Rows of the register in use with a problem (row-level report)."""
    f = file_current(EmployerFile.Kind.EMPLOYERS)
    return list(Employer.objects.filter(file=f).exclude(issue="")) if f else []


def letter_template_body() -> str | None:
    """The office's own letter text (the latest saved in the admin), or None for the shipped one."""
    from .models import PdsLetterTemplate

    t = PdsLetterTemplate.objects.order_by("-updated_at", "-id").first()
    return t.body if t else None


__all__ = ["CODES", "EmployerCheck", "Finding", "RankedRow", "can_manage", "employer_access", "employer_check",
           "employers_ranked", "file_current", "letter_template_body", "programs_required", "register_issues",
           "size_class_of", "umk_for"]
