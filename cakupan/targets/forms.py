"""Forms of the target pages: input checks only; the services decide."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .allocation import RULES


class TargetSetForm(forms.Form):
    area_code = forms.CharField(label=_("Kode wilayah"), max_length=24, initial="34.02")
    value_pct = forms.DecimalField(label=_("Target cakupan (%)"), min_value=0, max_value=100, decimal_places=2)
    due = forms.DateField(label=_("Tanggal target"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    baseline_as_of = forms.DateField(label=_("Tanggal dasar"),
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


RULE_LABELS = {
    "equal_rate": _("Persentase sama untuk semua wilayah"),
    "proportional_uncovered": _("Sebanding dengan pekerja yang belum tercakup"),
}


class AllocateForm(forms.Form):
    rule = forms.ChoiceField(label=_("Aturan"), choices=[(r, RULE_LABELS[r]) for r in RULES],
                             widget=forms.RadioSelect, initial="equal_rate")
    overrides = forms.CharField(
        label=_("Target manual (satu per baris: KODE=JUMLAH)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "34.02.01=9000"}),
    )

    def clean_overrides(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for line in self.cleaned_data["overrides"].replace(",", "\n").splitlines():
            if not line.strip():
                continue
            code, _sep, num = line.partition("=")
            num = num.strip().replace(".", "")
            if not code.strip() or not num.isdigit():
                raise forms.ValidationError(_("Baris “%(line)s” harus berbentuk KODE=JUMLAH."),
                                            params={"line": line.strip()})
            out[code.strip()] = int(num)
        return out
