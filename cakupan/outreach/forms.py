"""Forms for the outreach pages: every input is read and bounded here (Indonesian amounts, month
pickers, areas by name), so a page answers a wrong value with a message next to its field, never a
500. The services check the same bounds again (cakupan.outreach.inputs) for the CLI.

Bounds (see docs/outreach.md, "What the forms accept"):
- rupiah fields: "45.000.000", "Rp 2.500.000", "2500000"; Rp 1 .. Rp 1 miliar a month (a budget:
  up to Rp 1 triliun);
- months: <input type="month"> (yyyy-mm), a from-month and a to-month, within 12 months before
  and 12 months after the data month (latest run's as-of, or today);
- areas: a select of the areas the user may see, by name.
"""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cakupan.core.areas import level_of
from cakupan.core.labels import ecosystem_name, segment_name
from cakupan.core.terms import kind_term
from cakupan.core.vocab import ECOSYSTEMS
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_codes, area_names

from .inputs import MAX_BUDGET, MAX_RUPIAH, check_months, month_window, parse_rupiah
from .models import Enrolment, Funder, Partner
from .months import parse_month
from .services.enrolment import PAYERS_BY_SEGMENT

LEVEL_WORDS = {"kabupaten": _("kabupaten"), "kapanewon": _("kapanewon"), "kalurahan": _("kalurahan"),
               "padukuhan": _("padukuhan"),
               # the same levels in other provinces (core.terms.kind_term)
               "kecamatan": _("kecamatan"), "kemantren": _("kemantren"), "desa/kelurahan": _("desa/kelurahan"),
               "kelurahan": _("kelurahan"), "dusun": _("dusun")}
QUOTE_SEGMENTS = ("BPU", "PU", "PADAT_KARYA", "PMI")


def ecosystem_choices(*, blank: bool = False) -> list[tuple[str, str]]:
    """Ecosystem codes labelled in the active language ('padat_karya' -> 'Padat karya')."""
    return ([("", gettext("semua"))] if blank else []) + [(e, ecosystem_name(e)) for e in ECOSYSTEMS.codes]


def area_choices(*, visible=None, levels=("kabupaten", "kapanewon", "kalurahan"), within: str | None = None,
                 blank: str | None = None) -> list[tuple[str, str]]:
    """(code, 'Name (level)') of the areas `visible(code)` allows, in code order (a tree: each
    kalurahan under its kapanewon), indented by level."""
    codes = sorted({c for kind in levels for c in area_codes(kind=kind, within=within)})
    if visible is not None:
        codes = [c for c in codes if visible(c)]
    names = area_names(codes)
    top = min((c.count(".") for c in codes), default=0)
    out = [("", blank)] if blank is not None else []
    for c in codes:
        indent = "\u00a0\u00a0\u00a0" * (c.count(".") - top)
        word = kind_term(level_of(c), c)  # the area's province's word: kecamatan in Klaten
        out.append((c, f"{indent}{names[c]} ({LEVEL_WORDS.get(word, word)})"))
    return out


class RupiahField(forms.CharField):
    """Whole rupiah typed the Indonesian way; bounded (Rp 1 .. `maximum`)."""

    def __init__(self, *, maximum: int = MAX_RUPIAH, **kwargs):
        self.maximum = maximum
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "2.500.000",
                                                           "maxlength": "40"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_rupiah(text, what=gettext("Jumlah"), maximum=self.maximum)
        except UserError as exc:
            raise forms.ValidationError(str(exc), code=exc.code) from None


class MonthInput(forms.TextInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "yyyy-mm", "pattern": r"\d{4}-\d{2}", **(attrs or {})})

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return f"{value.year:04d}-{value.month:02d}"
        return super().format_value(value)


class MonthField(forms.CharField):
    """A month from a month picker (yyyy-mm) -> date(yyyy, mm, 1)."""

    widget = MonthInput

    def to_python(self, value):
        if hasattr(value, "strftime"):
            return value.replace(day=1)
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return parse_month(text)
        except UserError:
            raise forms.ValidationError(gettext("Pilih bulan (tahun-bulan), misalnya 2023-03."), code="month.format") from None


