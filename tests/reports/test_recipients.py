"""recipient_add / recipient_remove: an area that exists (kabupaten, kapanewon or kalurahan), a valid
address; adding an address again reactivates it."""
from __future__ import annotations

import pytest

from cakupan.errors import UserError
from cakupan.reports.models import ReportRecipient
from cakupan.reports.selectors import recipient_areas, recipients_active
from cakupan.reports.services import recipient_add, recipient_remove
from tests.web.factories import KAL_A, KAP_A, areas_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(db):
    areas_make()


@pytest.mark.parametrize("area, mail, code", [
    ("99.99", "a@b.go.id", "recipient.area"), ("34", "a@b.go.id", "recipient.area"),
    (f"{KAL_A}.krajan", "a@b.go.id", "recipient.area"), ("34.02", "bukan e-mail", "recipient.email"),
    ("34.02", "a\x00@b.go.id", "recipient.nul"), ("", "a@b.go.id", "recipient.area"),
])
def test_refused_with_a_message(areas, area, mail, code):
    with pytest.raises(UserError) as err:
        recipient_add(area_code=area, email=mail)
    assert err.value.code == code and not ReportRecipient.objects.exists()


def test_added_again_is_active_again(areas):
    r = recipient_add(area_code=KAP_A, email=" Camat@Srandakan.go.id ", name="Panewu")
    ReportRecipient.objects.filter(id=r.id).update(active=False)
    assert recipient_areas() == [] and recipients_active(area_code=KAP_A) == []
    again = recipient_add(area_code=KAP_A, email="camat@srandakan.go.id", name="Panewu Srandakan")
    assert again.id == r.id and again.active and again.name == "Panewu Srandakan"
    assert recipient_areas() == [KAP_A]
    recipient_remove(recipient_id=r.id)
    with pytest.raises(UserError):
        recipient_remove(recipient_id=r.id)
