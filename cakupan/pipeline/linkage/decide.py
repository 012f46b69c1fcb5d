"""From scored pairs to `links` and `review_queue`: named steps on the pipeline's engine.

lk_cand        one row per member × candidate at or above review_candidate_min, rejected pairs removed
               (by a clerk, or because the member's own NIK says it is somebody else: `own_nik_sql`)
lk_outside     one row per member record whose every candidate its own NIK ruled out (outside the register)
lk_twin_pick   one row per member record whose best candidate has a twin: the twin the name points to
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
from .model import _transposed
from .names import name_fits_sql, name_sim_sql
from .reasons import PairFacts, reasons_text
from .score import _num

EXACT_REASON = "NIK sama, nama dan tanggal lahir cocok"
ACCEPTED = "diterima petugas"
NO_CANDIDATE = "tidak ada calon yang cukup mirip"
OUTSIDE = ("di luar register penduduk: NIK peserta sah (tanggalnya = tanggal lahir peserta) dan beda "
           "lebih dari satu salah ketik dari NIK setiap calon")
NO_NIK_FAR = ("tanpa NIK, dan calon terbaik tinggal di kapanewon lain: orang lain bernama dan berlahir sama "
              "tidak dapat disingkirkan, tidak ditautkan")
TWIN_REVIEW = "kembar: tanggal lahir dan KK sama, nama berbeda"
TWIN_PICKED = "kembar: nama menunjuk kembaran ini"
_NO_DECISIONS = ("(SELECT CAST(NULL AS STRING) AS member_key, CAST(NULL AS STRING) AS candidate_nik, "
                 "CAST(NULL AS STRING) AS decision WHERE false)")
_QUEUE_COLS = ("member_key", "kpj", "candidate_nik", "match_probability", "reasons", "member_nama", "member_nik",
               "member_tanggal_lahir", "member_jenis_kelamin", "member_kode_wilayah", "cand_nama",
               "cand_tanggal_lahir", "cand_jenis_kelamin", "cand_kode_wilayah")


def _rows_as(table: str) -> Accounted:
    return Accounted(f"one row per {table} row", "SELECT count(*) FROM {t}", f"SELECT count(*) FROM {table}")


def own_nik_sql(m: str) -> str:
    """SQL: member `m`'s NIK is whole and its own — 16 digits whose date part (DDMMYY, day + 40 for
    a woman: Permendagri 72/2019 on the NIK) is the member's birth date. Such a NIK that no person
    of the register has is a NIK of somebody *outside* it (registered in another region), unless it
    is one slip away from a person's: one digit, or two neighbours swapped."""
    day = f"CAST(substr({m}.nik16, 7, 2) AS INT)"
    return (f"({m}.nik16 IS NOT NULL AND {m}.tanggal_lahir IS NOT NULL "
            f"AND {day} IN (day({m}.tanggal_lahir), day({m}.tanggal_lahir) + 40) "
            f"AND CAST(substr({m}.nik16, 9, 2) AS INT) = month({m}.tanggal_lahir) "
            f"AND CAST(substr({m}.nik16, 11, 2) AS INT) = year({m}.tanggal_lahir) % 100)")


def _date_code(m: str, plus: int) -> str:
    two = "lpad(CAST({} AS STRING), 2, '0')"
    return (f"({two.format(f'day({m}.tanggal_lahir) + {plus}')} || {two.format(f'month({m}.tanggal_lahir)')} "
            f"|| {two.format(f'year({m}.tanggal_lahir) % 100')})")


def near_own_nik_sql(m: str) -> str:
    """SQL: member `m`'s NIK is its own up to one slip in the date part (at most two of the six
    DDMMYY digits off the birth date: a typo or a swap) — not a family card number or a relative's
    NIK, whose date digits have nothing to do with the member's birth date."""
    return (f"({m}.nik16 IS NOT NULL AND {m}.tanggal_lahir IS NOT NULL "
            f"AND least(hamming(substr({m}.nik16, 7, 6), {_date_code(m, 0)}), "
            f"hamming(substr({m}.nik16, 7, 6), {_date_code(m, 40)})) <= 2)")


