"""Found by tests/test_hostile_input.py on PostgreSQL: the people page's ?g= with a NUL character
went to the database (DataError: text fields cannot contain NUL) and answered 500; now 404."""
import pytest
from django.contrib.auth import get_user_model

from cakupan.accounts.models import AuditLog, Profile

from tests.compliance.test_compliance import run  # noqa: F401  (the fixture: a published roster_status)


@pytest.mark.django_db
def test_a_group_with_a_nul_is_not_found(client, run):  # noqa: F811
    user = get_user_model().objects.create_user(username="tim", password="pw-tim")
    Profile.objects.create(user=user, role="kepatuhan")
    client.force_login(user)
    nul = client.get("/kepatuhan/perangkat_desa/orang/", {"g": "34.02.01.2001\x00"})
    assert nul.status_code in (400, 404)  # the NUL middleware answers first
    assert not AuditLog.objects.filter(action="view_roster_persons").exists()
    assert client.get("/kepatuhan/perangkat_desa/orang/", {"g": "34.02.01.2001"}).status_code == 200
