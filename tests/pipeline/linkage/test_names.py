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
    ("R.A. Suparmi Pawiro", "SUPARMI PAWIRO"),   # Javanese nobility titles
    ("Raden Karjo", "KARJO"),
    ("R. Ng. Sastro", "SASTRO"),
    ("Ny. Sri Lestari", "SRI LESTARI"),
    ("RAHMAT", "RAHMAT"),       # R-words are not titles
    ("Raditya", "RADITYA"),
])
def test_name_norm(raw, expected):
    assert norm(raw) == expected


def test_name_norm_empty_is_null():
    assert norm(None) is None
    assert norm("  .,  ") is None


def keys(value):
    from cakupan.pipeline.linkage.names import name_keys_sql

    con = duckdb.connect()
    k = name_keys_sql("n")
    return con.execute(f"SELECT {k['nama_key']}, {k['nama_fl']}, {k['nama_init']} FROM "
                       f"(SELECT {name_norm_sql('?')} AS n)", [value]).fetchall()[0]


@pytest.mark.parametrize("a, b, which", [
    ("Setiawan Dwi Eko", "Dwi Eko Setiawan", 0),    # word order
    ("Soejono", "Suyono", 0),                       # old J = new Y
    ("Djoko", "Joko", 0),                           # old DJ = new J (J and Y one letter in the key)
    ("Supparmi", "Suparmi", 0),                     # a doubled letter
    ("Agus Arif Prasetyo", "Agus Prasetyo", 1),     # a dropped middle name
    ("J. Susanto", "Joko Susanto", 2),              # an initial
])
def test_name_keys_agree(a, b, which):
    assert keys(a)[which] == keys(b)[which]


def test_twins_names_keep_apart():
    assert keys("Agus Wibowo")[0] != keys("Agung Wibowo")[0]
    assert keys("Sri Lestari")[1] != keys("Sri Rahayu")[1]
