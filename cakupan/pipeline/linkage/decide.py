"""From scored pairs to `links` and `review_queue` (DuckDB dialect, on the work connection).

lk_cand     one row per member × candidate at or above review_candidate_min, rejected pairs removed
lk_choice   one row per member record still to link: the chosen method and person
links       one row per member record (grain of the contract in docs/contracts.md)
review_queue one row per member record × candidate in the review band
"""
from __future__ import annotations

from .reasons import PairFacts, reasons_text

EXACT_REASON = "NIK sama, nama dan tanggal lahir cocok"
ACCEPTED = "diterima petugas"
NO_CANDIDATE = "tidak ada calon yang cukup mirip"


def steps_choose(con, *, settings, has_decisions: bool) -> None:
    dec = "lk_decisions" if has_decisions else \
        "(SELECT NULL::VARCHAR AS member_key, NULL::VARCHAR AS candidate_nik, NULL::VARCHAR AS decision WHERE false)"
    acc, rev, margin = float(settings.accept_threshold), float(settings.review_threshold), float(settings.margin_bits)
    con.execute(f"""CREATE OR REPLACE TABLE lk_cand AS
        SELECT p.* FROM lk_pred p
        ANTI JOIN (SELECT member_key, candidate_nik FROM {dec} WHERE decision = 'reject') r
          ON r.member_key = p.member_key AND r.candidate_nik = p.cand_nik""")
    con.execute(f"""CREATE OR REPLACE TABLE lk_choice AS
        WITH ranked AS (
          SELECT *, row_number() OVER (PARTITION BY member_key ORDER BY match_weight DESC, cand_nik) AS rk
          FROM lk_cand),
        best AS (
          SELECT member_key,
                 max(CASE WHEN rk = 1 THEN cand_nik END) AS best_nik,
                 max(CASE WHEN rk = 1 THEN match_probability END) AS best_p,
                 max(CASE WHEN rk = 1 THEN match_weight END) AS best_w,
                 max(CASE WHEN rk = 2 THEN match_weight END) AS second_w,
                 sum(match_probability) AS total_p
          FROM ranked GROUP BY member_key),
        accepted AS (
          SELECT member_key, min(candidate_nik) AS accepted_nik FROM {dec}
          WHERE decision = 'accept' GROUP BY member_key)
        SELECT l.unique_id AS member_key, e.person_nik AS flagged_nik, b.best_nik, b.best_p,
               a.accepted_nik,
               CASE WHEN a.accepted_nik IS NOT NULL THEN 'accepted'
                    WHEN b.best_p >= {acc} AND (b.second_w IS NULL OR b.best_w - b.second_w >= {margin})
                      THEN CASE WHEN b.best_nik = e.person_nik THEN 'exact-flagged' ELSE 'probabilistic' END
                    -- one of a few near-equal candidates (NIK ...0000 between ...0001 and ...0002)
                    WHEN b.total_p >= {rev} THEN 'review'
                    ELSE 'none' END AS choice
        FROM lk_left l
        LEFT JOIN lk_exact e ON e.member_key = l.unique_id
        LEFT JOIN best b ON b.member_key = l.unique_id
        LEFT JOIN accepted a ON a.member_key = l.unique_id""")
    con.execute("""CREATE OR REPLACE TABLE lk_pairs AS
        SELECT c.member_key,
               CASE c.choice WHEN 'accepted' THEN c.accepted_nik
                             WHEN 'probabilistic' THEN c.best_nik
                             WHEN 'exact-flagged' THEN c.best_nik END AS person_nik,
               CASE WHEN c.choice = 'accepted' THEN 'probabilistic' ELSE c.choice END AS method,
               CASE WHEN c.choice = 'accepted' THEN coalesce(p.match_probability, c.best_p)
                    WHEN c.choice = 'none' THEN NULL ELSE c.best_p END AS match_probability,
               c.choice = 'accepted' AS accepted,
               CASE c.choice WHEN 'accepted' THEN c.accepted_nik WHEN 'none' THEN NULL ELSE c.best_nik END AS reason_nik
        FROM lk_choice c
        LEFT JOIN lk_pred p ON c.choice = 'accepted' AND p.member_key = c.member_key AND p.cand_nik = c.accepted_nik""")


_FACTS_SQL = """
    SELECT q.*, m.nama AS member_nama, m.nama_norm AS m_norm, m.tanggal_lahir AS member_tanggal_lahir,
           m.nik_raw AS member_nik, m.nik16 AS member_nik16, m.jenis_kelamin AS member_jenis_kelamin,
           m.kode_wilayah AS member_kode_wilayah, m.kpj,
           p.nama AS cand_nama, p.nama_norm AS c_norm, p.tanggal_lahir AS cand_tanggal_lahir,
           p.jenis_kelamin AS cand_jenis_kelamin, p.kode_wilayah AS cand_kode_wilayah,
           jaro_winkler_similarity(coalesce(m.nama_norm, ''), coalesce(p.nama_norm, '')) AS name_jw
    FROM ({q}) q JOIN lk_members m USING (member_key) LEFT JOIN lk_cand_people p ON p.nik = q.{nik}"""


