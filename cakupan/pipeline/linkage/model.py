"""The Fellegi–Sunter model: settings and unsupervised training with Splink 5 (DuckDB backend);
scoring by the same model compiled to SQL (`score.py`, no Splink at run time).

Inputs are two tables of the pipeline's engine with the same columns (`unique_id, nama_norm, tanggal_lahir,
jenis_kelamin, kode_wilayah, kapanewon, nik16, nik_excel`): the members still to link (link_only, left) and the
population (right). Output: one row per scored pair (member_key, cand_nik, match_weight) at or
above a floor weight (`model_predict`, named steps in `score.py`). Training is Splink's own work on
samples (`model_train`): the samples and the counts over the whole population are made on the
pipeline's engine, and only the samples (a fixed size, not the population's) go to the DuckDB
Splink trains in (`Engine.duckdb_work`: the engine's own connection on DuckDB, a private one on
Spark). Splink's tables are not steps.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from cakupan.errors import UserError

from .score import model_score, tf_sql

log = logging.getLogger(__name__)

_MEMBERS, _POPULATION = "a_members", "b_population"

# Blocking: the same day of birth in the same kalurahan; the same normalised name with the birth
# date, or in the same kapanewon with one part of the date mistyped (day, month or year) or day and
# month swapped; and the NIK neighbourhood — a wrong digit keeps one of the three NIK slices whole
# (region+date, date+serial, region+day+month+serial; region+year+serial would be too wide with
# dense serials). "Same name, birth year and kapanewon" was one rule before; it made 6.5 M pairs at
# 10× density for 0.9 M with the day-or-month rules below, and found nobody they miss.
BLOCKING = [
    "l.tanggal_lahir = r.tanggal_lahir AND l.kode_wilayah = r.kode_wilayah",
    "l.nama_norm = r.nama_norm AND year(l.tanggal_lahir) = year(r.tanggal_lahir) "
    "AND month(l.tanggal_lahir) = month(r.tanggal_lahir) AND l.kapanewon = r.kapanewon",
    "l.nama_norm = r.nama_norm AND year(l.tanggal_lahir) = year(r.tanggal_lahir) "
    "AND day(l.tanggal_lahir) = day(r.tanggal_lahir) AND l.kapanewon = r.kapanewon",
    "l.nama_norm = r.nama_norm AND year(l.tanggal_lahir) = year(r.tanggal_lahir) "
    "AND day(l.tanggal_lahir) = month(r.tanggal_lahir) AND month(l.tanggal_lahir) = day(r.tanggal_lahir) "
    "AND l.kapanewon = r.kapanewon",
    "l.nama_norm = r.nama_norm AND l.tanggal_lahir = r.tanggal_lahir",
    "l.nama_norm = r.nama_norm AND month(l.tanggal_lahir) = month(r.tanggal_lahir) "
    "AND day(l.tanggal_lahir) = day(r.tanggal_lahir) AND l.kapanewon = r.kapanewon",
    # The NIK neighbourhoods also ask for the same initial of the normalised name: a NIK typo *and*
    # another first letter are two slips, and such a member is still reached by birth date +
    # kalurahan. On Bantul no true pair is lost (0 of 9,155 members still to link); at 10× density
    # the three rules make 0.7 M pairs instead of 3.8 M.
    "substr(l.nik16, 1, 12) = substr(r.nik16, 1, 12) AND left(l.nama_norm, 1) = left(r.nama_norm, 1)",
    # date + serial, region code at most two digits off (a typo or a swap; without the bound every
    # commuter born the same day with the same serial in another province is a candidate: 3× the pairs)
    "substr(l.nik16, 7, 10) = substr(r.nik16, 7, 10) AND hamming(substr(l.nik16, 1, 6), substr(r.nik16, 1, 6)) <= 2 "
    "AND left(l.nama_norm, 1) = left(r.nama_norm, 1)",
    "substr(l.nik16, 1, 10) = substr(r.nik16, 1, 10) AND substr(l.nik16, 13, 4) = substr(r.nik16, 13, 4) "
    "AND left(l.nama_norm, 1) = left(r.nama_norm, 1)",
    # a slip in the NIK's date digits, a misspelt name and another kalurahan: the birth date itself
    # with the NIK's region and serial (SPARMAN DIHARJO, NIK ..140558.. for SUPARMAN born 14-02-1958)
    "l.tanggal_lahir = r.tanggal_lahir AND substr(l.nik16, 1, 6) = substr(r.nik16, 1, 6) "
    "AND substr(l.nik16, 13, 4) = substr(r.nik16, 13, 4)",
]
# EM: each comparison must be estimated under a rule that does not use its columns, and EM behaves
# when the blocked pairs are mostly matches. Pairs sharing the NIK train name, birth date, sex and
# area; pairs sharing name, birth date and kapanewon train NIK and sex (without the kapanewon,
# namesakes born the same day elsewhere — whose NIKs differ only in the region code — pass for
# matches). Rules that are mostly non-matches (birth date + kalurahan, a bare name) let EM settle on
# the wrong class when single names like BUDI or NUR are common.
EM_RULES = [
    "l.nik16 = r.nik16",
    "l.nama_norm = r.nama_norm AND l.tanggal_lahir = r.tanggal_lahir AND l.kapanewon = r.kapanewon",
]
POPULATION_ROWS = "cakupan_population_rows"
M_FLOOR = 1e-4  # no level may be (near-)impossible for a true match: bounded evidence against
LAMBDA_RULE = "l.nama_norm = r.nama_norm AND l.tanggal_lahir = r.tanggal_lahir AND l.kode_wilayah = r.kode_wilayah"


def _null(col: str) -> dict:
    return {"sql_condition": f"{col}_l IS NULL OR {col}_r IS NULL", "label_for_charts": "kosong",
            "is_null_level": True}


def _level(sql: str, label: str, **extra) -> dict:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _transposed(a: str, b: str) -> str:
    """SQL: b is a with two adjacent digits swapped (a keying slip; by chance it is rare)."""
    swaps = " OR ".join(
        f"concat(substr({a}, 1, {i}), substr({a}, {i + 2}, 1), substr({a}, {i + 1}, 1), substr({a}, {i + 3})) = {b}"
        for i in range(15))
    # CASE, not AND: the fifteen string rebuilds run only for the pairs two digits apart (half the cost)
    return f"(CASE WHEN hamming({a}, {b}) = 2 THEN ({swaps}) ELSE false END)"


def model_settings(*, jw_high: float, jw_low: float) -> dict:
    jw = "jaro_winkler_similarity(nama_norm_l, nama_norm_r)"
    jw_key = "jaro_winkler_similarity(nama_key_l, nama_key_r)"
    d_l, d_r = "tanggal_lahir_l", "tanggal_lahir_r"
    same_region = "substr(nik16_l, 1, 6) = substr(nik16_r, 1, 6)"
    comparisons = [
        {"output_column_name": "nama_norm", "comparison_levels": [
            _null("nama_norm"),
            _level("nama_norm_l = nama_norm_r", "nama sama", tf_adjustment_column="nama_norm",
                   tf_adjustment_weight=1.0),
            # the same words in another order, J for Y, a doubled letter (names.py: nama_key)
            _level("nama_key_l = nama_key_r", "nama sama (urutan/ejaan beda)"),
            _level(f"{jw} >= {jw_high} OR {jw_key} >= {jw_high}", f"JW >= {jw_high}"),
            # a middle name dropped (AGUS ARIF PRASETYO ~ AGUS PRASETYO)
            _level("nama_fl_l = nama_fl_r", "nama depan dan belakang sama"),
            # one name is the other with words added (SUMIYATI ~ SUMIYATI ATMOJO, DWI ~ DWI RAHAYU)
            _level("contains(' ' || nama_norm_l || ' ', ' ' || nama_norm_r || ' ') "
                   "OR contains(' ' || nama_norm_r || ' ', ' ' || nama_norm_l || ' ')", "nama terkandung"),
            # a first name written as its initial (J. SUSANTO ~ JOKO SUSANTO)
            _level("nama_init_l = nama_init_r AND (contains(' ' || nama_norm_l || ' ', ' ' || left(nama_norm_l, 1) || ' ') "
                   "OR contains(' ' || nama_norm_r || ' ', ' ' || left(nama_norm_r, 1) || ' '))", "inisial cocok"),
            _level(f"{jw} >= {jw_low} OR {jw_key} >= {jw_low}", f"JW >= {jw_low}"),
            _level("ELSE", "lain")]},
        {"output_column_name": "tanggal_lahir", "comparison_levels": [
            _null("tanggal_lahir"),
            _level(f"{d_l} = {d_r}", "sama"),
            _level(f"day({d_l}) = month({d_r}) AND month({d_l}) = day({d_r}) AND year({d_l}) = year({d_r})",
                   "tanggal-bulan tertukar"),
            _level(f"month({d_l}) = month({d_r}) AND day({d_l}) = day({d_r})", "tahun beda"),
            _level(f"year({d_l}) = year({d_r})", "tahun sama"),
            _level("ELSE", "lain")]},
        {"output_column_name": "jenis_kelamin", "comparison_levels": [
            _null("jenis_kelamin"), _level("jenis_kelamin_l = jenis_kelamin_r", "sama"),
            _level("ELSE", "lain")]},
        {"output_column_name": "wilayah", "comparison_levels": [
            _null("kode_wilayah"), _level("kode_wilayah_l = kode_wilayah_r", "kalurahan sama"),
            _level("kapanewon_l = kapanewon_r", "kapanewon sama"), _level("ELSE", "lain")]},
        # NIK Hamming distance on the 16 digits, split by where the digits differ: typos fall
        # anywhere, but with densely packed serials two *different* people born on the same day
        # often share date + serial (…0001) and differ only in the region code.
        {"output_column_name": "nik16", "comparison_levels": [
            _null("nik16"), _level("nik16_l = nik16_r", "sama"),
            # a spreadsheet float keeps 15 significant digits: the 16th is unknown, not different
            _level("(nik_excel_l OR nik_excel_r) AND substr(nik16_l, 1, 15) = substr(nik16_r, 1, 15)",
                   "15 digit pertama sama (angka spreadsheet)"),
            _level(_transposed("nik16_l", "nik16_r"), "dua digit bersebelahan tertukar"),
            _level(f"{same_region} AND substr(nik16_l, 13, 4) = substr(nik16_r, 13, 4) "
                   "AND hamming(nik16_l, nik16_r) <= 2", "beda di tanggal saja"),
            _level("substr(nik16_l, 1, 12) = substr(nik16_r, 1, 12) AND hamming(nik16_l, nik16_r) <= 2",
                   "beda di nomor urut saja"),
            _level("substr(nik16_l, 7, 10) = substr(nik16_r, 7, 10) AND hamming(nik16_l, nik16_r) <= 2",
                   "beda di kode wilayah saja"),
            _level("hamming(nik16_l, nik16_r) <= 2", "beda 2 digit lintas bagian"),
            _level("ELSE", "lain")]},
    ]
    return {
        "link_type": "link_only",
        "unique_id_column_name": "unique_id",
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": BLOCKING,
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "additional_columns_to_retain": [],
    }


def _shape(model: dict) -> tuple:
    return (tuple(tuple(lv["sql_condition"] for lv in c["comparison_levels"]) for c in model["comparisons"]),
            tuple(r["blocking_rule"] if isinstance(r, dict) else r for r in model["blocking_rules_to_generate_predictions"]))


def model_matches(saved: dict, settings) -> bool:
    """Whether a saved model has this version's comparison levels and blocking rules (a model
    saved by an earlier version, or with other name thresholds, is trained again)."""
    try:
        fresh = model_settings(jw_high=settings.name_jw_thresholds[0], jw_low=settings.name_jw_thresholds[1])
        return _shape(saved) == _shape(fresh)
    except (KeyError, TypeError):
        return False


def _linker(con, left: str, right: str, settings):
    import splink

    db_api = splink.DuckDBAPI(connection=con)
    dfs = [db_api.register(left, dataset_display_name=_MEMBERS, table_name=f"__lk_{left}"),
           db_api.register(right, dataset_display_name=_POPULATION, table_name=f"__lk_{right}")]
    return splink.Linker(dfs, settings, log_level=None)


def _sample_sql(engine, table: str, rows: int, seed: int, key: str = "unique_id") -> str:
    """`rows` records of `table` chosen by a seeded hash of `key`, in that order: the same records
    whatever order the (multi-threaded) steps before left the table in — a reservoir sample is
    repeatable only for the same input order, and the trained model varied from run to run. (The
    hash is the engine's: DuckDB and Spark pick the same records only when the table is smaller
    than `rows`, as on the test fixtures.)"""
    return (f"SELECT * FROM {table} t ORDER BY {engine.hash_sql(key, str(int(seed)))}, {key} "
            f"LIMIT {int(rows)}")


# the samples Splink trains on: made on the pipeline's engine, handed to Splink's DuckDB
_TRAINING = ("lk_u_left", "lk_u_right", "lk_t_left", "lk_t_right", "lk_t_tf")


def model_train(engine, *, left: str, right: str, settings, path: Path | None) -> dict:
    """Train without labels: u by random sampling, λ from a deterministic rule, m by EM per rule.

    Splink works on samples, not the whole registers: u is a property of *random* pairs, so random
    records of both sides give the same estimate (`train_u_sample` each side, all pairs in one
    chunk). λ is counted in SQL over `train_left_sample` member records against the whole
    population (per pair, so the member count cancels). EM sees that sample and only the people
    its rules reach from it, and is handed λ and the name frequencies of the whole population
    (without them it settles on other m: docs/linkage.md) — for the names it can meet. Bantul:
    training 3.1 s -> ~1.5 s, 10x 16 s -> 5.5 s, the same precision and recall.

    Everything over the whole population (λ's counts, the people the EM rules reach, the name
    frequencies, the NIK u) is computed on `engine`; what goes to Splink's DuckDB is bounded by
    the sample sizes, whatever the population."""
    base = model_settings(jw_high=settings.name_jw_thresholds[0], jw_low=settings.name_jw_thresholds[1])
    seed = settings.seed
    engine.create("lk_s_u_left", _sample_sql(engine, left, settings.train_u_sample, seed))
    engine.create("lk_s_u_right", _sample_sql(engine, right, settings.train_u_sample, seed))
    engine.create("lk_s_t_left", _sample_sql(engine, left, settings.train_left_sample, seed))
    n_left = engine.scalar("SELECT count(*) FROM lk_s_t_left")
    n_right = engine.scalar(f"SELECT count(*) FROM {right}")
    if n_left == 0 or n_right == 0:  # Splink's u sampling divides by the pairs (ZeroDivisionError)
        raise UserError(f"Tidak ada pasangan untuk melatih model linkage ({n_left} peserta, {n_right} penduduk);"
                        " periksa snapshot penduduk dan peserta (cakupan quarantine show).", code="link.nothing_to_train")
    # λ as Splink's deterministic-rule estimate does it: rule pairs / recall / all pairs
    hits = engine.scalar(f"SELECT count(*) FROM lk_s_t_left l JOIN {right} r ON {LAMBDA_RULE}")
    lam = min(0.5, max(hits, 1) / settings.lambda_recall / max(n_left * n_right, 1))
    # EM sees only the people the EM rules reach from the sample: the same blocked pairs, a
    # fraction of the input (Splink's own blocking over 10 M people was what cost at 10x)
    reach = " UNION ALL ".join(f"SELECT r.unique_id FROM {right} r {engine.semi_join} lk_s_t_left l ON {rule}"
                               for rule in EM_RULES)
    engine.create("lk_s_t_right", f"SELECT * FROM {right} WHERE unique_id IN ({reach})")
    # ...and weighs name agreement by the name's frequency over everybody, not over those reached
    # (only the names EM can meet: those of the sample and of the people reached)
    engine.create("lk_s_t_tf", f"""SELECT * FROM ({tf_sql(col="nama_norm", left=left, right=right, tf_col="tf_nama_norm")}) f
        WHERE nama_norm IN (SELECT nama_norm FROM lk_s_t_left UNION SELECT nama_norm FROM lk_s_t_right)""")
    with engine.duckdb_work({t: f"SELECT * FROM lk_s_{t[3:]}" for t in _TRAINING}) as work:
        model = _splink_train(work.con, base, lam=lam, settings=settings)
    for t in _TRAINING:
        engine.drop(f"lk_s_{t[3:]}")
    model[POPULATION_ROWS] = n_right   # for model_for_population; stripped before Splink sees it
    nik_u = _nik_u_given_birth_date(engine, right=right, model=model, seed=seed)
    for comparison in model["comparisons"]:
        for i, level in enumerate(comparison["comparison_levels"]):
            if level.get("is_null_level"):
                continue
            if level.get("m_probability") is not None:
                level["m_probability"] = max(level["m_probability"], M_FLOOR)
            if comparison["output_column_name"] == "nik16" and i in nik_u:
                level["u_probability"] = nik_u[i]
            if level.get("u_probability") is None:
                # never seen among random pairs (an identical NIK): about one person in the register
                level["u_probability"] = 1.0 / max(n_right, 1)
            if level.get("m_probability") is None:
                # never seen by EM: no evidence either way (Bayes factor 1)
                level["m_probability"] = level["u_probability"]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(model, indent=1))
        log.info("model saved to %s", path)
    return model


def _splink_train(con, base: dict, *, lam: float, settings) -> dict:
    """Splink's part, on a DuckDB connection holding the _TRAINING tables."""
    lu = _linker(con, "lk_u_left", "lk_u_right", base)
    lu.training.estimate_u_using_random_sampling(max_pairs=settings.u_max_pairs, seed=settings.seed, num_chunks=1)
    with_u = lu.misc.save_model_to_json()
    lu.table_management.delete_tables_created_by_splink_from_db()
    with_u["probability_two_random_records_match"] = lam
    linker = _linker(con, "lk_t_left", "lk_t_right", with_u)
    linker.table_management.register_term_frequency_lookup(
        linker._db_api.register("lk_t_tf", table_name="__lk_t_tf"), "nama_norm")
    for rule in EM_RULES:
        linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=settings.em_max_pairs)
    model = linker.misc.save_model_to_json()
    model["probability_two_random_records_match"] = lam   # per pair of the whole population
    linker.table_management.delete_tables_created_by_splink_from_db()
    return model


