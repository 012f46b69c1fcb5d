"""Display names of codes in the active language (Bahasa Indonesia by default, English on request).
The codes and both labels are declared once in cakupan.core.vocab; roles are declared here.

    ecosystem_name("padat_karya")   'Padat karya'   ('Labour-intensive works' in English)
    segment_name("NONE")            'Belum terdaftar'
"""
from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .vocab import AUDIT_ACTIONS, ECOSYSTEMS, LINK_METHODS, ROSTER_KINDS, SEGMENT_NONE, SEGMENTS, SEXES, STATUSES

ROLE_NAMES = {
    "admin": _("Admin"),
    "analis": _("Analis cabang"),
    "kepatuhan": _("Tim kepatuhan"),
    "kapanewon": _("Operator kapanewon"),
    "kalurahan": _("Operator kalurahan"),
    "mitra": _("Mitra"),
    "pimpinan": _("Pimpinan"),
    "operator": _("Operator data"),
}


def _lang() -> str:
    return translation.get_language() or "id"


def ecosystem_name(key: str) -> str:
    return ECOSYSTEMS.label(key, _lang())


def status_name(key: str) -> str:
    return STATUSES.label(key, _lang())


def sex_name(key: str) -> str:
    return SEXES.label(key, _lang())


def roster_kind_name(key: str) -> str:
    return ROSTER_KINDS.label(key, _lang())


def link_method_name(key: str) -> str:
    return LINK_METHODS.label(key, _lang())


def segment_name(key: str) -> str:
    """Membership segment for readers: 'NONE' (never a member) -> 'Belum terdaftar'; PU, BPU, ... as they are."""
    return status_name("none") if key == SEGMENT_NONE else SEGMENTS.label(key, _lang())


def audit_action_name(key: str) -> str:
    """'view_persons' -> 'Melihat daftar pekerja' ('Viewed a worker list'); unknown codes as they are."""
    return AUDIT_ACTIONS.label(key, _lang()) if key in AUDIT_ACTIONS else key


def scope_text(scope, area_name: str = "") -> str:
    """'Operator kalurahan — Poncosari', 'Mitra — DKUKMPP (pasar, UMKM)', 'Analis cabang — semua wilayah'."""
    role = str(ROLE_NAMES.get(scope.role, scope.role))
    if scope.role in ("kapanewon", "kalurahan") and scope.area_code:
        from .terms import kind_term

        word = kind_term(scope.role, scope.area_code)  # the province's word: 'Operator desa/kelurahan' in Klaten
        if word != scope.role:
            role = str(_("Operator %(level)s")) % {"level": word}
            role = role[:1].upper() + role[1:]
    if scope.area_code:
        where = area_name or scope.area_code
    elif scope.role == "mitra":
        eco = ", ".join(ecosystem_name(e) for e in scope.ecosystems)
        where = f"{scope.org} ({eco})" if eco else scope.org
    else:
        where = str(_("semua wilayah"))
    return f"{role} — {where}"