class MonthRangeMixin:
    """month_from (required) and month_to (empty = the same month), inside the sane window."""

    def clean(self):
        data = super().clean()
        start, end = data.get("month_from"), data.get("month_to")
        if start is not None and end is None and not self.errors.get("month_to"):
            data["month_to"] = end = start
        if start is not None and end is not None:
            try:
                check_months(start, end)
            except UserError as exc:
                low, high = month_window()
                self.add_error("month_from" if exc.code != "month.window" or not low <= start <= high else "month_to",
                               str(exc))
        return data


def service_error(form: forms.Form, exc: UserError) -> None:
    """A service's UserError next to the field it is about (the form's top otherwise)."""
    code = exc.code or ""
    field = {"enrol.payer": "payer", "enrol.employer": "employer", "enrol.name": "nama", "amount.range": "income",
             "amount.format": "income", "quote.amount": "income", "quote.risk_class": "risk_class",
             "batch.code": "batch", "month.window": "month_from", "month.range": "month_to",
             "payment.months": "month_to", "payment.overlap": "month_from", "enrol.duplicate": "month_from",
             "partner.area": "areas", "partner.name": "name", "partner.exists": "name",
             "partner.ecosystem": "ecosystems", "enrol.pmi_months": "contract_months", "quote.months": "contract_months",
             "funder.payer": "funder", "funder.period": "funder", "funder.budget": "funder",
             "funder.kalurahan": "funder"}.get(code)
    if code.startswith("nik") or code in ("enrol.active",):
        field = "nik"
    if code.startswith("batch.") and code not in ("batch.code",):
        field = "file"
    form.add_error(field if field in form.fields else None, str(exc))


def _payer_check(form, segment: str | None, payer: str | None) -> None:
    if segment and payer and payer not in PAYERS_BY_SEGMENT.get(segment, ()):
        labels = dict(Enrolment.Payer.choices)
        allowed = ", ".join(str(labels[p]) for p in Enrolment.Payer.values if p in PAYERS_BY_SEGMENT[segment])
        form.add_error("payer", gettext("Pembayar %(payer)s tidak berlaku untuk %(segment)s; pilih: %(allowed)s.") % {
            "payer": labels.get(payer, payer), "segment": dict(Enrolment.Segment.choices).get(segment, segment),
            "allowed": allowed})


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Nama mitra"), max_length=150)
    kind = forms.ChoiceField(label=_("Jenis"), choices=Partner.Kind.choices)
    areas = forms.MultipleChoiceField(label=_("Wilayah kerja (kosong = semua)"), required=False,
                                      widget=forms.SelectMultiple(attrs={"size": 6}))
    ecosystems = forms.MultipleChoiceField(label=_("Ekosistem (kosong = semua)"), required=False)

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = area_choices(visible=scope.area_visible if scope else None)
        self.fields["ecosystems"].choices = ecosystem_choices()

    def area_list(self) -> list[str]:
        return list(self.cleaned_data["areas"])


# fields whose label names an area level: (label with the word as %(w)s, the stored kind it names)
LEVEL_LABELS = {
    "by_padukuhan": (_("Satu lembar per %(w)s"), "padukuhan"),
    "quota": (_("Kuota per %(w)s"), "kalurahan"),
    "kalurahan": (_("%(w)s (APBDes)"), "kalurahan"),
}


def relabel_levels(form: forms.Form, terms: dict[str, str]) -> forms.Form:
    """Name the area levels in a form's labels in the province's words (core.terms via the view's
    ``terms``): 'Satu lembar per dusun', 'Kuota per desa/kelurahan' outside DIY; DIY's labels (and
    their translations) stay as they are. Returns the form."""
    for name, (label, kind) in LEVEL_LABELS.items():
        word = terms.get(kind, kind)
        if name in form.fields and word != kind:
            text = str(label) % {"w": word}
            form.fields[name].label = text[:1].upper() + text[1:]
    return form


class WorklistForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Mitra"), queryset=Partner.objects.all())
    area = forms.ChoiceField(label=_("Wilayah"))
    ecosystem = forms.ChoiceField(label=_("Ekosistem"), required=False)
    by_padukuhan = forms.BooleanField(label=_("Satu lembar per padukuhan"), required=False)
    limit = forms.IntegerField(label=_("Paling banyak"), min_value=1, max_value=100_000, required=False)

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices(visible=scope.area_allowed if scope else None)
        self.fields["ecosystem"].choices = ecosystem_choices(blank=True)


