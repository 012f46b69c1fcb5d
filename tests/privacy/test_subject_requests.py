"""Deletion and rectification on request (UU 27/2022): the request logged, a tombstone applied on
every person-level read (lists, ids cached, explain search, worklists' scope filter, access report),
derived rows of published runs deleted or corrected, aggregates of past runs untouched; only the DPO
or an admin may record one."""
from __future__ import annotations

from datetime import date, timedelta

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import Scope, scope_for
from cakupan.coverage.models import CoverageFact, PersonStatus
from cakupan.coverage.selectors import PersonFilter, person_ids, persons_by_ids, persons_in_area
from cakupan.errors import UserError
from cakupan.privacy.models import Override, SubjectRequest, Tombstone
from cakupan.privacy.selectors import dpo_allowed, tombstoned_niks
from cakupan.privacy.services import (
    overrides_export,
    person_data_report,
    subject_request_record,
    tombstones_export,
)
from cakupan.registries.models import Snapshot
from tests.outreach.factories import make_user
from tests.web.factories import KAL_A, run_make

pytestmark = pytest.mark.django_db
ADMIN = Scope(role="admin")


def _someone(run) -> PersonStatus:
    return PersonStatus.objects.filter(run=run, kalurahan_code=KAL_A, status="none").order_by("id").first()


def test_deletion_tombstones_the_nik_everywhere_and_keeps_the_aggregates(cakupan_home):
    run = run_make().run
    dpo = make_user("dpo", role="admin")
    p = _someone(run)
    flt = PersonFilter()
    ids_before = person_ids(scope=ADMIN, run=run, area_code=KAL_A, flt=flt)  # cached for a DONE run
    assert p.pk in ids_before
    facts = list(CoverageFact.objects.filter(run=run).values_list("workforce", "active", "nonactive"))
    req = subject_request_record(nik=p.nik, kind="deletion", reason="Pasal 8: minta dihapus",
                                 requested_by="yang bersangkutan", user=dpo)
    assert set(tombstoned_niks()) == {p.nik} and Tombstone.objects.get().request == req
    assert req.rows_affected["person_status"] == 1 and not PersonStatus.objects.filter(nik=p.nik).exists()
    # every person-level read leaves it out, also a list cached before the request
    assert not persons_in_area(scope=ADMIN, run=run, area_code=KAL_A, flt=flt).filter(nik=p.nik).exists()
    # a list cached before the request (ids only) no longer finds the person's row
    assert p.nik not in {x.nik for x in persons_by_ids(run=run, ids=ids_before)}
    assert len(persons_by_ids(run=run, ids=ids_before)) == len(ids_before) - 1
    assert ADMIN.person_hidden(p.nik) and not ADMIN.person_hidden(_someone(run).nik)
    # the aggregates of the published run stay as published (they are not personal data)
    assert list(CoverageFact.objects.filter(run=run).values_list("workforce", "active", "nonactive")) == facts
    log = AuditLog.objects.get(action="pdp_deletion")
    assert p.nik not in log.scope and log.detail["request"] == req.pk
    with pytest.raises(UserError, match="sudah dihapus"):
        subject_request_record(nik=p.nik, kind="deletion", reason="lagi", requested_by="x", user=dpo)


def test_scope_filter_drops_tombstoned_rows_of_any_person_shaped_table(cakupan_home):
    run = run_make(with_history=False).run
    p = _someone(run)
    Tombstone.objects.create(nik=p.nik, request=SubjectRequest.objects.create(
        nik=p.nik, kind="deletion", reason="r", requested_by="s", received_at=timezone.now(), recorded_by_name="t"))
    kal = Scope(role="kalurahan", area_code=KAL_A)
    assert not kal.filter_persons(PersonStatus.objects.filter(run=run, nik=p.nik)).exists()
    assert kal.filter_persons(PersonStatus.objects.filter(run=run)).count() == \
        PersonStatus.objects.filter(run=run, kalurahan_code=KAL_A).exclude(nik=p.nik).count()


def test_explain_search_and_explanation_do_not_find_an_erased_person(cakupan_home):
    from cakupan.explain.selectors import PersonNotFound, person_explain

    run = run_make(with_history=False).run
    p = _someone(run)
    user = make_user("analis", role="analis")
    subject_request_record(nik=p.nik, kind="deletion", reason="r", requested_by="s", user=None)
    with pytest.raises(PersonNotFound):
        person_explain(user=user, scope=scope_for(user), nik=p.nik, run=run)


