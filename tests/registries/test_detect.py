"""Detection before import: read only the head, name headers as the import does, never refuse a
file for a missing NIK header (the officer picks the column), refuse unusable files as the import."""
from __future__ import annotations

import pathlib
from pathlib import Path

import pytest

from cakupan.errors import UserError
from cakupan.registries.detect import HEAD_BYTES, extract_detect
from cakupan.registries.readers import read_table

from .helpers import FIXTURES

NIK = "3402015501900001"


def test_csv_semicolon_cp1252_with_a_title_line(tmp_path):
    path = tmp_path / "peserta.csv"
    text = "DAFTAR PESERTA KALURAHAN\r\nNIK;NAMA PESERTA;KODE_DESA;AGAMA\r\n" \
           f"{NIK};René Café;34.02.01.2001;ISLAM\r\n\r\n3402011203850002;Soeparman;3402012001\r\n"
    path.write_bytes(text.encode("cp1252"))
    found = extract_detect(path=path, kind="population")
    assert (found.fmt, found.encoding, found.delimiter, found.header_row) == ("csv", "cp1252", ";", 2)
    assert found.headers == ["NIK", "NAMA PESERTA", "KODE_DESA", "AGAMA"]
    assert found.mapping == {"nik": "NIK", "nama": "NAMA PESERTA", "kode_wilayah": "KODE_DESA"}
    assert found.unknown == ["AGAMA"] and found.required == ["nik", "kode_wilayah"] and found.missing == []
    assert found.preview == [[NIK, "René Café", "34.02.01.2001", "ISLAM"], ["3402011203850002", "Soeparman",
                                                                           "3402012001", ""]]
    assert found.canonical[0] == "nik" and found.label("kode_wilayah") == "Kode wilayah (kalurahan)"
    assert found.labels["tanggal_lahir"] == "Tanggal lahir" and not found.quarantine_export


@pytest.mark.parametrize("name,kind", [("population_bom_semicolon.csv", "population"),
                                       ("members_cp1252.csv", "members")])
def test_headers_are_the_ones_the_import_sees(name, kind):
    found = extract_detect(path=FIXTURES / name, kind=kind, preview_rows=3)
    assert found.headers == read_table(FIXTURES / name).headers and len(found.preview) == 3
    assert found.header_row == (2 if name.startswith("population") else 1)


