"""The walk: GET every URL variant as every identity, find its forms, POST each with value sets,
hit the JSON endpoints with hostile query strings and bodies; collect every 500 (never stop at
the first)."""
from __future__ import annotations

import io
import json
import re
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit

from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from . import values as V
from .forms import Field, Form, forms_of
from .urls import api_post_bodies, harvested_params, routes, variants
from .world import ROLES, World

ANON = "anonymous"
IDENTITIES = (*ROLES, ANON)
FOLLOW_CAP = 12  # redirect targets followed per route
PER_FORM_CAP = 45  # per-field value sets of one form for one identity (the first finder)


@dataclass
class Failure:
    who: str
    method: str
    url: str
    route: str
    values: str
    status: int
    exc: str
    where: str

    def line(self) -> str:
        return (f"{self.status} {self.method} {self.url[:160]} as {self.who}\n      values: {self.values[:400]}\n"
                f"      {self.exc[:300]}\n      at {self.where}")


def _short(v) -> str:
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_short(x) for x in v) + "]"
    if hasattr(v, "read"):
        return f"<file {getattr(v, 'name', '?')} {getattr(v, 'label', '')}>"
    s = repr(v)
    return s if len(s) <= 40 else s[:30] + f"...({len(str(v))} chars)"


def summary(data) -> str:
    if data is None:
        return "-"
    if isinstance(data, dict):
        return "{" + ", ".join(f"{k}={_short(v)}" for k, v in data.items()) + "}"
    return _short(data)


def route_of(path: str) -> str | None:
    try:
        return "/" + resolve(urlsplit(path).path).route
    except Resolver404:
        return None


@dataclass
class Stats:
    patterns: int = 0
    url_variants: int = 0
    requests: int = 0
    forms: int = 0
    fields: int = 0
    value_sets: int = 0  # distinct (form, value set) pairs posted
    posts: int = 0
    json_endpoints: int = 0
    statuses: Counter = field(default_factory=Counter)
    time_by_route: Counter = field(default_factory=Counter)
    count_by_route: Counter = field(default_factory=Counter)

    def slowest(self, n: int = 8) -> str:
        return "; ".join(f"{k} {v:.1f} s/{self.count_by_route[k]}" for k, v in self.time_by_route.most_common(n))


