"""Outreach: partners, worklists with field outcomes, enrolments and their payments.
Written only by cakupan.outreach.services; read through cakupan.outreach.selectors (scoped)."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Partner(models.Model):
    """A field partner: a lurah, DKUKMPP (markets/UMKM), an OPD, a Perisai agent, a school (its head,
    for the school's honorary teachers: services/school_worklists.py), the office responsible for
    schools (their honorary teachers: services/office_worklists.py), ..."""

    class Kind(models.TextChoices):
        LURAH = "lurah", _("Lurah / kepala desa")
        DKUKMPP = "dkukmpp", _("DKUKMPP (pasar, UMKM)")
        OPD = "opd", _("OPD")
        PERISAI = "perisai", _("Agen Perisai")
        SEKOLAH = "sekolah", _("Sekolah / kepala sekolah")  # named after a school on the guru roster
        DINAS = "dinas", _("Dinas penanggung jawab sekolah")  # an office answering for schools (core/schools.py)
        LAINNYA = "lainnya", _("Lainnya")

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    area_codes = models.JSONField(default=list, blank=True)  # area codes it works (any level)
    ecosystems = models.JSONField(default=list, blank=True)  # [] = every ecosystem
    contact = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Worklist(models.Model):
    """Whom one partner should visit in one area (optionally one ecosystem), from one run.
    Kind ENROL: the uncovered and non-active, to enrol; kind LAPSE: members about to become
    non-active and the recently lapsed, to keep or bring back (docs/outreach.md)."""

    class Kind(models.TextChoices):
        ENROL = "enrol", _("Pendaftaran")
        LAPSE = "lapse", _("Tindak lanjut nonaktif")

    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.ENROL)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="worklists")
    run = models.ForeignKey("coverage.CoverageRun", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    area_code = models.CharField(max_length=64)
    ecosystem = models.CharField(max_length=24, blank=True, default="")
    by_padukuhan = models.BooleanField(default=False)  # one XLSX sheet per padukuhan
    ranking = models.JSONField(default=dict)  # how items were ranked (weights, likelihood model)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by_name = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=["enrol", "lapse"]), name="worklist_kind_known")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.name}"


class Outcome(models.TextChoices):
    DIHUBUNGI = "dihubungi", _("Dihubungi")
    TERDAFTAR = "terdaftar", _("Terdaftar")
    MENOLAK = "menolak", _("Menolak")
    TIDAK_DITEMUKAN = "tidak ditemukan", _("Tidak ditemukan")
    PINDAH = "pindah", _("Pindah")
    MENINGGAL = "meninggal", _("Meninggal")
    MEMBAYAR = "membayar", _("Membayar")  # lapse follow-up: the member paid (or promised the payment)


class Reason(models.TextChoices):
    """Why a member is on a lapse worklist."""

    AKAN_NONAKTIF = "akan_nonaktif", _("Akan nonaktif")
    BARU_NONAKTIF = "baru_nonaktif", _("Baru nonaktif")


class WorklistItem(models.Model):
    """Grain: one row per worklist x person (enrol: uncovered or non-active on the worklist's run;
    lapse: active and about to lapse, or recently lapsed, with its reason and lapse month)."""

    worklist = models.ForeignKey(Worklist, on_delete=models.CASCADE, related_name="items")
    rank = models.PositiveIntegerField()
    nik = models.CharField(max_length=16)
    nama = models.CharField(max_length=200)
    sex = models.CharField(max_length=1, blank=True, default="")
    age = models.PositiveSmallIntegerField(null=True)
    kalurahan_code = models.CharField(max_length=24)
    padukuhan_code = models.CharField(max_length=64)
    ecosystem = models.CharField(max_length=24)
    status = models.CharField(max_length=10)  # nonactive | none | active (lapse) (PersonStatus.status)
    segment = models.CharField(max_length=8, default="NONE")
    kpj = models.CharField(max_length=20, blank=True, default="")
    paid_through = models.DateField(null=True)
    lapse_month = models.DateField(null=True, blank=True)  # lapse: first month non-active unless paid
    reason = models.CharField(max_length=16, choices=Reason.choices, blank=True, default="")  # lapse only
    score = models.PositiveSmallIntegerField()
    score_parts = models.JSONField(default=dict)  # {component: points}: why this rank
    likelihood = models.FloatField(null=True)  # learned enrolment likelihood, when outcomes exist
    assigned_to = models.CharField(max_length=150, blank=True, default="")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True, default="")
    outcome_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True, default="")
    outcome_by = models.CharField(max_length=150, blank=True, default="")
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["worklist", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["worklist", "nik"], name="worklist_item_once"),
            models.UniqueConstraint(fields=["worklist", "rank"], name="worklist_rank_once"),
            models.CheckConstraint(condition=Q(outcome="") | Q(outcome_date__isnull=False), name="outcome_has_date"),
            models.CheckConstraint(condition=Q(reason__in=["", "akan_nonaktif", "baru_nonaktif"]), name="worklist_item_reason_known"),
        ]
        indexes = [models.Index(fields=["worklist", "outcome"]), models.Index(fields=["nik"])]


class WorklistImport(models.Model):
    """One returned XLSX. Every row accounted: read = applied + unchanged + empty + quarantined."""

    worklist = models.ForeignKey(Worklist, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    rows_read = models.PositiveIntegerField()
    rows_applied = models.PositiveIntegerField()
    rows_unchanged = models.PositiveIntegerField()
    rows_empty = models.PositiveIntegerField()
    rows_quarantined = models.PositiveIntegerField()
    quarantine = models.JSONField(default=list)  # [{sheet, row_number, reason_code, message, raw}]
    imported_by_name = models.CharField(max_length=150, blank=True, default="")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_read=F("rows_applied") + F("rows_unchanged") + F("rows_empty") + F("rows_quarantined")),
                name="worklist_import_rows_accounted",
            )
        ]


class Funder(models.Model):
    """A sponsor with its own budget and period: the kabupaten's APBD, one kalurahan's APBDes, or
    a company's CSR. Sponsored payments name their funder; what it has paid and who is still active
    is its report (docs/outreach.md "Funders")."""

    class Kind(models.TextChoices):
        APBD = "APBD", "APBD"
        APBDES = "APBDES", "APBDes"
        CSR = "CSR", "CSR"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    name = models.CharField(max_length=150, unique=True)
    kalurahan_code = models.CharField(max_length=24, blank=True, default="")  # APBDES: the kalurahan whose budget it is
    company = models.CharField(max_length=200, blank=True, default="")  # CSR: the company
    budget = models.PositiveBigIntegerField()  # rupiah for the whole period
    period_from = models.DateField()
    period_to = models.DateField()
    notes = models.CharField(max_length=500, blank=True, default="")
    created_by_name = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["APBD", "APBDES", "CSR"]), name="funder_kind_known"),
            models.CheckConstraint(condition=Q(period_to__gte=F("period_from")), name="funder_period_ordered"),
            models.CheckConstraint(condition=~Q(kind="APBDES") | ~Q(kalurahan_code=""), name="funder_apbdes_has_kalurahan"),
            models.CheckConstraint(condition=~Q(kind="CSR") | ~Q(company=""), name="funder_csr_has_company"),
        ]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """A registration made through cakupan. PROVISIONAL until a later coverage run shows the NIK
    active (then CONFIRMED). Kind: NEW, or REACTIVATION of a non-active member."""

    class Segment(models.TextChoices):
        BPU = "BPU", "BPU"
        PU = "PU", "PU"
        JAKON = "JAKON", "Jakon"
        PADAT_KARYA = "PADAT_KARYA", _("Padat karya")
        PMI = "PMI", "PMI"  # migrant worker: paid once per work agreement (Permenaker 4/2023 ps. 18)

    class Payer(models.TextChoices):
        SELF = "SELF", _("Mandiri")
        APBD = "APBD", "APBD"
        APBDES = "APBDES", "APBDes"
        CSR = "CSR", "CSR"
        EMPLOYER = "EMPLOYER", _("Pemberi kerja")
        P3MI = "P3MI", _("Pelaksana penempatan (P3MI/BP2MI)")  # PMI: the placement agency pays

    class Kind(models.TextChoices):
        NEW = "new", _("Baru")
        REACTIVATION = "reactivation", _("Aktif kembali")

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", _("Sementara")
        CONFIRMED = "confirmed", _("Terkonfirmasi")

    nik = models.CharField(max_length=16)
    nama = models.CharField(max_length=200)
    kalurahan_code = models.CharField(max_length=24, blank=True, default="")
    segment = models.CharField(max_length=12, choices=Segment.choices)
    programs = models.CharField(max_length=40)  # "JKK,JKM" as in the member extract
    income = models.PositiveBigIntegerField(null=True, blank=True)  # BPU declared income / PU wage
    risk_class = models.PositiveSmallIntegerField(null=True, blank=True)
    employer = models.CharField(max_length=200, blank=True, default="")  # PU employer / project
    batch = models.CharField(max_length=60, blank=True, default="")  # PU batch or padat karya crew
    payer = models.CharField(max_length=10, choices=Payer.choices)
    monthly_amount = models.PositiveBigIntegerField()  # PMI: the amount per work agreement (quote["per"] == "kontrak")
    quote = models.JSONField(default=dict)  # the quote lines with their regulation
    kind = models.CharField(max_length=14, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROVISIONAL)
    confirmed_run = models.ForeignKey("coverage.CoverageRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    worklist_item = models.ForeignKey(WorklistItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments")
    funder = models.ForeignKey("Funder", null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments")
    created_by_name = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["nik"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(condition=Q(risk_class__isnull=True) | Q(risk_class__gte=1, risk_class__lte=5), name="enrolment_risk_class_1_5"),
        ]


class Payment(models.Model):
    """Contributions paid (or committed by a sponsor) for an enrolment, for a run of months."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="payments")
    month_from = models.DateField()  # first day of the first month
    month_to = models.DateField()  # first day of the last (paid-through) month
    months = models.PositiveSmallIntegerField()
    amount = models.PositiveBigIntegerField()  # rupiah for the whole run of months
    payer = models.CharField(max_length=10, choices=Enrolment.Payer.choices)
    funder = models.ForeignKey("Funder", null=True, blank=True, on_delete=models.PROTECT, related_name="payments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrolment", "month_from"]
        constraints = [
            models.CheckConstraint(condition=Q(month_to__gte=F("month_from")), name="payment_months_ordered"),
        ]


class Event(models.Model):
    """An outreach event (sosialisasi): planned for one day, place and area, optionally one
    ecosystem, a partner, a team and the worklist whose names it invites. An attendee who enrols
    within `attribution_days` of the event counts for it (docs/outreach.md "Outreach events")."""

    name = models.CharField(max_length=200)
    date = models.DateField()
    place = models.CharField(max_length=200)
    area_code = models.CharField(max_length=64)  # kapanewon or kalurahan (any level inside the region)
    ecosystem = models.CharField(max_length=24, blank=True, default="")  # "" = every ecosystem
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    team = models.CharField(max_length=300, blank=True, default="")  # officers' names, comma separated
    worklist = models.ForeignKey(Worklist, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    attribution_days = models.PositiveSmallIntegerField()  # from settings.CAKUPAN_EVENT_ATTRIBUTION_DAYS (30)
    created_by_name = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date"]), models.Index(fields=["area_code"])]
        constraints = [models.CheckConstraint(condition=Q(attribution_days__gte=1, attribution_days__lte=365),
                                              name="event_attribution_days_1_365")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.name}"


class Attendee(models.Model):
    """Grain: one row per event x person present (a NIK of the population on the latest run when
    recorded). Status is the person's status then: active attendees cannot convert."""

    class Source(models.TextChoices):
        SHEET = "sheet", _("Daftar hadir")
        WORKLIST = "worklist", _("Daftar kerja")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendees")
    nik = models.CharField(max_length=16)
    nama = models.CharField(max_length=200)
    kalurahan_code = models.CharField(max_length=24)
    padukuhan_code = models.CharField(max_length=64)
    ecosystem = models.CharField(max_length=24)
    status = models.CharField(max_length=10)  # active | nonactive | none (PersonStatus.status when recorded)
    source = models.CharField(max_length=10, choices=Source.choices)
    worklist_item = models.ForeignKey(WorklistItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by_name = models.CharField(max_length=150, blank=True, default="")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "nama", "nik"]
        constraints = [models.UniqueConstraint(fields=["event", "nik"], name="attendee_once_per_event")]
        indexes = [models.Index(fields=["nik"])]


class AttendanceImport(models.Model):
    """One uploaded attendance sheet. Every row accounted: read = loaded + rejected; each rejected
    row kept with its row number, original values and reason."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="imports")
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    rows_read = models.PositiveIntegerField()
    rows_loaded = models.PositiveIntegerField()  # present in the population and the scope (new or already recorded)
    rows_new = models.PositiveIntegerField()  # of the loaded, not recorded before
    rows_rejected = models.PositiveIntegerField()
    rejected = models.JSONField(default=list)  # [{row_number, nik, nama, reason_code, message}]
    imported_by_name = models.CharField(max_length=150, blank=True, default="")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(rows_read=F("rows_loaded") + F("rows_rejected")),
                                   name="attendance_import_rows_accounted"),
            models.CheckConstraint(condition=Q(rows_new__lte=F("rows_loaded")), name="attendance_import_new_le_loaded"),
        ]
