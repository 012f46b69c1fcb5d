"""Published marts: what the web app, API and reports read. Written only by
cakupan.coverage.services (called by the run orchestrator, cakupan.runs, in one transaction per
run); pages read the latest DONE run.
Grains are stated on each model."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CoverageRun(models.Model):
    """One pipeline run (link + coverage) for one as-of date. STARTED -> DONE | FAILED.

    The run record of every published table (coverage's, linkage's review items and links,
    compliance's roster status all point here); the orchestrator (cakupan.runs) moves its status
    through cakupan.coverage.services run_start / run_finish / run_fail."""

    class Status(models.TextChoices):
        STARTED = "STARTED"
        DONE = "DONE"
        FAILED = "FAILED"

    as_of = models.DateField(db_index=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.STARTED)
    engine = models.CharField(max_length=10, default="duckdb")
    population_snapshot = models.ForeignKey("registries.Snapshot", null=True, on_delete=models.PROTECT, related_name="+")
    member_snapshot = models.ForeignKey("registries.Snapshot", null=True, on_delete=models.PROTECT, related_name="+")
    run_dir = models.CharField(max_length=500, blank=True, default="")  # marts parquet, relative to CAKUPAN_HOME
    summary = models.JSONField(default=dict)  # link counts by method, quality on truth, timings
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("run cakupan")
        verbose_name_plural = _("run cakupan")
        ordering = ["-as_of", "-id"]


class CoverageFact(models.Model):
    """Grain: one row per run x padukuhan x ecosystem x segment x sex x age band.
    Roll-ups to kalurahan/kapanewon/kabupaten are sums (selectors group by the code columns)."""

    run = models.ForeignKey(CoverageRun, on_delete=models.CASCADE, related_name="facts")
    kabupaten_code = models.CharField(max_length=16)
    kapanewon_code = models.CharField(max_length=16)
    kalurahan_code = models.CharField(max_length=24)
    padukuhan_code = models.CharField(max_length=64)
    ecosystem = models.CharField(max_length=24)
    segment = models.CharField(max_length=8)  # PU | BPU | JAKON | PMI | NONE
    sex = models.CharField(max_length=1)  # L | P
    age_band = models.CharField(max_length=8)  # 15-19 ... 60-64, 65+
    workforce = models.PositiveIntegerField()
    active = models.PositiveIntegerField()
    nonactive = models.PositiveIntegerField()
    # of `active`: active only through an enrolment registered in cakupan, not yet in a BPJS extract
    provisional = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("fakta cakupan")
        verbose_name_plural = _("fakta cakupan")
        indexes = [
            models.Index(fields=["run", "kapanewon_code"]),
            models.Index(fields=["run", "kalurahan_code"]),
        ]


class PersonStatus(models.Model):
    """Grain: one row per run x workforce person (excluded persons are counted, not listed).
    Personal data: read only through scoped selectors, every look audited."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Aktif"
        NONACTIVE = "nonactive", "Tidak aktif"
        NONE = "none", "Belum terdaftar"

    run = models.ForeignKey(CoverageRun, on_delete=models.CASCADE, related_name="persons")
    nik = models.CharField(max_length=16)
    nama = models.CharField(max_length=200)
    sex = models.CharField(max_length=1)
    birth_date = models.DateField(null=True)
    age = models.PositiveSmallIntegerField(null=True)
    kapanewon_code = models.CharField(max_length=16)
    kalurahan_code = models.CharField(max_length=24)
    padukuhan_code = models.CharField(max_length=64)
    pekerjaan_kode = models.PositiveSmallIntegerField(null=True)
    ecosystem = models.CharField(max_length=24)
    status = models.CharField(max_length=10, choices=Status.choices)
    segment = models.CharField(max_length=8, default="NONE")
    kpj = models.CharField(max_length=20, blank=True, default="")
    paid_through = models.DateField(null=True)  # first day of the paid-through month
    link_method = models.CharField(max_length=16, blank=True, default="")
    months_behind = models.IntegerField(null=True)  # as-of month minus paid-through month
    lapse_month = models.DateField(null=True)  # first month no longer active unless paid (segment's grace rule)

    class Meta:
        verbose_name = _("status orang")
        verbose_name_plural = _("status orang")
        indexes = [
            models.Index(fields=["run", "kalurahan_code", "status"]),
            models.Index(fields=["run", "padukuhan_code"]),
            models.Index(fields=["run", "nik"]),
        ]


class CoverageHistory(models.Model):
    """Grain: one row per as-of date (month end or snapshot date) x area x segment.
    The trend is a query over this table; rows come from runs and from the monthly history."""

    as_of = models.DateField()
    area_code = models.CharField(max_length=24)
    area_kind = models.CharField(max_length=12)
    segment = models.CharField(max_length=8, default="ALL")
    workforce = models.PositiveIntegerField()
    active = models.PositiveIntegerField()
    nonactive = models.PositiveIntegerField(default=0)
    enrolled = models.PositiveIntegerField(default=0)  # new in the month
    lapsed = models.PositiveIntegerField(default=0)  # lapsed in the month
    source = models.CharField(max_length=12, default="run")  # run | history

    class Meta:
        verbose_name = _("riwayat cakupan")
        verbose_name_plural = _("riwayat cakupan")
        constraints = [
            models.UniqueConstraint(fields=["as_of", "area_code", "segment", "source"], name="history_once")
        ]
        indexes = [models.Index(fields=["area_code", "as_of"])]


class CoverageFlow(models.Model):
    """Grain: one row per run x kalurahan x segment x ecosystem: the stock and flow of active
    members against the previous published run (cakupan/pipeline/flows.py). For every row,
    active_end = active_start + new + reactivated - lapsed - left + moved_in - moved_out."""

    run = models.ForeignKey(CoverageRun, on_delete=models.CASCADE, related_name="flows")
    previous_run = models.ForeignKey(CoverageRun, null=True, on_delete=models.SET_NULL, related_name="+")
    as_of = models.DateField()
    kalurahan_code = models.CharField(max_length=24)
    segment = models.CharField(max_length=8)
    ecosystem = models.CharField(max_length=24)
    active_start = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    reactivated = models.PositiveIntegerField(default=0)
    lapsed = models.PositiveIntegerField(default=0)
    left = models.PositiveIntegerField(default=0)
    moved_in = models.PositiveIntegerField(default=0)
    moved_out = models.PositiveIntegerField(default=0)
    active_end = models.PositiveIntegerField(default=0)
    workforce = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("arus kepesertaan")
        verbose_name_plural = _("arus kepesertaan")
        indexes = [models.Index(fields=["run", "kalurahan_code"])]
