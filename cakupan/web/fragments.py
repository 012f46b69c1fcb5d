"""Rendered page bodies kept in Django's cache, so a page of a published run is rendered once per
worker process, not once per request (docs/performance.md, "Fast pages").

    ctx["body"] = page_body("web/_map_body.html", (run_key, level, scope_key(scope)), lambda: {...}, request)

What a fragment may hold: aggregates and names only — never personal data, never a CSRF token (the
person list is not cached as HTML). Its key is everything the body depends on: the run's cache key
(a DONE run never changes: `cakupan.coverage.selectors.run_cache_key`), the scope, the query
parameters, the language and the run picker's list; `FRAGMENT_SECONDS` bounds what no key can
see (a monthly history imported after the run, a renamed area). A run that is not DONE has no key
and is rendered each time.
"""
from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

FRAGMENT_SECONDS = 5 * 60  # bounds what the key cannot see (history imported later, area names)
TARGET_SECONDS = 60  # a target set on /target/ shows on the dashboard within a minute


def scope_key(scope) -> tuple:
    return (scope.role, scope.area_code, scope.org, tuple(scope.ecosystems))


def picker_key(runs) -> tuple:
    return tuple(r.pk for r in runs)


def page_body(template: str, key: tuple | None, make_ctx, request=None) -> SafeString:
    """`template` rendered with make_ctx() — called only on a cache miss — or the body kept under
    `key` (a tuple of plain values) in the active language; `key=None` renders every time."""
    if key is None:
        return mark_safe(render_to_string(template, make_ctx(), request=request))
    name = "web:frag:" + hashlib.sha1(repr((template, get_language(), key)).encode()).hexdigest()
    body = cache.get(name)
    if body is None:
        body = render_to_string(template, make_ctx(), request=request)
        cache.set(name, body, FRAGMENT_SECONDS)
    return mark_safe(body)


def cached(name: tuple, compute, seconds: int):
    """compute() kept `seconds` under a key made from `name` (plain values)."""
    key = "web:val:" + hashlib.sha1(repr(name).encode()).hexdigest()
    box = cache.get(key)  # (value,): a computed None is kept too
    if box is None:
        box = (compute(),)
        cache.set(key, box, seconds)
    return box[0]
