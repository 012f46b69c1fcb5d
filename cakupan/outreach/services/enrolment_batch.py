"""A PU batch for one employer, or a padat karya crew: many enrolments from one table, each row
registered on its own (a bad row does not stop the others) and every row accounted for."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from cakupan.errors import UserError

from ..inputs import MAX_RUPIAH, parse_rupiah
from .enrolment import enrolment_register

MAX_BATCH_BYTES = 5 * 1024 * 1024  # a crew or a PU batch is at most a few thousand rows

NIK_HEADERS = ("NIK", "NO_NIK", "NIK_KTP")
NAME_HEADERS = ("NAMA", "NAMA_LGKP", "NAMA LENGKAP", "NAMA_PESERTA", "NAMA TENAGA KERJA")
INCOME_HEADERS = ("UPAH", "PENGHASILAN", "GAJI")


@dataclass
class BatchResult:
    registered: list = field(default_factory=list)  # Enrolment rows
    rejected: list = field(default_factory=list)  # {row_number, nik, nama, reason_code, message}

    @property
    def rows(self) -> int:
        return len(self.registered) + len(self.rejected)


def _norm(name: str) -> str:
    return " ".join((name or "").strip().upper().replace("_", " ").split())


def _pick(row: dict, names: tuple[str, ...]) -> str:
    wanted = {_norm(n) for n in names}
    for key, value in row.items():
        if _norm(key) in wanted:
            return (value or "").strip()
    return ""


def _income(text: str) -> tuple[int | None, str]:
    """'2.500.000', 'Rp 2.500.000' or '2500000' -> (2500000, ''); '' -> (None, ''); anything else
    (letters, 0, more than Rp 1 miliar) -> (None, why): rejected per row."""
    if not text:
        return None, ""
    try:
        return parse_rupiah(text, what="UPAH/PENGHASILAN", maximum=MAX_RUPIAH), ""
    except UserError as exc:
        return None, str(exc)


def _rows(records: list[dict]) -> list[dict]:
    out = []
    for r in records:
        income, why = _income(_pick(r, INCOME_HEADERS))
        out.append({"nik": _pick(r, NIK_HEADERS), "nama": _pick(r, NAME_HEADERS), "income": income, "income_error": why})
    return out


def _check_headers(headers: set[str]) -> None:
    if not headers & {_norm(h) for h in NIK_HEADERS} or not headers & {_norm(h) for h in NAME_HEADERS}:
        raise UserError("Berkas kelompok harus punya kolom NIK dan NAMA.", code="batch.headers")


def read_batch_csv(content: str) -> list[dict]:
    """Rows of a CSV (`,` or `;`; any line ending, also a lone CR from old Mac Excel) with NIK,
    NAMA and optionally UPAH/PENGHASILAN columns. Each row: nik, nama, income (int or None),
    income_error ('' or why the UPAH cell was refused)."""
    content = content.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    first = content.splitlines()[0] if content.strip() else ""
    try:
        reader = csv.DictReader(io.StringIO(content), delimiter=";" if first.count(";") > first.count(",") else ",")
        headers = {_norm(h) for h in reader.fieldnames or ()}
        _check_headers(headers)
        records = [{k or "": v if isinstance(v, str) else "" for k, v in r.items()} for r in reader]
    except csv.Error as exc:
        raise UserError(f"Berkas kelompok bukan CSV yang dapat dibaca ({exc}); simpan ulang sebagai CSV.",
                        code="batch.csv") from None
    return _rows(records)


def _read_xlsx(data: bytes, name: str) -> list[dict]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = [str(v).strip() if v is not None else "" for v in next(rows, ())]
        records = []
        for values in rows:
            cells = ["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)).strip()
                     for v in values]
            if any(cells):
                records.append(dict(zip(header, cells)))
    except UserError:
        raise
    except Exception:  # noqa: BLE001 - a broken workbook is the user's file, not our bug
        raise UserError(f"Berkas {name} tidak dapat dibuka sebagai XLSX; simpan ulang dari Excel atau sebagai CSV.",
                        code="batch.xlsx") from None
    _check_headers({_norm(h) for h in header})
    return _rows(records)


def read_batch_file(data: bytes, name: str = "berkas") -> list[dict]:
    """Rows of an uploaded group file: a CSV in any common encoding (UTF-8, UTF-16, Windows-1252,
    decoded by the registries' reader, never with replacement characters) or an XLSX (first
    sheet, header in row 1). An old .xls or any other binary file is refused with a message."""
    from cakupan.registries.readers_csv import decode

    if len(data) > MAX_BATCH_BYTES:
        raise UserError(f"Berkas {name} terlalu besar (paling banyak 5 MB untuk satu kelompok).", code="batch.size")
    if not data.strip():
        raise UserError(f"Berkas {name} kosong.", code="batch.empty")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, name)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UserError(f"Berkas {name} adalah Excel lama (.xls); simpan sebagai .xlsx atau CSV lalu unggah lagi.",
                        code="batch.xls")
    try:
        text, _encoding = decode(data, name)
    except UserError:
        raise UserError(f"Berkas {name} bukan CSV teks (mungkin berkas biner); unggah CSV atau XLSX dengan kolom NIK, "
                        "NAMA dan UPAH.", code="batch.binary") from None
    return read_batch_csv(text)


def enrolment_register_batch(*, rows: list[dict], segment: str, payer: str, batch: str, month_from: date, month_to: date,
                             employer: str = "", risk_class: int | None = None, income: int | None = None,
                             by: str = "", funder=None) -> BatchResult:
    """rows: [{"nik", "nama", "income" (optional; falls back to `income`)}]; row numbers count from 2
    (the header is row 1), as a spreadsheet shows them. With a `funder` (an outreach Funder) each
    row is checked against what is left of its budget: the rows beyond it are rejected
    (`funder.budget`), the ones before are kept."""
    if not batch.strip():
        raise UserError("Beri kode kelompok (batch) untuk pendaftaran berkelompok.", code="batch.code")
    result = BatchResult()
    for number, row in enumerate(rows, start=2):
        row_income = row.get("income") or income
        try:
            if row.get("income_error") or (row_income is not None and row_income < 0):
                raise UserError(row.get("income_error") or "UPAH/PENGHASILAN bukan angka rupiah.", code="batch.income")
            with transaction.atomic():
                e = enrolment_register(nik=row.get("nik", ""), nama=row.get("nama", ""), segment=segment, payer=payer,
                                       month_from=month_from, month_to=month_to, income=row_income, risk_class=risk_class,
                                       employer=employer, batch=batch, by=by, funder=funder)
            result.registered.append(e)
        except UserError as exc:
            result.rejected.append({"row_number": number, "nik": row.get("nik", ""), "nama": row.get("nama", ""),
                                    "reason_code": exc.code, "message": str(exc)})
    return result
