"""Indonesian name normalisation as one SQL expression (DuckDB dialect; RE2 regular expressions).

    SELECT {name_norm_sql('nama')} AS nama_norm FROM stg_members

Steps, in order: upper-case; drop academic degrees after a comma ("SUPARMAN, S.PD." → SUPARMAN)
and standalone degree tokens; drop honorific titles (H., HJ., DRS., DRA., IR., DR., PROF., KH.);
letters only; the Muhammad family (MUH., MOH., MOCH., MOCHAMMAD, MUHAMAD, M. as first word) → MUHAMMAD;
old (pre-1972 "Ejaan Soewandi") spelling → EYD: OE→U, DJ→J, TJ→C, SJ→SY, CH→KH; collapse spaces.
"""
from __future__ import annotations

_TITLES = r"(H|HJ|DRS|DRA|IR|DR|PROF|KH|HAJI|HAJJAH)"
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
