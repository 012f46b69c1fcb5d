"""Pure helpers for area codes and names (no Django): the padukuhan code rule, name keys for
lookups, and the kind of an area from its Kemendagri code (docs/contracts.md, "Area codes")."""

from __future__ import annotations

import re

_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Prefixes tolerated in names ("Kalurahan Poncosari", "Kec. Srandakan", "Kab. Bantul").
# DIY calls kecamatan "kapanewon" and desa "kalurahan" (its special-region nomenclature since 2020).
_PREFIXES = (
    "kalurahan",
    "kal",
    "desa",
    "ds",
    "kelurahan",
    "kel",
    "kapanewon",
    "kap",
    "kecamatan",
    "kec",
    "padukuhan",
    "pdk",
    "dusun",
    "dsn",
    "kabupaten",
    "kab",
)
_PREFIX_RE = re.compile(r"^(?:" + "|".join(_PREFIXES) + r")\b\.?\s*")

# Number of dot-separated parts in a Kemendagri code -> kind (DIY names).
KIND_BY_PARTS = {1: "provinsi", 2: "kabupaten", 3: "kapanewon", 4: "kalurahan", 5: "padukuhan"}
CODE_RE = {
    "provinsi": re.compile(r"^\d{2}$"),
    "kabupaten": re.compile(r"^\d{2}\.\d{2}$"),
    "kapanewon": re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    "kalurahan": re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
    "padukuhan": re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}\.[a-z0-9]+(?:-[a-z0-9]+)*$"),
}


def slug(name: str) -> str:
    """Lowercase, every run of non-alphanumerics -> '-', stripped of '-' at both ends."""
    return _NON_ALNUM.sub("-", str(name).lower()).strip("-")


def padukuhan_code(kalurahan_code: str, name: str) -> str:
    """``<kalurahan code>.<slug>``, e.g. ``padukuhan_code("34.02.01.2001", "Krajan")`` ->
    ``"34.02.01.2001.krajan"``. Raises ValueError for an empty name."""
    s = slug(name)
    if not s:
        raise ValueError(f"nama padukuhan kosong untuk {kalurahan_code}")
    return f"{kalurahan_code}.{s}"


def name_key(name: str) -> str:
    """The normalised name used for lookups: lowercase, punctuation and spacing collapsed, the
    administrative prefix removed ("Kalurahan  Poncosari" and "DESA PONCOSARI" -> "poncosari")."""
    text = " ".join(str(name).lower().replace(".", ". ").split())
    while True:  # "Kalurahan Desa X" -> "x", but a name that is only a prefix word stays
        stripped = _PREFIX_RE.sub("", text, count=1)
        if stripped == text or not stripped.strip(" ."):
            break
        text = stripped
    return " ".join(_NON_ALNUM.sub(" ", text).split())


def kind_of_code(code: str) -> str | None:
    """The kind an area code has by its shape, or None when it is not a valid code."""
    kind = KIND_BY_PARTS.get(code.count(".") + 1)
    if kind and CODE_RE[kind].match(code):
        return kind
    return None
