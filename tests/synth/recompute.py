"""Recompute workforce and active totals from the synth's files alone, by the contract's rules
(docs/contracts.md "Product rules"), independently of the generator's code."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd

REF = Path(__file__).resolve().parents[2] / "cakupan" / "reference"
NON_ACTIVE = {"NON AKTIF", "NONAKTIF", "KELUAR", "MENINGGAL", "BERHENTI"}
PRIORITY = ["PU", "JAKON", "PMI", "BPU"]


def snapshot_rows(pop: pd.DataFrame) -> pd.Series:
    """Rows a population import keeps (contracts.md: one row per valid, unique NIK with a known
    kalurahan code); the others are quarantined."""
    from cakupan.nik import parse_nik

    with (REF / "bantul" / "wilayah.csv").open(encoding="utf-8") as fh:
        known = {r["code"] for r in csv.DictReader(fh) if r["kind"] == "kalurahan"}
    ok = pop["NIK"].map(lambda v: parse_nik(v).ok)
    once = ~pop["NIK"].duplicated(keep=False)
    return ok & once & pop["KODE_WILAYAH"].isin(known)


def load(out: Path, *, raw: bool = False):
    pop = pd.read_csv(
        out / "population.csv", sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False
    )
    if not raw:
        pop = pop[snapshot_rows(pop)]
    mem = pd.read_csv(out / "members.csv", dtype=str, keep_default_na=False)
    links = pd.read_csv(out / "truth" / "links.csv", dtype=str, keep_default_na=False)
    asn = pd.read_csv(out / "rosters" / "asn.csv", dtype=str, keep_default_na=False)
    return pop, mem, links, asn


def workforce(pop: pd.DataFrame, asn: pd.DataFrame, as_of: date) -> pd.DataFrame:
    with (REF / "occupations.csv").open(encoding="utf-8") as fh:
        occ = {r["name"]: r for r in csv.DictReader(fh)}
    born = pd.to_datetime(pop["TGL_LHR"], format="%d-%m-%Y")
    age = (
        as_of.year
        - born.dt.year
        - ((born.dt.month * 100 + born.dt.day) > as_of.month * 100 + as_of.day)
    )
    inwf = pop["JENIS_PKRJN"].map(lambda n: occ[n]["in_workforce"] == "true")
    excl = pop["JENIS_PKRJN"].map(lambda n: occ[n]["excluded"] == "true")
    keep = (age >= 15) & inwf & ~excl & ~pop["NIK"].isin(set(asn["NIK"]))
    return pop[keep]


def record_active(mem: pd.DataFrame, as_of: date) -> pd.Series:
    with (REF / "status_rules.csv").open(encoding="utf-8") as fh:
        grace = {r["segment"]: int(r["grace_months"]) for r in csv.DictReader(fh)}
    y = mem["IURAN_TERAKHIR"].str[:4].astype(int)
    m = mem["IURAN_TERAKHIR"].str[5:7].astype(int)
    behind = (as_of.year * 12 + as_of.month) - (y * 12 + m)
    return ~mem["STATUS_KEPESERTAAN"].isin(NON_ACTIVE) & (behind <= mem["SEGMEN"].map(grace))


def totals(out: Path, as_of: date) -> dict:
    pop, mem, links, asn = load(out)
    wf = workforce(pop, asn, as_of)
    mem = mem.merge(links[["kpj", "person_nik"]], left_on="KPJ", right_on="kpj", how="left")
    mem["active"] = record_active(mem, as_of)
    active_people = set(mem.loc[mem["active"] & (mem["person_nik"] != ""), "person_nik"])
    linked_people = set(mem.loc[mem["person_nik"] != "", "person_nik"])
    wf_nik = set(wf["NIK"])
    return {
        "workforce": len(wf_nik),
        "active": len(wf_nik & active_people),
        "nonactive": len((wf_nik & linked_people) - active_people),
        "wf": wf,
        "members": mem,
    }
