"""Found by tests/test_hostile_input.py on PostgreSQL: a review note with a NUL character
(DataError: text fields cannot contain NUL) answered 500. The NUL is dropped, the note kept."""
import pytest

from cakupan.linkage.models import ReviewDecision, ReviewItem
from tests.web.factories import KAL_A, run_make, users_make

pytestmark = pytest.mark.django_db


def test_a_note_with_a_nul_is_stored_without_it(client):
    run_make()
    client.force_login(users_make()["analis"])
    item = ReviewItem.objects.filter(kalurahan_code=KAL_A).first()
    r = client.post(f"/linkage/tinjau/{item.pk}/", {"decision": "accept", "note": "nama a\x00b sama"})
    assert r.status_code == 302
    assert ReviewDecision.objects.get(member_key=item.member_key).note == "nama ab sama"
