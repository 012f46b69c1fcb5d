"""Writes: setting a target and allocating it down the area hierarchy."""
from __future__ import annotations

import logging
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.db import transaction

from cakupan.core.areas import level_of
from cakupan.core.formatting import angka, tanggal
from cakupan.core.vocab import SEGMENTS
from cakupan.errors import UserError
from cakupan.wilayah.models import Area

from . import allocation
from .figures import figures_at
from .models import Target
from .tracking import MAX_DUE_YEARS, latest_due, month_index

log = logging.getLogger(__name__)
CHILD_KIND = {"kabupaten": "kapanewon", "kapanewon": "kalurahan"}


def _area(code: str) -> Area:
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise UserError(f"Kode wilayah {code} tidak dikenal.", code="target.area_unknown")
    if level_of(code) not in ("kabupaten", "kapanewon", "kalurahan"):
        raise UserError("Target hanya untuk kabupaten/kota, kapanewon/kecamatan atau kalurahan/desa.", code="target.area_level")
    return area


@transaction.atomic
def target_set(
    *,
    area_code: str,
    value_pct: float | Decimal | None = None,
    value_count: int | None = None,
    due: date,
    baseline_as_of: date,
    ecosystem: str = "",
    segment: str = "",
    user=None,
) -> Target:
    """A new target for an area: a % of the workforce or a count of active members, to be reached
    by `due`, measured from the published figures on `baseline_as_of`."""
    if (value_pct is None) == (value_count is None):
        raise UserError("Isi salah satu: target persen atau target jumlah.", code="target.value")
    check_due(due=due, baseline_as_of=baseline_as_of)
    if segment and segment not in SEGMENTS:
        raise UserError(f"Segmen {segment} tidak dikenal ({', '.join(SEGMENTS.codes)}).", code="target.segment")
    if segment and value_pct is not None:
        raise UserError("Target per segmen dinyatakan sebagai jumlah peserta, bukan persen.", code="target.segment_pct")
    area = _area(area_code)
    base = figures_at(codes=[area_code], as_of=baseline_as_of, ecosystem=ecosystem, segment=segment).get(area_code)
    if base is None:
        raise UserError(
            f"Belum ada angka cakupan untuk {area.name} per {tanggal(baseline_as_of, lang='id')}: "
            "terbitkan hasil perhitungan cakupan dulu.",
            code="target.no_baseline",
        )
    if month_index(baseline_as_of) > month_index(base.as_of):
        raise UserError(
            f"Tanggal dasar {tanggal(baseline_as_of, lang='id')} setelah data terakhir "
            f"({tanggal(base.as_of, lang='id')}): pilih tanggal dasar paling lambat tanggal data.",
            code="target.baseline_future",
        )
    if value_pct is not None:
        pct = Decimal(str(value_pct)).quantize(Decimal("0.01"))
        if not Decimal(0) < pct <= Decimal(100):
            raise UserError("Target persen harus di antara 0 dan 100.", code="target.pct_range")
        count = int((pct * base.workforce / 100).to_integral_value(rounding=ROUND_CEILING))
        kind, value = Target.Kind.PCT, pct
    else:
        if value_count < 1:
            raise UserError("Target jumlah harus paling sedikit 1 peserta aktif.", code="target.count_negative")
        count, kind, value = int(value_count), Target.Kind.COUNT, Decimal(int(value_count))
    if count > base.workforce:
        raise UserError(
            f"Target {angka(count, lang='id')} melebihi angkatan kerja ({angka(base.workforce, lang='id')}).",
            code="target.above_workforce",
        )
    target = Target.objects.create(
        area=area, ecosystem=ecosystem, segment=segment, kind=kind, value=value, target_count=count,
        baseline_as_of=baseline_as_of, baseline_workforce=base.workforce, baseline_active=base.active,
        due=due, created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    log.info("target %s set for %s: %s active by %s", target.id, area_code, count, due)
    return target


def check_due(*, due: date, baseline_as_of: date) -> None:
    """A due date lies after the baseline and at most tracking.MAX_DUE_YEARS years after it."""
    if due <= baseline_as_of:
        raise UserError("Tanggal target harus setelah tanggal dasar.", code="target.due")
    if due > latest_due(baseline_as_of):
        raise UserError(
            f"Tanggal target paling lambat {MAX_DUE_YEARS} tahun setelah tanggal dasar "
            f"({tanggal(latest_due(baseline_as_of), lang='id')}).",
            code="target.due_far",
        )


def _children_codes(parent_code: str) -> list[str]:
    kind = CHILD_KIND.get(level_of(parent_code))
    if kind is None:
        raise UserError("Target kalurahan tidak dapat dialokasikan lebih lanjut.", code="target.no_children")
    return list(Area.objects.filter(parent_id=parent_code, kind=kind).order_by("code").values_list("code", flat=True))


def _allocate_level(parent: Target, *, rule: str, overrides: dict[str, int], user, created: list[Target]) -> None:
    codes = _children_codes(parent.area_id)
    figs = figures_at(codes=codes, as_of=parent.baseline_as_of, ecosystem=parent.ecosystem, segment=parent.segment)
    children = [
        allocation.Child(c, figs[c].workforce if c in figs else 0, figs[c].active if c in figs else 0) for c in codes
    ]
    mine = {c: overrides[c] for c in codes if c in overrides}
    if mine:
        names = dict(Area.objects.filter(code__in=list(mine)).values_list("code", "name"))
        for child in children:
            if child.code in mine and not 1 <= mine[child.code] <= child.workforce:
                raise UserError(
                    f"Target manual {names.get(child.code, child.code)} harus antara 1 dan angkatan kerjanya "
                    f"({angka(child.workforce, lang='id')}).",
                    code="target.override_range",
                )
    counts = allocation.allocate(total=parent.target_count, children=children, rule=rule, overrides=mine)
    for child in children:
        if counts[child.code] > child.workforce and child.code not in mine:
            log.warning("allocated %s above workforce of %s", counts[child.code], child.code)
        target = Target.objects.create(
            area_id=child.code, ecosystem=parent.ecosystem, segment=parent.segment, kind=Target.Kind.COUNT,
            value=Decimal(counts[child.code]), target_count=counts[child.code],
            baseline_as_of=parent.baseline_as_of, baseline_workforce=child.workforce,
            baseline_active=child.active, due=parent.due, rule=rule, parent=parent,
            manual_override=child.code in mine, created_by=parent.created_by if user is None else user,
        )
        created.append(target)
        if level_of(child.code) in CHILD_KIND:
            _allocate_level(target, rule=rule, overrides=overrides, user=user, created=created)


@transaction.atomic
def target_allocate(
    *, target_id: int, rule: str = "equal_rate", overrides: dict[str, int] | None = None, user=None
) -> list[Target]:
    """Allocate a target to every child area below it (kabupaten -> all kapanewon -> all kalurahan)
    as counts of active members; the children of each area sum exactly to it. An earlier
    allocation of the same target is replaced. Overrides: {area code: count} at any level."""
    if rule not in allocation.RULES:
        raise UserError(f"Aturan alokasi tidak dikenal: {rule}. Pilih {' atau '.join(allocation.RULES)}.",
                        code="target.rule")
    parent = Target.objects.select_for_update().filter(id=target_id).first()
    if parent is None:
        raise UserError(f"Target {target_id} tidak ditemukan.", code="target.unknown")
    overrides = {str(k).strip(): int(v) for k, v in (overrides or {}).items()}
    below = {c for c in overrides if c.startswith(parent.area_id + ".")}
    if set(overrides) - below:
        bad = ", ".join(sorted(set(overrides) - below))
        raise UserError(f"Kode wilayah {bad} tidak berada di bawah {parent.area_id}.", code="target.override_area")
    Target.objects.filter(parent=parent).delete()  # cascades to grandchildren
    created: list[Target] = []
    user = user if getattr(user, "is_authenticated", False) else None
    _allocate_level(parent, rule=rule, overrides=overrides, user=user, created=created)
    unused = set(overrides) - {t.area_id for t in created if t.manual_override}
    if unused:
        raise UserError(f"Kode wilayah {', '.join(sorted(unused))} tidak dikenal di bawah {parent.area_id}.",
                        code="target.override_area")
    log.info("target %s allocated by %s to %s areas", parent.id, rule, len(created))
    return created
