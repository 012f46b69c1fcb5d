"""The person page in the browser: find one person (/orang/) and read why each of their figures
is what it is (/orang/<token>/).

No NIK ever travels in an address (addresses end up in server and proxy logs): a search is a POST,
and each person found is remembered in the session under a random token, so the person page is
/orang/<token>/. An unknown or expired token sends the officer back to the search form. Only roles
that may see personal data open these pages (403 for the others); the selectors scope and audit
every search and every explanation (search_person, explain_person).
"""
from __future__ import annotations

import re
import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from cakupan.accounts.scope import scope_for
from cakupan.core import labels
from cakupan.coverage import selectors as cov
from cakupan.errors import UserError

from .selectors import PersonNotFound, not_found, person_explain, person_find

SESSION_KEY = "explain_niks"  # {token: nik}, oldest first
SESSION_MAX = 50
TOKEN = re.compile(r"[A-Za-z0-9_-]{8,32}")


class SearchForm(forms.Form):
    """One of: a NIK, a KPJ number, or (part of) a name with a birth date."""

    nik = forms.CharField(label=_lazy("NIK"), required=False, max_length=40,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    kpj = forms.CharField(label=_lazy("Nomor KPJ"), required=False, max_length=40,
                          widget=forms.TextInput(attrs={"autocomplete": "off"}))
    nama = forms.CharField(label=_lazy("Nama"), required=False, max_length=100,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    lahir = forms.DateField(label=_lazy("Tanggal lahir"), required=False,
                            input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        nik, kpj, nama, lahir = (data.get("nik") or "").strip(), (data.get("kpj") or "").strip(), \
            (data.get("nama") or "").strip(), data.get("lahir")
        if not (nik or kpj or (nama and lahir)):
            if nama and not lahir:
                raise forms.ValidationError(_("Isi juga tanggal lahirnya: nama saja bisa cocok dengan banyak orang."))
            if lahir and not nama:
                raise forms.ValidationError(_("Isi juga namanya (paling sedikit 3 huruf)."))
            raise forms.ValidationError(_("Isi NIK, nomor KPJ, atau nama dan tanggal lahir."))
        return data


def _scope_or_403(request):
    scope = scope_for(request.user)
    if not scope.can_see_persons:
        raise PermissionDenied(_("Peran Anda tidak boleh melihat data per orang."))
    return scope


def _remember(request, nik: str) -> str:
    """The session token of a NIK the user found (the same token when found again)."""
    stored = dict(request.session.get(SESSION_KEY) or {})
    for token, known in stored.items():
        if known == nik:
            return token
    token = secrets.token_urlsafe(9)
    stored[token] = nik
    while len(stored) > SESSION_MAX:
        stored.pop(next(iter(stored)))
    request.session[SESSION_KEY] = stored
    return token


def _recall(request, token: str) -> str | None:
    if not TOKEN.fullmatch(token or ""):
        return None
    stored = request.session.get(SESSION_KEY) or {}
    nik = stored.get(token) if isinstance(stored, dict) else None
    return nik if isinstance(nik, str) else None


def _search_page(request, form, *, hits=None, error: str = "", status: int = 200):
    terms = cov.run_terms() if hits else {}  # the newest run's province's words (core.terms): desa in Klaten
    return render(request, "explain/search.html", {"form": form, "hits": hits, "error": error, "terms": terms},
                  status=status)


@login_required
def search_view(request):
    scope = _scope_or_403(request)
    if request.method != "POST":
        return _search_page(request, SearchForm())
    form = SearchForm(request.POST)
    if not form.is_valid():
        return _search_page(request, form)
    d = form.cleaned_data
    try:
        hits = person_find(user=request.user, scope=scope, nik=d["nik"], kpj=d["kpj"], nama=d["nama"],
                           lahir=d["lahir"], via="web")  # the first given of NIK, KPJ, name + birth date
    except UserError as exc:
        return _search_page(request, form, error=str(exc))
    if not hits:
        return _search_page(request, form, hits=[], error=str(not_found()))
    if len(hits) == 1:
        return redirect("explain:person", token=_remember(request, hits[0].nik))
    rows = [{"url": reverse("explain:person", kwargs={"token": _remember(request, h.nik)}), "nama": h.nama,
             "nik_shown": h.nik_shown, "birth_date": h.birth_date, "area": h.area,
             "status": labels.status_name(h.status) if h.status else "", "in_workforce": h.in_workforce}
            for h in hits]
    return _search_page(request, form, hits=rows)


def _history_rows(expl, token: str) -> list[dict]:
    base = reverse("explain:person", kwargs={"token": token})
    rows = []
    for h in reversed(expl.history):  # newest first, as the run history page
        rows.append({
            "as_of": h.as_of, "available": h.available, "found": h.found, "current": h.run_id == expl.run_id,
            "url": f"{base}?run={h.run_id}" if h.available and h.found else "",
            "in_workforce": h.in_workforce, "excluded_reason": h.excluded_reason or "",
            "status": labels.status_name(h.status) if h.status else "", "segment": h.segment or "",
            "ecosystem": h.ecosystem or "",
        })
    return rows


@login_required
def person_view(request, token: str):
    scope = _scope_or_403(request)
    nik = _recall(request, token)
    if nik is None:
        messages.info(request, _("Halaman orang itu sudah tidak berlaku (tautannya hanya berlaku selama Anda "
                                 "masuk). Cari orangnya lagi."))
        return redirect("explain:search")
    run = cov.run_chosen(run_id=request.GET.get("run")) if request.GET.get("run") else None
    try:
        expl = person_explain(user=request.user, scope=scope, nik=nik, run=run, via="web")
    except UserError as exc:
        status = 404 if isinstance(exc, PersonNotFound) else 200
        return _search_page(request, SearchForm(), error=str(exc), status=status)
    p = expl.person
    return render(request, "explain/person.html", {
        "expl": expl, "p": p, "token": token,
        "status_label": labels.status_name(p["status"]) if p.get("status") else "",
        "history": _history_rows(expl, token),
        "latest": not expl.history or expl.history[-1].run_id == expl.run_id,  # history: oldest first
    })
