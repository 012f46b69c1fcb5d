"""Training on samples: λ per pair of the whole population, the NIK-u sample capped."""
from __future__ import annotations

import json

import pytest

from linkage_helpers import prepared as prepare, staged_engine

from cakupan.pipeline.linkage.model import LAMBDA_RULE, POPULATION_ROWS, _nik_u_given_birth_date
from cakupan.pipeline.linkage.settings import LinkSettings


@pytest.fixture
def prepared():
    eng = staged_engine()
    prepare(eng)
    yield eng
    eng.close()


def test_lambda_is_per_pair_of_the_whole_population(prepared, linkage_model):
    con = prepared.con
    model = json.loads(linkage_model.read_text())
    n_left = con.execute("SELECT count(*) FROM lk_all").fetchall()[0][0]
    n_right = con.execute("SELECT count(*) FROM lk_right").fetchall()[0][0]
    assert n_left < LinkSettings().train_left_sample          # the fixture is trained unsampled
    hits = con.execute(f"SELECT count(*) FROM lk_all l JOIN lk_right r ON {LAMBDA_RULE}").fetchall()[0][0]
    assert model[POPULATION_ROWS] == n_right
    assert model["probability_two_random_records_match"] == pytest.approx(
        hits / LinkSettings().lambda_recall / (n_left * n_right))


def test_nik_u_sample_is_capped_and_stays_a_distribution(prepared, linkage_model):
    con = prepared.con
    model = json.loads(linkage_model.read_text())
    full = _nik_u_given_birth_date(prepared, right="lk_right", model=model, seed=1)
    capped = _nik_u_given_birth_date(prepared, right="lk_right", model=model, seed=1, max_pairs=200)
    assert set(full) == set(capped)
    assert all(0 < u <= 1 for u in capped.values())
    # the levels the NIK carries when only the region differs dominate either way
    assert max(full, key=full.get) == max(capped, key=capped.get)
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'lk_nik_%'").fetchall()[0][0] == 0


def test_training_gives_the_same_model_whatever_the_row_order(prepared):
    """Samples are chosen by a seeded hash of the id, not by position: the multi-threaded steps
    before training leave the tables in a different order on every run."""
    from cakupan.pipeline.linkage.model import model_train

    con = prepared.con
    settings = LinkSettings(train_u_sample=300, train_left_sample=400)   # small enough to sample
    models = []
    for order in ("unique_id", "unique_id DESC"):
        con.execute(f"CREATE OR REPLACE TABLE lk_r_sorted AS SELECT * FROM lk_right ORDER BY {order}")
        con.execute(f"CREATE OR REPLACE TABLE lk_l_sorted AS SELECT * FROM lk_all ORDER BY {order}")
        models.append(model_train(prepared, left="lk_l_sorted", right="lk_r_sorted", settings=settings, path=None))
    a, b = models
    assert a["probability_two_random_records_match"] == pytest.approx(b["probability_two_random_records_match"])
    for ca, cb in zip(a["comparisons"], b["comparisons"]):
        for la, lb in zip(ca["comparison_levels"], cb["comparison_levels"]):
            for k in ("m_probability", "u_probability"):
                if la.get(k) is not None:
                    assert la[k] == pytest.approx(lb[k], rel=1e-9), (ca["output_column_name"], la["label_for_charts"], k)
