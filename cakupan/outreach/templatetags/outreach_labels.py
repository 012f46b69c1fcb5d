"""{% load outreach_labels %}: readable, translated names of the worklist score parts
(the keys of cakupan.outreach.services.ranking.WEIGHTS)."""
from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

SCORE_PARTS = {
    "rentan": _("pekerja rentan"),
    "ekosistem_prioritas": _("ekosistem prioritas"),
    "usia_produktif": _("usia 25–54"),
    "usia_tepi": _("usia 18–24 / 55–64"),
    "baru_nonaktif": _("baru nonaktif"),
}


@register.filter
def alasan_skor(key):
    """'usia_produktif' -> 'usia 25–54' (unknown keys shown as they are)."""
    return str(SCORE_PARTS.get(key, key))