def test_rectification_corrects_published_rows_and_the_access_report(cakupan_home):
    run = run_make(with_history=False).run
    p = _someone(run)
    path = cakupan_home / "snapshots" / "population" / "1.parquet"
    path.parent.mkdir(parents=True)
    pq.write_table(pa.table({"nik": [p.nik], "nama": [p.nama], "tanggal_lahir": [p.birth_date]}), path)
    Snapshot.objects.create(kind="population", as_of=run.as_of, file_name="p.csv", file_sha256="a" * 64,
                            rows_read=1, rows_loaded=1, rows_quarantined=0, data_path="snapshots/population/1.parquet")
    born = date(1990, 5, 6)
    req = subject_request_record(nik=p.nik, kind="rectification", reason="salah ketik", requested_by="ybs",
                                 nama="Sri Rahayu", birth_date=born, user=None)
    p.refresh_from_db()
    assert (p.nama, p.birth_date, p.age) == ("Sri Rahayu", born, 32)  # age at the run's date (2023-02-27)
    assert req.rows_affected == {"person_status": 1} and Override.objects.get(nik=p.nik).nama == "Sri Rahayu"
    report = person_data_report(nik=p.nik)
    row = report["population"][0]
    assert row["nama"] == "Sri Rahayu" and row["nama_tercatat"] != "Sri Rahayu" and row["tanggal_lahir"] == "1990-05-06"
    assert [r["kind"] for r in report["pdp_requests"]] == ["rectification"]
    # a second one correcting only the birth date keeps the corrected name
    subject_request_record(nik=p.nik, kind="rectification", reason="tgl", requested_by="ybs",
                           birth_date=date(1990, 5, 7), user=None)
    assert Override.objects.values_list("nama", "birth_date").get() == ("Sri Rahayu", date(1990, 5, 7))
    assert AuditLog.objects.filter(action="pdp_rectification").count() == 2


def test_access_report_of_an_erased_person_withholds_the_snapshot_rows(cakupan_home):
    nik = "3402014501900001"
    path = cakupan_home / "snapshots" / "population" / "1.parquet"
    path.parent.mkdir(parents=True)
    pq.write_table(pa.table({"nik": [nik], "nama": ["Ngadiyem"]}), path)
    Snapshot.objects.create(kind="population", as_of=date(2023, 2, 27), file_name="p.csv", file_sha256="a" * 64,
                            rows_read=1, rows_loaded=1, rows_quarantined=0, data_path="snapshots/population/1.parquet")
    subject_request_record(nik=nik, kind="deletion", reason="r", requested_by="ybs", user=None)
    report = person_data_report(nik=nik)
    assert report["population"] == [] and report["erased"] == [{"withheld_snapshot_rows": 1}]
    assert {"enrolments", "worklist_items", "events_attended"} <= set(report)  # outreach's records still listed
    assert pq.read_table(path).num_rows == 1  # the snapshot file itself is immutable


def test_requests_are_checked_and_only_the_dpo_or_admin_may_record(cakupan_home):
    nik = "3402014501900001"
    analis = make_user("analis", role="analis")
    with pytest.raises(PermissionDenied):
        subject_request_record(nik=nik, kind="deletion", reason="r", requested_by="s", user=analis)
    assert not dpo_allowed(analis)
    analis.user_permissions.add(Permission.objects.get(codename="dpo", content_type__app_label="privacy"))
    analis = type(analis).objects.get(pk=analis.pk)  # permissions are cached per instance
    assert dpo_allowed(analis)
    for kwargs, code in (({"nik": "123"}, "pdp.nik"), ({"kind": "hapus"}, "pdp.kind"), ({"reason": "  "}, "pdp.reason"),
                         ({"kind": "rectification"}, "pdp.rectify_empty"),
                         ({"received_at": timezone.now() + timedelta(days=2)}, "pdp.received_at")):
        args = {"nik": nik, "kind": "deletion", "reason": "r", "requested_by": "s", "user": analis, **kwargs}
        with pytest.raises(UserError) as err:
            subject_request_record(**args)
        assert err.value.code == code
    assert not SubjectRequest.objects.exists()


def test_exports_for_the_run_hold_tombstones_and_overrides(cakupan_home, tmp_path):
    subject_request_record(nik="3402014501900001", kind="deletion", reason="r", requested_by="s", user=None)
    subject_request_record(nik="3402014501900002", kind="rectification", reason="r", requested_by="s",
                           nama="Paijo", user=None)
    assert tombstones_export(path=tmp_path / "t.parquet") == 1
    assert pq.read_table(tmp_path / "t.parquet").to_pylist() == [{"nik": "3402014501900001"}]
    assert overrides_export(path=tmp_path / "o.parquet") == 1
    assert pq.read_table(tmp_path / "o.parquet").to_pylist() == [
        {"nik": "3402014501900002", "nama": "Paijo", "tanggal_lahir": None}]



