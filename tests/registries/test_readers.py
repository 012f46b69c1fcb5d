"""Readers and header recognition (no database)."""
from __future__ import annotations

import pytest

from cakupan.errors import UserError
from cakupan.registries.columns import find_header_row, header_key, map_headers
from cakupan.registries.readers import read_table
from cakupan.registries.readers_csv import decode, sniff_delimiter
from cakupan.registries.readers_xlsx import cell_text


@pytest.mark.parametrize("header,canonical", [
    ("NIK", "nik"), ("No. KTP", "nik"), ("no_nik", "nik"), ("Nomor Induk Kependudukan", "nik"),
    ("NAMA LENGKAP", "nama"), ("nama_lgkp", "nama"), ("Tgl. Lahir", "tanggal_lahir"), ("L/P", "jenis_kelamin"),
    ("JENIS_KLMIN", "jenis_kelamin"), ("Kode Desa", "kode_wilayah"), ("DUSUN", "padukuhan"),
    ("JENIS_PKRJN", "pekerjaan"), ("NKK", "no_kk"),
])
def test_population_header_variants(header, canonical):
    assert map_headers([header], "population").columns == {canonical: 0}


def test_kind_specific_headers_and_leftovers():
    members = map_headers(["NO_KPJ", "BLTH_IURAN_TERAKHIR", "TMT_KEPESERTAAN", "AGAMA", "ALASAN"], "members")
    assert members.columns == {"kpj": 0, "iuran_terakhir": 1, "tanggal_kepesertaan": 2}
    assert members.unknown == (3,) and members.ignored == (4,) and "AGAMA" in members.notes[0]
    roster = map_headers(["NIK", "NIK_KTP", "Nama OPD", "KODE_KEGIATAN"], "roster")
    assert roster.columns == {"nik": 0, "org": 2, "project_code": 3} and roster.unknown == (1,)
    assert "extra" in roster.notes[0]
    assert map_headers(["KPJ"], "population").unknown == (0,)  # not a population column
    assert header_key(" No. KTP ") == "NOKTP"


def test_header_row_found_below_title_lines():
    assert find_header_row([["LAPORAN"], ["per 30 Juni"], ["No", "NIK", "Nama"]]) == 2
    assert find_header_row([["NAMA"], ["x"]]) == 0


def test_decode_detects_encodings():
    assert decode("NIK;NAMA\n1;Ngadiyem\n".encode("utf-8-sig"), "f") == ("NIK;NAMA\n1;Ngadiyem\n", "utf-8-sig")
    assert decode("José".encode("utf-8"), "f")[1] == "utf-8-sig"
    assert decode("José".encode("cp1252"), "f") == ("José", "cp1252")
    assert decode("NIK\tNAMA".encode("utf-16"), "f") == ("NIK\tNAMA", "utf-16")
    mixed = "José;".encode("utf-8") + "René".encode("cp1252")  # two exports pasted together
    for bad in (b"NIK\x00\x00", b"\x81\x8d\x8f", mixed):
        with pytest.raises(UserError) as exc:
            decode(bad, "f")
        assert exc.value.code == "file.encoding"


def test_delimiter_sniffing():
    assert sniff_delimiter(["LAPORAN", "NIK;NAMA;ALAMAT", "1;a;b"]) == ";"
    assert sniff_delimiter(['NIK,NAMA,"Jl. A; B"']) == ","
    assert sniff_delimiter(["NIK\tNAMA"]) == "\t"
    assert sniff_delimiter(["NIK"]) == ","


def test_csv_rows_are_physical_lines_blank_lines_skipped(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('NIK,NAMA\r\n1,"Budi\r\nSantoso"\r\n\r\n,,\r\n2,Siti,,\r\n3\r\n4,Agus,x\r\n', encoding="utf-8")
    raw = read_table(path)
    rows = raw.table.to_pylist()
    assert [r["__row"] for r in rows] == [2, 6, 7, 8]  # line 4 empty, line 5 only separators
    assert rows[0]["c1"] == "Budi\r\nSantoso"
    assert rows[1]["__overflow"] is None  # trailing empty cells are not surplus
    assert rows[2]["c1"] is None  # short row padded
    assert rows[3]["__overflow"] == "x"


def test_duplicate_and_blank_headers_are_kept_distinct(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("NIK;NAMA;;NAMA\n1;a;b;c\n", encoding="utf-8")
    assert read_table(path).headers == ["NIK", "NAMA", "KOLOM_3", "NAMA (2)"]


@pytest.mark.parametrize("value,text", [
    (3402011501900001.0, "3.4020115019E+15"), (3402011501900000, "3.4020115019E+15"),
    (32888, "32888"), (32888.0, "32888"), (1.5, "1.5"), (None, None), ("0812", "0812"), (True, "TRUE"),
])
def test_xlsx_cell_text(value, text):
    assert cell_text(value) == text


def test_xlsx_datetime_cell_is_a_date():
    import datetime as dt

    assert cell_text(dt.datetime(1990, 1, 15, 0, 0)) == "1990-01-15"


CLEAN = [
    'NIK;NAMA;TGL\r\n3402015501900001;"Ngadiyem; Bu";15-01-1990\r\n;;\r\n3402011203850002; Soeparman ;\r\n',
    'LAPORAN BULANAN\nNIK,NAMA,"TGL LAHIR"\n1,"Sri ""Yu"" Rahayu",x\n2,José,\n',
    "NIK|NAMA\n  1 |a\n2|b",
    "NIK;NAMA;\n1;a;\n2;b;\n\n\n",
]
FALLBACK = [
    'NIK,NAMA\n1,"Budi\nSantoso"\n2,Siti\n',  # a line break inside a value
    "NIK;NAMA\n1;a\n\n2;b\n",  # a blank line inside
    "NIK;NAMA\n1;a;lebih\n2;b\n",  # surplus cells
    "NIK;NAMA\n1\n2;b\n",  # a short row
]


@pytest.mark.parametrize("content", CLEAN + FALLBACK)
def test_fast_and_line_by_line_readers_agree(tmp_path, monkeypatch, content):
    from cakupan.registries import readers_csv

    path = tmp_path / "a.csv"
    path.write_text(content, encoding="utf-8")
    calls = []
    real = readers_csv.fast_csv

    def spy(*args):
        result = real(*args)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(readers_csv, "fast_csv", spy)
    fast = read_table(path)
    assert calls == [content in CLEAN]  # the clean shapes take the Arrow path, the others do not
    monkeypatch.setattr(readers_csv, "fast_csv", lambda *args: None)
    slow = read_table(path)
    assert fast.headers == slow.headers
    assert fast.table.to_pylist() == slow.table.to_pylist()


def test_parquet_column_that_cannot_be_text_is_a_file_error(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"NIK": ["1"], "DETAIL": pa.array([{"a": 1}])}), path)
    with pytest.raises(UserError) as exc:
        read_table(path)
    assert exc.value.code == "file.unreadable" and "DETAIL" in str(exc.value)
