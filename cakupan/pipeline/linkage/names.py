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


def name_norm_sql(col: str) -> str:
    x = f"upper(coalesce({col}, ''))"
    x = f"regexp_replace({x}, ',.*$', '')"                                   # degrees after a comma
    x = f"regexp_replace({x}, '(^|[\\s.])({_DEGREES})\\.?\\s*$', ' ', 'g')"    # trailing degree
    x = f"regexp_replace({x}, '^\\s*({_TITLES})(\\.|\\s)+', ' ', 'g')"        # leading title
    x = f"regexp_replace({x}, '^\\s*({_TITLES})(\\.|\\s)+', ' ', 'g')"        # a second one (H. DRS.)
    x = f"regexp_replace({x}, '[^A-Z]+', ' ', 'g')"
    x = f"regexp_replace({x}, '{_MUHAMMAD}', 'MUHAMMAD', 'g')"
    x = f"regexp_replace({x}, '^\\s*M\\s+(\\S)', 'MUHAMMAD \\1')"            # "M. RIZKI"
    for old, new in (("OE", "U"), ("DJ", "J"), ("TJ", "C"), ("SJ", "SY"), ("CH", "KH")):
        x = f"replace({x}, '{old}', '{new}')"
    x = f"trim(regexp_replace({x}, '\\s+', ' ', 'g'))"
    return f"nullif({x}, '')"
