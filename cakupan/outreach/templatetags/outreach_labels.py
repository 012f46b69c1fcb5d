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
