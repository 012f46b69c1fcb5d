"""What a region calls its areas, by province — a small dated table (no Django, no database).

The Kemendagri levels are the same everywhere (cakupan.core.areas: kapanewon = level 3, kalurahan
= level 4, the kinds stored in the database); only the words differ:

    area_terms("34.01")              AreaTerms(kecamatan='kapanewon', desa='kalurahan', ...)
    area_terms("33.10")              AreaTerms(kecamatan='kecamatan', desa='desa', ...)
    level_term("33.10.01.1001")      'kelurahan'   (a desa code starting with 1 is a kelurahan)
    level_alias("kecamatan")         'kapanewon'   (the stored kind a word means; --by kecamatan)

DIY: Perdais DIY No. 1 Tahun 2018 tentang Kelembagaan Pemerintah Daerah DIY (Keistimewaan), in
force through Pergub DIY No. 25 Tahun 2019 from 2020: in the four kabupaten the kecamatan is a
*kapanewon* and the desa a *kalurahan*; in Kota Yogyakarta (34.71) the kecamatan is a *kemantren*
and the kelurahan keeps its name. Everywhere else: kecamatan, desa/kelurahan (UU 23/2014, UU 6/2014).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# the stored kinds (Area.kind, coverage --by) and the words that mean them anywhere in Indonesia
LEVEL_ALIASES = {
    "kapanewon": "kapanewon", "kecamatan": "kapanewon", "kemantren": "kapanewon", "distrik": "kapanewon",
    "kalurahan": "kalurahan", "desa": "kalurahan", "kelurahan": "kalurahan", "kampung": "kalurahan",
    "nagari": "kalurahan", "padukuhan": "padukuhan", "dusun": "padukuhan",
    "kabupaten": "kabupaten", "kota": "kabupaten", "provinsi": "provinsi",
}


@dataclass(frozen=True)
class AreaTerms:
    kecamatan: str          # the word for level 3
    desa: str               # the word for level 4 (a desa code; 1xxx codes outside DIY: kelurahan)
    dusun: str              # the word for the sub-village level
    source: str
    since: date | None = None


NATIONAL = AreaTerms("kecamatan", "desa", "dusun", "UU 23/2014 (kecamatan), UU 6/2014 (desa)")
# (code prefix, terms): the longest matching prefix wins; dated (before `since` the national words)
TABLE: tuple[tuple[str, AreaTerms], ...] = (
    ("34", AreaTerms("kapanewon", "kalurahan", "padukuhan",
                     "Perdais DIY 1/2018 (Keistimewaan); Pergub DIY 25/2019", date(2020, 1, 1))),
    ("34.71", AreaTerms("kemantren", "kelurahan", "dusun",
                        "Perdais DIY 1/2018 (Keistimewaan); Pergub DIY 25/2019", date(2020, 1, 1))),
)


def area_terms(code: str, *, on: date | None = None) -> AreaTerms:
    """The words a region (any code within it) uses on `on` (default: today's rules)."""
    best, length = NATIONAL, -1
    for prefix, terms in TABLE:
        if (code == prefix or code.startswith(prefix + ".")) and len(prefix) > length:
            if on is None or terms.since is None or on >= terms.since:
                best, length = terms, len(prefix)
    return best


def level_term(code: str, *, on: date | None = None) -> str:
    """The word for the area a code names: 'kapanewon' for 34.01.01, 'kelurahan' for 33.10.01.1001."""
    n = code.count(".")
    if n == 0:
        return "provinsi"
    if n == 1:
        return "kota" if code.split(".")[1].startswith("7") else "kabupaten"
    terms = area_terms(code, on=on)
    if n == 2:
        return terms.kecamatan
    if n == 3:
        return "kelurahan" if code.rsplit(".", 1)[1].startswith("1") and terms is NATIONAL else terms.desa
    return terms.dusun


def kind_term(kind: str, region: str | None, *, on: date | None = None) -> str:
    """The word for a stored kind ('kapanewon', 'kalurahan', 'padukuhan') in a region; the kind itself
    when no region is known. Level 4 reads 'desa/kelurahan' outside DIY (both occur)."""
    if not region:
        return kind
    terms = area_terms(region, on=on)
    if kind == "kapanewon":
        return terms.kecamatan
    if kind == "kalurahan":
        return "desa/kelurahan" if terms is NATIONAL else terms.desa
    if kind == "padukuhan":
        return terms.dusun
    return kind


def kind_terms(region: str | None, *, on: date | None = None) -> dict[str, str]:
    """kind_term of the three stored area kinds, for a template: {{ terms.kapanewon }}."""
    return {kind: kind_term(kind, region, on=on) for kind in ("kapanewon", "kalurahan", "padukuhan")}


def level_alias(word: str) -> str:
    """The stored kind a word means ('kecamatan' -> 'kapanewon'); other words unchanged."""
    return LEVEL_ALIASES.get(word.strip().lower(), word)
