"""Pure-Python generator of a small dirty population/member pair for the linkage tests.

Writes the *staged* shape (`stg_population`, `stg_members` columns of docs/contracts.md) plus the
truth (`kpj, person_nik`). The dirt mirrors the synthetic region: one NIK digit wrong, two
adjacent digits swapped, another real person's NIK, spreadsheet-mangled NIK, missing NIK,
Muhammad/Muh., oe/u, titles, day/month swap, members from outside the region, a right NIK with
a wrong birth date or a shortened name, and weak records (no NIK, another year) for the review band.

    python tests/pipeline/linkage/fixture_gen.py            # rewrites tests/pipeline/linkage/data/
"""
from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

FIRST = ("SITI SRI SUPARMAN SUGENG SLAMET BUDI AGUS DWI TRI EKO PURWANTO WAHYU RINA ENDANG "
         "SUMARNI SUKIRAH PAINEM TUGIYO SUHARTO SUTRISNO NUR ANI DEWI INDAH ARIF HENDRO YULI "
         "PONIMAN SUWARNO MARYATI TUMINAH SUPRIYADI WIDODO HERI RUDI FAJAR RIZKY AHMAD ISTI "
         "KUSNADI SUMIYATI LESTARI JOKO BAMBANG TITIK SUYATNO NGATIJO WAGIMAN SAPTO ENDAH").split()
LAST = ("WAHYUNI RAHAYU LESTARI SUSANTO PRASETYO HARYANTO SETIAWAN NINGSIH PURNOMO WIBOWO HIDAYAT "
        "KURNIAWAN SAPUTRA HANDAYANI PRATIWI UTOMO SANTOSO NUGROHO WIJAYA SULISTYO RAHMAWATI "
        "ASTUTI SUPRAPTO MULYONO SUBAGYO PURWANINGSIH HARTONO SUGIYANTO WULANDARI YULIANTO "
        "FIRMANSYAH ANGGRAENI ROHMAN SUBEKTI WINARNO SUPARNO").split()
OLD = {"SUPARMAN": "SOEPARMAN", "SUHARTO": "SOEHARTO", "SUTRISNO": "SOETRISNO", "SUSANTO": "SOESANTO",
       "SUPRAPTO": "SOEPRAPTO", "SUBAGYO": "SOEBAGIO", "JOKO": "DJOKO", "SUYATNO": "SOEJATNO"}
KAPANEWON = [f"34.02.{k:02d}" for k in range(1, 18)]


def _nik(prefix6: str, born: date, sex: str, serial: int) -> str:
    day = born.day + (40 if sex == "P" else 0)
    return f"{prefix6}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def _name(rng: random.Random) -> str:
    if rng.random() < 0.08:
        return f"MUHAMMAD {rng.choice(FIRST)} {rng.choice(LAST)}"
    if rng.random() < 0.15:
        return rng.choice(FIRST) + " " + rng.choice(FIRST)
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def population_make(*, n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    serials: dict[str, int] = {}
    rows = []
    start = date(1960, 1, 1)
    for _ in range(n):
        kap = rng.choice(KAPANEWON)
        kal = f"{kap}.{2000 + rng.randint(1, 5)}"
        born = start + timedelta(days=rng.randint(0, 365 * 45))
        sex = rng.choice("LP")
        prefix = kap.replace(".", "")
        key = _nik(prefix, born, sex, 0)[:12]
        serials[key] = serials.get(key, 0) + 1
        rows.append({"nik": _nik(prefix, born, sex, serials[key]), "nama": _name(rng), "jenis_kelamin": sex,
                     "tanggal_lahir": born, "kode_wilayah": kal, "padukuhan_code": f"{kal}.krajan",
                     "pekerjaan_kode": rng.choice([9, 15, 19, 84, 88])})
    return rows


def _digit_typo(rng, nik):
    i = rng.randint(6, 15)
    return nik[:i] + rng.choice([d for d in "0123456789" if d != nik[i]]) + nik[i + 1:]


def _swap(rng, nik):
    for _ in range(10):
        i = rng.randint(6, 14)
        if nik[i] != nik[i + 1]:
            return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2:]
    return _digit_typo(rng, nik)


