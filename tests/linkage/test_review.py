import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import scope_for
from cakupan.errors import UserError
from cakupan.linkage.models import ReviewDecision, ReviewItem
from cakupan.linkage.review import review_decide, review_decisions_all, review_queue
from tests.web.factories import KAL_A, KAL_B, run_make, users_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    return run_make(), users_make()


def test_queue_scoped_and_masked(setup):
    published, users = setup
    everything = review_queue(scope=scope_for(users["analis"]), run=published.run)
    mine = review_queue(scope=scope_for(users["kalurahan"]), run=published.run)
    assert len(everything) == 3
    assert {e.item.kalurahan_code for e in mine} == {KAL_A}
    assert all("********" in e.candidate["nik"] for e in mine)
    assert "********" not in everything[0].candidate["nik"]
    with pytest.raises(PermissionDenied):
        review_queue(scope=scope_for(users["pimpinan"]), run=published.run)


def test_decide_stores_pair_and_overwrites(setup):
    published, users = setup
    item = ReviewItem.objects.filter(kalurahan_code=KAL_A).first()
    review_decide(user=users["kalurahan"], item_id=item.pk, decision="accept", note="kenal orangnya")
    review_decide(user=users["kalurahan"], item_id=item.pk, decision="reject")
    decision = ReviewDecision.objects.get()
    assert (decision.member_key, decision.candidate_nik, decision.decision) == (item.member_key, item.candidate_nik, "reject")
    assert review_decisions_all() == [{"member_key": item.member_key, "candidate_nik": item.candidate_nik, "decision": "reject"}]
    assert AuditLog.objects.filter(action="review_decide").count() == 2
    pending = review_queue(scope=scope_for(users["kalurahan"]), run=published.run)
    assert item.pk not in [e.item.pk for e in pending]


def test_decide_outside_scope_or_bad_value(setup):
    published, users = setup
    other = ReviewItem.objects.filter(kalurahan_code=KAL_B).first()
    with pytest.raises(Http404):
        review_decide(user=users["kalurahan"], item_id=other.pk, decision="accept")
    with pytest.raises(UserError):
        review_decide(user=users["analis"], item_id=other.pk, decision="maybe")
    assert not ReviewDecision.objects.exists()


def test_decision_survives_next_run(setup):
    published, users = setup
    item = ReviewItem.objects.filter(kalurahan_code=KAL_A).first()
    review_decide(user=users["analis"], item_id=item.pk, decision="accept")
    from datetime import date

    newer = run_make(as_of=date(2023, 3, 31), with_history=False).run
    pending = review_queue(scope=scope_for(users["analis"]), run=newer)
    assert item.member_key not in [e.item.member_key for e in pending if e.item.candidate_nik == item.candidate_nik]
    assert len(review_queue(scope=scope_for(users["analis"]), run=newer, pending_only=False)) == 3


def test_review_page_and_post(setup, client):
    published, users = setup
    client.force_login(users["kalurahan"])
    html = client.get("/linkage/tinjau/").content.decode()
    assert "Soeparman ~ Suparman" in html and html.count('class="review"') == 2
    assert "Kemungkinan sama: 82\u00a0%" in html
    item = ReviewItem.objects.filter(kalurahan_code=KAL_A).first()
    response = client.post(f"/linkage/tinjau/{item.pk}/", {"decision": "accept"}, follow=True)
    assert "diterima" in response.content.decode()
    assert response.content.decode().count('class="review"') == 1
    other = ReviewItem.objects.filter(kalurahan_code=KAL_B).first()
    assert client.post(f"/linkage/tinjau/{other.pk}/", {"decision": "accept"}).status_code == 404


def test_review_sex_follows_the_page_language(setup, client):
    published, users = setup
    client.force_login(users["analis"])
    row = 'Jenis kelamin</th><td>'
    html = client.get("/linkage/tinjau/").content.decode()
    assert html.count(row + "L<") + html.count(row + "P<") >= 1
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/linkage/tinjau/").content.decode()
    assert html.count("Sex</th><td>M<") + html.count("Sex</th><td>F<") >= 1, html[html.find("Sex"):][:80]
