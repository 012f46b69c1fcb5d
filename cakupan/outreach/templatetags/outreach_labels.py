"""{% load outreach_labels %}: readable, translated names of outreach codes (the worklist score
parts — the keys of cakupan.outreach.services.ranking.WEIGHTS — and an enrolment's status)."""
from django import template

from cakupan.outreach.labels import SCORE_PARTS, score_reason

register = template.Library()
__all__ = ["SCORE_PARTS"]


@register.filter
def alasan_skor(key):
    """'usia_produktif' -> 'usia 25–54' (unknown keys shown as they are)."""
    return score_reason(key)


@register.filter
def status_pendaftaran(key):
    """'provisional' -> 'Sementara', 'confirmed' -> 'Terkonfirmasi' (an enrolment's status)."""
    from cakupan.outreach.models import Enrolment

    return str(dict(Enrolment.Status.choices).get(key, key))


@register.filter
def alasan_nonaktif(key):
    """'akan_nonaktif' -> 'akan nonaktif' (why a member is on a lapse worklist)."""
    from cakupan.outreach.labels import reason_text

    return reason_text(key)


@register.filter
def kredit_nonaktif(key):
    """'reactivated' -> 'aktif kembali' (a lapse item's credit in the later run)."""
    from cakupan.outreach.labels import credit_text

    return credit_text(key)


@register.filter
def bulan(d):
    """date(2022, 11, 1) -> 'November 2022'; None -> '–'."""
    from cakupan.outreach.labels import month_text

    return month_text(d) or "–"


@register.filter
def batas_bayar(item):
    """The payment deadline of an 'akan nonaktif' item (the month before its lapse month), else None."""
    from cakupan.outreach.lapse_rules import deadline

    return deadline(item.lapse_month) if getattr(item, "reason", "") == "akan_nonaktif" else None


@register.filter
def status_orang(key):
    """PersonStatus.status -> 'Aktif', 'Nonaktif', 'Belum terdaftar' (active language)."""
    from cakupan.core.labels import status_name

    return status_name(key) if key else "–"


@register.filter
def segmen_daftar(key):
    """An enrolment's segment code -> its label ('PADAT_KARYA' -> 'Padat karya')."""
    from cakupan.outreach.models import Enrolment

    return dict(Enrolment.Segment.choices).get(key, key)
