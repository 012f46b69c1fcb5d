"""The person list as a download: the same scoped, masked rows as the page
(cakupan.coverage.selectors.persons_in_area), written as CSV or XLSX, and the export audited with
its purpose (one of cakupan.privacy.selectors.EXPORT_PURPOSES: UU 27/2022 purpose limitation).

    body, content_type = persons_export(user=user, scope=scope, run=run, area_code="34.02.01.2001",
                                        flt=PersonFilter(), fmt="csv", purpose="verifikasi")
"""
from __future__ import annotations

import csv
import io
from datetime import date

from django.utils.translation import gettext as _

from cakupan.accounts.scope import Scope, audit_record
from cakupan.coverage.selectors import PersonFilter, person_row, persons_in_area

# beside the (masked) NIK, what tells people of the same name apart without revealing it: sex, age
# in years and the padukuhan's name (masked NIKs of one kalurahan are nearly all 3402********0001)
COLUMNS = ("nik", "nama", "sex", "age", "padukuhan", "padukuhan_code", "ecosystem", "status", "segment", "kpj",
           "paid_through")
EXPORT_LIMIT = 200_000


def persons_export(*, user, scope: Scope, run, area_code: str, flt: PersonFilter, fmt: str,
                   purpose: str) -> tuple[bytes, str]:
    """The filtered list as CSV or XLSX bytes (NIK masked as on screen); audited with its purpose."""
    from cakupan.errors import UserError
    from cakupan.privacy.selectors import EXPORT_PURPOSES

    qs = persons_in_area(scope=scope, run=run, area_code=area_code, flt=flt)[:EXPORT_LIMIT]  # scope first
    if purpose not in EXPORT_PURPOSES:
        raise UserError(_("Tujuan ekspor wajib dipilih (untuk apa data ini diunduh)."), code="export.purpose")
    rows = padukuhan_names([person_row(p, scope) for p in qs])
    audit_record(
        user=user, action="export_persons", scope=scope.label, rows=len(rows),
        detail={"area": area_code, "filter": flt.as_dict(), "format": fmt, "run": run.pk, "purpose": purpose},
    )
    if fmt == "xlsx":
        return _xlsx(rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _csv(rows), "text/csv; charset=utf-8"


def padukuhan_names(rows: list[dict]) -> list[dict]:
    """Adds the padukuhan's name to each row (one read of the area names for all rows)."""
    from cakupan.wilayah.selectors import area_names

    names = area_names({r["padukuhan_code"] for r in rows})
    for r in rows:
        r["padukuhan"] = names.get(r["padukuhan_code"], r["padukuhan_code"])
    return rows


def _cell(value):
    return value.isoformat() if isinstance(value, date) else ("" if value is None else value)


def _csv(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([_cell(r[c]) for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: opens cleanly in Excel


def _xlsx(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("pekerja")
    ws.append(list(COLUMNS))
    for r in rows:
        ws.append([str(_cell(r[c])) if c in ("nik", "kpj") else _cell(r[c]) for c in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
