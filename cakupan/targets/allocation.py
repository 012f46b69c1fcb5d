"""Allocating a parent target (a count of active members) to its child areas. Pure Python, no Django.

Two rules (docs/targets.md):
- ``equal_rate``: every child reaches the same coverage rate r = remaining / workforce of the children
  being spread, so its count is r x workforce.
- ``proportional_uncovered``: the increase still needed (remaining - active of those children) is
  split in proportion to each child's uncovered workers (workforce - active); when the target is
  below the children's present count, the decrease is split in proportion to their active members.

Counts are whole members: quotas are rounded by the largest-remainder (Hamilton) method, so the
children always sum exactly to the parent. Manual overrides fix a child's count; the rest of the
parent's count is re-spread over the other children by the same rule, so the sum is kept.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import floor

from cakupan.errors import UserError

RULES = ("equal_rate", "proportional_uncovered")


def _n(value: int) -> str:
    """A count as Indonesian text (dot thousands: 183.088), without Django."""
    return f"{value:,}".replace(",", ".")


@dataclass(frozen=True)
class Child:
    code: str
    workforce: int
    active: int

    @property
    def uncovered(self) -> int:
        return max(self.workforce - self.active, 0)


def largest_remainder(quotas: dict[str, Fraction], total: int) -> dict[str, int]:
    """Round quotas (summing to `total`) to integers that sum exactly to `total`: floor every
    quota, then give the units left over to the largest fractional parts (ties: code order)."""
    floors = {k: floor(q) for k, q in quotas.items()}
    left = total - sum(floors.values())
    order = sorted(quotas, key=lambda k: (-(quotas[k] - floors[k]), k))
    if left < 0 or left > len(order):
        raise ValueError(f"quotas do not sum to {total}")
    for k in order[:left]:
        floors[k] += 1
    return floors


def _quotas(children: list[Child], total: int, rule: str) -> dict[str, Fraction]:
    workforce = sum(c.workforce for c in children)
    if rule == "equal_rate":
        if workforce == 0:
            if total == 0:
                return {c.code: Fraction(0) for c in children}
            raise UserError("Tidak ada angkatan kerja di wilayah yang tersisa untuk menampung target.",
                            code="target.no_workforce")
        rate = Fraction(total, workforce)
        return {c.code: rate * c.workforce for c in children}
    if rule == "proportional_uncovered":
        increase = total - sum(c.active for c in children)
        uncovered = sum(c.uncovered for c in children)
        if increase < 0:  # target below the present count: lower each in proportion to its active
            weights = {c.code: c.active for c in children}
        elif uncovered == 0:  # everyone covered: fall back to workforce shares, then equal shares
            weights = {c.code: c.workforce for c in children}
        else:
            weights = {c.code: c.uncovered for c in children}
        wsum = sum(weights.values())
        if wsum == 0:
            return {c.code: Fraction(c.active) + Fraction(increase, len(children)) for c in children}
        return {c.code: c.active + Fraction(increase * weights[c.code], wsum) for c in children}
    raise UserError(f"Aturan alokasi tidak dikenal: {rule}. Pilih equal_rate atau proportional_uncovered.",
                    code="target.rule")


def allocate(
    *, total: int, children: list[Child], rule: str, overrides: dict[str, int] | None = None
) -> dict[str, int]:
    """Counts per child code summing exactly to `total`. Overrides (code -> count) are kept as given;
    the rest of `total` is spread over the other children by `rule`."""
    if not children:
        raise UserError("Wilayah ini tidak memiliki sub-wilayah untuk dialokasikan.", code="target.no_children")
    overrides = dict(overrides or {})
    codes = {c.code for c in children}
    for code, count in overrides.items():
        if code not in codes:
            raise UserError(f"Kode wilayah {code} bukan sub-wilayah target ini.", code="target.override_area")
        if count < 0:
            raise UserError(f"Target manual untuk {code} tidak boleh negatif.", code="target.override_negative")
    rest = [c for c in children if c.code not in overrides]
    remaining = total - sum(overrides.values())
    if remaining < 0:
        raise UserError(
            f"Jumlah target manual ({_n(sum(overrides.values()))}) melebihi target induk ({_n(total)}).",
            code="target.override_exceeds",
        )
    if not rest:
        if remaining != 0:
            raise UserError(
                f"Semua sub-wilayah diisi manual tetapi jumlahnya {_n(sum(overrides.values()))}, bukan {_n(total)}.",
                code="target.override_sum",
            )
        return overrides
    result = largest_remainder(_quotas(rest, remaining, rule), remaining)
    result.update(overrides)
    if any(v < 0 for v in result.values()):
        raise UserError("Target manual terlalu besar: sisa target untuk sub-wilayah lain menjadi negatif.",
                        code="target.override_exceeds")
    return {c.code: result[c.code] for c in children}
