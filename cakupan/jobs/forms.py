"""Forms of the operation pages: what an officer picks, in words, never codes to type."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.core.labels import roster_kind_name
from cakupan.core.vocab import ROSTER_KINDS

KIND_CHOICES = [("population", _("Penduduk (Dukcapil)")), ("members", _("Peserta BPJS Ketenagakerjaan")),
                ("roster", _("Daftar (roster)"))]


def _roster_choices():
    return [("", "—")] + [(code, roster_kind_name(code)) for code in ROSTER_KINDS.codes]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis data"), choices=KIND_CHOICES)
    roster_kind = forms.ChoiceField(label=_("Jenis daftar (untuk roster)"), required=False, choices=_roster_choices)
    as_of = forms.DateField(label=_("Tanggal data"), widget=DateInput(),
                            help_text=_("Tanggal keadaan data dalam berkas (misalnya tanggal tarik data)."))
    file = forms.FileField(label=_("Berkas (CSV, XLSX atau Parquet)"))
    sheet = forms.CharField(label=_("Sheet XLSX (bawaan: sheet pertama)"), required=False, max_length=100)

    def clean(self):
        data = super().clean()
        if data.get("kind") == "roster" and not data.get("roster_kind"):
            self.add_error("roster_kind", _("Pilih jenis daftar untuk data roster."))
        return data


class FixForm(forms.Form):
    file = forms.FileField(label=_("Berkas karantina yang sudah diperbaiki (XLSX atau CSV)"))


class RunForm(forms.Form):
    as_of = forms.DateField(label=_("Tanggal acuan (kosongkan: tanggal data peserta terbaru)"), required=False,
                            widget=DateInput())


def mapping_form(detection, columns_labels: dict[str, str]) -> type[forms.Form]:
    """One select per canonical column: which header of the file holds it (or none)."""
    choices = [("", _("(tidak ada di berkas)"))] + [(h, h) for h in detection.headers]
    fields = {}
    for name in detection.canonical:
        fields[f"col_{name}"] = forms.ChoiceField(
            label=columns_labels.get(name, name), choices=choices, required=name in detection.required,
            initial=detection.mapping.get(name, ""))
    return type("MappingForm", (forms.Form,), fields)


class BoundaryForm(forms.Form):
    file = forms.FileField(label=_("Berkas batas wilayah (GeoJSON)"),
                           help_text=_("FeatureCollection EPSG:4326, satu feature per kecamatan/kapanewon atau "
                                       "desa/kalurahan, dengan kode wilayah Kemendagri di properti kode."))
    partial = forms.BooleanField(label=_("Simpan yang cocok walau ada yang tidak cocok"), required=False)
