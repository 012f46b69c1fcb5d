"""PDS (perusahaan daftar sebagian) writes: importing the employer register and the workers each
employer reports (docs/compliance-pds.md). Every row of a file is kept with its row number and,
when it has one, its problem; nothing is dropped.

    report = employer_file_import(data=open("pemberi_kerja.csv", "rb").read(), name="pemberi_kerja.csv",
                                  as_of=date(2024, 1, 31), by="kepatuhan1")
    report.issues   # [RowIssue(row_number=7, code="npp.ganda", message="NPP 12345678 sudah ada di baris 3 ...")]
    report = worker_file_import(data=..., name="tenaga_kerja.xlsx", as_of=date(2024, 1, 31), by="kepatuhan1")

Employer file columns: NPP (required), NAMA_PERUSAHAAN, SEKTOR, JUMLAH_TK, KAPANEWON (kode), JENIS
(perusahaan | opd). Workers file: NPP, NIK (both required), NAMA, UPAH_DILAPORKAN, UPAH_DAFTAR_GAJI.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from cakupan.errors import UserError
from cakupan.nik import parse_nik

from .models import Employer, EmployerFile, EmployerWorker

MAX_ROWS = 200_000
HEADER_SEARCH = 10
EMPLOYER_COLUMNS = {
    "npp": ("NPP", "NO_NPP", "NOMOR_NPP", "NOMOR_PENDAFTARAN_PERUSAHAAN"),
    "name": ("NAMA_PERUSAHAAN", "NAMA", "NAMA_PEMBERI_KERJA", "PEMBERI_KERJA", "NAMA_BADAN_USAHA", "OPD", "NAMA_OPD"),
    "sector": ("SEKTOR", "BIDANG_USAHA", "SEKTOR_USAHA", "KBLI", "JENIS_USAHA"),
    "workers": ("JUMLAH_TK", "JUMLAH_TENAGA_KERJA", "JUMLAH_PEKERJA", "TK", "JML_TK"),
    "kapanewon": ("KAPANEWON", "KODE_KAPANEWON", "KECAMATAN", "KODE_KECAMATAN", "KODE_WILAYAH"),
    "kind": ("JENIS", "JENIS_PEMBERI_KERJA"),
}
WORKER_COLUMNS = {
    "npp": ("NPP", "NO_NPP", "NOMOR_NPP"),
    "nik": ("NIK", "NO_NIK", "NO_KTP", "NOMOR_KTP", "NIK_KTP", "NIK_PESERTA", "NOMOR_INDUK_KEPENDUDUKAN"),
    "nama": ("NAMA", "NAMA_TENAGA_KERJA", "NAMA_PEKERJA", "NAMA_LENGKAP", "NAMA_PESERTA"),
    "wage_reported": ("UPAH_DILAPORKAN", "UPAH_LAPOR", "UPAH_BPJS", "UPAH_DILAPORKAN_KE_BPJS", "UPAH"),
    "wage_roster": ("UPAH_DAFTAR_GAJI", "UPAH_ROSTER", "UPAH_SEBENARNYA", "GAJI", "GAJI_POKOK"),
}
BLOCKING_EMPLOYER = ("npp.kosong", "npp.ganda")


@dataclass(frozen=True)
class RowIssue:
    row_number: int
    code: str
    message: str


@dataclass
class PdsImport:
    file: EmployerFile
    rows: int
    issues: list[RowIssue] = field(default_factory=list)

    @property
    def blocking(self) -> int:
        return sum(1 for i in self.issues if i.code in BLOCKING_EMPLOYER or i.code.startswith("nik.")
                   or i.code == "duplikat")


def _norm(header: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", (header or "").upper()).strip("_")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise UserError("Berkas tidak dapat dibaca sebagai CSV (berisi byte NUL); simpan sebagai CSV atau XLSX.",
                        code="pds.file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise UserError("Pengodean berkas tidak dikenal; simpan sebagai CSV UTF-8 atau XLSX.", code="pds.file") from None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date,)):
        return value.isoformat()[:10]
    return str(value).replace("\xa0", " ").strip()


def read_rows(data: bytes, name: str) -> list[tuple[int, list[str]]]:
    """(row number as the spreadsheet shows it, cells as text) for every non-blank row."""
    lower = (name or "").lower()
    if lower.endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise UserError(f"Berkas {name} bukan XLSX yang dapat dibaca.", code="pds.file") from None
        ws = wb.worksheets[0]
        rows = [(i, [_cell(v) for v in row]) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)]
        wb.close()
    elif lower.endswith(".xls"):
        raise UserError("Berkas .xls lama tidak dapat dibaca: simpan sebagai .xlsx atau CSV.", code="pds.file")
    else:
        text = _decode(data)
        head = "\n".join(text.splitlines()[:5])
        sep = max((";", ",", "\t", "|"), key=head.count)
        try:
            rows = _start_lines(text, sep)
        except csv.Error as exc:
            raise UserError(f"Berkas {name} tidak dapat dibaca sebagai CSV: {exc}.", code="pds.file") from None
    return [(n, cells) for n, cells in rows if any(c for c in cells)]


def _start_lines(text: str, sep: str):
    """Records with the line each STARTS on (a quoted line break spans lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    out, start = [], 1
    for record in reader:
        out.append((start, [_cell(c) for c in record]))
        start = reader.line_num + 1
    return out


def _header(rows, columns: dict, required: tuple[str, ...], name: str):
    """The first row (within the first 10) naming every required column; {canonical: index}."""
    for pos, (_n, cells) in enumerate(rows[:HEADER_SEARCH]):
        normed = [_norm(c) for c in cells]
        found = {}
        for canon, names in columns.items():
            for cand in names:
                if cand in normed and normed.index(cand) not in found.values():
                    found[canon] = normed.index(cand)
                    break
        if all(r in found for r in required):
            return pos, found
    seen = ", ".join(c for c in (rows[0][1] if rows else []) if c)[:200]
    need = " dan ".join(columns[r][0] for r in required)
    raise UserError(f"Berkas {name} tidak memiliki kolom {need} (kolom yang terbaca: {seen or '-'}).",
                    code="pds.columns")


def _table(data: bytes, name: str, columns: dict, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    rows = read_rows(data, name)
    if not rows:
        raise UserError(f"Berkas {name} kosong.", code="pds.empty")
    pos, idx = _header(rows, columns, required, name)
    body = rows[pos + 1:]
    if not body:
        raise UserError(f"Berkas {name} hanya berisi judul kolom, tanpa baris data.", code="pds.empty")
    if len(body) > MAX_ROWS:
        raise UserError(f"Berkas {name} berisi {len(body)} baris; paling banyak {MAX_ROWS}.", code="pds.too_many")
    return [(n, {c: (cells[i] if i < len(cells) else "") for c, i in idx.items()}) for n, cells in body]


def parse_rupiah(text: str) -> int | None:
    """'2.066.438', 'Rp 2.066.438', '2,066,438', '2066438' or '2066438.0' -> 2066438; else None."""
    t = re.sub(r"(?i)^rp\.?", "", (text or "").strip()).replace(" ", "")
    if not t:
        return None
    if re.fullmatch(r"\d+(\.0+)?", t):
        return int(float(t))
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", t) and len(set(re.findall(r"[.,]", t))) == 1:
        return int(re.sub(r"[.,]", "", t))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+,0+", t):
        return int(t.split(",")[0].replace(".", ""))
    return None


def _kapanewon(text: str, known: set[str]) -> tuple[str, str]:
    """('34.02.01', '') for a known kapanewon code (34.02.01 or 340201); ('', problem) otherwise."""
    t = (text or "").strip()
    if not t:
        return "", ""
    digits = re.sub(r"\D", "", t)
    code = f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}" if len(digits) == 6 else t
    if code in known:
        return code, ""
    return "", f"Kapanewon/kecamatan {t!r} tidak dikenal (kode seperti 34.02.01); pemberi kerja tetap dicatat tanpa wilayah."


def _kind(r: dict) -> str:
    return "opd" if (r.get("kind") or "").strip().upper() in ("OPD", "PEMERINTAH", "INSTANSI") else "perusahaan"


@transaction.atomic
def employer_file_import(*, data: bytes, name: str, as_of: date, by: str = "") -> PdsImport:
    """A new employer register from a file (it replaces the register in use; earlier files are kept).
    A repeated NPP: the first row is the employer, each later row is kept with 'npp.ganda', naming
    the first row and the fields that differ."""
    from cakupan.wilayah.selectors import area_codes

    table = _table(data, name, EMPLOYER_COLUMNS, ("npp",))
    known = set(area_codes(kind="kapanewon"))
    f = EmployerFile.objects.create(kind=EmployerFile.Kind.EMPLOYERS, file_name=name[:255], as_of=as_of,
                                    rows=len(table), loaded_by_name=by[:150])
    first: dict[str, tuple[int, dict]] = {}
    issues, objs = [], []
    for n, r in table:
        npp = re.sub(r"\s+", "", r.get("npp", "")).upper()
        issue, message = "", ""
        kap, kap_problem = _kapanewon(r.get("kapanewon", ""), known)
        workers = None
        if r.get("workers"):
            workers = parse_rupiah(r["workers"])
        if not npp:
            issue, message = "npp.kosong", "Baris tanpa NPP: tidak masuk daftar pemberi kerja."
        elif npp in first:
            fn, fr = first[npp]
            diff = [label for key, label in (("name", "nama"), ("sector", "sektor"), ("workers", "jumlah TK"),
                                             ("kapanewon", "kapanewon"))
                    if (fr.get(key) or "").strip().upper() != (r.get(key) or "").strip().upper()]
            if _kind(fr) != _kind(r):
                diff.append("jenis")
            what = f"berbeda: {', '.join(diff)}" if diff else "isi sama"
            issue, message = "npp.ganda", f"NPP {npp} sudah ada di baris {fn} ({what}); baris {fn} yang dipakai."
        elif kap_problem:
            issue, message = "kapanewon.tidak_dikenal", kap_problem
        elif r.get("workers") and workers is None:
            issue, message = "jumlah.tidak_sah", f"Jumlah tenaga kerja {r['workers']!r} bukan angka; ukuran dihitung dari daftar tenaga kerja."
        elif not r.get("name"):
            issue, message = "nama.kosong", "Nama pemberi kerja kosong."
        if npp and npp not in first:
            first[npp] = (n, r)
        kind = _kind(r)
        if issue:
            issues.append(RowIssue(n, issue, message))
        objs.append(Employer(file=f, row_number=n, npp=npp[:40], name=(r.get("name") or "")[:200], kind=kind,
                             sector=(r.get("sector") or "")[:120], workers_declared=workers, kapanewon_code=kap,
                             issue=issue, issue_message=message[:400]))
    Employer.objects.bulk_create(objs, batch_size=2000)
    return PdsImport(file=f, rows=len(table), issues=issues)


@transaction.atomic
def worker_file_import(*, data: bytes, name: str, as_of: date, by: str = "") -> PdsImport:
    """A new list of the workers employers report (replaces the list in use). Every row kept: an
    invalid NIK ('nik.*'), a NIK repeated under the same NPP ('duplikat', counted once), an NPP not
    in the register ('npp.tidak_dikenal') and an unreadable wage ('upah.tidak_sah') are reported."""
    from .selectors_pds import register_npps

    table = _table(data, name, WORKER_COLUMNS, ("npp", "nik"))
    npps = register_npps()
    f = EmployerFile.objects.create(kind=EmployerFile.Kind.WORKERS, file_name=name[:255], as_of=as_of,
                                    rows=len(table), loaded_by_name=by[:150])
    seen: dict[tuple[str, str], int] = {}
    issues, objs = [], []
    for n, r in table:
        npp = re.sub(r"\s+", "", r.get("npp", "")).upper()
        res = parse_nik(r.get("nik", ""))
        nik = res.nik if res.ok else (r.get("nik") or "")
        issue, message = "", ""
        wages = {}
        for key in ("wage_reported", "wage_roster"):
            wages[key] = parse_rupiah(r.get(key, ""))
        if not res.ok:
            issue, message = res.error or "nik.tidak_sah", res.message or "NIK tidak sah."
        elif (npp, nik) in seen:
            issue, message = "duplikat", f"NIK yang sama sudah ada di baris {seen[npp, nik]} untuk NPP {npp}; dihitung sekali."
        elif not npp:
            issue, message = "npp.kosong", "Baris tanpa NPP: tidak dihitung untuk pemberi kerja mana pun."
        elif npp not in npps:
            issue, message = "npp.tidak_dikenal", f"NPP {npp} tidak ada di daftar pemberi kerja yang berlaku."
        elif any(r.get(k) and wages[k] is None for k in wages):
            bad = next(r[k] for k in wages if r.get(k) and wages[k] is None)
            issue, message = "upah.tidak_sah", f"Upah {bad!r} bukan angka rupiah; upah baris ini tidak diperiksa."
        if res.ok and (npp, nik) not in seen:
            seen[npp, nik] = n
        if issue:
            issues.append(RowIssue(n, issue, message))
        objs.append(EmployerWorker(file=f, row_number=n, npp=npp[:40], nik=(nik or "")[:40], nik_ok=res.ok,
                                   nama=(r.get("nama") or "")[:200], wage_reported=wages["wage_reported"],
                                   wage_roster=wages["wage_roster"], issue=issue, issue_message=message[:400]))
    EmployerWorker.objects.bulk_create(objs, batch_size=2000)
    return PdsImport(file=f, rows=len(table), issues=issues)
