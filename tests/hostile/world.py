"""The small world every URL is tried against: the web factories' published run (2 kapanewon,
3 kalurahan, persons of every status, review items), one user per role made with user_create, a
target, a partner with a worklist, an upload waiting for its columns, a queued job and a
snapshot with quarantined rows. Each optional piece is best effort: what could not be made is
reported, never fatal (the walk still runs)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .values import population_csv

PASSWORD = "sandi-uji-hostile-123"
ROLES = ("admin", "operator", "analis", "kepatuhan", "kapanewon", "kalurahan", "mitra", "pimpinan")


@dataclass
class World:
    users: dict
    existing: dict[str, list[str]]
    notes: list[str] = field(default_factory=list)


def world_make() -> World:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from tests.web.factories import KAB, KAL_A, KAL_B, KAP_A, run_make

    from cakupan.accounts.scope import scope_for
    from cakupan.accounts.services import user_create
    from cakupan.coverage.models import PersonStatus
    from cakupan.core.vocab import ROSTER_KINDS
    from cakupan.linkage.models import ReviewItem

    published = run_make()
    area = {"kapanewon": {"area_code": KAP_A}, "kalurahan": {"area_code": KAL_A},
            "mitra": {"org": "Dinas Pasar", "ecosystems": ("pasar",)}}
    users = {role: user_create(username=f"h_{role}", role=role, password=PASSWORD, **area.get(role, {}))
             for role in ROLES}
    person = PersonStatus.objects.filter(run=published.run, kalurahan_code=KAL_A).order_by("pk").first()
    existing: dict[str, list[str]] = {
        "code": [KAL_A, KAP_A, KAB, KAL_B],
        "fmt": ["xlsx", "csv", "pdf"],  # xlsx first: the person export and the report both serve it
        "roster_kind": list(ROSTER_KINDS.codes)[:2],
        "run_id": [str(published.run.pk)],
        "person_id": [str(person.pk)],
        "item_id": [str(ReviewItem.objects.filter(kalurahan_code=KAL_A).order_by("pk").first().pk)],
    }
    w = World(users=users, existing=existing)
    try:  # the rules page (/aturan/) reads the run's person_status.parquet: give it one
        from pathlib import Path

        from django.conf import settings
        from tests.web.test_rules import rules_run_dir

        folder = rules_run_dir(published.run, Path(settings.CAKUPAN_HOME))
        _person_columns(published.run, folder / "person_status.parquet")
    except Exception as exc:  # noqa: BLE001
        w.notes.append(f"no person_status.parquet: {type(exc).__name__}: {exc}")
    admin, op = users["admin"], users["operator"]

    try:
        from cakupan.targets.services import target_set

        t = target_set(area_code=KAB, value_pct=Decimal("30"), due=date(2023, 12, 31),
                       baseline_as_of=date(2023, 2, 27), user=admin)
        existing["target_id"] = [str(t.pk)]
    except Exception as exc:  # noqa: BLE001
        w.notes.append(f"no target: {type(exc).__name__}: {exc}")
    try:
        from cakupan.outreach import services as outreach

        partner = outreach.partner_create(name="Mitra Uji", kind="lurah")
        wl = outreach.worklist_make(partner=partner, area_code=KAL_A, scope=scope_for(admin), user=admin)
        existing["worklist_id"] = [str(wl.pk)]
    except Exception as exc:  # noqa: BLE001
        w.notes.append(f"no worklist: {type(exc).__name__}: {exc}")
    try:
        from cakupan.jobs import services as jobs
        from cakupan.registries.occupations import occupation_mapping_ensure

        occupation_mapping_ensure()
        up = jobs.upload_save(file=SimpleUploadedFile("penduduk.csv", population_csv()), kind="population",
                              as_of=date(2023, 2, 27), user=op)
        others = [jobs.upload_save(file=SimpleUploadedFile(f"{kind}.csv", population_csv()), kind=kind,
                                   roster_kind=rk, as_of=date(2023, 2, 27), user=op)
                  for kind, rk in (("members", ""), ("roster", list(ROSTER_KINDS.codes)[0]))]
        existing["upload_id"] = [str(up.pk)] + [str(o.pk) for o in others]  # each kind's column form
        up2 = jobs.upload_save(file=SimpleUploadedFile("penduduk2.csv", population_csv()), kind="population",
                               as_of=date(2023, 2, 27), user=op)
        job = jobs.job_import_submit(upload=up2, user=op)
        up3 = jobs.upload_save(file=SimpleUploadedFile("penduduk3.csv", population_csv()), kind="population",
                               as_of=date(2023, 2, 27), user=op)
        cancelled = jobs.job_cancel(job=jobs.job_import_submit(upload=up3, user=op), user=op)  # its page: retry
        existing["job_id"] = [str(job.pk), str(cancelled.pk)]
    except Exception as exc:  # noqa: BLE001
        w.notes.append(f"no upload/job: {type(exc).__name__}: {exc}")
    try:
        import tempfile
        from pathlib import Path

        from cakupan.registries.services import snapshot_import

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "penduduk.csv"
            path.write_bytes(population_csv())
            report = snapshot_import(kind="population", path=path, as_of=date(2023, 2, 27), user=op)
        existing["snapshot_id"] = [str(report.snapshot_id)]
    except Exception as exc:  # noqa: BLE001
        w.notes.append(f"no snapshot: {type(exc).__name__}: {exc}")
    return w


def _person_columns(run, path) -> None:
    """The person search (/orang/) reads the names and birth dates a real run's person_status.parquet
    holds: add them (and the ecosystem) from the run's PersonStatus rows; the excluded get nulls."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cakupan.coverage.models import PersonStatus

    table = pq.read_table(path)
    known = {p.nik: p for p in PersonStatus.objects.filter(run=run)}
    niks = table.column("nik").to_pylist()
    extra = {"nama": [known[n].nama if n in known else None for n in niks],
             "birth_date": pa.array([known[n].birth_date if n in known else None for n in niks], pa.date32()),
             "ecosystem": [known[n].ecosystem if n in known else None for n in niks]}
    for name, values in extra.items():
        if name not in table.column_names:
            table = table.append_column(name, pa.array(values) if isinstance(values, list) else values)
    pq.write_table(table, path)
