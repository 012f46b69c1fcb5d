"""Forms of the DPO pages (labels in Indonesian, English through the privacy catalogue)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SubjectRequest


class _When(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class RequestForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), min_length=16, max_length=16)
    kind = forms.ChoiceField(label=_("Jenis permintaan"), choices=[
        (SubjectRequest.Kind.DELETION, _("Penghapusan")), (SubjectRequest.Kind.RECTIFICATION, _("Pembetulan"))])
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    requested_by = forms.CharField(label=_("Pemohon"), max_length=200,
                                   help_text=_("yang bersangkutan, atau siapa yang meminta atas namanya"))
    received_at = forms.DateTimeField(label=_("Diterima"), widget=_When(), input_formats=["%Y-%m-%dT%H:%M"])
    nama = forms.CharField(label=_("Nama yang benar (pembetulan)"), max_length=200, required=False)
    birth_date = forms.DateField(label=_("Tanggal lahir yang benar (pembetulan)"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))


class BreachForm(forms.Form):
    what = forms.CharField(label=_("Apa yang terjadi"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    found_at = forms.DateTimeField(label=_("Ditemukan"), widget=_When(), input_formats=["%Y-%m-%dT%H:%M"])
    data_affected = forms.CharField(label=_("Data yang terdampak"), max_length=2000)
    people_affected = forms.IntegerField(label=_("Jumlah orang terdampak"), min_value=0, max_value=10**9,
                                         required=False)


class NotifyForm(forms.Form):
    notified = forms.CharField(label=_("Siapa yang diberi tahu, bagaimana"), max_length=2000)
    subjects_at = forms.DateTimeField(label=_("Subjek data diberi tahu"), widget=_When(), required=False,
                                      input_formats=["%Y-%m-%dT%H:%M"])
    authority_at = forms.DateTimeField(label=_("Lembaga PDP / Komdigi diberi tahu"), widget=_When(), required=False,
                                       input_formats=["%Y-%m-%dT%H:%M"])
