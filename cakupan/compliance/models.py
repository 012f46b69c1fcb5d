"""Compliance's published table: the run's roster_status mart, one row per roster row (roster
kind x source row, ASN excluded), written only by cakupan.compliance.services.roster_status_publish
in the run's publish transaction; read only through cakupan.compliance.selectors (scoped).

    RosterStatus.objects.filter(run=run, roster_kind="perangkat_desa", status="none")
"""
from django.db import models


class RosterStatus(models.Model):
    """Grain: one row per run x roster row. Personal data (NIK, name): scoped reads, audited."""

    run = models.ForeignKey("coverage.CoverageRun", on_delete=models.CASCADE, related_name="roster_status")
    roster_kind = models.CharField(max_length=16)  # opd | padat_karya | perangkat_desa | pasar | umkm | guru
    nik = models.TextField(null=True)  # as listed on the roster (may be invalid or missing)
    nama = models.TextField(null=True)
    jabatan = models.TextField(default="")
    org = models.TextField(default="")
    project_code = models.TextField(default="")
    kode_wilayah = models.TextField(default="")  # the roster's area, else the resident's kalurahan
    status = models.CharField(max_length=10)  # active | nonactive | none
    segment = models.CharField(max_length=8, null=True)
    kpj = models.TextField(null=True)
    in_population = models.BooleanField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["run", "roster_kind"]),
            models.Index(fields=["run", "kode_wilayah"]),
        ]


class PadatKaryaProject(models.Model):
    """A padat karya (cash-for-work) project before its start: where, when, how long, how big and
    who pays. Written only by cakupan.compliance.services_padat_karya; read through its selectors.
    Status: 'belum_siap' until every crew member aged <= 65 is covered for JKK + JKM on the start
    date, then 'siap_mulai' (set by project_status_refresh)."""

    class Funding(models.TextChoices):
        APBD = "APBD", "APBD"
        APBDES = "APBDES", "APBDes"
        CSR = "CSR", "CSR"

    class Status(models.TextChoices):
        NOT_READY = "belum_siap", "Belum siap"
        READY = "siap_mulai", "Siap mulai"

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    kalurahan_code = models.CharField(max_length=24)  # the location's kalurahan (scopes the project)
    location = models.CharField(max_length=200, blank=True, default="")  # padukuhan / site description
    start_date = models.DateField()
    duration_days = models.PositiveSmallIntegerField(default=21)
    crew_size = models.PositiveSmallIntegerField()
    funding = models.CharField(max_length=8, choices=Funding.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_READY)
    created_by_name = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(crew_size__in=[26, 52]), name="padat_karya_crew_26_or_52"),
            models.CheckConstraint(condition=models.Q(duration_days__gte=1, duration_days__lte=366),
                                   name="padat_karya_duration_1_366"),
        ]


class PadatKaryaCrew(models.Model):
    """Grain: one row per crew list row, as uploaded (nothing dropped: a bad NIK, a person from
    outside the region or a repeated NIK is kept with its issue). Personal data: scoped, audited."""

    project = models.ForeignKey(PadatKaryaProject, on_delete=models.CASCADE, related_name="crew")
    row_number = models.PositiveIntegerField()  # as a spreadsheet shows it (header = row 1)
    nik = models.CharField(max_length=40)  # as given (cleaned when valid)
    nama = models.CharField(max_length=200)
    nik_ok = models.BooleanField(default=False)
    birth_date = models.DateField(null=True)  # from the NIK
    issue = models.CharField(max_length=24, blank=True, default="")  # nik.* | luar_wilayah | duplikat
    issue_message = models.CharField(max_length=300, blank=True, default="")
    enrolment_id = models.PositiveBigIntegerField(null=True)  # outreach's Enrolment, made by the batch
    enrolled_from = models.DateField(null=True)  # first paid month of that enrolment
    enrolled_to = models.DateField(null=True)  # last paid month
    enrol_error = models.CharField(max_length=300, blank=True, default="")  # why the last batch refused the row

    class Meta:
        ordering = ["project", "row_number"]
        constraints = [models.UniqueConstraint(fields=["project", "row_number"], name="padat_karya_crew_row_unique")]


