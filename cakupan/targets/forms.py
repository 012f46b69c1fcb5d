"""Forms of the target pages: input checks with bounds and Indonesian messages next to each field;
the services check the same bounds again (the CLI and the API reach them without a form).

Numbers are typed as an officer writes them: a percentage "40", "40,5" or "40 %"; a count "6000"
or "6.000" (dot thousands)."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.core.formatting import angka, tanggal

from .allocation import RULES
from .tracking import MAX_DUE_YEARS, latest_due, month_index

RULE_LABELS = {
    "equal_rate": _("Persentase sama untuk semua wilayah"),
    "proportional_uncovered": _("Sebanding dengan pekerja yang belum tercakup"),
}
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_persen(text: str) -> Decimal:
    """'40' / '40,5' / '40 %' / '40.5' -> Decimal; ValueError otherwise."""
    s = _SPACES.sub("", str(text)).rstrip("%")
    if not re.fullmatch(r"\d{1,3}(?:[.,]\d+)?", s):
        raise ValueError(text)
    try:
        return Decimal(s.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern already holds
        raise ValueError(text) from exc


def parse_jumlah(text: str) -> int:
    """'6000' / '6.000' / '6 000' -> 6000; ValueError for decimals or anything else."""
    s = _SPACES.sub("", str(text))
    if re.fullmatch(r"\d+", s):
        return int(s)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        return int(s.replace(".", ""))
    raise ValueError(text)


class PersenField(forms.Field):
    """A percentage in (0, 100] with at most two decimals, typed the Indonesian way."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "placeholder": "40 atau 40,5"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            pct = parse_persen(value)
        except ValueError:
            raise forms.ValidationError(_("Tulis persen sebagai angka, misalnya 40 atau 40,5."), code="invalid")
        if not Decimal(0) < pct <= Decimal(100):
            raise forms.ValidationError(_("Persen harus lebih dari 0 dan paling tinggi 100."), code="range")
        if pct != pct.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Paling banyak dua angka di belakang koma."), code="decimals")
        return pct


class JumlahField(forms.Field):
    """A whole count of members between min_value and max_value, "6000" or "6.000"."""

    widget = forms.TextInput

    def __init__(self, *, min_value: int = 1, max_value: int | None = None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            count = parse_jumlah(value)
        except ValueError:
            raise forms.ValidationError(_("Tulis jumlah peserta sebagai bilangan bulat, misalnya 6.000."),
                                        code="invalid")
        if count < self.min_value or (self.max_value is not None and count > self.max_value):
            if self.max_value is None:
                raise forms.ValidationError(_("Jumlah paling sedikit %(min)s."), code="range",
                                            params={"min": angka(self.min_value)})
            raise forms.ValidationError(
                _("Isi antara %(min)s dan %(max)s (angkatan kerja wilayah ini), atau kosongkan."),
                code="range", params={"min": angka(self.min_value), "max": angka(self.max_value)},
            )
        return count


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TargetSetForm(forms.Form):
    """A new target: area (by name), percentage, due date, baseline date.

    Bounds: the area one of `areas` (the view answers 404 for any other code); 0 < % <= 100;
    baseline on or before the data date (`data_date`, the latest published figures); due after the
    baseline and at most MAX_DUE_YEARS years after it."""

    area_code = forms.ChoiceField(label=_("Wilayah"))
    value_pct = PersenField(label=_("Target cakupan (%)"))
    due = forms.DateField(label=_("Tanggal target"), widget=_date_widget(), input_formats=DATE_FORMATS)
    baseline_as_of = forms.DateField(label=_("Tanggal dasar"), widget=_date_widget(), input_formats=DATE_FORMATS)

    def __init__(self, *args, areas: list[tuple[str, str]] = (), data_date: date | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.data_date = data_date
        self.fields["area_code"].choices = list(areas)
        self.fields["due"].help_text = _("Paling lambat %(n)s tahun setelah tanggal dasar.") % {"n": MAX_DUE_YEARS}
        if data_date is not None:
            self.fields["baseline_as_of"].help_text = _("Paling lambat tanggal data terakhir (%(d)s).") % {
                "d": tanggal(data_date)}

    def clean_baseline_as_of(self):
        value = self.cleaned_data["baseline_as_of"]
        if self.data_date is not None and month_index(value) > month_index(self.data_date):
            raise forms.ValidationError(
                _("Tanggal dasar paling lambat tanggal data terakhir (%(d)s)."), code="range",
                params={"d": tanggal(self.data_date)},
            )
        if self.data_date is None and value > date.today():
            raise forms.ValidationError(_("Tanggal dasar tidak boleh di masa depan."), code="range")
        return value

    def clean(self):
        data = super().clean()
        due, base = data.get("due"), data.get("baseline_as_of")
        if due and base:
            if due <= base:
                self.add_error("due", forms.ValidationError(_("Tanggal target harus setelah tanggal dasar."),
                                                            code="range"))
            elif due > latest_due(base):
                self.add_error("due", forms.ValidationError(
                    _("Tanggal target paling lambat %(n)s tahun setelah tanggal dasar (%(d)s)."), code="range",
                    params={"n": MAX_DUE_YEARS, "d": tanggal(latest_due(base))}))
        return data


def override_field_name(code: str) -> str:
    return "ov_" + code.replace(".", "_")


class AllocateForm(forms.Form):
    """Allocation of a target: the rule and, per child area (labelled by its name), an optional
    manual count between 1 and the child's workforce (empty = spread by the rule)."""

    rule = forms.ChoiceField(label=_("Aturan"), choices=[(r, RULE_LABELS[r]) for r in RULES],
                             widget=forms.RadioSelect, initial="equal_rate")

    def __init__(self, *args, children: list[tuple[str, str, int]] = (), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.children = list(children)
        for code, name, workforce in self.children:
            self.fields[override_field_name(code)] = JumlahField(
                label=name, required=False, min_value=1, max_value=max(workforce, 1),
                help_text=_("angkatan kerja %(w)s") % {"w": angka(workforce)},
            )

    def override_fields(self):
        return [self[override_field_name(code)] for code, _n, _w in self.children]

    def overrides(self) -> dict[str, int]:
        """{child code: count} of the filled override fields (after is_valid())."""
        out = {}
        for code, _name, _w in self.children:
            value = self.cleaned_data.get(override_field_name(code))
            if value is not None:
                out[code] = value
        return out
