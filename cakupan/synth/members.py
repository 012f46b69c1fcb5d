"""Member records (BPJS TK extract) for a set of persons, with the dirt real extracts carry.

Status fields follow contracts.md "Product rules": a record is active on the as-of date iff its
STATUS is not an explicit non-active one and (reference month - paid-through month) <= grace of
its segment (cakupan/reference/status_rules.csv). The dirt (mistyped / spreadsheet-mangled /
missing NIK, other name spellings, day-month swaps, old addresses) never touches STATUS or
IURAN_TERAKHIR, so the truth is exactly what the rule computes from the file. The truth gives each
record one class, the hardest case it is (CLASSES, docs/synth.md "The truth's classes").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cakupan.synth.names import name_variant
from cakupan.synth.nikgen import nik_excel, nik_one_digit, nik_swap

# Per-record dirt rates (docs/synth.md).
NIK_MISSING, NIK_DIGIT, NIK_SWAP, NIK_EXCEL = 0.010, 0.016, 0.010, 0.006
NAME_VARIANT, DATE_SWAP, OLD_ADDRESS = 0.08, 0.015, 0.04
# A careless record is careless twice: a NIK typo or a swapped date comes with another spelling
# of the name this often.
NAME_VARIANT_COMBINED = 0.30
# A twin's record carrying the other twin's NIK (one digit apart: the serials are neighbours).
TWIN_COLLISION = 0.10
# An outsider who shares a resident's name and birth year has no NIK on the record this often.
NAMESAKE_NIK_MISSING = 0.35
NIK_DIRT = ("", "missing", "digit", "swap", "excel")
# Truth classes of a member record, most harmful first: a record is the first that applies.
CLASSES = (
    "twin_collision",  # a twin whose record carries the other twin's NIK
    "twin",  # any other record of a twin
    "outsider_namesake",  # not in the population; a resident has the same name and birth year
    "outsider",  # not in the population
    "nik_typo",  # NIK with a digit wrong, two digits swapped or spreadsheet-mangled
    "nik_missing",
    "name_variant",
    "date_swap",  # birth date day and month swapped
    "clean",
)
PMI_WHERE = ["MALAYSIA", "TAIWAN", "HONG KONG", "KOREA SELATAN", "JEPANG", "SINGAPURA"]


@dataclass
class Persons:
    """Attributes of the persons records point to (population residents or outsiders)."""

    nik: np.ndarray  # int64
    name: pa.Array
    birth: np.ndarray  # datetime64[D]
    female: np.ndarray
    kode: np.ndarray  # object (kalurahan code)
    in_population: bool
    twin: np.ndarray | None = None  # index of the person's twin, -1: none
    namesake: np.ndarray | None = None  # bool: an outsider sharing a resident's name and birth year


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _dates_from(y, m, d) -> np.ndarray:
    return ((y - 1970).astype("M8[Y]") + (m - 1).astype("m8[M]")).astype("M8[D]") + (d - 1).astype(
        "m8[D]"
    )


def _grace(grace: dict[str, int], seg: np.ndarray) -> np.ndarray:
    g = np.zeros(len(seg), dtype=np.int64)
    for name, months in grace.items():
        g[seg == name] = months
    return g


def _paid_through(rng, seg, active, grace, M) -> tuple[np.ndarray, np.ndarray]:
    n = len(seg)
    g = _grace(grace, seg)
    p = np.empty(n, dtype=np.int64)
    status = np.full(n, "AKTIF", dtype=object)
    a = active
    lag = np.where(rng.random(n) < 0.85, rng.integers(0, 2, n), rng.integers(0, 4, n))
    p[a] = M - np.minimum(lag[a], g[a])
    ahead = a & np.isin(seg, ["BPU", "JAKON"]) & (rng.random(n) < 0.12)
    p[ahead] = M + rng.integers(1, 6, int(ahead.sum()))
    pmi = a & (seg == "PMI")
    p[pmi] = M + rng.integers(0, 23, int(pmi.sum()))
    na = ~a
    kind = rng.random(n)
    p[na] = M - 1 - g[na] - rng.integers(0, 48, int(na.sum()))
    status[na & (kind < 0.70)] = "NON AKTIF"
    status[na & (kind >= 0.90) & (seg == "PU")] = "KELUAR"
    status[na & (kind >= 0.90) & (seg != "PU")] = "NON AKTIF"
    return p, status


def records_build(
    rng: np.random.Generator,
    *,
    persons: Persons,
    rec_person: np.ndarray,
    rec_seg: np.ndarray,
    rec_active: np.ndarray,
    rec_site: np.ndarray,
    plan,
    grace: dict[str, int],
    kpj_next: int,
    region_codes: np.ndarray,
    employer: tuple[np.ndarray, np.ndarray],
) -> tuple[pa.Table, dict, int]:
    n = len(rec_person)
    as_of = plan.as_of
    M = month_index(as_of)
    seg = rec_seg.astype(object)
    p, status = _paid_through(rng, seg, rec_active, grace, M)
    enrol_m = np.zeros(n, dtype=np.int64)
    enrol_d = np.zeros(n, dtype=np.int64)
    site_rows = np.flatnonzero(rec_site >= 0)
    for r in site_rows:
        site = plan.sites[int(rec_site[r])]
        p[r] = month_index(site.end)
        enrol_m[r], enrol_d[r] = month_index(site.start), site.start.day
        if not rec_active[r]:
            status[r] = "AKTIF" if rng.random() < 0.5 else "NON AKTIF"
    other = rec_site < 0
    born = persons.birth[rec_person]
    adult_m = born.astype("M8[M]").astype(np.int64) + 1970 * 12 + 15 * 12
    g = _grace(grace, seg)
    p = np.where(other & ~rec_active, np.maximum(p, np.minimum(adult_m, M - 1 - g)), p)
    lo = np.minimum(
        np.maximum.reduce([np.full(n, 2010 * 12), np.minimum(p, M) - 150, adult_m]),
        np.minimum(p, M),
    )
    hi = np.minimum(p, M)
    enrol_m[other] = lo[other] + (
        rng.random(int(other.sum())) * (hi[other] - lo[other] + 1)
    ).astype(np.int64)
    enrol_d[other] = rng.integers(1, 29, int(other.sum()))
    this_month = other & (enrol_m == M)
    enrol_d[this_month] = np.minimum(enrol_d[this_month], as_of.day)
    enrol = _dates_from(enrol_m // 12, enrol_m % 12 + 1, enrol_d)
    # programs and employers
    u = rng.random(n)
    program = np.where(
        seg == "PU",
        np.where(u < 0.8, "JKK,JKM,JHT,JP", "JKK,JKM,JHT"),
        np.where(
            seg == "BPU",
            np.where(u < 0.7, "JKK,JKM", "JKK,JKM,JHT"),
            np.where(seg == "PMI", np.where(u < 0.5, "JKK,JKM", "JKK,JKM,JHT"), "JKK,JKM"),
        ),
    )
    e = rng.integers(len(employer[0]), size=n)
    npp = np.where(np.isin(seg, ["PU", "JAKON"]), employer[0][e], None).astype(object)
    emp = np.where(np.isin(seg, ["PU", "JAKON"]), employer[1][e], None).astype(object)
    emp[seg == "PMI"] = np.array(PMI_WHERE, dtype=object)[
        rng.integers(len(PMI_WHERE), size=int((seg == "PMI").sum()))
    ]
    for r in site_rows:
        site = plan.sites[int(rec_site[r])]
        npp[r], emp[r] = (
            None,
            f"PADAT KARYA {site.code} KALURAHAN {plan.kalurahan[site.kalurahan].name.upper()}",
        )
    # dirt
    true_nik = persons.nik[rec_person]
    nik_s = true_nik.astype(str).astype(object)
    u = rng.random(n)
    cut = np.cumsum([NIK_MISSING, NIK_DIGIT, NIK_SWAP, NIK_EXCEL])
    dirt = np.searchsorted(cut, u, side="right") + 1
    dirt[u >= cut[-1]] = 0
    for r in np.flatnonzero(dirt):
        nik_s[r] = (None, None, nik_one_digit, nik_swap, nik_excel)[dirt[r]]
        nik_s[r] = nik_s[r](str(true_nik[r]), rng) if nik_s[r] else None
    twin_nik = _twin_niks(persons, rec_person)
    one_apart = np.zeros(n, dtype=bool)
    has_twin = np.flatnonzero(twin_nik > 0)  # the digits are compared for twins' records only
    one_apart[has_twin] = _digits_apart(true_nik[has_twin], twin_nik[has_twin]) == 1
    trap = one_apart & (rng.random(n) < TWIN_COLLISION)
    nik_s[trap] = twin_nik[trap].astype(str).astype(object)
    dirt[trap] = NIK_DIRT.index("digit")
    namesake = persons.namesake[rec_person] if persons.namesake is not None else np.zeros(n, bool)
    blank = namesake & (rng.random(n) < NAMESAKE_NIK_MISSING)
    nik_s[blank], dirt[blank] = None, NIK_DIRT.index("missing")
    birth = persons.birth[rec_person]
    y = birth.astype("M8[Y]").astype(np.int64) + 1970
    mo = birth.astype("M8[M]").astype(np.int64) % 12 + 1
    dd = (birth - birth.astype("M8[M]")).astype(np.int64) + 1
    swap = (rng.random(n) < DATE_SWAP) & (dd <= 12) & (dd != mo)
    birth = np.where(swap, _dates_from(y, np.where(swap, dd, mo), np.where(swap, mo, dd)), birth)
    names = persons.name.take(pa.array(rec_person)).to_numpy(zero_copy_only=False).astype(object)
    careless = swap | np.isin(dirt, [NIK_DIRT.index(k) for k in ("digit", "swap", "excel")])
    varied = rng.random(n) < np.where(careless, NAME_VARIANT_COMBINED, NAME_VARIANT)
    female = persons.female[rec_person]
    for r in np.flatnonzero(varied):
        names[r] = name_variant(names[r], rng, bool(female[r]))
    kode = persons.kode[rec_person].copy()
    moved = (rng.random(n) < OLD_ADDRESS) & persons.in_population
    kode[moved] = region_codes[rng.integers(len(region_codes), size=int(moved.sum()))]
    yy = np.minimum(enrol_m // 12, as_of.year) % 100
    kpj = yy * 10**9 + kpj_next + np.arange(n)
    pm = pa.array(p)
    paid = pc.binary_join_element_wise(
        pc.cast(pc.divide(pm, 12), pa.string()),
        pc.utf8_lpad(
            pc.cast(pc.add(pc.subtract(pm, pc.multiply(pc.divide(pm, 12), 12)), 1), pa.string()),
            2,
            "0",
        ),
        "-",
    )
    kpj_s = pc.utf8_lpad(pc.cast(pa.array(kpj), pa.string()), 11, "0")
    table = pa.table(
        {
            "NIK": pa.array(nik_s, pa.string()),
            "KPJ": kpj_s,
            "NAMA_PESERTA": pa.array(names, pa.string()),
            "TGL_LAHIR": pa.array(birth),
            "JENIS_KELAMIN": pa.array(np.where(persons.female[rec_person], "P", "L")),
            "KODE_WILAYAH": pa.array(kode, pa.string()),
            "SEGMEN": pa.array(seg, pa.string()),
            "PROGRAM": pa.array(program),
            "STATUS_KEPESERTAAN": pa.array(status, pa.string()),
            "TGL_KEPESERTAAN": pa.array(enrol),
            "IURAN_TERAKHIR": paid,
            "NPP": pa.array(npp, pa.string()),
            "NAMA_PERUSAHAAN": pa.array(emp, pa.string()),
        }
    )
    rule_active = ~np.isin(status, ["NON AKTIF", "NONAKTIF", "KELUAR", "MENINGGAL", "BERHENTI"]) & (
        M - p <= g
    )
    assert (rule_active == rec_active).all(), "status fields disagree with the intended status"
    twin_s = np.where(twin_nik > 0, twin_nik.astype(str), "").astype(object)
    cls = np.full(n, CLASSES.index("clean"), dtype=np.int8)
    for name, where in (
        ("date_swap", swap),
        ("name_variant", varied),
        ("nik_missing", dirt == NIK_DIRT.index("missing")),
        ("nik_typo", dirt >= NIK_DIRT.index("digit")),
        ("outsider", np.full(n, not persons.in_population)),
        ("outsider_namesake", namesake),
        ("twin", twin_nik > 0),
        ("twin_collision", (twin_nik > 0) & (nik_s == twin_s)),
    ):
        cls[where] = CLASSES.index(name)
    truth = {
        "kpj": kpj_s,
        "true_nik": true_nik,
        "dirt": dirt,
        "varied": varied,
        "swap": swap,
        "nik_s": nik_s,
        "cls": cls,
        "twin_nik": twin_s,
    }
    return table, truth, kpj_next + n


def _twin_niks(persons: Persons, rec_person: np.ndarray) -> np.ndarray:
    """The NIK of each record's person's twin (0: no twin)."""
    if persons.twin is None:
        return np.zeros(len(rec_person), dtype=np.int64)
    tw = persons.twin[rec_person]
    return np.where(tw >= 0, persons.nik[np.maximum(tw, 0)], 0).astype(np.int64)


def _digits_apart(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Number of the 16 NIK digits in which a and b differ (int64 NIKs)."""
    pw = 10 ** np.arange(16, dtype=np.int64)
    return ((a[:, None] // pw) % 10 != (b[:, None] // pw) % 10).sum(axis=1)


def truth_links(truth: dict, person_nik: pa.Array, perm: np.ndarray) -> pa.Table:
    """truth/links.csv rows for records_build's output (same permutation as the member rows):
    kpj, the true person's NIK (null: nobody in the population), the dirt applied, the record's
    class (CLASSES) and, for a twin, the other twin's NIK."""
    return pa.table(
        {
            "kpj": truth["kpj"],
            "person_nik": person_nik,
            "nik_dirt": pa.array(
                np.array(["", "missing", "digit", "swap", "excel"], dtype=object)[truth["dirt"]],
                pa.string(),
            ),
            "nik_given": pa.array(truth["nik_s"], pa.string()),
            "name_variant": pa.array(truth["varied"]),
            "birthdate_swapped": pa.array(truth["swap"]),
            "class": pa.array(np.array(CLASSES, dtype=object)[truth["cls"]], pa.string()),
            "twin_nik": pa.array(truth["twin_nik"], pa.string()),
        }
    ).take(pa.array(perm))
