"""Forms for the outreach pages (validation only; the services decide)."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cakupan.core.vocab import ECOSYSTEMS

from .models import Enrolment, Partner

ECOSYSTEM_CHOICES = [("", _("semua"))] + [(e, e) for e in ECOSYSTEMS.codes]


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Nama mitra"), max_length=150)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Partner.Kind.choices)
    areas = forms.CharField(label=_("Kode wilayah (pisahkan dengan koma)"), required=False)
    ecosystems = forms.MultipleChoiceField(label=_("Ekosistem"), choices=ECOSYSTEM_CHOICES[1:], required=False)

    def area_list(self) -> list[str]:
        return [a.strip() for a in self.cleaned_data["areas"].split(",") if a.strip()]


class WorklistForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Mitra"), queryset=Partner.objects.all())
    area = forms.CharField(label=_("Kode wilayah"), max_length=64)
    ecosystem = forms.ChoiceField(label=_("Ekosistem"), choices=ECOSYSTEM_CHOICES, required=False)
    by_padukuhan = forms.BooleanField(label=_("Satu lembar per padukuhan"), required=False)
    limit = forms.IntegerField(label=_("Paling banyak"), min_value=1, required=False)


class AssignForm(forms.Form):
    assigned_to = forms.CharField(label=_("Petugas"), max_length=150)
    padukuhan = forms.CharField(label=_("Padukuhan (kode, kosong = semua)"), required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("XLSX yang sudah diisi"))


class EnrolForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, required=False)
    nik = forms.CharField(label="NIK", max_length=20, required=False,
                          help_text=_("Boleh kosong bila mendaftar dari daftar kerja"))
    nama = forms.CharField(label=_("Nama"), max_length=200)
    segment = forms.ChoiceField(label=_("Segmen"), choices=[c for c in Enrolment.Segment.choices if c[0] != "JAKON"])
    income = forms.IntegerField(label=_("Penghasilan / upah sebulan (Rp)"), min_value=1, required=False)
    jht = forms.BooleanField(label=_("Ikut JHT (BPU)"), required=False)
    risk_class = forms.IntegerField(label=_("Kelas risiko JKK (PU)"), min_value=1, max_value=5, required=False)
    employer = forms.CharField(label=_("Pemberi kerja (PU) / proyek"), required=False)
    batch = forms.CharField(label=_("Kode kelompok"), required=False)
    payer = forms.ChoiceField(label=_("Pembayar"), choices=Enrolment.Payer.choices)
    months = forms.CharField(label=_("Bulan dibayar"), help_text="2023-03..2023-08")


class BudgetForm(forms.Form):
    budget = forms.IntegerField(label=_("Anggaran (Rp)"), min_value=1, required=False)
    months = forms.IntegerField(label=_("Jumlah bulan"), min_value=1, max_value=60, initial=12)
    area = forms.CharField(label=_("Kode wilayah"), required=False)
    quota = forms.IntegerField(label=_("Kuota per kalurahan"), min_value=1, required=False)
    target_pct = forms.DecimalField(label=_("Target cakupan (%)"), min_value=0, max_value=100, required=False)


class BatchForm(forms.Form):
    """Shown on the enrolment page next to EnrolForm: its own ids so each label points at its field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "batch_%s")
        super().__init__(*args, **kwargs)

    file = forms.FileField(label=_("CSV (kolom NIK, NAMA, UPAH)"))
    segment = forms.ChoiceField(label=_("Segmen"), choices=[("PU", "PU"), ("PADAT_KARYA", _("Padat karya"))])
    batch = forms.CharField(label=_("Kode kelompok"), max_length=60)
    payer = forms.ChoiceField(label=_("Pembayar"), choices=Enrolment.Payer.choices)
    months = forms.CharField(label=_("Bulan dibayar"), help_text="2023-07..2023-07")
    employer = forms.CharField(label=_("Pemberi kerja (PU) / proyek"), required=False)
    risk_class = forms.IntegerField(label=_("Kelas risiko JKK (PU)"), min_value=1, max_value=5, required=False)
    income = forms.IntegerField(label=_("Upah/penghasilan bila tidak ada kolom UPAH"), min_value=1, required=False)


class PaymentForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "pay_%s")
        super().__init__(*args, **kwargs)

    enrolment = forms.IntegerField(label=_("Nomor pendaftaran"), min_value=1)
    months = forms.CharField(label=_("Bulan dibayar"), help_text="2023-09..2023-11")
    payer = forms.ChoiceField(label=_("Pembayar"), choices=Enrolment.Payer.choices)
