"""Forms of the outreach event pages (sosialisasi): plan an event, upload an attendance sheet."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cakupan.errors import UserError

from .forms import area_choices, ecosystem_choices
from .models import Partner


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class EventForm(forms.Form):
    name = forms.CharField(label=_("Nama kegiatan"), max_length=200)
    date = forms.DateField(label=_("Tanggal"), widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"])
    place = forms.CharField(label=_("Tempat"), max_length=200)
    area = forms.ChoiceField(label=_("Wilayah"))
    ecosystem = forms.ChoiceField(label=_("Ekosistem"), required=False)
    partner = forms.ModelChoiceField(label=_("Mitra"), queryset=Partner.objects.all(), required=False,
                                     empty_label=_("tanpa mitra"))
    team = forms.CharField(label=_("Tim"), max_length=300, required=False,
                           help_text=_("nama petugas, dipisah koma"))
    worklist = forms.ChoiceField(label=_("Daftar kerja undangan"), required=False)
    attribution_days = forms.IntegerField(label=_("Masa atribusi (hari)"), min_value=1, max_value=365, required=False)

    def __init__(self, *args, scope=None, worklists=(), default_days: int = 30, **kwargs):
        kwargs.setdefault("auto_id", "ev-%s")
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices(visible=scope.area_allowed if scope else None,
                                                   levels=("kapanewon", "kalurahan"))
        self.fields["ecosystem"].choices = ecosystem_choices(blank=True)
        self.fields["worklist"].choices = [("", gettext("tanpa daftar kerja"))] + [
            (str(w.pk), f"#{w.pk} {w.name}") for w in worklists]
        self.fields["attribution_days"].initial = default_days
        self.fields["attribution_days"].help_text = gettext(
            "peserta yang mendaftar paling lama sekian hari setelah kegiatan dihitung untuk kegiatan ini")


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(label=_("Daftar hadir (CSV atau XLSX, kolom NIK dan NAMA)"))


def event_service_error(form: forms.Form, exc: UserError) -> None:
    """A service's UserError next to its field."""
    field = {"event.name": "name", "event.place": "place", "event.team": "team", "event.date": "date",
             "event.area": "area", "event.scope": "area", "event.ecosystem": "ecosystem",
             "event.mitra_ecosystem": "ecosystem", "event.partner_area": "partner",
             "event.partner_ecosystem": "partner", "event.worklist": "worklist", "event.days": "attribution_days"
             }.get(exc.code or "")
    form.add_error(field if field in form.fields else None, str(exc))