def test_only_the_head_of_a_big_file_is_read(tmp_path, monkeypatch):
    """A multi-byte character cut at the end of the head is no encoding error; the file itself is
    never read whole."""
    path = tmp_path / "besar.csv"
    line = "3402015501900001;Ngadiyem é;34.02.01.2001\n".encode()
    head = b"NIK;NAMA;KODE_WILAYAH\n"
    body = line * (HEAD_BYTES // len(line) + 2000)
    cut = HEAD_BYTES - len(head)
    while body[cut - 1:cut] != b"\xc3":  # make the head end between the two bytes of an é
        body = b"x" + body
    path.write_bytes(head + body)
    monkeypatch.setattr(pathlib.Path, "read_bytes", lambda self: pytest.fail("whole file read"))
    found = extract_detect(path=path, kind="population", preview_rows=5)
    assert found.encoding == "utf-8-sig" and found.missing == [] and len(found.preview) == 5
    assert found.preview[1] == ["3402015501900001", "Ngadiyem é", "34.02.01.2001"]


def test_utf16_head_cut_mid_file(tmp_path):
    path = tmp_path / "utf16.txt"
    rows = "".join(f"34020155019{i:05d}\tNama {i}\n" for i in range(1, 20000))
    path.write_bytes(("NIK\tNAMA\n" + rows).encode("utf-16"))
    found = extract_detect(path=path, kind="members", preview_rows=2)
    assert (found.encoding, found.delimiter) == ("utf-16", "\t")
    assert found.preview == [["3402015501900001", "Nama 1"], ["3402015501900002", "Nama 2"]]


def test_file_without_a_nik_header_is_detected_not_refused(tmp_path):
    path = tmp_path / "tanpa_nik.csv"
    path.write_text("IDENTITAS;NAMA;KODE\n3402015501900001;Budi;34.02.01.2001\n", encoding="utf-8")
    found = extract_detect(path=path, kind="population")
    assert found.missing == ["nik", "kode_wilayah"] and found.mapping == {"nama": "NAMA"}
    assert found.unknown == ["IDENTITAS", "KODE"] and found.header_row == 1
    assert extract_detect(path=path, kind="members").missing == ["nik"]


def test_xlsx_title_rows_sheets_and_numbers(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Catatan"
    book.active.append(["lihat sheet Data"])
    book.active.append(["dibuat 2026"])
    sheet = book.create_sheet("Data")
    sheet.append(["DATA PEKERJA PADAT KARYA 2026"])
    sheet.append([])
    sheet.append(["NIK", "NAMA", "TGL_MULAI", "UPAH"])
    sheet.append([NIK, "Ngadiyem", None, 1500000.0])
    sheet.append([3402011203850002, "Soeparman", None, None])
    book.save(tmp_path / "roster.xlsx")
    found = extract_detect(path=tmp_path / "roster.xlsx", kind="roster", roster_kind="padat_karya", sheet="Data")
    assert found.fmt == "xlsx" and found.sheets == ["Catatan", "Data"] and found.header_row == 3
    assert found.mapping == {"nik": "NIK", "nama": "NAMA", "start_date": "TGL_MULAI"} and found.unknown == ["UPAH"]
    assert found.preview == [[NIK, "Ngadiyem", "", "1500000"], ["3.40201120385E+15", "Soeparman", "", ""]]
    first = extract_detect(path=tmp_path / "roster.xlsx", kind="roster")
    assert first.headers == ["lihat sheet Data"] and first.missing == ["nik"]
    with pytest.raises(UserError) as missing:
        extract_detect(path=tmp_path / "roster.xlsx", kind="roster", sheet="Tidak ada")
    assert missing.value.code == "file.sheet_not_found"


def test_parquet_schema_and_first_rows(tmp_path):
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"NIK": pa.array([int(NIK), None, 3402011203850002] * 5, pa.int64()),
                      "TGL_LHR": pa.array([dt.datetime(1990, 1, 15)] * 15, pa.timestamp("s")),
                      "KODE_WILAYAH": ["34.02.01.2001"] * 15})
    pq.write_table(table, tmp_path / "penduduk.parquet", row_group_size=4)
    found = extract_detect(path=tmp_path / "penduduk.parquet", kind="population", preview_rows=2)
    assert found.fmt == "parquet" and found.header_row == 1 and found.missing == []
    assert found.headers == ["NIK", "TGL_LHR", "KODE_WILAYAH"]
    assert found.preview == [[NIK, "1990-01-15", "34.02.01.2001"], ["", "1990-01-15", "34.02.01.2001"]]


def test_unusable_files_raise_the_import_codes(tmp_path):
    cases = {
        "lama.xls": (b"\xd0\xcf\x11\xe0", "file.unsupported"),
        "foto.png": (b"\x89PNG\r\n\x1a\n\x00\x00", "file.unsupported"),
        "foto.csv": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file.encoding"),
        "kosong.csv": (b"  \n\n", "file.empty"),
        "judul_saja.csv": (b"NIK;NAMA\n", "file.empty"),
        "palsu.xlsx": (b"bukan zip", "file.unreadable"),
        "palsu.parquet": (b"bukan parquet", "file.unreadable"),
        "rusak.csv": ("NIK;NAMA\n3402015501900001;Ngadiyem é\n".encode() + b"\x81\xff\n", "file.encoding"),
    }
    for name, (data, code) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(UserError) as failed:
            extract_detect(path=tmp_path / name, kind="population")
        assert failed.value.code == code, name
    with pytest.raises(UserError) as failed:
        extract_detect(path=Path(tmp_path / "tidak_ada.csv"), kind="population")
    assert failed.value.code == "file.not_found"
    with pytest.raises(UserError) as failed:
        extract_detect(path=FIXTURES / "members_cp1252.csv", kind="roster", roster_kind="pabrik")
    assert failed.value.code == "import.roster_kind"
