"""Pure code helpers (no database)."""

import sys

import pytest

from cakupan.core.areas import ancestors, parent_of
from cakupan.wilayah import name_key, padukuhan_code
from cakupan.wilayah.codes import kind_of_code


@pytest.mark.parametrize(
    "name, code",
    [
        ("Krajan", "34.02.01.2001.krajan"),
        ("  Krajan  I ", "34.02.01.2001.krajan-i"),
        ("Ngentak/Kidul", "34.02.01.2001.ngentak-kidul"),
        ("KRAJAN--Lor!", "34.02.01.2001.krajan-lor"),
        ("Jetis 2", "34.02.01.2001.jetis-2"),
    ],
)
def test_padukuhan_code(name, code):
    assert padukuhan_code("34.02.01.2001", name) == code
    assert kind_of_code(code) == "padukuhan"


def test_padukuhan_code_rejects_empty_names():
    with pytest.raises(ValueError):
        padukuhan_code("34.02.01.2001", " -- ")


@pytest.mark.parametrize(
    "raw",
    [
        "Poncosari",
        "PONCOSARI",
        " poncosari ",
        "Kalurahan Poncosari",
        "Kal. Poncosari",
        "KAL.PONCOSARI",
        "Desa Poncosari",
        "Kelurahan  Poncosari",
        "Kalurahan Desa Poncosari",
    ],
)
def test_name_key_tolerates_case_spacing_and_prefixes(raw):
    assert name_key(raw) == "poncosari"


@pytest.mark.parametrize(
    "raw, key",
    [
        ("Kec. Srandakan", "srandakan"),
        ("Kapanewon Banguntapan", "banguntapan"),
        ("Kecamatan Sewon", "sewon"),
        ("Dusun Krajan", "krajan"),
        ("Padukuhan Krajan I", "krajan i"),
        ("Kab. Bantul", "bantul"),
        ("Kabupaten Bantul", "bantul"),
        ("Kota Yogyakarta", "kota yogyakarta"),
        ("Kelor", "kelor"),
        ("Desa", "desa"),
    ],
)
def test_name_key_examples(raw, key):
    assert name_key(raw) == key


def test_code_shapes():
    assert [kind_of_code(c) for c in ["34", "34.02", "34.02.01", "34.02.01.2001"]] == [
        "provinsi",
        "kabupaten",
        "kapanewon",
        "kalurahan",
    ]
    assert (
        kind_of_code("3402") is None
        and kind_of_code("34.2") is None
        and kind_of_code("34.02.01.2001.A") is None
    )
    assert parent_of("34.02.01") == "34.02" and parent_of("34") is None
    assert ancestors("34.02.01.2001.krajan", from_level="provinsi") == [
        "34",
        "34.02",
        "34.02.01",
        "34.02.01.2001",
        "34.02.01.2001.krajan",
    ]


def test_package_import_needs_no_django():
    import subprocess

    code = "import sys, cakupan.wilayah, cakupan.nik; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