def _nik_u_given_birth_date(engine, *, right: str, model: dict, seed: int, sample: int = 20000,
                            max_pairs: int = 400_000) -> dict[int, float]:
    """u of each NIK level *given the same birth date and sex*. The NIK carries both (DDMMYY, day+40
    for women), so the NIK and birth-date/sex comparisons are not independent: with densely packed
    serials two people born the same day often share date + serial and differ in one or two digits.
    Fellegi–Sunter multiplies the Bayes factors, so the NIK's u must be conditional on date and sex
    agreeing (the usual case when NIK levels <= 2 digits apply), or the same evidence counts twice.
    Counted on `engine` (the model's conditions run there: hamming is a function on both engines)."""
    levels = next(c for c in model["comparisons"] if c["output_column_name"] == "nik16")["comparison_levels"]
    cases = [(i, lv["sql_condition"]) for i, lv in enumerate(levels)
             if not lv.get("is_null_level") and lv["sql_condition"].strip().upper() != "ELSE"]
    # the first matching level, as Splink assigns it (population NIKs are never spreadsheet floats)
    first = "CASE " + " ".join(f"WHEN {cond} THEN {i}" for i, cond in cases) + " END"
    # ...and, separately, each spreadsheet-float level as if the member's NIK were one
    floats = [(i, cond.replace("nik_excel_l", "true")) for i, cond in cases if "nik_excel_l" in cond]
    # pairs of people born the same day with the same sex, from a sample of people, at most
    # `max_pairs` (at 10x density 20,000 people make 3.7 M pairs: the sample is thinned first)
    engine.create("lk_nik_s", _sample_sql(
        engine, f"(SELECT unique_id, tanggal_lahir, jenis_kelamin, nik16 FROM {right})", sample, seed))
    sampled = "lk_nik_s"

    def join(s: str) -> str:
        return f"""FROM {s} s JOIN {right} r
          ON r.tanggal_lahir = s.tanggal_lahir AND r.jenis_kelamin = s.jenis_kelamin AND r.unique_id <> s.unique_id
        WHERE s.nik16 IS NOT NULL AND r.nik16 IS NOT NULL"""

    n_pairs = engine.scalar(f"SELECT count(*) {join(sampled)}")
    if n_pairs > max_pairs:
        keep = max(1, int(sample * max_pairs / n_pairs))
        engine.create("lk_nik_k", _sample_sql(engine, "lk_nik_s", keep, seed + 1))
        sampled = "lk_nik_k"
    engine.create("lk_nik_pairs", f"SELECT s.nik16 AS nik16_l, r.nik16 AS nik16_r {join(sampled)}")
    pairs = "WITH pairs AS (SELECT *, false AS nik_excel_l, false AS nik_excel_r FROM lk_nik_pairs)"
    rows = engine.rows(pairs + f" SELECT {first} AS lvl, count(*) AS n FROM pairs GROUP BY 1")
    total = sum(n for _, n in rows) or 1
    counts = {lvl: n for lvl, n in rows if lvl is not None}
    for i, cond in floats:
        counts[i] = engine.scalar(pairs + f" SELECT count(*) FROM pairs WHERE {cond}")
    for t in ("lk_nik_pairs", "lk_nik_k", "lk_nik_s"):
        engine.drop(t)
    return {i: max(counts.get(i, 0), 1) / total for i, _ in cases}


