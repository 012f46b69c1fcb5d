"""cakupan.accounts.selectors: the audit log, for admins only."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from cakupan.accounts.scope import Scope, audit_record
from cakupan.accounts.selectors import AUDIT_ACTIONS, audit_entries

pytestmark = pytest.mark.django_db


def test_admin_reads_the_log_newest_first_and_by_action(django_user_model):
    user = django_user_model.objects.create_user(username="analis")
    for action in ("view_persons", "reveal_nik", "view_persons"):
        audit_record(user=user, action=action, scope="analis semua wilayah", rows=1)
    admin = Scope(role="admin")
    entries = list(audit_entries(scope=admin))
    assert len(entries) == 3 and [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    assert [e.action for e in audit_entries(scope=admin, action="reveal_nik")] == ["reveal_nik"]
    assert set(AUDIT_ACTIONS) >= {"view_persons", "reveal_nik"}


@pytest.mark.parametrize("role", ["analis", "kepatuhan", "pimpinan", "kalurahan", "mitra", "anonymous"])
def test_other_roles_may_not(role):
    with pytest.raises(PermissionDenied):
        audit_entries(scope=Scope(role=role))