def _float_digits(engine, m: str) -> str:
    """SQL: the significant digits a spreadsheet kept of member `m`'s NIK (3.40216E+15 -> 340216)."""
    return engine.regexp_replace_sql(f"trim({m}.nik_raw)", r"[.,]|[Ee].*$", "")


def _float_disagrees(engine, m: str, nik: str) -> str:
    """SQL: member `m`'s NIK is a short spreadsheet float (too few digits to compare whole) whose
    digits are not person NIK `nik` rounded to as many significant digits: the digits it kept
    are evidence (3.40209E+15 is nobody whose NIK begins 340215)."""
    digits = _float_digits(engine, m)
    return (f"({m}.nik_excel AND {m}.nik16 IS NULL AND length({digits}) >= 4 "
            f"AND round(CAST(substr({nik}, 1, length({digits}) + 1) AS DOUBLE) / 10) <> CAST({digits} AS DOUBLE))")


def _far(m: str, nik: str, engine=None) -> str:
    """SQL: person NIK `nik` is more than one slip away from member `m`'s own NIK: two digits or more
    (not two neighbours swapped) from a NIK whose date is the birth date; three or more from one
    whose date is one slip off it."""
    apart = f"hamming({m}.nik16, {nik})"
    whole = (f"(NOT {_transposed(f'{m}.nik16', nik)} AND ("
             f"({own_nik_sql(m)} AND {apart} >= 2) OR ({near_own_nik_sql(m)} AND {apart} >= 3)))")
    return whole if engine is None else f"({whole} OR coalesce({_float_disagrees(engine, m, nik)}, false))"