class AssignForm(forms.Form):
    assigned_to = forms.CharField(label=_("Petugas"), max_length=150)
    padukuhan = forms.ChoiceField(label=_("Padukuhan"), required=False)

    def __init__(self, *args, padukuhan_codes=(), word: str = "padukuhan", **kwargs):
        super().__init__(*args, **kwargs)
        codes = sorted(set(padukuhan_codes))
        names = area_names(codes)
        blank = gettext("semua padukuhan")
        if word != "padukuhan":  # the province's word (core.terms): 'dusun' outside DIY
            self.fields["padukuhan"].label = word[:1].upper() + word[1:]
            blank = gettext("semua %(w)s") % {"w": word}
        self.fields["padukuhan"].choices = [("", blank)] + [(c, names[c]) for c in codes]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("XLSX yang sudah diisi"))


def _segment_choices():
    return [c for c in Enrolment.Segment.choices if c[0] != "JAKON"]


class EnrolForm(MonthRangeMixin, forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, required=False)
    nik = forms.CharField(label="NIK", max_length=20, required=False,
                          help_text=_("Boleh kosong bila mendaftar dari daftar kerja"))
    nama = forms.CharField(label=_("Nama"), max_length=200)
    segment = forms.ChoiceField(label=_("Segmen"), choices=_segment_choices)
    income = RupiahField(label=_("Penghasilan / upah sebulan (Rp)"), required=False,
                         help_text=_("Misalnya 2.500.000; paling banyak Rp 1 miliar"))
    jht = forms.BooleanField(label=_("Ikut JHT (BPU)"), required=False)
    risk_class = forms.IntegerField(label=_("Kelas risiko JKK (PU)"), min_value=1, max_value=5, required=False)
    employer = forms.CharField(label=_("Pemberi kerja (PU) / proyek"), max_length=200, required=False)
    batch = forms.CharField(label=_("Kode kelompok"), max_length=60, required=False)
    payer = forms.ChoiceField(label=_("Pembayar"), choices=Enrolment.Payer.choices)
    funder = forms.ModelChoiceField(label=_("Penyandang dana"), queryset=Funder.objects.none(), required=False,
                                    help_text=_("Untuk APBD, APBDes atau CSR: anggaran yang membayar"))
    month_from = MonthField(label=_("Dibayar mulai bulan"))
    month_to = MonthField(label=_("sampai bulan"), required=False, help_text=_("Kosong = satu bulan saja"))
    contract_months = forms.IntegerField(label=_("Jangka perjanjian kerja PMI (bulan)"), min_value=1, max_value=120,
                                         required=False, help_text=_("PMI membayar sekali untuk seluruh perjanjian, "
                                                                     "mulai bulan pertama yang dibayar"))
    placed = forms.BooleanField(label=_("PMI sudah bekerja di luar negeri (tanpa iuran sebelum bekerja)"), required=False)

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scope is not None:
            from .selectors_funders import funders_visible

            self.fields["funder"].queryset = funders_visible(scope=scope)

    def clean(self):
        data = super().clean()
        _payer_check(self, data.get("segment"), data.get("payer"))
        if data.get("segment") == "PMI" and not data.get("contract_months") and not self.errors.get("contract_months"):
            self.add_error("contract_months", gettext("Isi jangka waktu perjanjian kerja PMI dalam bulan (1 sampai 120)."))
        return data


class BudgetForm(forms.Form):
    budget = RupiahField(label=_("Anggaran (Rp)"), maximum=MAX_BUDGET, required=False,
                         help_text=_("Misalnya 45.000.000"))
    months = forms.IntegerField(label=_("Jumlah bulan"), min_value=1, max_value=60, initial=12)
    area = forms.ChoiceField(label=_("Wilayah"), required=False)
    quota = forms.IntegerField(label=_("Kuota per kalurahan"), min_value=1, max_value=100_000, required=False)
    target_pct = forms.DecimalField(label=_("Target cakupan (%)"), min_value=0, max_value=100, max_digits=6,
                                    decimal_places=2, required=False)
    funder = forms.ModelChoiceField(label=_("Penyandang dana"), queryset=Funder.objects.none(), required=False,
                                    help_text=_("Rencana dicek terhadap sisa anggaran dan masa penyandang dana"))

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        if scope is not None:
            from .selectors_funders import funders_visible

            self.fields["funder"].queryset = funders_visible(scope=scope)
        self.fields["area"].choices = area_choices(visible=scope.area_allowed if scope else None,
                                                   blank=None if scope and scope.area_code else gettext("semua wilayah"))


