"""The saved model compiled to SQL scores exactly as Splink's own predict does."""
from __future__ import annotations

import json

import pytest
import splink

from linkage_helpers import prepared as prepare, staged_engine

from cakupan.pipeline.linkage.model import POPULATION_ROWS, model_for_unsettled
from cakupan.pipeline.linkage.score import comparison_weight_sql, model_score


def _splink_predict(con, model: dict, threshold: float) -> dict[tuple[str, str], float]:
    db_api = splink.DuckDBAPI(connection=con)
    dfs = [db_api.register("lk_left", dataset_display_name="a"), db_api.register("lk_right", dataset_display_name="b")]
    linker = splink.Linker(dfs, model, log_level=None)
    pred = linker.inference.predict(threshold_match_weight=threshold, warning_mode="never").as_duckdbpyrelation()
    rows = pred.select("source_dataset_l, unique_id_l, unique_id_r, match_weight").fetchall()
    out = {}
    for src_l, id_l, id_r, w in rows:
        key = (id_l, id_r) if src_l == "a" else (id_r, id_l)
        out[key] = w
    return out


@pytest.fixture
def prepared(linkage_model):
    eng = staged_engine()
    prepare(eng)
    model = json.loads(linkage_model.read_text())
    model = {k: v for k, v in model_for_unsettled(model, excel_share=0.05).items() if k != POPULATION_ROWS}
    yield eng, model
    eng.close()


def test_compiled_model_gives_splinks_pairs_and_weights(prepared):
    eng, model = prepared
    con = eng.con
    theirs = _splink_predict(con, model, threshold=-40.0)
    model_score(eng, left="lk_left", right="lk_right", model=model, out="mine", threshold_weight=-40.0)
    mine = {(m, c): w for m, c, w in con.execute("SELECT member_key, cand_nik, match_weight FROM mine").fetchall()}
    assert len(theirs) > 50                                  # the fixture has real work in it
    assert set(mine) == set(theirs)
    assert max(abs(mine[k] - theirs[k]) for k in theirs) < 1e-9


def test_threshold_keeps_the_same_pairs_as_splink(prepared):
    eng, model = prepared
    con = eng.con
    theirs = _splink_predict(con, model, threshold=0.0)
    model_score(eng, left="lk_left", right="lk_right", model=model, out="mine", threshold_weight=0.0)
    mine = {(m, c) for m, c in con.execute("SELECT member_key, cand_nik FROM mine").fetchall()}
    assert mine == set(theirs) and 0 < len(mine)


def test_level_order_and_null_level():
    comparison = {"comparison_levels": [
        {"sql_condition": "a_l IS NULL OR a_r IS NULL", "is_null_level": True},
        {"sql_condition": "a_l = a_r", "m_probability": 0.9, "u_probability": 0.1},
        {"sql_condition": "ELSE", "m_probability": 0.1, "u_probability": 0.9}]}
    import duckdb

    con = duckdb.connect()
    sql = comparison_weight_sql(comparison)
    got = con.execute(f"SELECT {sql} FROM (VALUES ('x', 'x'), ('x', 'y'), (NULL, 'y')) t(a_l, a_r)").fetchall()
    assert [round(float(r[0]), 6) for r in got] == [round(3.169925, 6), round(-3.169925, 6), 0.0]
