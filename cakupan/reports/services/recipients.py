"""Who receives an area's monthly report (set per area by an admin in the app or the Django admin)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from cakupan.core.areas import level_of
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_exists

from ..models import ReportRecipient

LEVELS = ("kabupaten", "kapanewon", "kalurahan")


@transaction.atomic
def recipient_add(*, area_code: str, email: str, name: str = "") -> ReportRecipient:
    """A recipient of an area's monthly report; adding an address again makes it active again and
    takes the new name."""
    area_code, email, name = (area_code or "").strip(), (email or "").strip().lower(), (name or "").strip()
    if "\x00" in area_code + email + name:
        raise UserError("Isian berisi karakter yang tidak sah (NUL).", code="recipient.nul")
    if not area_code or len(area_code) > 24 or level_of(area_code) not in LEVELS or not area_exists(area_code):
        raise UserError("Pilih kabupaten/kota, kapanewon/kecamatan atau kalurahan/desa yang ada.", code="recipient.area")
    try:
        validate_email(email)
    except ValidationError as exc:
        raise UserError("Alamat e-mail tidak valid.", code="recipient.email") from exc
    if len(email) > 254 or len(name) > 120:
        raise UserError("Alamat e-mail atau nama terlalu panjang.", code="recipient.length")
    recipient, _ = ReportRecipient.objects.update_or_create(
        area_code=area_code, email=email, defaults={"name": name, "active": True})
    return recipient


@transaction.atomic
def recipient_remove(*, recipient_id: int) -> None:
    deleted, _ = ReportRecipient.objects.filter(id=recipient_id).delete()
    if not deleted:
        raise UserError("Penerima tidak ditemukan.", code="recipient.unknown")
