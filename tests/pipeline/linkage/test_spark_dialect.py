"""The linkage's SQL that differs between the engines gives DuckDB's values on Spark: Jaro-Winkler
(to 1 ulp — DuckDB's Winkler step is a fused multiply-add), Hamming, the name normalisation and
the 16-digit NIK (regular expressions: RE2 on DuckDB, Java on Spark)."""
from __future__ import annotations

import pyarrow as pa
import pytest

from linkage_helpers import DATA

from cakupan.pipeline.engine import DuckDBEngine
from cakupan.pipeline.linkage.names import name_norm_sql
from cakupan.pipeline.linkage.prepare import _nik16

pytestmark = pytest.mark.spark
ULP = 2.3e-16   # one unit in the last place of a double just below 1


@pytest.fixture(scope="module")
def engines():
    from cakupan.pipeline.engine import SparkEngine

    duck, spark = DuckDBEngine(threads=1), SparkEngine()
    for eng in (duck, spark):
        for t in ("stg_population", "stg_members"):
            eng.register_parquet(t, DATA / f"{t}.parquet")
    yield duck, spark
    duck.close()


def _names(duck) -> list[str]:
    sql = (f"SELECT DISTINCT {name_norm_sql('nama')} AS n FROM (SELECT nama FROM stg_population "
           "UNION ALL SELECT nama FROM stg_members) x")
    return sorted(r[0] for r in duck.rows(sql) if r[0] is not None)


def test_name_normalisation_and_nik16_are_duckdbs(engines):
    duck, spark = engines
    for eng in engines:
        eng.create("t_norm", f"""SELECT member_key, {name_norm_sql('nama', eng)} AS n, {_nik16(eng, 'nik')} AS nik16
            FROM stg_members""")
    a = sorted(duck.rows("SELECT * FROM t_norm"), key=str)
    b = sorted(spark.rows("SELECT * FROM t_norm"), key=str)
    assert a == b
    assert sum(r[2] is not None and len(r[2]) == 16 for r in a) > 1900   # the NIKs were read
    assert any(r[1] and r[1].startswith("MUHAMMAD ") for r in a)


def test_jaro_winkler_and_hamming_are_duckdbs_to_one_ulp(engines):
    duck, spark = engines
    names = _names(duck)
    # each name against the next 20 in sorted order (shared prefixes: the Winkler boost) and
    # against a name far away, plus the empty string and a NULL
    left, right = [], []
    for i, n in enumerate(names):
        for j in list(range(i + 1, min(i + 21, len(names)))) + [(i * 7919) % len(names)]:
            left.append(n)
            right.append(names[j])
    left += ["", "A", "AB", None, "MARTHA"]
    right += ["", "", "BA", "X", "MARHTA"]
    niks = [f"34020{i % 10}{(i * 37) % 1000000:06d}{i % 10000:04d}" for i in range(len(left))]
    niks2 = [n[:3] + str((int(n[3]) + i % 2) % 10) + n[4:10] + n[11] + n[10] + n[12:] for i, n in enumerate(niks)]
    pairs = pa.table({"a": left, "b": right, "x": niks, "y": niks2})
    sql = "SELECT a, b, x, y, jaro_winkler_similarity(a, b) AS jw, hamming(x, y) AS h FROM t_pairs"
    out = []
    for eng in engines:
        eng.register_arrow("t_pairs", pairs)
        out.append({(r[0], r[1], r[2]): (r[4], r[5]) for r in eng.rows(sql)})
    d, s = out
    assert len(d) == len(s) > 50_000 and d.keys() == s.keys()
    worst = max(abs(d[k][0] - s[k][0]) for k in d if d[k][0] is not None)
    assert worst <= ULP
    assert all((d[k][0] is None) == (s[k][0] is None) for k in d)
    for t in (0.85, 0.88, 0.95):   # the thresholds the linkage uses decide alike
        assert all((d[k][0] >= t) == (s[k][0] >= t) for k in d if d[k][0] is not None)
    assert all(d[k][1] == s[k][1] for k in d)
    assert {h for _, h in d.values()} >= {1, 2, 3}