class BatchForm(MonthRangeMixin, forms.Form):
    """Shown on the enrolment page next to EnrolForm: its own ids so each label points at its field.
    The file is read here (CSV in any common encoding, or XLSX): `cleaned_data["rows"]`."""

    def __init__(self, *args, scope=None, **kwargs):
        kwargs.setdefault("auto_id", "batch_%s")
        super().__init__(*args, **kwargs)
        if scope is not None:
            from .selectors_funders import funders_visible

            self.fields["funder"].queryset = funders_visible(scope=scope)

    file = forms.FileField(label=_("CSV atau XLSX (kolom NIK, NAMA, UPAH)"))
    segment = forms.ChoiceField(label=_("Segmen"), choices=[("PU", "PU"), ("PADAT_KARYA", _("Padat karya"))])
    batch = forms.CharField(label=_("Kode kelompok"), max_length=60)
    payer = forms.ChoiceField(label=_("Pembayar"), choices=Enrolment.Payer.choices)
    month_from = MonthField(label=_("Dibayar mulai bulan"))
    month_to = MonthField(label=_("sampai bulan"), required=False, help_text=_("Kosong = satu bulan saja"))
    employer = forms.CharField(label=_("Pemberi kerja (PU) / proyek"), max_length=200, required=False)
    risk_class = forms.IntegerField(label=_("Kelas risiko JKK (PU)"), min_value=1, max_value=5, required=False)
    income = RupiahField(label=_("Upah/penghasilan bila tidak ada kolom UPAH"), required=False)
    funder = forms.ModelChoiceField(label=_("Penyandang dana"), queryset=Funder.objects.none(), required=False)

    def clean_file(self):
        from .services import read_batch_file

        f = self.cleaned_data["file"]
        try:
            self.cleaned_data["rows"] = read_batch_file(f.read(), f.name)
        except UserError as exc:
            raise forms.ValidationError(str(exc), code=exc.code) from None
        return f

    def clean(self):
        data = super().clean()
        _payer_check(self, data.get("segment"), data.get("payer"))
        return data


class PaymentForm(MonthRangeMixin, forms.Form):
    enrolment = forms.IntegerField(label=_("Nomor pendaftaran"), min_value=1, max_value=2_000_000_000)
    month_from = MonthField(label=_("Dibayar mulai bulan"))
    month_to = MonthField(label=_("sampai bulan"), required=False, help_text=_("Kosong = satu bulan saja"))
    payer = forms.ChoiceField(label=_("Pembayar"), choices=Enrolment.Payer.choices)
    funder = forms.ModelChoiceField(label=_("Penyandang dana"), queryset=Funder.objects.none(), required=False)

    def __init__(self, *args, scope=None, **kwargs):
        kwargs.setdefault("auto_id", "pay_%s")
        super().__init__(*args, **kwargs)
        if scope is not None:
            from .selectors_funders import funders_visible

            self.fields["funder"].queryset = funders_visible(scope=scope)


class QuoteForm(forms.Form):
    """The query of /outreach/iuran.json (the live quote)."""

    segment = forms.ChoiceField(choices=[(s, s) for s in QUOTE_SEGMENTS], required=False)
    income = RupiahField(required=False)
    jht = forms.CharField(required=False, max_length=10)
    risk_class = forms.IntegerField(min_value=1, max_value=5, required=False)
    on = forms.CharField(required=False, max_length=20)
    months = forms.IntegerField(min_value=1, max_value=120, required=False)  # PMI: the agreement's months
    placed = forms.CharField(required=False, max_length=10)  # PMI: already working abroad

    def clean_on(self):
        from datetime import date

        text = (self.cleaned_data.get("on") or "").strip()
        if not text:
            return None
        try:
            d = date.fromisoformat(text) if len(text) == 10 else parse_month(text)
        except (ValueError, UserError):
            raise forms.ValidationError(gettext("Tanggal '%(on)s' tidak dikenali; tulis yyyy-mm-dd atau yyyy-mm.") % {
                "on": text[:20]}) from None
        if not 1900 <= d.year <= 2999:
            raise forms.ValidationError(gettext("Tanggal di luar rentang tarif."))
        return d

    def clean_risk_class(self):
        value = self.cleaned_data.get("risk_class")
        return value or None


