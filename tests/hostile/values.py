"""Hostile values, by the kind of field they are aimed at, and hostile files. Deterministic."""
from __future__ import annotations

import io
import struct
import zlib

HUGE_INT = str(10**30)
LONG_TEXT = "x" * 10_000
QUOTES = "'\"><script>alert(1)</script>--"
TRAVERSAL = "../../etc/passwd"
UNICODE = "Ñandú 😀 ثلاثة \u202e"
NUL = "a\x00b"
CRLF = "34.02\r\nX-Sisip: 1"  # header injection through a value that ends up in a file name

BAD_MONTHS = ["0000-01", "9999-12", "2023-13", "31-02-2023", "2023-00", "2023-1"]
BAD_DATES = ["0000-01", "9999-12", "2023-13", "31-02-2023", "0000-00-00", "9999-12-31", "2023-02-30",
             "99999-01-01", "27/02/2023"]
MONEY = ["45.000.000", "Rp 2.500.000", "-45.000.000", "1,5", "1e309", "NaN", "Infinity"]
WRONG_KIND = ["abc", "99,abc", "34.02.01,abc", "[]", "{}", "true"]

BY_KIND: dict[str, list[str]] = {
    "date": BAD_DATES + ["", HUGE_INT, "-1", "abc"],
    "month": BAD_MONTHS + ["", HUGE_INT, "-1", "abc", "2023-02-27"],
    "number": MONEY + ["", HUGE_INT, "-1", "0", "-0", "abc", "99,abc", "1" * 400],
    "text": ["", LONG_TEXT, HUGE_INT, "-1", QUOTES, TRAVERSAL, UNICODE, NUL, CRLF, "99,abc", "45.000.000",
             "2023-13", "34.02.01=abc\n34.99=10**30"],
    "choice": ["", "tidak-ada", HUGE_INT, "-1", QUOTES, TRAVERSAL, UNICODE, NUL],
    "checkbox": ["", "on", HUGE_INT, "tidak"],
}
BY_KIND["hidden"] = BY_KIND["text"]

# whole-form value sets: (name, value for every field) -- "missing" posts no field at all
WHOLE = [("empty", ""), ("huge", HUGE_INT), ("long", LONG_TEXT), ("negative", "-1"), ("quotes", QUOTES),
         ("unicode", UNICODE), ("nul", NUL), ("money", "Rp 2.500.000"), ("month", "2023-13")]

# query parameters (GET pages, JSON endpoints)
QUERY = [HUGE_INT, "-1", "0", "", QUOTES, TRAVERSAL, UNICODE, NUL, CRLF, LONG_TEXT[:3000], "2023-13", "99,abc",
         "45.000.000", "1e309"]

POPULATION_HEAD = "NIK;NO_KK;NAMA_LGKP;JENIS_KLMIN;TMPT_LHR;TGL_LHR;KODE_WILAYAH;DUSUN;JENIS_PKRJN"
POPULATION_ROWS = [
    "3402014101900001;3402010000000001;SRI LESTARI;P;Bantul;01-01-1990;34.02.01.2001;Krajan;PETANI/PEKEBUN",
    "3402010202850002;3402010000000002;AGUS WIBOWO;L;Bantul;02-02-1985;34.02.01.2001;Krajan;WIRASWASTA",
    "34020102028;3402010000000003;BUDI;L;Bantul;02-02-1985;34.02.01.2001;Krajan;WIRASWASTA",
]


def population_csv() -> bytes:
    return ("\n".join([POPULATION_HEAD, *POPULATION_ROWS]) + "\n").encode("utf-8")


def _png() -> bytes:
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for line in [POPULATION_HEAD, *POPULATION_ROWS]:
        ws.append(line.split(";"))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def files() -> list[tuple[str, str, bytes]]:
    """(label, file name, bytes): what an officer may pick by mistake, or on purpose."""
    cp1252 = (POPULATION_HEAD + "\r\n" + POPULATION_ROWS[0].replace("SRI LESTARI", "SRÎ LÉSTARÏ – “Ñ”") + "\r\n")
    thirty = POPULATION_HEAD + "\n" + POPULATION_ROWS[0].replace("3402014101900001", "1" * 30, 1) + "\n"
    return [
        ("empty file", "kosong.csv", b""),
        ("png", "foto.png", _png()),
        ("png named csv", "penduduk.csv", _png()),
        ("xlsx in a csv field", "penduduk.csv", _xlsx()),
        ("cp1252 csv", "penduduk.csv", cp1252.encode("cp1252")),
        ("CR-only csv", "penduduk.csv", "\r".join([POPULATION_HEAD, *POPULATION_ROWS]).encode()),
        ("30-digit number cell", "penduduk.csv", thirty.encode()),
        ("header only", "penduduk.csv", (POPULATION_HEAD + "\n").encode()),
        ("valid csv", "penduduk.csv", population_csv()),
    ]
