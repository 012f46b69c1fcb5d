import pytest
from typer.testing import CliRunner

from cakupan.accounts.models import Profile
from cakupan.accounts.scope import scope_for
from cakupan.accounts.services import user_create, users_demo_ensure
from cakupan.errors import UserError
from tests.web.factories import KAL_A, KAP_A, areas_make

pytestmark = pytest.mark.django_db


def test_user_create_operator_scope():
    areas_make()
    user = user_create(username="sri", role="kalurahan", password="rahasia-123", area_code=KAL_A)
    assert scope_for(user).area_code == KAL_A and scope_for(user).role == "kalurahan"
    assert user.check_password("rahasia-123") and not user.is_staff


@pytest.mark.parametrize("kwargs, code", [
    ({"role": "lurah"}, "user.role"),
    ({"role": "kalurahan"}, "user.area_missing"),
    ({"role": "kalurahan", "area_code": "34.99.99.9999"}, "user.area_unknown"),
    ({"role": "kalurahan", "area_code": KAP_A}, "user.area_kind"),
    ({"role": "mitra"}, "user.org_missing"),
    ({"role": "mitra", "org": "X", "ecosystems": ("kebun",)}, "user.ecosystem"),
    ({"role": "analis", "password": "short"}, "user.password"),
])
def test_user_create_rejects_bad_input(kwargs, code):
    areas_make()
    kwargs = {"username": "x", "password": "cukup-panjang", **kwargs}
    with pytest.raises(UserError) as err:
        user_create(**kwargs)
    assert err.value.code == code


def test_duplicate_username():
    user_create(username="a", role="analis", password="cukup-panjang")
    with pytest.raises(UserError, match="sudah ada"):
        user_create(username="a", role="analis", password="cukup-panjang")


def test_demo_accounts_one_per_role_and_reset():
    areas_make()
    first = users_demo_ensure()
    assert sorted(r for _, r, _ in first) == sorted(
        ["admin", "analis", "kepatuhan", "kapanewon", "kalurahan", "mitra", "pimpinan", "operator"]
    )
    second = users_demo_ensure()
    assert Profile.objects.count() == 8
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="demo-analis")
    new_pw = dict((u, p) for u, _, p in second)["demo-analis"]
    assert user.check_password(new_pw)
    assert new_pw != dict((u, p) for u, _, p in first)["demo-analis"]
    assert get_user_model().objects.get(username="demo-admin").is_superuser


def test_cli_user_add_and_list(monkeypatch):
    from cakupan import home
    from cakupan.cli import app

    areas_make()
    monkeypatch.setattr(home, "_READY", True)  # the test database is already set up
    runner = CliRunner()
    result = runner.invoke(
        app, ["user", "add", "dkukmpp", "--role", "mitra", "--org", "DKUKMPP", "--ecosystem", "umkm",
              "--ecosystem", "pasar", "--password-stdin"], input="rahasia-123\n",
    )
    assert result.exit_code == 0, result.output
    assert Profile.objects.get(user__username="dkukmpp").ecosystems == ["umkm", "pasar"]
    result = runner.invoke(app, ["user", "list"])
    assert "dkukmpp" in result.output and "mitra" in result.output


def test_cli_demo_accounts_prints_passwords(monkeypatch):
    from cakupan import home
    from cakupan.cli import app

    areas_make()
    monkeypatch.setattr(home, "_READY", True)
    result = CliRunner().invoke(app, ["user", "demo-accounts"])
    assert result.exit_code == 0, result.output
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="demo-pimpinan")
    line = next(ln for ln in result.output.splitlines() if "demo-pimpinan" in ln)
    password = line.replace("│", " ").split()[-1]
    assert user.check_password(password)


def test_cli_user_add_bad_role_is_one_line_error(monkeypatch):
    from cakupan import home
    from cakupan.cli import app

    monkeypatch.setattr(home, "_READY", True)
    result = CliRunner().invoke(app, ["user", "add", "x", "--role", "lurah", "--password-stdin"], input="panjang-sekali\n")
    assert isinstance(result.exception, UserError) and "tidak dikenal" in str(result.exception)