def test_api_person_list_leaves_out_an_erased_person(cakupan_home):
    from django.test import Client

    run = run_make(with_history=False).run
    p = _someone(run)
    c = Client()
    c.force_login(make_user("analis", role="analis"))
    before = c.get(f"/api/persons/?area={KAL_A}&page_size=500").json()
    assert p.nik in {r["nik"] for r in before["results"]}
    subject_request_record(nik=p.nik, kind="deletion", reason="r", requested_by="ybs", user=None)
    after = c.get(f"/api/persons/?area={KAL_A}&page_size=500").json()
    assert p.nik not in {r["nik"] for r in after["results"]} and after["count"] == before["count"] - 1


def test_explanation_of_a_past_runs_file_leaves_out_an_erased_person(world):
    """The run folders' person files are not rewritten: the tombstone is applied on read (API)."""
    from django.test import Client

    from tests.explain.world import N

    c = Client()
    c.force_login(make_user("analis", role="analis"))
    assert c.get(f"/api/persons/explain/?nik={N.EXACT}").status_code == 200
    subject_request_record(nik=N.EXACT, kind="deletion", reason="r", requested_by="ybs", user=None)
    assert c.get(f"/api/persons/explain/?nik={N.EXACT}").status_code == 404


def test_explanation_from_a_past_runs_file_shows_the_rectified_name(world):
    from cakupan.explain.selectors import person_explain, person_find
    from tests.explain.world import N

    user = make_user("analis", role="analis")
    subject_request_record(nik=N.EXACT, kind="rectification", reason="salah ketik", requested_by="ybs",
                           nama="Nama Dibetulkan", birth_date=date(1980, 1, 2), user=None)
    expl = person_explain(user=user, scope=scope_for(user), nik=N.EXACT)
    assert expl.person["nama"] == "Nama Dibetulkan" and expl.person["birth_date"] == date(1980, 1, 2)
    hits = person_find(user=user, scope=scope_for(user), nik=N.EXACT)
    assert [h.nama for h in hits] == ["Nama Dibetulkan"]


def test_a_worklist_made_before_the_deletion_no_longer_lists_the_person(cakupan_home):
    from cakupan.outreach.selectors import worklist_items
    from cakupan.outreach.services import partner_create, worklist_make
    from tests.outreach.factories import KAP, make_run, standard_persons

    make_run(standard_persons())
    admin = make_user("admin", role="admin")
    partner = partner_create(name="Perisai Srandakan", kind="perisai", area_codes=[KAP])
    wl = worklist_make(partner=partner, area_code=KAP, scope=scope_for(admin), user=admin)
    items = list(worklist_items(worklist=wl, scope=scope_for(admin)))
    gone = items[0].nik
    subject_request_record(nik=gone, kind="deletion", reason="r", requested_by="ybs", user=None)
    after = list(worklist_items(worklist=wl, scope=scope_for(admin)))
    assert gone not in {i.nik for i in after} and len(after) == len(items) - 1


def test_worklist_export_records_its_purpose(cakupan_home):
    from cakupan.core.vocab import EXPORT_PURPOSES
    from cakupan.outreach.services import partner_create, worklist_export_xlsx, worklist_make
    from tests.outreach.factories import KAP, make_run, standard_persons

    make_run(standard_persons())
    admin = make_user("admin", role="admin")
    partner = partner_create(name="Perisai Srandakan", kind="perisai", area_codes=[KAP])
    wl = worklist_make(partner=partner, area_code=KAP, scope=scope_for(admin), user=admin)
    worklist_export_xlsx(worklist=wl, scope=scope_for(admin), user=admin)
    purpose = AuditLog.objects.get(action="export_persons").detail["purpose"]
    assert purpose == "sosialisasi" and purpose in EXPORT_PURPOSES


def test_deletion_also_empties_the_review_queue_of_the_person(cakupan_home):
    from cakupan.linkage.models import ReviewItem

    run = run_make(with_history=False).run
    as_candidate, as_member = ReviewItem.objects.filter(run=run).order_by("id")[:2]
    from cakupan.linkage.models import ReviewDecision

    ReviewDecision.objects.create(member_key=as_candidate.member_key, candidate_nik=as_candidate.candidate_nik,
                                  decision="accept")
    req = subject_request_record(nik=as_candidate.candidate_nik, kind="deletion", reason="r", requested_by="s", user=None)
    req2 = subject_request_record(nik=as_member.member["nik"], kind="deletion", reason="r", requested_by="s", user=None)
    assert req.rows_affected["review_items"] == 1 and req2.rows_affected["review_items"] == 1
    assert req.rows_affected["review_decisions"] == 1 and not ReviewDecision.objects.exists()
    assert ReviewItem.objects.filter(run=run).count() == 1