def model_for_unsettled(model: dict, *, excel_share: float = 0.0) -> dict:
    """The model as it applies to the records exact matching did not settle (the only ones scored).

    A member reaches the probabilistic step because no person shares its NIK (or the one who does
    was flagged), so for its true match the NIK levels other than 'identical' are the whole story:
    their m-probabilities are conditioned on that selection — divided by 1 − m(identical). Trained
    over all members, m(identical) is ~0.95 and the typo levels would otherwise be under-weighted
    ~20×, leaving obvious matches (same name, birth date and kalurahan, one NIK digit off) at
    p ≈ 0.9.

    The spreadsheet-float level can only occur for a member whose NIK is a float (`excel_share` of
    the members scored, observed): for its true match the first 15 digits always agree (m = the
    share), for another person born the same day they agree with the probability measured as that
    level's u (`_nik_u_given_birth_date`), so u = share × that. EM never sees the level (too rare)."""
    out = json.loads(json.dumps(model))
    levels = next(c for c in out["comparisons"] if c["output_column_name"] == "nik16")["comparison_levels"]
    exact = next(lv for lv in levels if lv["sql_condition"] == "nik16_l = nik16_r")
    keep = 1.0 - float(exact.get("m_probability") or 0.0)
    if keep > 0.01:
        for lv in levels:
            if lv is not exact and not lv.get("is_null_level") and lv.get("m_probability") is not None:
                lv["m_probability"] = min(1.0, lv["m_probability"] / keep)
    if excel_share > 0:
        for lv in levels:
            if "nik_excel_l" in lv["sql_condition"] and lv.get("u_probability"):
                lv["m_probability"] = excel_share
                lv["u_probability"] = excel_share * lv["u_probability"]
    return out


