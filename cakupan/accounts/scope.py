"""The public door for 'who may see what'. Every person-level read goes through a Scope.

    scope = scope_for(user)
    qs = scope.filter_persons(PersonStatus.objects.filter(run=run))   # area / org filter
    rows = RosterStatus.objects.filter(run=run).filter(scope.roster_q(ecosystem_of_kind={...}))  # roster-shaped rows
    scope.can_see_persons, scope.sees_full_nik
    scope.person_hidden(nik)   # erased on request (privacy's tombstones): never shown
    audit_record(user=..., action="view_persons", scope=scope.label, rows=n)
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Lower
from django.db.models.lookups import Exact

from .models import AuditLog, Role

FULL_NIK_ROLES = {Role.ADMIN, Role.ANALIS, Role.KEPATUHAN}
OPERATION_ROLES = {Role.ADMIN, Role.OPERATOR}  # upload extracts, start runs, fix quarantine
PERSON_ROLES = {Role.ADMIN, Role.ANALIS, Role.KEPATUHAN, Role.KAPANEWON, Role.KALURAHAN, Role.MITRA}
_hidden_readers: list[Callable[[], Iterable[str]]] = []


def hidden_persons_register(reader: Callable[[], Iterable[str]]) -> None:
    """Registers a reader of NIKs no person-level read may show: it returns a lazy QuerySet of NIK
    values, used as a subquery (no extra query per page). privacy registers its tombstones at
    start-up (it sits above accounts: docs/decisions/0005-tombstones-through-scope.md)."""
    if reader not in _hidden_readers:
        _hidden_readers.append(reader)


def hidden_niks() -> frozenset[str]:
    """NIKs erased on request: left out of every person list, search and explanation (one query)."""
    return frozenset(n for reader in _hidden_readers for n in reader())


_override_readers: list[Callable[[list[str]], dict]] = []


def person_overrides_register(reader: Callable[[list[str]], dict]) -> None:
    """Registers a reader of rectified values: reader(niks) -> {nik: {"nama": ..., "birth_date": ...}}
    (only the fields corrected). privacy registers its overrides at start-up (decision 0005)."""
    if reader not in _override_readers:
        _override_readers.append(reader)


def persons_corrected(rows: list[dict]) -> list[dict]:
    """Person rows read from a file (a run folder's Parquet: `nik`, `nama`, `birth_date`) with the
    name and birth date rectified on request (one query for all rows); other rows unchanged."""
    fixes: dict[str, dict] = {}
    niks = sorted({r.get("nik") or "" for r in rows} - {""})
    for reader in _override_readers:
        for nik, values in (reader(niks) if niks else {}).items():
            fixes.setdefault(nik, {}).update(values)
    return [{**r, **{k: v for k, v in fixes[r["nik"]].items() if k in r}} if r.get("nik") in fixes else r
            for r in rows]


def without_hidden(qs: QuerySet, field_name: str = "nik") -> QuerySet:
    """`qs` (rows with a NIK column) without the NIKs erased on request, as a subquery."""
    for reader in _hidden_readers:
        qs = qs.exclude(**{f"{field_name}__in": reader()})
    return qs


@dataclass(frozen=True)
class Scope:
    role: str
    area_code: str = ""  # "" = every area
    org: str = ""
    ecosystems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def can_see_persons(self) -> bool:
        return self.role in PERSON_ROLES

    @property
    def sees_full_nik(self) -> bool:
        return self.role in FULL_NIK_ROLES

    @property
    def can_operate(self) -> bool:
        """Uploads, runs and quarantine downloads (the data officer's work)."""
        return self.role in OPERATION_ROLES

    @property
    def label(self) -> str:
        if self.area_code:
            return f"{self.role} {self.area_code}"
        if self.org:
            return f"{self.role} {self.org}"
        return f"{self.role} semua wilayah"

    def area_allowed(self, code: str) -> bool:
        """True when an area (any level) lies inside this scope, or contains it (for roll-ups)."""
        if not self.area_code:
            return True
        return code == self.area_code or code.startswith(self.area_code + ".")

    def area_visible(self, code: str) -> bool:
        """True for areas inside the scope and for their ancestors (a kalurahan operator may open
        the kabupaten and kapanewon pages, which then show only its own branch)."""
        if not self.area_code:
            return True
        return self.area_allowed(code) or self.area_code.startswith(code + ".")

    def area_q(self, field_name: str = "kalurahan_code") -> Q:
        if not self.area_code:
            return Q()
        return Q(**{field_name: self.area_code}) | Q(**{f"{field_name}__startswith": self.area_code + "."})

    def roster_q(self, *, ecosystem_of_kind: dict[str, str], area_field: str = "kode_wilayah",
                 org_field: str = "org", kind_field: str = "roster_kind") -> Q:
        """Roster-shaped rows (an area code, an organisation, a roster kind) in this scope: area
        operators see their area's rows; a mitra its own organisation's rows (any case) and the
        roster kinds of its ecosystems (`ecosystem_of_kind`: kind -> ecosystem, default the kind
        itself); pimpinan and the office-wide roles everything; anyone else nothing."""
        if self.role in (Role.KAPANEWON, Role.KALURAHAN) and self.area_code:
            return self.area_q(area_field)
        if self.role == Role.MITRA:
            kinds = [k for k, eco in ecosystem_of_kind.items() if eco in self.ecosystems]
            return Q(Exact(Lower(org_field), Lower(Value(self.org)))) | Q(**{f"{kind_field}__in": kinds})
        if self.role in (Role.ADMIN, Role.ANALIS, Role.KEPATUHAN, Role.PIMPINAN):
            return Q()
        return Q(pk__in=[])

    def filter_persons(self, qs: QuerySet) -> QuerySet:
        """Person-level rows (PersonStatus-shaped: nik, kalurahan_code, padukuhan_code, ecosystem),
        without the NIKs erased on request."""
        if not self.can_see_persons:
            return qs.none()
        qs = without_hidden(qs)
        if self.role in (Role.KAPANEWON, Role.KALURAHAN):
            return qs.filter(self.area_q("padukuhan_code"))
        if self.role == Role.MITRA:
            return qs.filter(ecosystem__in=list(self.ecosystems)) if self.ecosystems else qs.none()
        return qs

    def person_hidden(self, nik: str) -> bool:
        """True when this NIK was erased on request: no role sees it any more."""
        return bool(nik) and nik in hidden_niks()

    def person_allowed(self, *, padukuhan_code: str, ecosystem: str) -> bool:
        """One person (PersonStatus-shaped values) in this scope: the same rule as `filter_persons`."""
        if not self.can_see_persons:
            return False
        if self.role in (Role.KAPANEWON, Role.KALURAHAN):
            code = padukuhan_code or ""
            return bool(self.area_code) and (code == self.area_code or code.startswith(self.area_code + "."))
        if self.role == Role.MITRA:
            return ecosystem in self.ecosystems
        return True


def scope_for(user) -> Scope:
    if user is None or not user.is_authenticated:
        return Scope(role="anonymous")
    if user.is_superuser and not hasattr(user, "profile"):
        return Scope(role=Role.ADMIN)
    profile = getattr(user, "profile", None)
    if profile is None:
        return Scope(role="none")
    return Scope(
        role=profile.role,
        area_code=profile.area_code if profile.role in (Role.KAPANEWON, Role.KALURAHAN) else "",
        org=profile.org,
        ecosystems=tuple(profile.ecosystems or ()),
    )


def mask_nik(nik: str) -> str:
    """3402********0001: region prefix and serial visible, birth date hidden."""
    if not nik or len(nik) != 16:
        return "*" * len(nik or "")
    return nik[:4] + "*" * 8 + nik[-4:]


def audit_record(*, user, action: str, scope: str, rows: int = 0, detail: dict | None = None) -> AuditLog:
    return AuditLog.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "system",
        action=action,
        scope=scope,
        rows=rows,
        detail=detail or {},
    )
