"""Streaming imports (issue 16): a file read, validated and written in bounded batches gives the same
rows as one read at once; a corrupt line and a cut-off last line are quarantined, the rest loaded."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cakupan.errors import UserError
from cakupan.registries import readers, readers_csv, stage
from cakupan.registries.readers import read_table
from cakupan.registries.selectors import quarantine_rows, snapshot_path
from cakupan.registries.services import snapshot_import

from .helpers import AS_OF, FIXTURES, read_parquet, snapshot_files

# every test here opens the database: the PostgreSQL pass of `make test` runs them too (tests/test_database_markers.py)
pytestmark = pytest.mark.django_db

HEADER = "NIK;NO_KK;NAMA_LGKP;JENIS_KLMIN;TGL_LHR;KODE_WILAYAH;DUSUN"
GARBAGE = "\x1bPK\x03\x04;" * 3 + "ÿþ\x7f\x01;" * 8 + "\x02"  # control bytes, 12 cells


def person(i: int) -> str:
    """A valid, unique population line (born 1990-01-<day>, serial i + 1)."""
    day = i % 28 + 1
    return f"340201{day:02d}0190{i + 1:04d};3402010101900001;Warga {i};L;{day:02d}-01-1990;34.02.01.2001;Krajan"


def population_csv(path, n: int, *, corrupt_at: int | None = None, cut_last: bool = False) -> None:
    """Header on line 1, person i on line i + 2; the corrupt line replaces person ``corrupt_at``;
    the last line is cut to 11 characters (no line end) when ``cut_last``."""
    lines = [HEADER]
    for i in range(n):
        lines.append(GARBAGE if i == corrupt_at else person(i))
    body = "\r\n".join(lines)
    if cut_last:
        body = body[:body.rfind("\r\n") + 2] + person(n - 1)[:11]
    else:
        body += "\r\n"
    path.write_bytes(body.encode("utf-8-sig"))


def rows_of(raw) -> list[dict]:
    return raw.table.to_pylist()


@pytest.mark.parametrize("shape", ["clean", "ragged", "quoted"])
def test_small_batches_give_the_same_rows_as_one_batch(tmp_path, monkeypatch, shape):
    monkeypatch.setattr(readers_csv, "BLOCK_BYTES", 512)  # Arrow writes batches before the odd line
    path = tmp_path / "a.csv"
    population_csv(path, 57, corrupt_at=30 if shape == "ragged" else None)
    if shape == "quoted":  # a line break inside a value: read line by line
        path.write_bytes(path.read_bytes().replace(b"Warga 40;", b'"Warga\r\n40";'))
    small, whole = read_table(path, batch=8), read_table(path)
    assert rows_of(small) == rows_of(whole) and small.headers == whole.headers
    assert len(rows_of(small)) == 57
    groups = pq.ParquetFile(small.path).metadata
    assert groups.num_row_groups >= 57 // 8  # written batch by batch
    assert max(groups.row_group(i).num_rows for i in range(groups.num_row_groups)) <= 8
    if shape == "quoted":
        assert [r["__row"] for r in rows_of(small)][40:43] == [42, 44, 45]  # the record on lines 42-43
    small.close(), whole.close()
    assert not small.path.exists()


def test_parquet_and_xlsx_are_read_in_batches(tmp_path):
    from openpyxl import Workbook

    table = pa.table({"NIK": [f"34020115019000{i:02d}" for i in range(23)], "UMUR": list(range(23))})
    pq.write_table(table, tmp_path / "a.parquet")
    book = Workbook()
    sheet = book.active
    sheet.append(["LAPORAN"])
    sheet.append(["NIK", "UMUR"])
    for nik, age in zip(table.column("NIK").to_pylist(), table.column("UMUR").to_pylist()):
        sheet.append([nik, age])
    book.save(tmp_path / "a.xlsx")
    for name, first in (("a.parquet", 2), ("a.xlsx", 3)):
        small, whole = read_table(tmp_path / name, batch=5), read_table(tmp_path / name)
        assert rows_of(small) == rows_of(whole)
        assert [r["__row"] for r in rows_of(small)] == list(range(first, first + 23))
        assert rows_of(small)[22]["c1"] == "22" and pq.ParquetFile(small.path).metadata.num_row_groups == 5


def test_corrupt_line_and_cut_last_line_go_to_quarantine(reference, monkeypatch, tmp_path):
    monkeypatch.setattr(readers, "BATCH", 7)
    monkeypatch.setattr(stage, "NIK_CHUNK", 5)
    path = tmp_path / "penduduk.csv"
    population_csv(path, 60, corrupt_at=25, cut_last=True)
    report = snapshot_import(kind="population", path=path, as_of=AS_OF)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (60, 58, 2)
    from cakupan.registries.models import Snapshot

    snap = Snapshot.objects.get(pk=report.snapshot_id)
    rows = {r["row_number"]: r for r in quarantine_rows(snapshot=snap)}
    assert {n: r["reason_code"] for n, r in rows.items()} == {27: "baris.kolom_berlebih", 61: "nik.length"}
    assert rows[27]["raw"]["NIK"] == "\x1bPK\x03\x04" and "ÿþ" in rows[27]["raw"]["KOLOM_LEBIH"]
    assert rows[61]["raw"]["NIK"] == person(59)[:11] and rows[61]["raw"]["NAMA_LGKP"] is None
    loaded = read_parquet(snapshot_path(snap))
    assert [r["row_number"] for r in loaded] == [n for n in range(2, 61) if n != 27]
    assert loaded[0]["nik"] == person(0)[:16] and loaded[-1]["nama"] == "Warga 58"


def test_fixture_imported_in_tiny_batches_gives_the_same_quarantine(reference, monkeypatch):
    from cakupan.registries.models import Snapshot

    from .test_import_population import CSV, EXPECTED_QUARANTINE

    monkeypatch.setattr(readers, "BATCH", 2)
    monkeypatch.setattr(stage, "NIK_CHUNK", 3)
    monkeypatch.setattr(stage, "MISMATCH_CHUNK", 1)
    report = snapshot_import(kind="population", path=CSV, as_of=AS_OF)
    snap = Snapshot.objects.get(pk=report.snapshot_id)
    assert {r["row_number"]: r["reason_code"] for r in quarantine_rows(snapshot=snap)} == EXPECTED_QUARANTINE
    assert (report.rows_read, report.rows_loaded) == (20, 5)
    assert report.warnings == {"nik.birthdate_mismatch": 1, "pekerjaan.unknown": 1}  # as in one batch
    assert not [p for p in (reference / "snapshots").rglob("*") if ".tmp-" in p.name]  # scratch removed


def test_encoding_is_decided_on_the_whole_file_not_the_head(tmp_path, monkeypatch):
    monkeypatch.setattr(readers_csv, "HEAD_BYTES", 64)
    monkeypatch.setattr(readers_csv, "SCAN_BYTES", 16)
    head = "NIK;NAMA\n" + "".join(f"34020115019000{i:02d};Warga\n" for i in range(10))
    late_cp1252 = tmp_path / "a.csv"
    late_cp1252.write_bytes(head.encode() + "3402011501900099;René\n".encode("cp1252"))
    raw = read_table(late_cp1252)
    assert raw.encoding == "cp1252" and rows_of(raw)[-1]["c1"] == "René"
    stray = tmp_path / "b.csv"  # UTF-8 (José) with a stray byte far below the head
    stray.write_bytes(("NIK;NAMA\n3402011501900001;José\n" + head[9:]).encode() + b"3402011501900099;Ren\xe9\n")
    with pytest.raises(UserError) as exc:
        read_table(stray)
    assert exc.value.code == "file.encoding"


def test_a_failed_import_leaves_no_scratch(reference, tmp_path):
    path = tmp_path / "tanpa_nik.csv"
    path.write_text("NAMA;KODE_WILAYAH\nBudi;34.02.01.2001\n", encoding="utf-8")
    with pytest.raises(UserError) as exc:
        snapshot_import(kind="population", path=path, as_of=AS_OF)
    assert exc.value.code == "file.no_nik_column"
    assert snapshot_files(reference) == [] and not list((reference / "snapshots").rglob(".tmp-*"))


def test_validation_database_is_bounded_and_spills_to_the_scratch_folder(tmp_path):
    con = stage.connect(tmp_path)
    settings = dict(con.execute("""SELECT name, value FROM duckdb_settings()
        WHERE name IN ('threads', 'temp_directory')""").fetchall())
    limit = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    con.close()
    assert settings == {"threads": str(stage.THREADS), "temp_directory": str(tmp_path / "duckdb.tmp")}
    assert limit.endswith("MiB") and float(limit.split()[0]) <= 512


def test_members_cp1252_fixture_streams(tmp_path):
    raw = read_table(FIXTURES / "members_cp1252.csv", batch=2)
    assert raw.encoding == "cp1252" and raw.rows == len(rows_of(raw)) > 2


@pytest.mark.django_db
def test_out_of_working_memory_is_a_message_and_nothing_is_saved(cakupan_home, tmp_path, monkeypatch):
    """DuckDB spills to disk, but should an operation still not fit the working memory, the user
    reads which setting to raise (import.memory), and no snapshot is written."""
    import duckdb

    from cakupan.registries import services
    from cakupan.registries.models import Snapshot

    def no_memory(**kwargs):
        raise duckdb.OutOfMemoryException("could not allocate block")

    monkeypatch.setattr(services, "kind_validate", no_memory)
    path = tmp_path / "pop.csv"
    path.write_bytes((FIXTURES / "population_bom_semicolon.csv").read_bytes())
    with pytest.raises(UserError) as err:
        snapshot_import(kind="population", path=path, as_of=AS_OF)
    assert err.value.code == "import.memory" and "CAKUPAN_IMPORT_MEMORY" in str(err.value)
    assert not Snapshot.objects.exists()