_FACT_COLS = ("member_nama", "m_norm", "c_norm", "name_jw", "member_tanggal_lahir", "cand_tanggal_lahir",
              "member_nik", "member_nik16", "member_jenis_kelamin", "cand_jenis_kelamin", "member_kode_wilayah",
              "cand_kode_wilayah", "cand_nama")


def _with_reasons(con, query: str, *, nik: str, out: str, key: str, prefix_col: str | None = None) -> None:
    """Create temp table `out`: the rows of `query` (unique on `key`) with their facts and `reasons`.

    The reasons of rows with a candidate are written in Python (`reasons.reasons_text`) and handed
    back to DuckDB as two list parameters (key, text): no Arrow conversion of Python objects, which
    would import pandas (0.2 s of a 1 s run). Rows without a candidate get their text in SQL."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {out}_f AS " + _FACTS_SQL.format(q=query, nik=nik))
    cur = con.execute(f"SELECT {key}, {nik}, {', '.join(_FACT_COLS)} FROM {out}_f WHERE {nik} IS NOT NULL")
    keys, reasons = [], []
    for k, cand, *facts in cur.fetchall():
        c = dict(zip(_FACT_COLS, facts))
        keys.append(k)
        reasons.append(reasons_text(PairFacts(
            member_nama=c["member_nama"], cand_nama=c["cand_nama"],
            name_norm_same=c["m_norm"] is not None and c["m_norm"] == c["c_norm"],
            name_jw=c["name_jw"], member_tanggal_lahir=c["member_tanggal_lahir"],
            cand_tanggal_lahir=c["cand_tanggal_lahir"], member_nik_raw=c["member_nik"],
            member_nik16=c["member_nik16"], cand_nik=cand,
            member_jenis_kelamin=c["member_jenis_kelamin"], cand_jenis_kelamin=c["cand_jenis_kelamin"],
            member_kode_wilayah=c["member_kode_wilayah"], cand_kode_wilayah=c["cand_kode_wilayah"])))
    text = f"coalesce(r.reasons, '{NO_CANDIDATE}')"
    if prefix_col:
        text = f"CASE WHEN f.{prefix_col} THEN '{ACCEPTED}, ' || {text} ELSE {text} END"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {out} AS
        SELECT f.*, {text} AS reasons FROM {out}_f f
        LEFT JOIN (SELECT unnest($1::VARCHAR[]) AS k, unnest($2::VARCHAR[]) AS reasons) r ON r.k = f.{key}""",
                [keys, reasons])
    con.execute(f"DROP TABLE {out}_f")


def steps_links(con, *, settings) -> None:
    # the people any reason speaks of, found in the population once (it is scanned, not indexed)
    con.execute("""CREATE OR REPLACE TEMP TABLE lk_cand_people AS
        SELECT p.* FROM lk_population p
        SEMI JOIN (SELECT reason_nik AS nik FROM lk_pairs UNION ALL SELECT cand_nik FROM lk_cand) c ON c.nik = p.nik""")
    _with_reasons(con, "SELECT * FROM lk_pairs", nik="reason_nik", out="lk_pairs_reasons", key="member_key",
                  prefix_col="accepted")
    con.execute("""CREATE OR REPLACE TABLE links AS
        SELECT m.member_key, m.kpj, e.person_nik, 'exact' AS method, 1.0::DOUBLE AS match_probability,
               '""" + EXACT_REASON + """' AS reasons
        FROM lk_members m JOIN lk_exact e ON e.member_key = m.member_key AND e.trusted
        UNION ALL
        SELECT m.member_key, m.kpj, p.person_nik, p.method, p.match_probability::DOUBLE,
               CASE WHEN p.method = 'review' THEN 'perlu diperiksa petugas: ' || r.reasons
                    WHEN p.method = 'none' AND e.person_nik IS NOT NULL
                      THEN 'NIK sama dengan penduduk lain tetapi nama/tanggal lahir beda; tidak ada calon lain'
                    ELSE r.reasons END
        FROM lk_pairs p JOIN lk_members m USING (member_key) JOIN lk_pairs_reasons r USING (member_key)
        LEFT JOIN lk_exact e ON e.member_key = p.member_key""")
    _with_reasons(con, f"""SELECT c.member_key || chr(31) || c.cand_nik AS queue_key, c.member_key,
               c.cand_nik AS candidate_nik, c.match_probability
        FROM lk_cand c JOIN lk_pairs p ON p.member_key = c.member_key AND p.method = 'review'
        WHERE c.match_probability >= {float(settings.review_candidate_min)}""", nik="candidate_nik", out="lk_queue",
                  key="queue_key")
    cols = ["member_key", "kpj", "candidate_nik", "match_probability", "reasons", "member_nama", "member_nik",
            "member_tanggal_lahir", "member_jenis_kelamin", "member_kode_wilayah", "cand_nama",
            "cand_tanggal_lahir", "cand_jenis_kelamin", "cand_kode_wilayah"]
    con.execute(f"CREATE OR REPLACE TABLE review_queue AS SELECT {', '.join(cols)} FROM lk_queue")
    con.execute("DROP TABLE lk_pairs_reasons")
    con.execute("DROP TABLE lk_cand_people")
    con.execute("DROP TABLE lk_queue")
