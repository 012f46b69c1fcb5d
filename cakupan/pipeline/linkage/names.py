"""Indonesian name normalisation as one SQL expression (DuckDB dialect; RE2 regular expressions).

    SELECT {name_norm_sql('nama')} AS nama_norm FROM stg_members

Steps, in order: upper-case; drop academic degrees after a comma ("SUPARMAN, S.PD." → SUPARMAN)
and standalone degree tokens; drop honorific titles (H., HJ., DRS., DRA., IR., DR., PROF., KH., and the
Javanese nobility titles R., RADEN, R.A., R.AY., R.R., R.M., R.NG.; NY. for married women);
letters only; the Muhammad family (MUH., MOH., MOCH., MOCHAMMAD, MUHAMAD, M. as first word) → MUHAMMAD;
old (pre-1972 "Ejaan Soewandi") spelling → EYD: OE→U, DJ→J, TJ→C, SJ→SY, CH→KH; collapse spaces.

Three keys of the normalised name feed the model's name comparison (`name_keys_sql`):
- nama_key: the words in alphabetical order (SETIAWAN DWI EKO ~ DWI EKO SETIAWAN), J and Y as one
  letter (the old J is the new Y: SOEJONO = SUYONO; after DJ→J, DJOKO = JOKO = YOKO for both sides)
  and doubled letters single (SUPPARMI ~ SUPARMI);
- nama_fl: the first and the last word (a dropped middle name: AGUS ARIF PRASETYO ~ AGUS PRASETYO);
- nama_init: every word but the last as its initial (J. SUSANTO ~ JOKO SUSANTO: J SUSANTO).
"""
from __future__ import annotations

# longer alternatives first (RE2 and Java take the first alternative that lets the whole pattern match)
_TITLES = r"(HAJJAH|HAJI|HJ|H|DRS|DRA|DR|IR|PROF|KH|RADEN|R\s?\.?\s?(AY|NG|A|R|M)|R|NYI|NY)"
_DEGREES = (r"(S\s?\.?\s?(PD|AG|E|H|T|KOM|SOS|IP|SI|KEP|KM|FARM|KED|PSI|HUT|PT|P|S)|"
            r"M\s?\.?\s?(PD|SI|M|KES|HUM|SC|T|H|E|AG|A)|A\s?\.?\s?MD|AMD|SE|SH|SPD|ST|SAG|MM|MPD|BA|SKM)")
_MUHAMMAD = r"\b(MUHAMMAD|MUHAMAD|MUHAMMED|MUHAMED|MUCHAMMAD|MUCHAMAD|MOHAMMAD|MOHAMAD|MOHAMMED|" \
            r"MOCHAMMAD|MOCHAMAD|MOCHAMED|MOHD|MOCH|MUCH|MOH|MUH|MHD|MUHD)\b"


def name_norm_sql(col: str, engine=None) -> str:
    """SQL: the normalised name of `col`, in `engine`'s dialect (DuckDB's when None)."""
    from ..engine import Engine

    d = engine or Engine()
    x = f"upper(coalesce({col}, ''))"
    x = d.regexp_replace_sql(x, r",.*$", "", every=False)                       # degrees after a comma
    x = d.regexp_replace_sql(x, rf"(^|[\s.])({_DEGREES})\.?\s*$", " ")        # trailing degree
    x = d.regexp_replace_sql(x, rf"^\s*({_TITLES})(\.|\s)+", " ")            # leading title
    x = d.regexp_replace_sql(x, rf"^\s*({_TITLES})(\.|\s)+", " ")            # a second one (H. DRS.)
    x = d.regexp_replace_sql(x, r"[^A-Z]+", " ")
    x = d.regexp_replace_sql(x, _MUHAMMAD, "MUHAMMAD")
    x = d.regexp_replace_sql(x, r"^\s*M\s+(\S)", r"MUHAMMAD \1", every=False)  # "M. RIZKI"
    for old, new in (("OE", "U"), ("DJ", "J"), ("TJ", "C"), ("SJ", "SY"), ("CH", "KH")):
        x = f"replace({x}, '{old}', '{new}')"
    x = "trim(" + d.regexp_replace_sql(x, r"\s+", " ") + ")"
    return f"nullif({x}, '')"


def name_keys_sql(norm: str, engine=None) -> dict[str, str]:
    """SQL of the three keys of a normalised name `norm` (see the module's docstring): nama_key,
    nama_fl, nama_init, in `engine`'s dialect (DuckDB's when None)."""
    from ..engine import Engine

    d = engine or Engine()
    key = f"replace({norm}, 'J', 'Y')"
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        key = f"replace({key}, '{letter * 2}', '{letter}')"
    first_last = d.regexp_replace_sql(norm, r"^(\S+) (.* )?(\S+)$", r"\1 \3", every=False)
    initials = d.regexp_replace_sql(norm, r"([A-Z])[A-Z]* ", r"\1 ")
    return {
        "nama_key": d.tokens_sorted_sql(key),
        "nama_fl": f"CASE WHEN {norm} LIKE '% %' THEN {first_last} END",
        "nama_init": f"CASE WHEN {norm} LIKE '% %' THEN {initials} END",
    }


def name_sim_sql(a: str, b: str) -> str:
    """SQL: how alike two names are, 0..1 — Jaro-Winkler of the normalised names or of their keys
    (word order and J/Y aside), whichever is higher. `a`, `b`: table aliases with nama_norm, nama_key."""
    return (f"greatest(jaro_winkler_similarity(coalesce({a}.nama_norm, ''), coalesce({b}.nama_norm, '')), "
            f"jaro_winkler_similarity(coalesce({a}.nama_key, ''), coalesce({b}.nama_key, '')))")


def name_fits_sql(m: str, p: str) -> str:
    """SQL: member `m`'s name fits person `p`'s whatever its length — the same after normalisation or
    in the key, an initial that fits (S. WAHYUNI ~ SITI WAHYUNI), or all of its words in `p`'s
    (AULIA INTAN ~ AULIA INTAN AZZAHRA). Jaro-Winkler favours the shorter of two names that both
    fit, so between twins the fit decides first. `m`, `p`: aliases with nama_norm, nama_key, nama_init."""
    return (f"coalesce({m}.nama_norm = {p}.nama_norm OR {m}.nama_key = {p}.nama_key "
            f"OR ({m}.nama_norm LIKE '_ %' AND {m}.nama_init = {p}.nama_init) "
            f"OR contains(' ' || {p}.nama_norm || ' ', ' ' || {m}.nama_norm || ' '), false)")
