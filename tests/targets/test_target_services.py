from datetime import date

import pytest
from django.db import IntegrityError, transaction

from cakupan.errors import UserError
from cakupan.targets.models import Target
from cakupan.targets.services import target_allocate, target_set

from .factories import make_region

AS_OF = date(2023, 2, 27)
DUE = date(2023, 12, 31)


@pytest.fixture
def bantul(db):
    return make_region(reference=True, history=False)


def _check_sums(parent: Target):
    kids = list(parent.children.all())
    if kids:
        assert sum(k.target_count for k in kids) == parent.target_count
        for k in kids:
            _check_sums(k)


@pytest.mark.django_db
def test_set_pct_target_uses_baseline_and_rounds_up(bantul):
    codes, figs, _run = bantul
    workforce = sum(w for w, _ in figs.values())
    active = sum(a for _, a in figs.values())
    t = target_set(area_code="34.02", value_pct=40, due=DUE, baseline_as_of=AS_OF)
    assert t.baseline_workforce == workforce and t.baseline_active == active
    assert t.target_count == -(-workforce * 40 // 100)
    assert t.kind == "pct" and t.parent is None


@pytest.mark.django_db
@pytest.mark.parametrize("rule", ["equal_rate", "proportional_uncovered"])
def test_allocate_to_all_17_kapanewon_and_75_kalurahan(bantul, rule):
    t = target_set(area_code="34.02", value_pct=40, due=DUE, baseline_as_of=AS_OF)
    created = target_allocate(target_id=t.id, rule=rule)
    assert sum(1 for c in created if c.level == "kapanewon") == 17
    assert sum(1 for c in created if c.level == "kalurahan") == 75
    _check_sums(t)
    kal = Target.objects.filter(parent__parent=t)
    assert kal.count() == 75 and all(k.rule == rule and k.kind == "count" for k in kal)


@pytest.mark.django_db
def test_equal_rate_gives_every_kalurahan_about_the_same_pct(bantul):
    t = target_set(area_code="34.02", value_pct=40, due=DUE, baseline_as_of=AS_OF)
    target_allocate(target_id=t.id, rule="equal_rate")
    for k in Target.objects.filter(parent__parent=t):
        assert abs(k.target_count / k.baseline_workforce - 0.40) < 0.001


@pytest.mark.django_db
def test_proportional_uncovered_gives_more_to_areas_with_more_uncovered(bantul):
    t = target_set(area_code="34.02", value_pct=40, due=DUE, baseline_as_of=AS_OF)
    target_allocate(target_id=t.id, rule="proportional_uncovered")
    kids = list(Target.objects.filter(parent__parent=t))
    increase = t.target_count - t.baseline_active
    uncovered = sum(k.baseline_workforce - k.baseline_active for k in kids)
    for k in kids:
        share = increase * (k.baseline_workforce - k.baseline_active) / uncovered
        assert abs((k.target_count - k.baseline_active) - share) <= 1.0


@pytest.mark.django_db
def test_overrides_at_both_levels_keep_the_sums_and_reallocation_replaces(bantul):
    codes, figs, _ = bantul
    t = target_set(area_code="34.02", value_pct=40, due=DUE, baseline_as_of=AS_OF)
    target_allocate(target_id=t.id, rule="equal_rate")
    kal = codes[0]
    created = target_allocate(target_id=t.id, rule="proportional_uncovered",
                              overrides={"34.02.02": 9000, kal: figs[kal][1] + 50})
    assert len(created) == 92 and Target.objects.filter(parent__isnull=False).count() == 92
    by_code = {c.area_id: c for c in created}
    assert by_code["34.02.02"].target_count == 9000 and by_code["34.02.02"].manual_override
    assert by_code[kal].target_count == figs[kal][1] + 50 and by_code[kal].manual_override
    assert not by_code["34.02.03"].manual_override
    _check_sums(t)


@pytest.mark.django_db
def test_override_errors_roll_back(bantul):
    t = target_set(area_code="34.02", value_pct=40, due=DUE, baseline_as_of=AS_OF)
    for bad in ({"34.02.02": 10**9}, {"34.03.01": 5}, {"34.02.01.9999": 5}):
        with pytest.raises(UserError):
            target_allocate(target_id=t.id, rule="equal_rate", overrides=bad)
    assert not Target.objects.filter(parent=t).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kwargs,code", [
    (dict(area_code="34.02", value_pct=40, due=date(2023, 1, 1)), "target.due"),
    (dict(area_code="34.99", value_pct=40, due=DUE), "target.area_unknown"),
    (dict(area_code="34.02", value_pct=140, due=DUE), "target.pct_range"),
    (dict(area_code="34.02", due=DUE), "target.value"),
    (dict(area_code="34.02", value_count=10**8, due=DUE), "target.above_workforce"),
    (dict(area_code="34.02", value_pct=10, segment="BPU", due=DUE), "target.segment_pct"),
])
def test_set_refuses_bad_input(bantul, kwargs, code):
    with pytest.raises(UserError) as exc:
        target_set(baseline_as_of=AS_OF, **kwargs)
    assert exc.value.code == code


@pytest.mark.django_db
def test_set_without_baseline_figures_is_a_user_error(bantul):
    with pytest.raises(UserError) as exc:
        target_set(area_code="34.02", value_pct=40, due=DUE, baseline_as_of=date(2020, 1, 1))
    assert exc.value.code == "target.no_baseline"


@pytest.mark.django_db
def test_segment_count_target_allocates_segment_active(bantul):
    t = target_set(area_code="34.02", value_count=80000, segment="BPU", due=DUE, baseline_as_of=AS_OF)
    assert t.baseline_active < t.baseline_workforce // 2 + 1
    target_allocate(target_id=t.id, rule="proportional_uncovered")
    _check_sums(t)


@pytest.mark.django_db
def test_database_constraints(bantul):
    base = dict(area_id="34.02", kind="pct", value=40, target_count=1, baseline_as_of=AS_OF,
                baseline_workforce=10, baseline_active=1, due=DUE)
    for bad in (dict(value=101), dict(due=date(2022, 1, 1)), dict(kind="x"), dict(rule="equal_rate"),
                dict(segment="BPU"), dict(manual_override=True)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Target.objects.create(**{**base, **bad})


@pytest.mark.django_db
def test_run_history_rows_and_facts_give_the_same_figures(bantul):
    from cakupan.targets import figures

    codes, figs, run = bantul
    for seg in ("", "BPU"):
        via_rows = figures._from_run_history(run, codes, seg)
        via_facts = figures._from_run(run, codes, "kalurahan", "", seg)
        assert via_rows == via_facts and len(via_rows) == 75
    assert figures.figures_at(codes=codes[:3], as_of=AS_OF)[codes[0]].active == figs[codes[0]][1]