class EmployerFile(models.Model):
    """One imported employer file (PDS, docs/compliance-pds.md): the employer register
    (kind 'pemberi_kerja') or the workers each employer reports (kind 'tenaga_kerja'). The latest
    file of each kind is the one in use; older files stay as they were. Written only by
    cakupan.compliance.services_pds."""

    class Kind(models.TextChoices):
        EMPLOYERS = "pemberi_kerja", "Daftar pemberi kerja"
        WORKERS = "tenaga_kerja", "Tenaga kerja yang dilaporkan"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    as_of = models.DateField()
    rows = models.PositiveIntegerField(default=0)
    loaded_by_name = models.CharField(max_length=150, blank=True, default="")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-id"]


class Employer(models.Model):
    """Grain: one row per row of an employer file, as read (nothing dropped: a repeated NPP or an
    unknown kapanewon is kept with its issue). The register is the rows of the latest file without
    a blocking issue; a repeated NPP's first row is the employer, later rows carry 'npp.ganda'."""

    file = models.ForeignKey(EmployerFile, on_delete=models.CASCADE, related_name="employers")
    row_number = models.PositiveIntegerField()  # as a spreadsheet shows it (header = row 1)
    npp = models.CharField(max_length=40, blank=True, default="")
    name = models.CharField(max_length=200, blank=True, default="")
    kind = models.CharField(max_length=12, default="perusahaan")  # perusahaan | opd
    sector = models.CharField(max_length=120, blank=True, default="")
    workers_declared = models.PositiveIntegerField(null=True)
    kapanewon_code = models.CharField(max_length=24, blank=True, default="")
    issue = models.CharField(max_length=32, blank=True, default="")
    issue_message = models.CharField(max_length=400, blank=True, default="")

    class Meta:
        ordering = ["file", "row_number"]
        indexes = [models.Index(fields=["file", "npp"])]
        constraints = [models.UniqueConstraint(fields=["file", "row_number"], name="employer_row_unique")]


class EmployerWorker(models.Model):
    """Grain: one row per row of a workers file (NPP, NIK, name, the wage reported to BPJS and the
    wage on the employer's payroll roster), nothing dropped. Personal data: scoped, audited."""

    file = models.ForeignKey(EmployerFile, on_delete=models.CASCADE, related_name="workers")
    row_number = models.PositiveIntegerField()
    npp = models.CharField(max_length=40, blank=True, default="")
    nik = models.CharField(max_length=40, blank=True, default="")
    nik_ok = models.BooleanField(default=False)
    nama = models.CharField(max_length=200, blank=True, default="")
    wage_reported = models.BigIntegerField(null=True)  # upah yang dilaporkan ke BPJS
    wage_roster = models.BigIntegerField(null=True)  # upah pada daftar gaji pemberi kerja
    issue = models.CharField(max_length=32, blank=True, default="")
    issue_message = models.CharField(max_length=400, blank=True, default="")

    class Meta:
        ordering = ["file", "row_number"]
        indexes = [models.Index(fields=["file", "npp"])]
        constraints = [models.UniqueConstraint(fields=["file", "row_number"], name="employer_worker_row_unique")]


class PdsLetterTemplate(models.Model):
    """The office's own text of the PDS letter (a Django template: {{ employer.name }},
    {% for f in findings %} ...), edited in the admin (/admin/). Each save is a new row; the latest
    is used; none = the shipped template compliance/pds/surat.html."""

    body = models.TextField()
    note = models.CharField(max_length=200, blank=True, default="")
    updated_by = models.CharField(max_length=150, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "Templat surat PDS"
        verbose_name_plural = "Templat surat PDS"

    def __str__(self) -> str:
        when = self.updated_at.strftime("%Y-%m-%d") if self.updated_at else ""
        return f"Surat PDS #{self.pk} ({self.note or when})"
