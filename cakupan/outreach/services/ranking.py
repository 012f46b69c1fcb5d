"""Transparent worklist ranking.

Order: (1) non-active members first — registered already, the cheapest to bring back; (2) the
priority score, a sum of named points kept on each item (`score_parts`) so the rank can be
explained; (3) once field outcomes exist, a learned enrolment likelihood: the share of people
enrolled among final outcomes in the same cell (ecosystem x age band x status), shrunk towards the
overall share with weight M (a smoothed frequency model; no black box).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..months import months_between

WEIGHTS = {
    "rentan": 3,  # vulnerable occupation (ecosystem 'rentan'): the sponsorship target group
    "ekosistem_prioritas": 1,  # desa, pasar, umkm, padat karya: Bantul's drive ecosystems
    "usia_produktif": 2,  # 25-54
    "usia_tepi": 1,  # 18-24 or 55-64 (BPU enrolment is practical up to 65)
    "baru_nonaktif": 2,  # non-active, paid through within the last 12 months
}
PRIORITY_ECOSYSTEMS = {"desa", "pasar", "umkm", "padat_karya"}
FINAL_OUTCOMES = {"terdaftar", "menolak", "tidak ditemukan", "pindah", "meninggal", "membayar"}  # membayar: lapse lists
LIKELIHOOD_MIN_OUTCOMES = 20
SHRINK_M = 5


def age_band(age: int | None) -> str:
    if age is None:
        return "?"
    if age >= 65:
        return "65+"
    low = max(15, age - age % 5)
    return f"{low}-{low + 4}"


def score_parts(*, status: str, ecosystem: str, age: int | None, paid_through: date | None, as_of: date) -> dict[str, int]:
    parts: dict[str, int] = {}
    if ecosystem == "rentan":
        parts["rentan"] = WEIGHTS["rentan"]
    elif ecosystem in PRIORITY_ECOSYSTEMS:
        parts["ekosistem_prioritas"] = WEIGHTS["ekosistem_prioritas"]
    if age is not None and 25 <= age <= 54:
        parts["usia_produktif"] = WEIGHTS["usia_produktif"]
    elif age is not None and (18 <= age <= 24 or 55 <= age <= 64):
        parts["usia_tepi"] = WEIGHTS["usia_tepi"]
    if status == "nonactive" and paid_through is not None and months_between(paid_through, as_of) <= 12:
        parts["baru_nonaktif"] = WEIGHTS["baru_nonaktif"]
    return parts


@dataclass(frozen=True)
class LikelihoodModel:
    """p(cell) = (enrolled_cell + M * p0) / (final_cell + M), p0 = enrolled / final overall."""

    cells: dict[tuple[str, str, str], tuple[int, int]]  # cell -> (enrolled, final)
    p0: float
    outcomes: int

    def p(self, *, ecosystem: str, age: int | None, status: str) -> float:
        enrolled, final = self.cells.get((ecosystem, age_band(age), status), (0, 0))
        return round((enrolled + SHRINK_M * self.p0) / (final + SHRINK_M), 4)

    def describe(self) -> dict:
        return {"outcomes": self.outcomes, "p0": round(self.p0, 4), "m": SHRINK_M, "cells": len(self.cells),
                "rule": "(terdaftar_sel + M*p0) / (hasil_akhir_sel + M), sel = ekosistem x kelompok umur x status"}


def likelihood_fit(rows: list[tuple[str, int | None, str, str]]) -> LikelihoodModel | None:
    """rows: (ecosystem, age, status, outcome) of items with a recorded outcome. None when fewer
    than LIKELIHOOD_MIN_OUTCOMES final outcomes exist (too few to learn from)."""
    cells: dict[tuple[str, str, str], list[int]] = {}
    enrolled = final = 0
    for ecosystem, age, status, outcome in rows:
        if outcome not in FINAL_OUTCOMES:
            continue
        cell = cells.setdefault((ecosystem, age_band(age), status), [0, 0])
        hit = int(outcome == "terdaftar")
        cell[0] += hit
        cell[1] += 1
        enrolled += hit
        final += 1
    if final < LIKELIHOOD_MIN_OUTCOMES:
        return None
    return LikelihoodModel({k: (v[0], v[1]) for k, v in cells.items()}, enrolled / final, final)


def sort_key(*, status: str, score: int, likelihood: float | None, nik: str) -> tuple:
    return (0 if status == "nonactive" else 1, -score, -(likelihood or 0.0), nik)