LAPSE_SEGMENTS = ("BPU", "PU", "JAKON", "PMI")  # the segments with a grace rule (status_rules.csv)


class LapseForm(forms.Form):
    area = forms.ChoiceField(label=_("Wilayah"), required=False)
    segment = forms.ChoiceField(label=_("Segmen"), required=False)
    within = forms.IntegerField(label=_("Dalam (bulan)"), min_value=1, max_value=12, required=False, initial=1)

    def __init__(self, *args, scope=None, **kwargs):
        kwargs.setdefault("auto_id", "f-%s")
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices(visible=scope.area_allowed if scope else None,
                                                   blank=gettext("semua wilayah Anda"))
        self.fields["segment"].choices = [("", gettext("semua segmen"))] + [(s, segment_name(s)) for s in LAPSE_SEGMENTS]


class LapseWorklistForm(forms.Form):
    """Make a lapse worklist for a partner (the Akan nonaktif page): every segment, both reasons."""

    partner = forms.ModelChoiceField(label=_("Mitra"), queryset=Partner.objects.all())
    area = forms.ChoiceField(label=_("Wilayah"))
    ecosystem = forms.ChoiceField(label=_("Ekosistem"), required=False)
    within = forms.IntegerField(label=_("Akan nonaktif dalam (bulan)"), min_value=1, max_value=12, initial=1,
                                required=False, help_text=_("1 = yang nonaktif bulan depan bila tidak membayar"))
    since = forms.IntegerField(label=_("Baru nonaktif, paling lama (bulan)"), min_value=0, max_value=12, initial=2,
                               required=False, help_text=_("0 = tanpa yang sudah nonaktif"))
    by_padukuhan = forms.BooleanField(label=_("Satu lembar per padukuhan"), required=False)

    def __init__(self, *args, scope=None, **kwargs):
        kwargs.setdefault("auto_id", "lw-%s")
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices(visible=scope.area_allowed if scope else None)
        self.fields["ecosystem"].choices = ecosystem_choices(blank=True)

    def clean(self):
        data = super().clean()
        if data.get("within") is None and not self.errors.get("within"):
            data["within"] = 1
        if data.get("since") is None and not self.errors.get("since"):
            data["since"] = 2
        return data


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class FunderForm(forms.Form):
    """Add a funder (the Penyandang dana page); the service checks the same again."""

    def __init__(self, *args, scope=None, **kwargs):
        kwargs.setdefault("auto_id", "fd-%s")
        super().__init__(*args, **kwargs)
        self.fields["kalurahan"].choices = area_choices(visible=scope.area_allowed if scope else None,
                                                        levels=("kalurahan",), blank=gettext("– (bukan APBDes)"))

    kind = forms.ChoiceField(label=_("Jenis"), choices=Funder.Kind.choices)
    name = forms.CharField(label=_("Nama"), max_length=150, help_text=_("Misalnya APBD Bantul 2023"))
    kalurahan = forms.ChoiceField(label=_("Kalurahan (APBDes)"), required=False)
    company = forms.CharField(label=_("Perusahaan (CSR)"), max_length=200, required=False)
    budget = RupiahField(label=_("Anggaran (Rp)"), maximum=MAX_BUDGET, help_text=_("Untuk seluruh masa, misalnya 45.000.000"))
    period_from = forms.DateField(label=_("Masa anggaran mulai"), widget=DateInput)
    period_to = forms.DateField(label=_("sampai"), widget=DateInput)
    notes = forms.CharField(label=_("Catatan"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", gettext("Akhir masa anggaran sebelum awalnya."))
        if data.get("kind") == "APBDES" and not data.get("kalurahan") and not self.errors.get("kalurahan"):
            self.add_error("kalurahan", gettext("APBDes memerlukan kalurahannya."))
        if data.get("kind") == "CSR" and not (data.get("company") or "").strip() and not self.errors.get("company"):
            self.add_error("company", gettext("CSR memerlukan nama perusahaan."))
        return data


def funder_service_error(form: forms.Form, exc: UserError) -> None:
    field = {"funder.kind": "kind", "funder.name": "name", "funder.exists": "name", "funder.kalurahan": "kalurahan",
             "funder.scope": "kalurahan", "funder.company": "company", "funder.period": "period_to",
             "amount.range": "budget", "amount.format": "budget"}.get(exc.code or "")
    form.add_error(field, str(exc))
