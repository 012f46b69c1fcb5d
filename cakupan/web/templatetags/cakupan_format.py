"""{% load cakupan_format %}: {{ n|angka }} 115.463 · {{ x|persen }} 25,23 % · {{ d|tanggal }} ·
{{ row|cell:"active" }} 115.463 or "< 5" (a CoverageRow's figure under the small-cell rule)."""
from django import template

from cakupan.core import formatting, labels

register = template.Library()


@register.filter
def angka(value, decimals=0):
    return formatting.angka(value, int(decimals))


@register.filter
def persen(value, decimals=2):
    return formatting.persen(value, int(decimals))


COUNTS = ("workforce", "active", "nonactive", "provisional")  # the counts the small-cell rule hides


@register.filter
def cell(row, name):
    """{{ r|cell:"active" }}: a CoverageRow figure for readers (115.463; 25,23 % for a *pct), or, when
    the small-cell rule hides it (docs/privacy.md "Small cells"), "< 5" for a count and "–" for a
    figure derived from one."""
    value = getattr(row, name, None)
    if value is None and name in getattr(row, "suppressed", ()):
        return f"< {formatting.angka(row.k)}" if name in COUNTS else "–"
    return formatting.persen(value) if name.endswith("pct") else formatting.angka(value)


@register.filter
def tanggal(value):
    return formatting.tanggal(value)


@register.filter
def ekosistem(value):
    """'padat_karya' -> 'Padat karya' (translated)."""
    return labels.ecosystem_name(value)


@register.filter
def cakupan_data(scope):
    """A Scope as readers see it: 'Analis cabang — semua wilayah' (translated), not the raw role code."""
    from cakupan.wilayah.selectors import area_name

    return labels.scope_text(scope, area_name(scope.area_code) if scope.area_code else "")


@register.filter
def kelamin(value):
    """'L' / 'P' -> 'L' / 'P' in Indonesian, 'M' / 'F' in English."""
    return labels.sex_name(value) if value else value


@register.filter
def segmen(value):
    """Membership segment code for readers: 'NONE' (never a member) -> 'Belum terdaftar'; BPU, PU, ... as they are."""
    return labels.segment_name(value)


@register.filter
def roster_kind(value):
    """'padat_karya' roster -> 'Padat karya' (translated)."""
    return labels.roster_kind_name(value) if value else value


@register.filter
def get_item(mapping, key):
    """{{ labels|get_item:name }}: a dict entry in a template."""
    return mapping.get(key, key) if hasattr(mapping, "get") else key


@register.filter
def tindakan(value):
    """Audit action code -> 'Melihat daftar pekerja' ('Viewed a worker list' in English)."""
    return labels.audit_action_name(value)
