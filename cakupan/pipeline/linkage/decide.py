"""From scored pairs to `links` and `review_queue`: named steps on the pipeline's engine.

lk_cand        one row per member × candidate at or above review_candidate_min, rejected pairs removed
lk_choice      one row per member record still to link: the chosen method and person
lk_pairs       one row per member record still to link: its person, method, probability, reasons' person
lk_cand_people one row per person any reason speaks of
<t>_f, <t>_r, <t>  facts, reasons (written in Python: reasons.reasons_text) and both, for t =
               lk_pairs_reasons (one row per member record still to link) and lk_queue (one row per
               review candidate)
links          one row per member record (grain of the contract in docs/contracts.md)
review_queue   one row per member record × candidate in the review band
"""
from __future__ import annotations

from cakupan.core.vocab import LINK_METHODS

from ..steps import Accounted, AcceptedValues, NotNull, Step, Unique, steps_drop, steps_run
from .reasons import PairFacts, reasons_text
from .score import _num

EXACT_REASON = "NIK sama, nama dan tanggal lahir cocok"
ACCEPTED = "diterima petugas"
NO_CANDIDATE = "tidak ada calon yang cukup mirip"
_NO_DECISIONS = ("(SELECT CAST(NULL AS STRING) AS member_key, CAST(NULL AS STRING) AS candidate_nik, "
                 "CAST(NULL AS STRING) AS decision WHERE false)")
_QUEUE_COLS = ("member_key", "kpj", "candidate_nik", "match_probability", "reasons", "member_nama", "member_nik",
               "member_tanggal_lahir", "member_jenis_kelamin", "member_kode_wilayah", "cand_nama",
               "cand_tanggal_lahir", "cand_jenis_kelamin", "cand_kode_wilayah")


def _rows_as(table: str) -> Accounted:
    return Accounted(f"one row per {table} row", "SELECT count(*) FROM {t}", f"SELECT count(*) FROM {table}")


def choose_steps(engine=None, *, settings, has_decisions: bool) -> list[Step]:
    """The steps in `engine`'s dialect (DuckDB's when None)."""
    from ..engine import Engine

    engine = engine or Engine()
    dec = "lk_decisions" if has_decisions else _NO_DECISIONS
    acc, rev, margin = float(settings.accept_threshold), float(settings.review_threshold), float(settings.margin_bits)
    return [
        Step("lk_cand", "one row per member x candidate at or above review_candidate_min, rejected pairs removed",
             f"""SELECT p.* FROM lk_pred p
             {engine.anti_join} (SELECT member_key, candidate_nik FROM {dec} WHERE decision = 'reject') r
               ON r.member_key = p.member_key AND r.candidate_nik = p.cand_nik""",
             (NotNull("member_key", "cand_nik"),)),
        Step("lk_choice", "one row per member record still to link: the chosen method and person",
             f"""WITH ranked AS (
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
                         WHEN b.best_p >= {_num(acc)} AND (b.second_w IS NULL OR b.best_w - b.second_w >= {_num(margin)})
                           THEN CASE WHEN b.best_nik = e.person_nik THEN 'exact-flagged' ELSE 'probabilistic' END
                         -- one of a few near-equal candidates (NIK ...0000 between ...0001 and ...0002)
                         WHEN b.total_p >= {_num(rev)} THEN 'review'
                         ELSE 'none' END AS choice
             FROM lk_left l
             LEFT JOIN lk_exact e ON e.member_key = l.unique_id
             LEFT JOIN best b ON b.member_key = l.unique_id
             LEFT JOIN accepted a ON a.member_key = l.unique_id""",
             (Unique("member_key", via="lk_left"),
              AcceptedValues("choice", ("accepted", "exact-flagged", "probabilistic", "review", "none")))),
        Step("lk_pairs", "one row per member record still to link: person, method, probability, the person its reasons speak of",
             """SELECT c.member_key,
                    CASE c.choice WHEN 'accepted' THEN c.accepted_nik
                                  WHEN 'probabilistic' THEN c.best_nik
                                  WHEN 'exact-flagged' THEN c.best_nik END AS person_nik,
                    CASE WHEN c.choice = 'accepted' THEN 'probabilistic' ELSE c.choice END AS method,
                    CASE WHEN c.choice = 'accepted' THEN coalesce(p.match_probability, c.best_p)
                         WHEN c.choice = 'none' THEN NULL ELSE c.best_p END AS match_probability,
                    c.choice = 'accepted' AS accepted,
                    CASE c.choice WHEN 'accepted' THEN c.accepted_nik WHEN 'none' THEN NULL ELSE c.best_nik END AS reason_nik
             FROM lk_choice c
             LEFT JOIN lk_pred p ON c.choice = 'accepted' AND p.member_key = c.member_key AND p.cand_nik = c.accepted_nik""",
             (Unique("member_key", via="lk_choice"), AcceptedValues("method", LINK_METHODS.codes))),
    ]


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


