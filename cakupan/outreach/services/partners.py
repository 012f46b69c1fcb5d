"""Partner writes."""
from __future__ import annotations

from django.db import transaction

from cakupan.core.vocab import ECOSYSTEMS
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_exists

from ..models import Partner


@transaction.atomic
def partner_create(*, name: str, kind: str, area_codes: list[str] | None = None,
                   ecosystems: list[str] | None = None, contact: str = "") -> Partner:
    name = (name or "").strip()
    if not name:
        raise UserError("Nama mitra wajib diisi.", code="partner.name")
    if kind not in Partner.Kind.values:
        raise UserError(f"Jenis mitra '{kind}' tidak dikenal; pilih: {', '.join(str(k.label) for k in Partner.Kind)}.",
                        code="partner.kind")
    bad = set(ecosystems or ()) - set(ECOSYSTEMS.codes)
    if bad:
        raise UserError(f"Ekosistem tidak dikenal: {', '.join(sorted(bad))}.", code="partner.ecosystem")
    area_codes = [str(a).strip() for a in (area_codes or []) if str(a).strip()]
    unknown = [a for a in area_codes if not area_exists(a)]
    if unknown:
        shown = ", ".join(a[:30] for a in unknown[:5])
        raise UserError(f"Wilayah tidak dikenal: {shown}. Pilih wilayah dari daftar (kapanewon, kalurahan atau padukuhan).",
                        code="partner.area")
    if Partner.objects.filter(name=name).exists():
        raise UserError(f"Mitra '{name}' sudah ada.", code="partner.exists")
    return Partner.objects.create(name=name, kind=kind, area_codes=list(area_codes or []),
                                  ecosystems=list(ecosystems or []), contact=contact)


def partner_covers_area(partner: Partner, area_code: str) -> bool:
    """True when the partner works this area (or an area containing it); no areas = everywhere."""
    if not partner.area_codes:
        return True
    return any(area_code == a or area_code.startswith(a + ".") for a in partner.area_codes)
