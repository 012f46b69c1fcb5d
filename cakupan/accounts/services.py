"""Writes for accounts: users with a role and a scope, and the demo accounts."""
from __future__ import annotations

import logging
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from cakupan.core.vocab import ECOSYSTEMS
from cakupan.errors import UserError

from .models import Profile, Role

log = logging.getLogger(__name__)

AREA_ROLES = {Role.KAPANEWON: "kapanewon", Role.KALURAHAN: "kalurahan"}
MIN_PASSWORD = 8


def _check_scope(*, role: str, area_code: str, org: str, ecosystems: tuple[str, ...]) -> None:
    if role not in Role.values:
        raise UserError(f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(Role.values)}.", code="user.role")
    if role in AREA_ROLES:
        from cakupan.wilayah.models import Area

        if not area_code:
            raise UserError(f"Peran {role} memerlukan --area (kode {AREA_ROLES[role]}).", code="user.area_missing")
        area = Area.objects.filter(code=area_code).first()
        if area is None:
            raise UserError(f"Kode wilayah '{area_code}' tidak ditemukan.", code="user.area_unknown")
        if area.kind != AREA_ROLES[role]:
            raise UserError(
                f"Kode {area_code} adalah {area.kind}, bukan {AREA_ROLES[role]}.", code="user.area_kind"
            )
    if role == Role.MITRA and not org:
        raise UserError("Peran mitra memerlukan --org (nama organisasi mitra).", code="user.org_missing")
    unknown = [e for e in ecosystems if e not in ECOSYSTEMS]
    if unknown:
        raise UserError(
            f"Ekosistem tidak dikenal: {', '.join(unknown)}; pilihan: {', '.join(ECOSYSTEMS.codes)}.",
            code="user.ecosystem",
        )


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    password: str,
    area_code: str = "",
    org: str = "",
    ecosystems: tuple[str, ...] | list[str] = (),
):
    """Create a user with a Profile (role + scope). Admins are also Django staff/superusers."""
    username = (username or "").strip()
    if not username:
        raise UserError("Nama pengguna tidak boleh kosong.", code="user.name")
    if len(password or "") < MIN_PASSWORD:
        raise UserError(f"Kata sandi minimal {MIN_PASSWORD} karakter.", code="user.password")
    ecosystems = tuple(ecosystems)
    _check_scope(role=role, area_code=area_code, org=org, ecosystems=ecosystems)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise UserError(f"Pengguna '{username}' sudah ada.", code="user.exists")
    is_admin = role == Role.ADMIN
    user = User.objects.create_user(
        username=username, password=password, is_staff=is_admin, is_superuser=is_admin
    )
    Profile.objects.create(
        user=user,
        role=role,
        area_code=area_code if role in AREA_ROLES else "",
        org=org,
        ecosystems=list(ecosystems),
    )
    log.info("user %s created with role %s", username, role)
    return user


def users_list() -> list[dict]:
    User = get_user_model()
    rows = []
    for user in User.objects.select_related("profile").order_by("username"):
        profile = getattr(user, "profile", None)
        rows.append(
            {
                "username": user.username,
                "role": profile.role if profile else ("admin" if user.is_superuser else ""),
                "area_code": profile.area_code if profile else "",
                "org": profile.org if profile else "",
                "ecosystems": list(profile.ecosystems) if profile else [],
                "active": user.is_active,
            }
        )
    return rows


def _demo_specs() -> list[dict]:
    from cakupan.wilayah.models import Area

    kapanewon = Area.objects.filter(kind="kapanewon").order_by("code").first()
    kalurahan = Area.objects.filter(kind="kalurahan").order_by("code").first()
    specs = [
        {"role": Role.ADMIN},
        {"role": Role.ANALIS},
        {"role": Role.KEPATUHAN},
        {"role": Role.MITRA, "org": "DKUKMPP", "ecosystems": ("umkm", "pasar")},
        {"role": Role.PIMPINAN},
        {"role": Role.OPERATOR},
    ]
    if kapanewon is not None:
        specs.insert(3, {"role": Role.KAPANEWON, "area_code": kapanewon.code})
    if kalurahan is not None:
        specs.insert(4, {"role": Role.KALURAHAN, "area_code": kalurahan.code})
    return specs


@transaction.atomic
def users_demo_ensure() -> list[tuple[str, str, str]]:
    """One demo account per role (`demo-<role>`), each given a fresh random password.
    Returns (username, role, password) so the demo can print them."""
    User = get_user_model()
    out = []
    for spec in _demo_specs():
        role = spec["role"]
        username = f"demo-{role}"
        password = secrets.token_urlsafe(9)
        existing = User.objects.filter(username=username).first()
        if existing is None:
            user_create(username=username, password=password, **spec)
        else:  # keep the row (others may refer to it); reset password and scope
            _check_scope(role=role, area_code=spec.get("area_code", ""), org=spec.get("org", ""),
                         ecosystems=tuple(spec.get("ecosystems", ())))
            existing.set_password(password)
            existing.is_active = True
            existing.save()
            Profile.objects.update_or_create(
                user=existing,
                defaults={"role": role, "area_code": spec.get("area_code", ""), "org": spec.get("org", ""),
                          "ecosystems": list(spec.get("ecosystems", ()))},
            )
        out.append((username, str(role), password))
    if len(out) < len(Role.values):
        log.warning("no kapanewon/kalurahan areas loaded: area operator demo accounts skipped")
    return out


def token_create(*, username: str) -> str:
    """The user's API token (DRF authtoken), created on first call; logged in the audit log."""
    from rest_framework.authtoken.models import Token

    from .scope import audit_record

    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.is_active:
        raise UserError(f"Pengguna '{username}' tidak ditemukan atau tidak aktif.", code="user.unknown")
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit_record(user=None, action="token_create", scope=username, detail={"username": username})
    return token.key


def token_revoke(*, username: str) -> int:
    from rest_framework.authtoken.models import Token

    from .scope import audit_record

    n, _ = Token.objects.filter(user__username=username).delete()
    if n:
        audit_record(user=None, action="token_revoke", scope=username, detail={"username": username})
    return n