def pair_reasons(row: dict) -> str:
    """The reasons of one facts row (`_FACTS_SQL` with `reason_nik`): `reasons.reasons_text`. Run
    by `Engine.create_mapped` — in this process on DuckDB, on the executors on Spark."""
    return reasons_text(PairFacts(
        member_nama=row["member_nama"], cand_nama=row["cand_nama"],
        name_norm_same=row["m_norm"] is not None and row["m_norm"] == row["c_norm"],
        name_jw=row["name_jw"], member_tanggal_lahir=row["member_tanggal_lahir"],
        cand_tanggal_lahir=row["cand_tanggal_lahir"], member_nik_raw=row["member_nik"],
        member_nik16=row["member_nik16"], cand_nik=row["reason_nik"],
        member_jenis_kelamin=row["member_jenis_kelamin"], cand_jenis_kelamin=row["cand_jenis_kelamin"],
        member_kode_wilayah=row["member_kode_wilayah"], cand_kode_wilayah=row["cand_kode_wilayah"]))


def _with_reasons(work, query: str, *, grain: str, nik: str, out: str, key: str, timings: dict[str, float],
                  prefix_col: str | None = None) -> list[Step]:
    """Step `out`: the rows of `query` (unique on `key`) with their facts and `reasons`.

    The reasons of rows with a candidate are written in Python (`pair_reasons`, run by the engine:
    `Engine.create_mapped`, on Spark's executors); rows without a candidate get their text in SQL."""
    facts = Step(f"{out}_f", f"{grain}, with the facts its reasons are written from",
                 _FACTS_SQL.format(q=query, nik=nik), (Unique(key),))
    steps_run(work, [facts], {}, timings)
    # made by the engine from a Python function: a step "given" by the caller, only checked
    given = Step(f"{out}_r", f"{grain} with a candidate: its reasons", "", (Unique("k"),), materialize="given")
    work.create_mapped(given.name, f"SELECT {key} AS k, {nik} AS reason_nik, {', '.join(_FACT_COLS)} "
                                   f"FROM {out}_f WHERE {nik} IS NOT NULL", key="k", fn=pair_reasons, out="reasons")
    text = f"coalesce(r.reasons, '{NO_CANDIDATE}')"
    if prefix_col:
        text = f"CASE WHEN f.{prefix_col} THEN '{ACCEPTED}, ' || {text} ELSE {text} END"
    steps = [
        given,
        Step(out, f"{grain}: facts and reasons",
             f"SELECT f.*, {text} AS reasons FROM {out}_f f LEFT JOIN {out}_r r ON r.k = f.{key}",
             (Unique(key, via=f"{out}_f"),)),
    ]
    steps_run(work, steps, {}, timings)
    return [facts, *steps]


def links_make(work, *, settings, timings: dict[str, float]) -> list[Step]:
    """links and review_queue from lk_pairs, lk_cand and the exact matches; returns the steps run
    (their working tables are dropped by the caller)."""
    people = Step("lk_cand_people", "one row per person any reason speaks of (the population scanned once)",
                  f"""SELECT p.* FROM lk_population p
                  {work.semi_join} (SELECT reason_nik AS nik FROM lk_pairs UNION ALL SELECT cand_nik FROM lk_cand) c
                    ON c.nik = p.nik""", (Unique("nik"),))
    steps_run(work, [people], {}, timings)
    ran = [people]
    ran += _with_reasons(work, "SELECT * FROM lk_pairs", grain="one row per member record still to link",
                         nik="reason_nik", out="lk_pairs_reasons", key="member_key", timings=timings,
                         prefix_col="accepted")
    links = Step("links", "one row per member record: its person (or none), method, probability and reasons",
                 f"""SELECT m.member_key, m.kpj, e.person_nik, 'exact' AS method, CAST(1.0 AS DOUBLE) AS match_probability,
               '{EXACT_REASON}' AS reasons
        FROM lk_members m JOIN lk_exact e ON e.member_key = m.member_key AND e.trusted
        UNION ALL
        SELECT m.member_key, m.kpj, p.person_nik, p.method, CAST(p.match_probability AS DOUBLE),
               CASE WHEN p.method = 'review' THEN 'perlu diperiksa petugas: ' || r.reasons
                    WHEN p.method = 'none' AND e.person_nik IS NOT NULL
                      THEN 'NIK sama dengan penduduk lain tetapi nama/tanggal lahir beda; tidak ada calon lain'
                    ELSE r.reasons END
        FROM lk_pairs p JOIN lk_members m USING (member_key) JOIN lk_pairs_reasons r USING (member_key)
        LEFT JOIN lk_exact e ON e.member_key = p.member_key""",
                 (_rows_as("lk_members"), NotNull("member_key", "method"), AcceptedValues("method", LINK_METHODS.codes)))
    steps_run(work, [links], {}, timings)
    ran += _with_reasons(work, f"""SELECT c.member_key || chr(31) || c.cand_nik AS queue_key, c.member_key,
               c.cand_nik AS candidate_nik, c.match_probability
        FROM lk_cand c JOIN lk_pairs p ON p.member_key = c.member_key AND p.method = 'review'
        WHERE c.match_probability >= {_num(settings.review_candidate_min)}""",
                         grain="one row per review candidate", nik="candidate_nik", out="lk_queue", key="queue_key",
                         timings=timings)
    queue = Step("review_queue", "one row per member record x candidate in the review band",
                 f"SELECT {', '.join(_QUEUE_COLS)} FROM lk_queue",
                 (Unique("member_key", "candidate_nik"), NotNull("member_key", "candidate_nik"), _rows_as("lk_queue")))
    steps_run(work, [queue], {}, timings)
    return ran
