"""DuckDB and Spark give identical links with the same saved model (one JVM start)."""
import pytest

from linkage_helpers import staged_engine


@pytest.mark.spark
def test_duckdb_and_spark_identical_links(linked, linkage_model):
    from cakupan.pipeline.engine import SparkEngine
    from cakupan.pipeline.linkage import LinkSettings, link_members

    spark = staged_engine(SparkEngine())
    outcome = link_members(spark, settings=LinkSettings(model_path=linkage_model))
    assert outcome.model == "loaded"
    cols = "member_key, kpj, person_nik, method, match_probability, reasons"
    a = linked.arrow(f"SELECT {cols} FROM links ORDER BY member_key").to_pylist()
    b = spark.arrow(f"SELECT {cols} FROM links ORDER BY member_key").to_pylist()
    assert a == b
    qa = linked.arrow("SELECT member_key, candidate_nik, match_probability FROM review_queue ORDER BY 1, 2").to_pylist()
    qb = spark.arrow("SELECT member_key, candidate_nik, match_probability FROM review_queue ORDER BY 1, 2").to_pylist()
    assert qa == qb
