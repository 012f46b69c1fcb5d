import duckdb
import pytest

from cakupan.pipeline.linkage import name_norm_sql


def norm(value):
    con = duckdb.connect()
    con.execute("CREATE TABLE t (nama VARCHAR)")
    con.execute("INSERT INTO t VALUES (?)", [value])
    return con.execute(f"SELECT {name_norm_sql('nama')} FROM t").fetchall()[0][0]


@pytest.mark.parametrize("raw, expected", [
    ("Soeparman", "SUPARMAN"),
    ("H. Muh. Ridwan, S.Pd.", "MUHAMMAD RIDWAN"),
    ("Hj. Siti  Aminah", "SITI AMINAH"),
    ("Drs. Djoko Santoso", "JOKO SANTOSO"),
    ("M. Rizki", "MUHAMMAD RIZKI"),
    ("MOCHAMMAD ALI", "MUHAMMAD ALI"),
    ("Moh. Ali", "MUHAMMAD ALI"),
    ("Choirul Anam SE", "KHOIRUL ANAM"),
    ("dr. Sri Wahyuni", "SRI WAHYUNI"),
    ("Ir. Bambang S.T.", "BAMBANG"),
    ("Tjipto", "CIPTO"),
    ("Sjahrir", "SYAHRIR"),
    ("HARTONO", "HARTONO"),     # a leading H inside a word is not a title
    ("HADI", "HADI"),
])
def test_name_norm(raw, expected):
    assert norm(raw) == expected


def test_name_norm_empty_is_null():
    assert norm(None) is None
    assert norm("  .,  ") is None
