"""Names of places and organisations: padukuhan, markets, schools, OPD, companies, UMKM.

Padukuhan names follow the usual Javanese patterns (Krajan, Kauman, Jetis, Karanganyar, compound
names such as Karangrejo or Tegalsari, and Lor/Kidul/Wetan/Kulon halves); they are synthetic, not
the real padukuhan of any kalurahan.
"""

from __future__ import annotations

import numpy as np

COMMON = [
    "Krajan",
    "Kauman",
    "Ngentak",
    "Jetis",
    "Karanganyar",
    "Ngasem",
    "Gondang",
    "Sorogenen",
    "Plumbon",
    "Gandekan",
    "Jaten",
    "Kembang",
    "Ngablak",
    "Pandes",
    "Kadisoro",
    "Soronanggan",
    "Tegal",
    "Nglingseng",
    "Gunturan",
    "Ngireng-ireng",
    "Mangir",
    "Celep",
    "Gesikan",
    "Bibis",
    "Cepit",
    "Dukuh",
    "Ngaglik",
    "Demangan",
    "Kebon",
    "Sawahan",
    "Glagah",
    "Ngepringan",
    "Kalangan",
    "Pelem",
    "Bakulan",
    "Sumberan",
    "Kowen",
    "Santan",
    "Kanten",
    "Jipangan",
    "Gatak",
    "Karet",
    "Druwo",
    "Nglebeng",
    "Gedongan",
    "Brajan",
    "Nogosari",
    "Sribitan",
    "Bungas",
    "Gumulan",
    "Kepek",
    "Nglaren",
    "Kalipakem",
    "Gamping",
    "Ngrame",
    "Pundung",
    "Poyahan",
    "Patalan",
    "Nglorong",
    "Beji",
    "Ngasinan",
    "Babakan",
    "Wonocatur",
    "Kretek",
]
PREFIX = [
    "Karang",
    "Tegal",
    "Sumber",
    "Kali",
    "Wono",
    "Banyu",
    "Sido",
    "Gunung",
    "Watu",
    "Kebon",
    "Sono",
    "Ngemplak",
    "Mulyo",
    "Rejo",
    "Tanjung",
    "Sendang",
    "Blimbing",
    "Jambu",
    "Nogo",
    "Cangkring",
    "Sompok",
    "Pucung",
    "Dadap",
    "Gading",
    "Jati",
    "Kuwon",
    "Winong",
    "Pandan",
]
SUFFIX = [
    "rejo",
    "sari",
    "harjo",
    "mulyo",
    "anyar",
    "tengah",
    "asri",
    "agung",
    "wetan",
    "kulon",
    "kidul",
    "lor",
    "sono",
    "jati",
    "kembang",
    "dowo",
    "gede",
    "mlati",
    "wangi",
    "santren",
]
HALVES = ["Lor", "Kidul", "Wetan", "Kulon", "I", "II"]


