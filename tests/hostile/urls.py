"""The URLconf, walked: every route with its converters, filled with hostile values."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, StringConverter, UUIDConverter
from django.urls.resolvers import RoutePattern

from .values import HUGE_INT, QUOTES, UNICODE

SKIP_PREFIXES = ("admin/", "i18n/", "static/", "api/schema/")


@dataclass
class Route:
    route: str  # "operasi/pekerjaan/<int:job_id>/"
    name: str
    converters: dict
    callback: object

    @property
    def label(self) -> str:
        return "/" + self.route


def routes() -> list[Route]:
    out: list[Route] = []

    def walk(patterns, prefix, converters, ns):
        for p in patterns:
            if not isinstance(p.pattern, RoutePattern):
                continue  # regex patterns: admin, i18n, static serving
            route = prefix + str(p.pattern)
            conv = {**converters, **p.pattern.converters}
            if route.startswith(SKIP_PREFIXES):
                continue
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route, conv, (ns + ":" if ns else "") + (p.namespace or ""))
            elif isinstance(p, URLPattern):
                out.append(Route(route, f"{ns}:{p.name}" if ns else (p.name or ""), conv, p.callback))

    walk(get_resolver().url_patterns, "", {}, "")
    return out


def hostile_for(name: str, converter, existing: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(label, value) for one path parameter, only values its converter accepts."""
    known = [("existing" if i == 0 else "existing too", str(v)) for i, v in enumerate(existing.get(name, []))]
    if isinstance(converter, UUIDConverter):
        cands = [("unknown uuid", "00000000-0000-0000-0000-000000000000"),
                 ("unknown uuid", "12345678-1234-5678-1234-567812345678")]
    elif isinstance(converter, IntConverter):
        cands = [("unknown", "999999"), ("zero", "0"), ("huge", HUGE_INT), ("leading zeros", "000001")]
    else:
        cands = [("unknown", "999999"), ("zero", "0"), ("negative", "-1"), ("huge", HUGE_INT),
                 ("quotes", QUOTES.replace("/", "")), ("dotdot", ".."), ("traversal", "..%2F..%2Fetc"),
                 ("unicode", UNICODE), ("long", "x" * 2000), ("nul", "a\x00b"), ("space", " "),
                 ("dots", "34.02.01.2001.x.y.z"), ("area-ish", "99.99")]
    out = []
    for label, v in known + cands:
        if isinstance(converter, StringConverter) and label == "traversal":
            out.append((label, v))  # already percent-encoded: decodes to a slash, no route matches
        elif re.fullmatch(converter.regex, v):
            out.append((label, v))
    return out


def fill(route: Route, values: dict[str, str]) -> str:
    def sub(m):
        v = values[m.group(2)]
        return v if "%" in v else quote(v, safe="")
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", sub, route.route)


def variants(route: Route, existing: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(label, url): all parameters at their first (existing) value, then each one hostile in turn."""
    params = re.findall(r"<(?:(\w+):)?(\w+)>", route.route)
    if not params:
        return [("plain", "/" + route.route)]
    per = {name: hostile_for(name, route.converters[name], existing) for _, name in params}
    base = {name: vals[0][1] for name, vals in per.items()}
    out = [("existing" if all(per[n][0][0] == "existing" for n in per) else "first", fill(route, base))]
    for name, vals in per.items():
        for label, v in vals[1:]:
            url = fill(route, {**base, name: v})
            if (f"{name}={label}", url) not in out:
                out.append((f"{name}={label}", url))
    return out


_PARAM = re.compile(r"""\b(GET|POST|query_params|data)\.(?:get|getlist)\(\s*["'](\w+)["']""")


def harvested_params() -> tuple[list[str], list[str]]:
    """Names the views read from the query string and the POST body, found in the source."""
    root = Path(__file__).resolve().parents[2] / "cakupan"
    get, post = set(), set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for where, name in _PARAM.findall(path.read_text(encoding="utf-8")):
            (post if where in ("POST", "data") else get).add(name)
    return sorted(get), sorted(post)


def api_post_bodies() -> dict[str, dict]:
    """From the OpenAPI schema (drf-spectacular, generated from the same URLconf): each POST
    endpoint's request properties {name: kind} per content type."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    comps = schema.get("components", {}).get("schemas", {})
    out = {}
    for path, ops in schema["paths"].items():
        op = ops.get("post")
        if not op:
            continue
        bodies = {}
        for ctype, spec in (op.get("requestBody") or {}).get("content", {}).items():
            ref = spec.get("schema", {}).get("$ref", "")
            props = comps.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}) if ref else {}
            kinds = {}
            for name, p in props.items():
                fmt, typ = p.get("format", ""), p.get("type", "")
                kinds[name] = ("file" if fmt == "binary" else "date" if fmt == "date" else
                               "number" if typ in ("integer", "number") else "choice" if "enum" in p or "$ref" in p
                               or "allOf" in p or "oneOf" in p else "text")
            bodies[ctype] = kinds
        out[path] = bodies
    return out
