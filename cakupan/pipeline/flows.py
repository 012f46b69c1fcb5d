"""Stock and flow between two runs (issue 15): person by person, the previous run's
`person_status` against this run's, counted per kalurahan × segment × ecosystem cell.

A person is *active* in a run when in the workforce (no excluded_reason) with status active; their cell is
(kalurahan_code, segment, ecosystem) in that run. Between the previous run P and this run C:

- new          not active in P (absent, out of the workforce, or not registered) → active in C
- reactivated  in P's workforce and non-active → active in C
- lapsed       active in P → in C's workforce but not active (non-active, or no card any more)
- left         active in P → not in C's workforce (moved away, died, became ASN, out of age, gone)
- moved_out / moved_in   active in both, in another cell (another kalurahan, segment or ecosystem)

so that for every cell, exactly: active_end = active_start + new + reactivated − lapsed − left
+ moved_in − moved_out. Starts and ends are counted in the same pass, and rolling cells up to a
kapanewon or the kabupaten keeps the identity (moves inside it appear on both sides).

    flows_compute(prev="runs/a/person_status.parquet", cur="runs/b/person_status.parquet",
                  out="runs/b/flows.parquet")      # -> rows written
Django-free; DuckDB reads both files by column, so memory stays bounded by the cell count.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

FLOW_COLUMNS = ("kalurahan_code", "segment", "ecosystem", "active_start", "new", "reactivated", "lapsed", "left",
                "moved_in", "moved_out", "active_end", "workforce")

_SIDE = """SELECT nik, excluded_reason IS NULL AS in_workforce, status, kalurahan_code, segment, ecosystem,
                  excluded_reason IS NULL AND status = 'active' AS active
           FROM {table}"""

FLOWS_SQL = f"""
WITH p AS ({_SIDE.format(table="prev_ps")}), c AS ({_SIDE.format(table="cur_ps")}),
pair AS (
  SELECT coalesce(p.active, FALSE) AS pa, coalesce(c.active, FALSE) AS ca,
         coalesce(p.in_workforce, FALSE) AND p.status = 'nonactive' AS p_nonactive,
         coalesce(c.in_workforce, FALSE) AS c_wf,
         p.kalurahan_code AS pk, p.segment AS ps, p.ecosystem AS pe,
         c.kalurahan_code AS ck, c.segment AS cs, c.ecosystem AS ce
  FROM p FULL OUTER JOIN c ON p.nik = c.nik
),
events AS (
  -- the previous cell: start, lapses, leavers, moves out
  SELECT pk AS kalurahan_code, ps AS segment, pe AS ecosystem, 1 AS active_start, 0 AS new, 0 AS reactivated,
         CASE WHEN NOT ca AND c_wf THEN 1 ELSE 0 END AS lapsed,
         CASE WHEN NOT ca AND NOT c_wf THEN 1 ELSE 0 END AS "left",
         0 AS moved_in,
         CASE WHEN ca AND (pk IS DISTINCT FROM ck OR ps IS DISTINCT FROM cs OR pe IS DISTINCT FROM ce)
              THEN 1 ELSE 0 END AS moved_out,
         0 AS active_end, 0 AS workforce
  FROM pair WHERE pa
  UNION ALL
  -- this run's cell: end, new, re-activated, moves in, workforce
  SELECT ck, cs, ce, 0, CASE WHEN ca AND NOT pa AND NOT p_nonactive THEN 1 ELSE 0 END,
         CASE WHEN ca AND NOT pa AND p_nonactive THEN 1 ELSE 0 END, 0, 0,
         CASE WHEN ca AND pa AND (pk IS DISTINCT FROM ck OR ps IS DISTINCT FROM cs OR pe IS DISTINCT FROM ce)
              THEN 1 ELSE 0 END,
         0, CASE WHEN ca THEN 1 ELSE 0 END, 1
  FROM pair WHERE c_wf
)
SELECT kalurahan_code, segment, ecosystem,
       CAST(sum(active_start) AS BIGINT) AS active_start, CAST(sum(new) AS BIGINT) AS new,
       CAST(sum(reactivated) AS BIGINT) AS reactivated, CAST(sum(lapsed) AS BIGINT) AS lapsed,
       CAST(sum("left") AS BIGINT) AS "left", CAST(sum(moved_in) AS BIGINT) AS moved_in,
       CAST(sum(moved_out) AS BIGINT) AS moved_out, CAST(sum(active_end) AS BIGINT) AS active_end,
       CAST(sum(workforce) AS BIGINT) AS workforce
FROM events
GROUP BY ALL
ORDER BY ALL
"""


def flows_compute(*, prev: Path | str | None, cur: Path | str, out: Path | str) -> int:
    """Write flows.parquet (FLOW_COLUMNS) for `cur` against `prev`; without a previous run every
    active person is new. Returns the number of cells written."""
    out = Path(out)
    tmp = out.with_name(f".tmp-{out.name}")
    def lit(path) -> str:
        return "'" + str(path).replace("'", "''") + "'"

    with duckdb.connect() as con:
        con.execute(f"CREATE TEMP VIEW cur_ps AS SELECT * FROM read_parquet({lit(cur)})")
        con.execute("CREATE TEMP VIEW prev_ps AS " + (f"SELECT * FROM read_parquet({lit(prev)})" if prev is not None
                                                      else "SELECT * FROM cur_ps LIMIT 0"))
        con.execute(f"COPY ({FLOWS_SQL}) TO {lit(tmp)} (FORMAT parquet)")
        n = con.execute(f"SELECT count(*) FROM read_parquet({lit(tmp)})").fetchone()[0]
    tmp.replace(out)
    return int(n)