def _name_dirt(rng, nama):
    r = rng.random()
    if nama.startswith("MUHAMMAD ") and r < 0.5:
        return nama.replace("MUHAMMAD", rng.choice(["MUH.", "MOH.", "MOCHAMMAD", "M."]), 1)
    for new, old in OLD.items():
        if new in nama and r < 0.6:
            return nama.replace(new, old)
    if r < 0.15:
        return f"{rng.choice(['H.', 'HJ.', 'DRS.'])} {nama}"
    if r < 0.25:
        return f"{nama}, S.PD."
    if r < 0.35 and len(nama) > 6:  # one letter typo
        i = rng.randint(1, len(nama) - 2)
        return nama[:i] + nama[i + 1] + nama[i] + nama[i + 2:]
    return nama


def members_make(population: list[dict], *, share: float, seed: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed + 1)
    by_nik = {p["nik"]: p for p in population}
    members, truth = [], []
    kinds = [("clean", 0.80), ("typo", 0.06), ("swap", 0.03), ("other", 0.015), ("mangled", 0.015),
             ("missing", 0.015), ("dmswap", 0.015), ("outside", 0.04),
             ("datetypo", 0.005), ("shortname", 0.005), ("weak", 0.01)]
    for k, person in enumerate(rng.sample(population, int(len(population) * share))):
        kind = rng.choices([c for c, _ in kinds], [w for _, w in kinds])[0]
        nik, nama, born = person["nik"], person["nama"], person["tanggal_lahir"]
        kode, sex, truth_nik = person["kode_wilayah"], person["jenis_kelamin"], person["nik"]
        if rng.random() < 0.3:
            nama = _name_dirt(rng, nama)
        if kind == "typo":
            nik = _digit_typo(rng, nik)
        elif kind == "swap":
            nik = _swap(rng, nik)
        elif kind == "other":  # a typo that lands on another real person (dense serials do this)
            cands = [nik[:12] + f"{s:04d}" for s in range(1, 10)]
            cands = [c for c in cands if c != nik and c in by_nik]
            nik = cands[0] if cands else rng.choice(population)["nik"]
        elif kind == "mangled":
            nik = f"{float(nik):.14E}".replace("E+15", "E+15")
        elif kind == "missing":
            nik = None
        elif kind == "dmswap" and born.day <= 12 and born.day != born.month:
            born = date(born.year, born.day, born.month)
        elif kind == "datetypo":  # right NIK, birth date off by a few days: flagged, then confirmed
            born = born + timedelta(days=rng.randint(1, 3))
        elif kind == "shortname":  # right NIK, only the last name given: flagged, then confirmed
            nama = nama.split()[-1]
        elif kind == "weak":  # no NIK, another year, a typo in the name: at most a review candidate
            nik, born = None, date(born.year + rng.choice([-1, 1]), born.month, min(born.day, 28))
            nama = _name_dirt(random.Random(k), nama)
        elif kind == "outside":
            other = population_make(n=1, seed=seed * 1000 + k)[0]
            nik = "3404" + other["nik"][4:]
            nama, born, sex, kode, truth_nik = other["nama"], other["tanggal_lahir"], other["jenis_kelamin"], "34.04.01.2001", None
        kpj = f"{90000000000 + k:011d}"
        valid = nik is not None and len(nik) == 16 and nik.isdigit()
        error = None if valid else ("nik.missing" if nik is None else "nik.spreadsheet_mangled")
        members.append({"member_key": kpj, "kpj": kpj, "nik": nik, "nik_valid": valid, "nik_error": error,
                        "nama": nama, "tanggal_lahir": born, "jenis_kelamin": sex, "kode_wilayah": kode,
                        "segmen": rng.choice(["PU", "BPU", "BPU", "JAKON"])})
        truth.append({"kpj": kpj, "person_nik": truth_nik or ""})
    return members, truth


def fixture_write(out: Path, *, n_population: int = 6000, share: float = 0.35, seed: int = 7) -> None:
    out.mkdir(parents=True, exist_ok=True)
    population = population_make(n=n_population, seed=seed)
    members, truth = members_make(population, share=share, seed=seed)
    pq.write_table(pa.Table.from_pylist(population), out / "stg_population.parquet")
    pq.write_table(pa.Table.from_pylist(members), out / "stg_members.parquet")
    with (out / "truth_links.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["kpj", "person_nik"])
        w.writeheader()
        w.writerows(truth)


if __name__ == "__main__":
    fixture_write(Path(__file__).parent / "data")
