"""{% load cakupan_format %}: {{ n|angka }} 115.463 · {{ x|persen }} 25,23 % · {{ d|tanggal }}."""
from django import template

from cakupan.web import formatting

register = template.Library()


@register.filter
def angka(value, decimals=0):
    return formatting.angka(value, int(decimals))


@register.filter
def persen(value, decimals=2):
    return formatting.persen(value, int(decimals))


@register.filter
def tanggal(value):
    return formatting.tanggal(value)


@register.filter
def ekosistem(value):
    """'padat_karya' -> 'Padat karya' (translated)."""
    from cakupan.web.labels import ecosystem_name

    return ecosystem_name(value)
