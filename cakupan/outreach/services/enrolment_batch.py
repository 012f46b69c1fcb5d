"""A PU batch for one employer, or a padat karya crew: many enrolments from one table, each row
registered on its own (a bad row does not stop the others) and every row accounted for."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from cakupan.errors import UserError

from .enrolment import enrolment_register

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


def _income(text: str) -> int | None:
    """'2.500.000' or '2500000' -> 2500000; '' -> None; anything else -> -1 (rejected per row)."""
    if not text:
        return None
    digits = text.replace(".", "").replace(",", "").replace(" ", "")
    return int(digits) if digits.isdigit() else -1


def read_batch_csv(content: str) -> list[dict]:
    """Rows of a CSV (`,` or `;`) with NIK, NAMA and optionally UPAH/PENGHASILAN columns."""
    content = content.lstrip("\ufeff")
    first = content.splitlines()[0] if content.strip() else ""
    reader = csv.DictReader(io.StringIO(content), delimiter=";" if first.count(";") > first.count(",") else ",")
    headers = {_norm(h) for h in reader.fieldnames or ()}
    if not headers & {_norm(h) for h in NIK_HEADERS} or not headers & {_norm(h) for h in NAME_HEADERS}:
        raise UserError("Berkas kelompok harus punya kolom NIK dan NAMA.", code="batch.headers")
    return [{"nik": _pick(r, NIK_HEADERS), "nama": _pick(r, NAME_HEADERS), "income": _income(_pick(r, INCOME_HEADERS))}
            for r in reader]


def enrolment_register_batch(*, rows: list[dict], segment: str, payer: str, batch: str, month_from: date, month_to: date,
                             employer: str = "", risk_class: int | None = None, income: int | None = None,
                             by: str = "") -> BatchResult:
    """rows: [{"nik", "nama", "income" (optional; falls back to `income`)}]; row numbers count from 2
    (the header is row 1), as a spreadsheet shows them."""
    if not batch.strip():
        raise UserError("Beri kode kelompok (batch) untuk pendaftaran berkelompok.", code="batch.code")
    result = BatchResult()
    for number, row in enumerate(rows, start=2):
        row_income = row.get("income") or income
        try:
            if row_income is not None and row_income < 0:
                raise UserError("UPAH/PENGHASILAN bukan angka rupiah.", code="batch.income")
            with transaction.atomic():
                e = enrolment_register(nik=row.get("nik", ""), nama=row.get("nama", ""), segment=segment, payer=payer,
                                       month_from=month_from, month_to=month_to, income=row_income, risk_class=risk_class,
                                       employer=employer, batch=batch, by=by)
            result.registered.append(e)
        except UserError as exc:
            result.rejected.append({"row_number": number, "nik": row.get("nik", ""), "nama": row.get("nama", ""),
                                    "reason_code": exc.code, "message": str(exc)})
    return result