def padukuhan_names(rng: np.random.Generator, n: int) -> list[str]:
    """n distinct padukuhan names for one kalurahan."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        u = rng.random()
        if u < 0.45:
            name = COMMON[
                min(int(rng.zipf(1.6)) - 1, len(COMMON) - 1)
                if rng.random() < 0.5
                else int(rng.integers(len(COMMON)))
            ]
        elif u < 0.92:
            name = PREFIX[int(rng.integers(len(PREFIX)))] + SUFFIX[int(rng.integers(len(SUFFIX)))]
        else:
            name = (
                COMMON[int(rng.integers(len(COMMON)))]
                + " "
                + HALVES[int(rng.integers(len(HALVES)))]
            )
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


OPD = [
    "DINAS PENDIDIKAN, KEPEMUDAAN DAN OLAHRAGA",
    "DINAS KESEHATAN",
    "RSUD PANEMBAHAN SENOPATI",
    "DINAS PEKERJAAN UMUM, PERUMAHAN DAN KAWASAN PERMUKIMAN",
    "DINAS LINGKUNGAN HIDUP",
    "DINAS PERHUBUNGAN",
    "SATUAN POLISI PAMONG PRAJA",
    "DINAS PERDAGANGAN",
    "DINAS PERTANIAN, PANGAN, KELAUTAN DAN PERIKANAN",
    "DINAS PARIWISATA",
    "SEKRETARIAT DAERAH",
    "SEKRETARIAT DPRD",
    "BADAN PENANGGULANGAN BENCANA DAERAH",
    "DINAS SOSIAL",
    "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
    "DINAS KOMUNIKASI DAN INFORMATIKA",
    "BADAN KEUANGAN DAN ASET DAERAH",
    "DINAS KOPERASI, USAHA KECIL DAN MENENGAH, DAN PERINDUSTRIAN",
    "DINAS TENAGA KERJA DAN TRANSMIGRASI",
    "DINAS KEBUDAYAAN (KUNDHA KABUDAYAN)",
]
OPD_JOBS = [
    "PRAMUBAKTI",
    "PENGEMUDI",
    "PETUGAS KEBERSIHAN",
    "TENAGA ADMINISTRASI",
    "PETUGAS KEAMANAN",
    "TENAGA TEKNIS",
    "PERAWAT",
    "PETUGAS PARKIR",
    "TENAGA PENDUKUNG",
    "MITRA KERJA",
]
ASN_JOBS = [
    "GURU AHLI PERTAMA",
    "GURU AHLI MUDA",
    "PENGADMINISTRASI UMUM",
    "PERAWAT TERAMPIL",
    "BIDAN TERAMPIL",
    "ANALIS KEBIJAKAN",
    "PENYULUH PERTANIAN",
    "DOKTER AHLI PERTAMA",
    "PRANATA KOMPUTER",
    "ARSIPARIS",
    "PENGELOLA KEUANGAN",
    "KEPALA SEKSI",
]
PERANGKAT = [
    "LURAH",
    "CARIK",
    "DANARTA",
    "TATA LAKSANA",
    "PANGRIPTA",
    "ULU-ULU",
    "KAMITUWA",
    "JAGABAYA",
    "STAF DANARTA",
    "STAF TATA LAKSANA",
]
SCHOOL_KIND = [
    "SD NEGERI",
    "SD NEGERI",
    "SD NEGERI",
    "SMP NEGERI",
    "TK ABA",
    "SD MUHAMMADIYAH",
    "MI MA'ARIF",
    "SMK NEGERI",
    "PAUD",
    "SMA NEGERI",
]
COMPANY_KIND = ["PT", "PT", "CV", "KOPERASI", "UD", "PT"]
COMPANY_WORDS = [
    "SARI",
    "MAKMUR",
    "JAYA",
    "ABADI",
    "MANDIRI",
    "SENTOSA",
    "KARYA",
    "TUNGGAL",
    "MULIA",
    "INDAH",
    "MITRA",
    "GARMEN",
    "KULIT",
    "BATIK",
    "MEBEL",
    "NUSANTARA",
    "MATARAM",
    "SEJAHTERA",
    "PRIMA",
    "DAYA",
    "ANUGRAH",
    "GEMILANG",
    "BERKAH",
    "TEXTIL",
]
UMKM_KIND = [
    "KERAJINAN GERABAH",
    "BATIK TULIS",
    "KULINER",
    "KERAJINAN KULIT",
    "KONVEKSI",
    "MEBEL KAYU",
    "WARUNG KELONTONG",
    "BENGKEL",
    "KERAJINAN BAMBU",
    "TAHU TEMPE",
    "BAKPIA",
    "GULA JAWA",
    "KERIPIK",
    "JAMU",
]
GOODS = [
    "SAYUR",
    "BUAH",
    "DAGING",
    "IKAN",
    "BERAS",
    "KELONTONG",
    "PAKAIAN",
    "BUMBU",
    "JAJAN PASAR",
    "PERABOT",
    "EMAS",
    "HASIL BUMI",
]


def company_names(rng: np.random.Generator, n: int) -> list[str]:
    kinds = rng.integers(len(COMPANY_KIND), size=n)
    w1 = rng.integers(len(COMPANY_WORDS), size=n)
    w2 = rng.integers(len(COMPANY_WORDS), size=n)
    return [
        f"{COMPANY_KIND[k]} {COMPANY_WORDS[a]} {COMPANY_WORDS[b]}"
        if a != b
        else f"{COMPANY_KIND[k]} {COMPANY_WORDS[a]}"
        for k, a, b in zip(kinds, w1, w2)
    ]
