"""Every population NIK follows the NIK rules (cakupan.nik.parse_nik), with a small quirk rate."""

from __future__ import annotations

from datetime import date

import pandas as pd

from cakupan.nik import nik_check_record, parse_nik
from tests.synth.recompute import load


def _pop(small):
    return load(small.out)[0]


def test_every_resident_nik_is_valid_and_unique(small):
    raw = load(small.out, raw=True)[0]
    pop = _pop(small)
    assert len(pop) == small.summary["population"]  # residents = rows an import keeps
    assert pop["NIK"].is_unique
    assert all(parse_nik(n).ok for n in pop["NIK"])
    assert len(raw) == small.summary["population_rows"]


def test_dirty_population_rows_are_the_expected_quarantine(small):
    from collections import Counter

    raw = load(small.out, raw=True)[0]
    dup = raw["NIK"].duplicated(keep=False)
    reasons = Counter()
    for nik, is_dup, kode in zip(raw["NIK"], dup, raw["KODE_WILAYAH"]):
        r = parse_nik(nik)
        if not r.ok:
            reasons[r.error] += 1
        elif is_dup:
            reasons["nik.duplicate"] += 1
        elif kode.endswith(".2999"):
            reasons["wilayah.unknown"] += 1
    assert dict(reasons) == small.summary["population_quarantine_expected"]
    assert sum(reasons.values()) == len(raw) - small.summary["population"] > 0


def test_sex_and_birth_date_agree_except_a_small_quirk_rate(small):
    pop = _pop(small)
    sex_bad = date_bad = 0
    for nik, sex, born in zip(pop["NIK"], pop["JENIS_KLMIN"], pop["TGL_LHR"]):
        r = parse_nik(nik)
        d = date(int(born[6:]), int(born[3:5]), int(born[:2]))
        warn = nik_check_record(r, birth_date=d, sex="P" if sex == "PEREMPUAN" else "L")
        sex_bad += "nik.sex_mismatch" in warn
        date_bad += "nik.birthdate_mismatch" in warn
    n = len(pop)
    assert sex_bad / n < 0.002
    assert 0.001 < date_bad / n < 0.02  # the real quirk: NIK birth date never reissued


def test_first_registration_mostly_local_some_elsewhere(small):
    pop = _pop(small)
    own = pop["NIK"].str[:6] == pop["KODE_WILAYAH"].str[:8].str.replace(".", "", regex=False)
    bantul = pop["NIK"].str[:4] == "3402"
    assert 0.75 < own.mean() < 0.95
    assert 0.02 < (bantul & ~own).mean() < 0.15
    assert 0.02 < (~bantul).mean() < 0.15


def test_households_and_padukuhan(small):
    pop = _pop(small)
    assert pop["NO_KK"].str.fullmatch(r"\d{16}").all()
    sizes = pop.groupby("NO_KK").size()
    assert 2.5 < sizes.mean() < 4.5
    per_kal = pop.groupby("KODE_WILAYAH")["DUSUN"].nunique()
    assert per_kal.min() >= 1 and pop["DUSUN"].str.len().min() > 2


def test_age_pyramid_is_plausible(small):
    pop = _pop(small)
    born = pd.to_datetime(pop["TGL_LHR"], format="%d-%m-%Y")
    age = 2023 - born.dt.year
    assert 0.12 < (age < 15).mean() < 0.30
    assert 0.05 < (age >= 65).mean() < 0.20
    assert 0.45 < (pop["JENIS_KLMIN"] == "PEREMPUAN").mean() < 0.55
