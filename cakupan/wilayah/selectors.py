"""Reads of the area hierarchy. Areas are public reference data (Kemendagri codes and names),
so these lookups are not scoped per user; person-level reads go through cakupan.accounts.scope."""

from __future__ import annotations

from django.db.models import Count

from cakupan.core.areas import ancestors, level_of
from cakupan.wilayah.codes import name_key
from cakupan.wilayah.models import Area


def area_get(code: str) -> Area | None:
    """The area with this code (``"34.02.01"``), or None."""
    return Area.objects.filter(code=str(code).strip()).first()


def area_find(
    name: str, *, kind: str | None = None, within: str | None = None, partial: bool = False
) -> list[Area]:
    """Areas whose name matches, ignoring case, spacing, punctuation and the usual prefixes
    ("Kalurahan", "Kal.", "Desa", "Kapanewon", "Kec.", "Dusun", "Kab." ...). ``kind`` narrows to
    one level, ``within`` to the descendants of an area code; ``partial`` matches a part of the
    name instead of the whole. Ordered by code."""
    key = name_key(name)
    if not key:
        return []
    qs = (
        Area.objects.filter(name_key__contains=key)
        if partial
        else Area.objects.filter(name_key=key)
    )
    if kind:
        qs = qs.filter(kind=kind)
    if within:
        qs = qs.filter(code__startswith=within.strip() + ".")
    return list(qs.order_by("code"))


def area_children(code: str) -> list[Area]:
    """The areas directly below ``code``, ordered by code; each has ``n_children``."""
    qs = Area.objects.filter(parent_id=str(code).strip()).annotate(n_children=Count("children"))
    return list(qs.order_by("code"))


def area_path(code: str) -> list[Area]:
    """Breadcrumb from the kabupaten down to the area itself (the province is left out), e.g.
    ``[Bantul, Srandakan, Poncosari]`` for ``34.02.01.2001``. Empty when the code is unknown."""
    code = str(code).strip()
    chain = ancestors(code) or [code]
    found = {a.code: a for a in Area.objects.filter(code__in=chain)}
    if code not in found:
        return []
    return [found[c] for c in chain if c in found]


def area_names(codes, *, name_padukuhan: bool = True) -> dict[str, str]:
    """Names of area codes in one query. An unknown code stays itself (an empty one too), except
    that a padukuhan without a loaded name reads from its code (``34.02.01.2001.kauman-lor`` ->
    ``Kauman Lor``) unless ``name_padukuhan=False``."""
    codes = set(codes)
    names = dict(Area.objects.filter(code__in=[c for c in codes if c]).values_list("code", "name"))
    for code in codes - names.keys():
        pretty = name_padukuhan and code and level_of(code) == "padukuhan"
        names[code] = code.rsplit(".", 1)[-1].replace("-", " ").title() if pretty else code
    return names


def area_name(code: str) -> str:
    return area_names([code]).get(code, code)


def area_exists(code: str) -> bool:
    return Area.objects.filter(code=code).exists()


def area_codes(*, kind: str, within: str | None = None) -> list[str]:
    """The codes of one level (``kind``), optionally below an area, ordered."""
    qs = Area.objects.filter(kind=kind)
    if within:
        qs = qs.filter(code__startswith=within + ".")
    return list(qs.order_by("code").values_list("code", flat=True))


def breadcrumbs(code: str, visible) -> list[tuple[str, str]]:
    """(code, name) from the kabupaten down to ``code``, keeping the codes ``visible(code)`` allows
    (e.g. a Scope's ``area_visible``)."""
    codes = ancestors(code)
    names = area_names(codes)
    return [(c, names[c]) for c in codes if visible(c)]


def boundary_status() -> list[dict]:
    """Per loaded kabupaten: its kecamatan/kapanewon and desa/kalurahan, how many have a boundary
    for the map (shipped or loaded by an admin), and how many do not."""
    from cakupan.wilayah import geo

    have = {kind: set(geo.boundary_codes(kind)) for kind in geo.KINDS}
    out = []
    for kab in Area.objects.filter(kind=Area.Kind.KABUPATEN).order_by("code"):
        row = {"code": kab.code, "name": kab.name, "missing": 0}
        for kind in geo.KINDS:
            codes = set(Area.objects.filter(code__startswith=kab.code + ".", kind=kind).values_list("code", flat=True))
            row[kind], row[f"{kind}_with"] = len(codes), len(codes & have[kind])
            row["missing"] += len(codes - have[kind])
        if row["kapanewon"] or row["kalurahan"]:
            out.append(row)
    return out