def choose_steps(engine=None, *, settings, has_decisions: bool) -> list[Step]:
    """The steps in `engine`'s dialect (DuckDB's when None)."""
    from ..engine import Engine

    engine = engine or Engine()
    dec = "lk_decisions" if has_decisions else _NO_DECISIONS
    acc, rev, margin = float(settings.accept_threshold), float(settings.review_threshold), float(settings.margin_bits)
    twin_margin = float(settings.twin_name_margin)
    float_disagrees = _float_disagrees(engine, "lm", "bp.nik")
    return [
        Step("lk_cand", "one row per member x candidate at or above review_candidate_min, rejected pairs removed",
             # the own NIK's verdict is certain: the others' probabilities are conditioned on it,
             # p / (1 - p of the ruled-out), as if the ruled-out had never been candidates
             f"""WITH far AS (SELECT c.member_key, c.cand_nik, c.match_probability FROM lk_pred c
                              JOIN lk_members m USING (member_key) WHERE {_far('m', 'c.cand_nik', engine)}),
             gone AS (SELECT member_key, sum(match_probability) AS p_gone FROM far GROUP BY member_key)
             SELECT p.member_key, p.cand_nik, p.match_weight,
                    least(p.match_probability / greatest(1 - coalesce(g.p_gone, 0), {_num(1e-9)}), {_num(1.0)})
                      AS match_probability
             FROM lk_pred p
             {engine.anti_join} (SELECT member_key, candidate_nik FROM {dec} WHERE decision = 'reject') r
               ON r.member_key = p.member_key AND r.candidate_nik = p.cand_nik
             {engine.anti_join} far o ON o.member_key = p.member_key AND o.cand_nik = p.cand_nik
             LEFT JOIN gone g ON g.member_key = p.member_key""",
             (NotNull("member_key", "cand_nik"),)),
        Step("lk_outside", "one row per member record whose own NIK ruled out every candidate",
             f"""SELECT DISTINCT c.member_key FROM lk_pred c JOIN lk_members m USING (member_key)
             WHERE {_far('m', 'c.cand_nik', engine)} AND c.member_key NOT IN (SELECT member_key FROM lk_cand)""",
             (Unique("member_key"),)),
        # Twins: when the best candidate has a twin (lk_twins), the NIK cannot tell them apart (one
        # slip turns one's NIK into the other's), the name does: the twin whose name is nearest the
        # member's by at least twin_name_margin (or the only one with the very name) is chosen;
        # a name that fits both (an initial, or words of both: names.name_fits_sql) or neither by
        # the margin sends the member to review with the reason in words.
        Step("lk_twin_pick", "one row per member record whose best candidate has a twin: the twin its name points to",
             f"""WITH best AS (
               SELECT member_key, cand_nik FROM (
                 SELECT member_key, cand_nik,
                        row_number() OVER (PARTITION BY member_key ORDER BY match_weight DESC, cand_nik) AS rk
                 FROM lk_cand) r WHERE rk = 1),
             grp AS (
               SELECT b.member_key, b.cand_nik AS nik FROM best b
               UNION SELECT b.member_key, t.twin_nik FROM best b JOIN lk_twins t ON t.nik = b.cand_nik),
             scored AS (
               SELECT g.member_key, g.nik, {name_sim_sql('m', 'p')} AS sim,
                      coalesce(m.nama_norm = p.nama_norm, false) AS same, coalesce(c.match_probability, 0) AS p,
                      {name_fits_sql('m', 'p')} AS fits,
                      row_number() OVER (PARTITION BY g.member_key ORDER BY {name_sim_sql('m', 'p')} DESC,
                                         coalesce(m.nama_norm = p.nama_norm, false) DESC, g.nik) AS rk
               FROM grp g JOIN lk_members m USING (member_key) JOIN lk_population p ON p.nik = g.nik
               LEFT JOIN lk_cand c ON c.member_key = g.member_key AND c.cand_nik = g.nik)
             SELECT member_key,
                    CASE WHEN sum(CASE WHEN fits THEN 1 ELSE 0 END) >= 2 THEN NULL   -- "A. SETIAWAN": AGUS or AGUNG
                         WHEN sum(CASE WHEN fits THEN 1 ELSE 0 END) = 1 THEN max(CASE WHEN fits THEN nik END)
                         WHEN max(CASE WHEN rk = 1 THEN sim END) - max(CASE WHEN rk = 2 THEN sim END) >= {_num(twin_margin)}
                              OR (bool_or(rk = 1 AND same) AND NOT bool_or(rk > 1 AND same))
                         THEN max(CASE WHEN rk = 1 THEN nik END) END AS pick_nik,
                    sum(p) AS group_p
             FROM scored GROUP BY member_key HAVING count(*) > 1""",
             (Unique("member_key"),)),
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
             SELECT member_key, flagged_nik, best_nik, best_p, accepted_nik, twin, picked, elsewhere_no_nik,
                    CASE WHEN accepted_nik IS NOT NULL THEN 'accepted'
                         WHEN twin AND picked AND best_p >= {_num(acc)}
                           THEN CASE WHEN best_nik = flagged_nik THEN 'exact-flagged' ELSE 'probabilistic' END
                         WHEN twin THEN CASE WHEN best_p >= {_num(rev)} THEN 'review' ELSE 'none' END
                         WHEN best_p >= {_num(acc)} AND (second_w IS NULL OR best_w - second_w >= {_num(margin)})
                              AND elsewhere_no_nik IS NULL
                           THEN CASE WHEN best_nik = flagged_nik THEN 'exact-flagged' ELSE 'probabilistic' END
                         WHEN best_p >= {_num(acc)} AND elsewhere_no_nik = 'kapanewon' THEN 'review'
                         WHEN best_p >= {_num(acc)} AND elsewhere_no_nik = 'far' THEN 'none'
                         -- one of a few near-equal candidates (NIK ...0000 between ...0001 and ...0002)
                         WHEN total_p >= {_num(rev)} THEN 'review'
                         ELSE 'none' END AS choice
             FROM (
               SELECT l.unique_id AS member_key, e.person_nik AS flagged_nik, a.accepted_nik,
                      t.member_key IS NOT NULL AS twin, t.pick_nik IS NOT NULL AS picked,
                      coalesce(t.pick_nik, b.best_nik) AS best_nik,
                      CASE WHEN t.member_key IS NOT NULL THEN t.group_p ELSE b.best_p END AS best_p,
                      b.best_w, b.second_w, b.total_p,
                      -- no NIK to tell a namesake from the person, and another kalurahan: a clerk decides
                      -- (a short spreadsheet float, 3.40216E+15, still tells the NIK's first digits)
                      CASE WHEN l.nik16 IS NULL AND bp.kode_wilayah <> l.kode_wilayah
                                AND NOT coalesce(lm.nik_excel AND NOT {float_disagrees}, false)
                           THEN CASE WHEN bp.kapanewon = l.kapanewon THEN 'kapanewon' ELSE 'far' END END
                        AS elsewhere_no_nik
               FROM lk_left l
               JOIN lk_members lm ON lm.member_key = l.unique_id
               LEFT JOIN lk_exact e ON e.member_key = l.unique_id
               LEFT JOIN best b ON b.member_key = l.unique_id
               LEFT JOIN lk_population bp ON bp.nik = b.best_nik
               LEFT JOIN lk_twin_pick t ON t.member_key = l.unique_id
               LEFT JOIN accepted a ON a.member_key = l.unique_id) x""",
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
                    c.choice = 'accepted' AS accepted, c.twin, c.elsewhere_no_nik,
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
                  {work.semi_join} (SELECT reason_nik AS nik FROM lk_pairs UNION ALL SELECT cand_nik FROM lk_cand
                                    UNION ALL SELECT t.twin_nik FROM lk_pairs p JOIN lk_twins t ON t.nik = p.reason_nik
                                    WHERE p.twin) c
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
               CASE WHEN p.method = 'review' AND p.twin THEN 'perlu diperiksa petugas: {TWIN_REVIEW}; ' || r.reasons
                    WHEN p.method = 'review' THEN 'perlu diperiksa petugas: ' || r.reasons
                    WHEN p.twin AND p.method IN ('probabilistic', 'exact-flagged') AND NOT p.accepted
                      THEN '{TWIN_PICKED}; ' || r.reasons
                    WHEN p.method = 'none' AND o.member_key IS NOT NULL THEN '{OUTSIDE}'
                    WHEN p.method = 'none' AND p.elsewhere_no_nik = 'far' THEN '{NO_NIK_FAR}'
                    WHEN p.method = 'none' AND e.person_nik IS NOT NULL
                      THEN 'NIK sama dengan penduduk lain tetapi nama/tanggal lahir beda; tidak ada calon lain'
                    ELSE r.reasons END
        FROM lk_pairs p JOIN lk_members m USING (member_key) JOIN lk_pairs_reasons r USING (member_key)
        LEFT JOIN lk_exact e ON e.member_key = p.member_key
        LEFT JOIN lk_outside o ON o.member_key = p.member_key""",
                 (_rows_as("lk_members"), NotNull("member_key", "method"), AcceptedValues("method", LINK_METHODS.codes)))
    steps_run(work, [links], {}, timings)
    ran += _with_reasons(work, f"""SELECT c.member_key || chr(31) || c.cand_nik AS queue_key, c.member_key,
               c.cand_nik AS candidate_nik, c.match_probability
        FROM lk_cand c JOIN lk_pairs p ON p.member_key = c.member_key AND p.method = 'review'
        WHERE c.match_probability >= {_num(settings.review_candidate_min)}
        UNION ALL
        -- twins under review: the clerk sees both twins, however unlikely the model found one
        SELECT p.member_key || chr(31) || t.twin_nik, p.member_key, t.twin_nik, CAST(0.0 AS DOUBLE)
        FROM lk_pairs p JOIN lk_twins t ON t.nik = p.reason_nik
        {work.anti_join} (SELECT member_key, cand_nik FROM lk_cand
                          WHERE match_probability >= {_num(settings.review_candidate_min)}) c
          ON c.member_key = p.member_key AND c.cand_nik = t.twin_nik
        WHERE p.method = 'review' AND p.twin""",
                         grain="one row per review candidate", nik="candidate_nik", out="lk_queue", key="queue_key",
                         timings=timings)
    queue = Step("review_queue", "one row per member record x candidate in the review band",
                 f"SELECT {', '.join(_QUEUE_COLS)} FROM lk_queue",
                 (Unique("member_key", "candidate_nik"), NotNull("member_key", "candidate_nik"), _rows_as("lk_queue")))
    steps_run(work, [queue], {}, timings)
    return ran
