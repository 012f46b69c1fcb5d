"""Display names (translatable) for codes shown on the pages: ecosystems and roles."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ECOSYSTEM_NAMES = {
    "desa": _("Desa"),
    "pasar": _("Pasar"),
    "umkm": _("UMKM"),
    "rentan": _("Pekerja rentan"),
    "pu": _("Penerima upah"),
    "guru": _("Tenaga pendidik"),
    "opd": _("OPD non-ASN"),
    "padat_karya": _("Padat karya"),
    "lainnya": _("Lainnya"),
}
STATUS_NAMES = {  # PersonStatus.Status labels (the model's are not translatable)
    "active": _("Aktif"),
    "nonactive": _("Tidak aktif"),
    "none": _("Belum terdaftar"),
}
SEX_NAMES = {"L": pgettext_lazy("jenis kelamin", "L"), "P": pgettext_lazy("jenis kelamin", "P")}
ROLE_NAMES = {
    "admin": _("Admin"),
    "analis": _("Analis cabang"),
    "kepatuhan": _("Tim kepatuhan"),
    "kapanewon": _("Operator kapanewon"),
    "kalurahan": _("Operator kalurahan"),
    "mitra": _("Mitra"),
    "pimpinan": _("Pimpinan"),
}


def ecosystem_name(key: str) -> str:
    return str(ECOSYSTEM_NAMES.get(key, key))


def status_name(key: str) -> str:
    return str(STATUS_NAMES.get(key, key))


def sex_name(key: str) -> str:
    return str(SEX_NAMES.get(key, key))


def scope_text(scope, area_name: str = "") -> str:
    """'Operator kalurahan — Poncosari', 'Mitra — DKUKMPP (pasar, UMKM)', 'Analis cabang — semua wilayah'."""
    role = str(ROLE_NAMES.get(scope.role, scope.role))
    if scope.area_code:
        where = area_name or scope.area_code
    elif scope.role == "mitra":
        eco = ", ".join(ecosystem_name(e) for e in scope.ecosystems)
        where = f"{scope.org} ({eco})" if eco else scope.org
    else:
        where = str(_("semua wilayah"))
    return f"{role} — {where}"