class Walk:
    def __init__(self, world: World, known_500: list[tuple[str, str, str, str]]):
        self.world = world
        self.known = [(m, re.compile(r), exc, why) for m, r, exc, why in known_500]
        self.clients: dict[str, Client] = {}
        for who in IDENTITIES:
            c = Client(raise_request_exception=False)
            if who != ANON:
                c.force_login(world.users[who])
            self.clients[who] = c
        self.failures: list[Failure] = []
        self.expected: list[tuple[Failure, str]] = []
        self.stats = Stats()
        self.forms: dict[tuple, Form] = {}
        self.found_by: dict[tuple, list[str]] = defaultdict(list)
        self.followed: Counter = Counter()
        self.get_params, self.post_params = harvested_params()

    # ---- one request -------------------------------------------------------------------------
    def request(self, who: str, method: str, url: str, data=None, *, content_type=None, raw: bytes | None = None,
                shown=None):
        c = self.clients[who]
        kw = {}
        t0 = time.monotonic()
        with transaction.atomic():
            if method == "get":
                resp = c.get(url, data or {})
            elif raw is not None:
                resp = c.generic("POST", url, raw, content_type=content_type)
            elif content_type == "json":
                resp = c.post(url, data=json.dumps(data) if not isinstance(data, str) else data,
                              content_type="application/json")
            elif content_type == "urlencoded":
                resp = c.post(url, urlencode(data or {}, doseq=True), content_type="application/x-www-form-urlencoded")
            else:
                resp = c.post(url, data or {}, **kw)
            if resp.status_code >= 500:
                transaction.set_rollback(True)
        self.stats.requests += 1
        key = f"{method.upper()} {route_of(url) or url}"
        self.stats.time_by_route[key] += time.monotonic() - t0
        self.stats.count_by_route[key] += 1
        self.stats.statuses[resp.status_code // 100 * 100] += 1
        if resp.status_code >= 500:
            self._fail(who, method, url, shown if shown is not None else data, resp)
        path = urlsplit(url).path
        if method == "post" and path.rstrip("/") in ("/keluar",) and who != ANON:
            c.force_login(self.world.users[who])  # the logout form did its job; sign in again
        if method == "post" and path.startswith("/i18n/"):
            c.cookies.pop("django_language", None)
        return resp

    def _fail(self, who, method, url, data, resp):
        exc, where = f"(no exception captured; status {resp.status_code})", "?"
        info = getattr(resp, "exc_info", None)
        if info and info[1] is not None:
            exc = f"{type(info[1]).__name__}: {str(info[1]).splitlines()[0] if str(info[1]) else ''}"
            frames = [f for f in traceback.extract_tb(info[2]) if "/cakupan/" in f.filename and "/.venv/" not in f.filename]
            frames = frames or traceback.extract_tb(info[2])
            if frames:
                f = frames[-1]
                where = f"{f.filename.split('/work/main/')[-1]}:{f.lineno} {f.name}"
        f = Failure(who, method.upper(), url, route_of(url) or "?", summary(data), resp.status_code, exc, where)
        for m, rx, exc_part, why in self.known:
            if m.upper() == f.method and rx.search(urlsplit(url).path) and exc_part in f.exc:
                self.expected.append((f, why))
                return
        self.failures.append(f)

    # ---- pages and their forms ---------------------------------------------------------------
    def harvest(self, who: str, url: str, resp) -> None:
        if resp.status_code != 200 or "html" not in resp.get("Content-Type", ""):
            return
        for form in forms_of(resp.content.decode("utf-8", "replace")):
            action = urljoin(url, form.action) if form.action else url
            if urlsplit(action).netloc not in ("", "testserver"):
                continue
            form.action = urlsplit(action).path + (("?" + urlsplit(action).query) if urlsplit(action).query else "")
            key = (form.method, route_of(form.action) or form.action, tuple(sorted(form.fields)))
            self.forms.setdefault(key, form)
            if who not in self.found_by[key]:
                self.found_by[key].append(who)

    def pages(self) -> None:
        rs = routes()
        self.stats.patterns = len(rs)
        self.routes = rs
        for r in rs:
            vs = variants(r, self.world.existing)
            self.stats.url_variants += len(vs)
            for i, (label, url) in enumerate(vs):
                known = i == 0 or label.endswith("existing too")
                for j, who in enumerate(IDENTITIES):  # existing ids: everyone; hostile ones: 3 in turn
                    if known or (i + j) % 3 == 0:
                        resp = self.request(who, "get", url)
                        if known:
                            self.harvest(who, url, resp)
                # a blind POST on every variant: require_POST views whose form a role never sees
                for j, who in enumerate(IDENTITIES):
                    if i == 0 or j == i % len(IDENTITIES):
                        self.request(who, "post", url, {})

    def queries(self) -> None:
        """Each route's first URL with hostile query strings: every parameter any view reads."""
        for r in self.routes:
            url = variants(r, self.world.existing)[0][1]
            is_json = r.route.startswith("api/") or r.route.endswith(".json")
            self.stats.json_endpoints += is_json
            whole = [{p: v for p in self.get_params} for v in V.QUERY]
            whole += [{p: [V.HUGE_INT, "-1"] for p in self.get_params}]
            single = [{p: V.QUERY[k % len(V.QUERY)]} for k, p in enumerate(self.get_params)]
            for n, params in enumerate(whole):  # every parameter hostile at once
                for j, who in enumerate(IDENTITIES):
                    if (n + j) % (2 if is_json else 6) == 0:
                        self.request(who, "get", url, params)
            for n, params in enumerate(single):  # one at a time (the others absent)
                for j, who in enumerate(IDENTITIES):
                    if (n + j) % (3 if is_json else len(IDENTITIES)) == 0:
                        self.request(who, "get", url, params)

    def auth_headers(self) -> None:
        """The API's other ways in: hostile Token and Basic credentials, anonymously."""
        import base64

        creds = ["Token ", "Token " + V.HUGE_INT, "Token " + V.QUOTES, "Token a b c", "Token \u00d1and\u00fa",
                 "Basic " + base64.b64encode(b"h_admin:" + V.LONG_TEXT.encode()).decode(), "Basic !!!notbase64",
                 "Basic " + base64.b64encode(b"no-colon").decode(), "Basic " + base64.b64encode("Ñ:é".encode("cp1252")).decode(),
                 "Bearer x", "Token " + "a" * 5000]
        for r in self.routes:
            if not r.route.startswith("api/"):
                continue
            url = variants(r, self.world.existing)[0][1]
            for n, cred in enumerate(creds):
                for method in ("get", "post"):
                    with transaction.atomic():
                        resp = getattr(self.clients[ANON], method)(url, HTTP_AUTHORIZATION=cred)
                        if resp.status_code >= 500:
                            transaction.set_rollback(True)
                    self.stats.requests += 1
                    self.stats.statuses[resp.status_code // 100 * 100] += 1
                    if resp.status_code >= 500:
                        self._fail(ANON, method, url, {"Authorization": cred}, resp)

    def blind_posts(self) -> None:
        for r in self.routes:
            url = variants(r, self.world.existing)[0][1]
            for n, v in enumerate([V.HUGE_INT, V.QUOTES + V.NUL, V.LONG_TEXT]):
                for j, who in enumerate(IDENTITIES):
                    if (n + j) % 3 == 0:
                        self.request(who, "post", url, {p: v for p in self.post_params})

    # ---- forms -------------------------------------------------------------------------------
    @staticmethod
    def baseline(form: Form) -> dict:
        out = {}
        for f in form.fields.values():
            if f.kind == "file":
                out[f.name] = _file("valid csv", "penduduk.csv", V.population_csv())
            elif f.kind == "checkbox":
                if f.default:
                    out[f.name] = f.default
            elif f.default:
                out[f.name] = f.default
            elif f.kind == "date":
                out[f.name] = "2023-02-27"
            elif f.kind == "month":
                out[f.name] = "2023-02"
            elif f.kind == "number":
                out[f.name] = "10"
            elif f.kind == "choice" and f.choices:
                out[f.name] = next((c for c in f.choices if c), f.choices[0])
            else:
                out[f.name] = ""
        return out

    def value_sets(self, form: Form, *, share: int, of: int, json_body: bool) -> list[tuple[str, dict | str | bytes]]:
        """(label, data): the baseline, whole-form sets, then each field hostile in turn (this
        identity's share of the field matrix: values share, share+of, ...)."""
        base = self.baseline(form)
        names = [n for n in form.fields]
        sets: list[tuple[str, object]] = [("baseline", base), ("missing", {})]
        for label, v in V.WHOLE:
            sets.append((label, {n: v for n in names}))
        sets.append(("repeated", {n: [V.HUGE_INT, "-1"] for n in names}))
        if json_body:
            sets += [("json null", None), ("json list", [1, 2]), ("json string", "x"), ("json number", 10**30)]
            typed = [10**30, -1, None, [], {}, True, 1e308, {"nik": 10**30}, "2023-13"]
            for k, n in enumerate(names):
                for t in typed[share::of]:
                    sets.append((f"{n}={t!r}", {**{m: base[m] for m in names if m in base and form.fields[m].kind != "file"}, n: t}))
        per_field: list[tuple[str, object]] = []
        for n in names:
            f = form.fields[n]
            if f.kind == "file":
                cands = [(lbl, _file(lbl, fname, data)) for lbl, fname, data in V.files()]
            else:
                cands = [(repr(v)[:30], v) for v in V.BY_KIND.get(f.kind, V.BY_KIND["text"])]
                if f.kind == "choice":
                    cands += [(repr(c), c) for c in f.choices[1:4]]
            for lbl, v in cands[share::of]:
                per_field.append((f"{n}={lbl}", {**base, n: v}))
        stride = max(1, -(-len(per_field) // PER_FORM_CAP))  # a wide form: every k-th of its field matrix
        return sets + per_field[::stride]

    def post_forms(self) -> None:
        done: set = set()
        while True:
            todo = [k for k in self.forms if k not in done]
            if not todo:
                break
            for key in todo:
                done.add(key)
                self._post_form(key)

    def _post_form(self, key) -> None:
        form = self.forms[key]
        self.stats.forms += 1
        self.stats.fields += len(form.fields)
        finders = self.found_by[key]
        json_body = form.enctype == "application/json"
        seen_labels = set()
        for who in IDENTITIES:
            if who in finders:  # the first finder: every set; the others: a sixth each, in turn
                k = finders.index(who)
                share, of = (0, 1) if k == 0 else (k % 6, 6)
                sets = self.value_sets(form, share=share, of=of, json_body=json_body)
                if k:
                    sets = sets[:2] + sets[2 + k % 6::6]
            else:  # a role that never sees the form: its own values and nothing
                sets = self.value_sets(form, share=0, of=1, json_body=json_body)[:2]
            for label, data in sets:
                seen_labels.add(label)
                self.stats.posts += 1
                self._submit(who, form, data, label)
            if who == finders[0] and not json_body and form.method == "post":
                base = self.baseline(form)
                text = {n: v for n, v in base.items() if isinstance(v, str)}
                body = urlencode({**text, **{n: "café – “Ñ”" for n in text}}, encoding="cp1252").encode()
                self.request(who, "post", form.action, raw=body, content_type="application/x-www-form-urlencoded",
                             shown={"cp1252 body": "café – “Ñ”"})
                self.request(who, "post", form.action, raw=b'{"as_of": "2023-13"', content_type="application/json",
                             shown={"malformed json body": '{"as_of": "2023-13"'})
                self.request(who, "post", form.action, raw=b"\xff\xfe\x00a=b&\xc3(=1",
                             content_type="application/x-www-form-urlencoded; charset=utf-8",
                             shown={"invalid utf-8 body": "\\xff\\xfe\\x00a=b&\\xc3(=1"})
        self.stats.value_sets += len(seen_labels) + (3 if form.method == "post" and not json_body else 0)

    def _submit(self, who, form: Form, data, label) -> None:
        shown = {"set": label, **data} if isinstance(data, dict) else {"set": label, "body": data}
        if form.method == "get":
            resp = self.request(who, "get", form.action, {k: v for k, v in (data or {}).items()
                                                          if not hasattr(v, "read")}, shown=shown)
        elif form.enctype == "application/json":
            resp = self.request(who, "post", form.action, data, content_type="json", shown=shown)
        elif form.multipart:
            for v in (data or {}).values():
                if hasattr(v, "seek"):
                    v.seek(0)
            resp = self.request(who, "post", form.action, data, shown=shown)
        else:
            resp = self.request(who, "post", form.action, data, content_type="urlencoded", shown=shown)
        odd_file = any(getattr(v, "label", "valid csv") != "valid csv" for v in (data or {}).values()) \
            if isinstance(data, dict) else False
        self.follow(who, resp, force=odd_file)

    def follow(self, who, resp, *, force: bool = False) -> None:
        """GET where a POST redirected to (a new upload's detection page, a job): its own forms
        join the queue."""
        if resp.status_code not in (301, 302, 303) or not resp.get("Location", "").startswith("/"):
            return
        loc = resp["Location"]
        route = route_of(loc)
        if route is None or route.startswith("/masuk") or (self.followed[route] >= FOLLOW_CAP and not force):
            return
        self.followed[route] += 1
        page = self.request(who, "get", loc)
        self.harvest(who, loc, page)

    # ---- API bodies --------------------------------------------------------------------------
    def api_forms(self) -> None:
        for path, bodies in api_post_bodies().items():
            for ctype, kinds in bodies.items():
                enctype = "application/json" if "json" in ctype else (
                    "multipart/form-data" if "multipart" in ctype else "application/x-www-form-urlencoded")
                form = Form(method="post", action=path, enctype=enctype,
                            fields={n: Field(n, k) for n, k in kinds.items()})
                key = ("post", path, enctype, tuple(sorted(kinds)))
                self.forms[key] = form
                self.found_by[key] = ["operator", "admin"]


class _Upload(io.BytesIO):
    def __init__(self, data: bytes, name: str, label: str):
        super().__init__(data)
        self.name, self.label = name, label


def _file(label: str, name: str, data: bytes) -> _Upload:
    return _Upload(data, name, label)
