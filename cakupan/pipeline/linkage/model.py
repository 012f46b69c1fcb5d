"""The Fellegi–Sunter model (Splink 5, DuckDB backend): settings, unsupervised training, scoring.

Inputs are two DuckDB tables with the same columns (`unique_id, nama_norm, tanggal_lahir,
jenis_kelamin, kode_wilayah, kapanewon, nik16`): the members still to link (link_only, left) and the
population (right). Output: one row per scored pair (member_key, cand_nik, match_weight,
match_probability) at or above the review threshold.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)

_MEMBERS, _POPULATION = "a_members", "b_population"

# Blocking: the same day of birth in the same kalurahan; the same normalised name, birth year and
# kapanewon; the same name and birth date; the same name, day and month (a year typo) and kapanewon; and the NIK neighbourhood — any single wrong digit keeps
# one of the three NIK slices (region+date, date+serial, region+year+serial) whole.
BLOCKING = [
    "l.tanggal_lahir = r.tanggal_lahir AND l.kode_wilayah = r.kode_wilayah",
    "l.nama_norm = r.nama_norm AND year(l.tanggal_lahir) = year(r.tanggal_lahir) AND l.kapanewon = r.kapanewon",
    "l.nama_norm = r.nama_norm AND l.tanggal_lahir = r.tanggal_lahir",
    "l.nama_norm = r.nama_norm AND month(l.tanggal_lahir) = month(r.tanggal_lahir) "
    "AND day(l.tanggal_lahir) = day(r.tanggal_lahir) AND l.kapanewon = r.kapanewon",
    "substr(l.nik16, 1, 12) = substr(r.nik16, 1, 12)",
    "substr(l.nik16, 7, 10) = substr(r.nik16, 7, 10)",
    "substr(l.nik16, 1, 10) = substr(r.nik16, 1, 10) AND substr(l.nik16, 13, 4) = substr(r.nik16, 13, 4)",
]
# EM: each comparison must be estimated under at least one rule that does not use its columns —
# birth date + kalurahan trains name, sex and NIK; the same normalised name (sampled) trains birth
# date, sex, area and NIK. (A NIK-prefix rule would imply the same kapanewon and teach the model that
# a member is never registered elsewhere.)
EM_RULES = [
    "l.tanggal_lahir = r.tanggal_lahir AND l.kode_wilayah = r.kode_wilayah",
    "l.nama_norm = r.nama_norm",
]
M_FLOOR = 1e-4  # no level may be (near-)impossible for a true match: bounded evidence against
LAMBDA_RULE = "l.nama_norm = r.nama_norm AND l.tanggal_lahir = r.tanggal_lahir AND l.kode_wilayah = r.kode_wilayah"


def _null(col: str) -> dict:
    return {"sql_condition": f"{col}_l IS NULL OR {col}_r IS NULL", "label_for_charts": "kosong",
            "is_null_level": True}


def _level(sql: str, label: str, **extra) -> dict:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def model_settings(*, jw_high: float, jw_low: float) -> dict:
    jw = "jaro_winkler_similarity(nama_norm_l, nama_norm_r)"
    d_l, d_r = "tanggal_lahir_l", "tanggal_lahir_r"
    comparisons = [
        {"output_column_name": "nama_norm", "comparison_levels": [
            _null("nama_norm"),
            _level("nama_norm_l = nama_norm_r", "nama sama", tf_adjustment_column="nama_norm",
                   tf_adjustment_weight=1.0),
            _level(f"{jw} >= {jw_high}", f"JW >= {jw_high}"),
            _level(f"{jw} >= {jw_low}", f"JW >= {jw_low}"),
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
        {"output_column_name": "nik16", "comparison_levels": [
            _null("nik16"), _level("nik16_l = nik16_r", "sama"),
            _level("hamming(nik16_l, nik16_r) <= 1", "beda 1 digit"),
            _level("hamming(nik16_l, nik16_r) <= 2", "beda 2 digit"),
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


def _linker(con, left: str, right: str, settings):
    import splink

    db_api = splink.DuckDBAPI(connection=con)
    dfs = [db_api.register(left, dataset_display_name=_MEMBERS, table_name=f"__lk_{left}"),
           db_api.register(right, dataset_display_name=_POPULATION, table_name=f"__lk_{right}")]
    return splink.Linker(dfs, settings, log_level=None)


def model_train(con, *, left: str, right: str, settings, path: Path | None) -> dict:
    """Train without labels: λ from a deterministic rule, u by random sampling, m by EM per rule."""
    linker = _linker(con, left, right, model_settings(jw_high=settings.name_jw_thresholds[0],
                                                      jw_low=settings.name_jw_thresholds[1]))
    tr = linker.training
    tr.estimate_probability_two_random_records_match([LAMBDA_RULE], recall=settings.lambda_recall)
    tr.estimate_u_using_random_sampling(max_pairs=settings.u_max_pairs, seed=settings.seed)
    for rule in EM_RULES:
        tr.estimate_parameters_using_expectation_maximisation(rule, max_pairs=settings.em_max_pairs)
    model = linker.misc.save_model_to_json()
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("m_probability") is not None:
                level["m_probability"] = max(level["m_probability"], M_FLOOR)
    linker.table_management.delete_tables_created_by_splink_from_db()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(model, indent=1))
        log.info("model saved to %s", path)
    return model


def model_predict(con, *, left: str, right: str, model: dict, out: str, threshold: float) -> None:
    """Score blocked pairs; create table `out` (member_key, cand_nik, match_weight, match_probability)."""
    linker = _linker(con, left, right, model)
    pred = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    con.execute(f"""
        CREATE OR REPLACE TABLE {out} AS
        SELECT CASE WHEN source_dataset_l = '{_MEMBERS}' THEN unique_id_l ELSE unique_id_r END AS member_key,
               CASE WHEN source_dataset_l = '{_MEMBERS}' THEN unique_id_r ELSE unique_id_l END AS cand_nik,
               match_weight, match_probability
        FROM {pred.physical_name}""")
    linker.table_management.delete_tables_created_by_splink_from_db()

