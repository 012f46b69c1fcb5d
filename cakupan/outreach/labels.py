"""Readable, translated names of outreach codes, for pages and exports alike."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SCORE_PARTS = {
    "rentan": _("pekerja rentan"),
    "ekosistem_prioritas": _("ekosistem prioritas"),
    "usia_produktif": _("usia 25–54"),
    "usia_tepi": _("usia 18–24 / 55–64"),
    "baru_nonaktif": _("baru nonaktif"),
}


def score_reason(key: str) -> str:
    """'usia_produktif' -> 'usia 25–54' (unknown keys shown as they are)."""
    return str(SCORE_PARTS.get(key, key))


def score_reasons(parts: dict) -> str:
    """{'rentan': 3, 'usia_produktif': 2} -> 'pekerja rentan +3, usia 25–54 +2'."""
    return ", ".join(f"{score_reason(k)} +{v}" for k, v in (parts or {}).items())


REASONS = {"akan_nonaktif": _("akan nonaktif"), "baru_nonaktif": _("baru nonaktif")}
CREDITS = {
    "retained": _("bertahan aktif"),
    "reactivated": _("aktif kembali"),
    "not_due": _("belum jatuh tempo"),
    "lapsed": _("jadi nonaktif"),
    "still_nonactive": _("masih nonaktif"),
    "missing": _("tidak ada di hasil terbaru"),
    "": _("menunggu hasil berikutnya"),
}


def reason_text(key: str) -> str:
    """Why a member is on a lapse worklist: 'akan_nonaktif' -> 'akan nonaktif'."""
    return str(REASONS.get(key, key))


def credit_text(key: str) -> str:
    """A lapse item's credit in the later run: 'reactivated' -> 'aktif kembali'."""
    return str(CREDITS.get(key, key))


def month_text(d) -> str:
    """date(2022, 11, 1) -> 'November 2022' (a month, in the active language); None -> ''."""
    from cakupan.core.formatting import tanggal

    return tanggal(d).split(" ", 1)[1] if d else ""