def model_for_population(model: dict, n_right: int, trained_on: int | None) -> dict:
    """λ (the chance that a random member–person pair is a match) for the population scored.

    A member has about one true match however many people it is compared with, so λ goes with
    1 / population size: a model trained on one kapanewon and applied to a whole kabupaten (or to the
    members living elsewhere, compared with everybody) would otherwise be far too eager. (Their
    lower chance of being in the register at all, `chunks.rest_prior_ratio`, is added to their
    match weights after scoring: `linkage.predict.predict_all`.)"""
    factor = trained_on / n_right if trained_on and n_right else 1.0
    if factor == 1.0:
        return model
    out = dict(model)
    out["probability_two_random_records_match"] = min(0.5, model["probability_two_random_records_match"] * factor)
    return out


def model_predict(work, *, left: str, right: str, model: dict, out: str, threshold_weight: float,
                  timings: dict[str, float] | None = None) -> None:
    """Score blocked pairs; create table `out` (member_key, cand_nik, match_weight) with the pairs
    at or above `threshold_weight`. The saved model is compiled to SQL (`score.model_score`): the
    same pairs and weights as Splink's predict, without Splink's set-up (it was validated when it
    was trained)."""
    model_score(work, left=left, right=right, model={k: v for k, v in model.items() if k != POPULATION_ROWS},
                out=out, threshold_weight=threshold_weight, timings=timings)
