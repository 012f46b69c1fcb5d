from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cakupan.errors import UserError
from cakupan.targets.allocation import Child, allocate, largest_remainder


def test_largest_remainder_gives_leftover_to_largest_fractions():
    quotas = {"a": Fraction(10, 3), "b": Fraction(10, 3), "c": Fraction(10, 3) + 0 , "d": Fraction(0)}
    # 10/3 x 3 = 10: floors 3,3,3 and one unit to the first by code on a tie
    assert largest_remainder(quotas, 10) == {"a": 4, "b": 3, "c": 3, "d": 0}
    assert largest_remainder({"x": Fraction(27, 10), "y": Fraction(73, 10)}, 10) == {"x": 3, "y": 7}


def test_equal_rate_every_child_same_rate():
    kids = [Child("a", 1000, 100), Child("b", 3000, 900), Child("c", 6000, 1500)]
    out = allocate(total=4000, children=kids, rule="equal_rate")
    assert out == {"a": 400, "b": 1200, "c": 2400}


def test_proportional_uncovered_splits_increase_by_uncovered():
    kids = [Child("a", 1000, 100), Child("b", 3000, 900), Child("c", 6000, 1500)]
    # active 2500, increase 1500, uncovered 900 / 2100 / 4500 of 7500
    out = allocate(total=4000, children=kids, rule="proportional_uncovered")
    assert out == {"a": 100 + 180, "b": 900 + 420, "c": 1500 + 900}


def test_override_kept_and_rest_respread():
    kids = [Child("a", 1000, 100), Child("b", 3000, 900), Child("c", 6000, 1500)]
    out = allocate(total=4000, children=kids, rule="equal_rate", overrides={"a": 700})
    assert out["a"] == 700
    assert sum(out.values()) == 4000
    assert out["b"] * 6000 == pytest.approx(out["c"] * 3000, abs=6000)  # same rate for the rest


@pytest.mark.parametrize("overrides,code", [
    ({"a": 5000}, "target.override_exceeds"),
    ({"zz": 1}, "target.override_area"),
    ({"a": -1}, "target.override_negative"),
    ({"a": 1, "b": 1, "c": 1}, "target.override_sum"),
])
def test_bad_overrides_refused(overrides, code):
    kids = [Child("a", 1000, 100), Child("b", 3000, 900), Child("c", 6000, 1500)]
    with pytest.raises(UserError) as exc:
        allocate(total=4000, children=kids, rule="equal_rate", overrides=overrides)
    assert exc.value.code == code


def test_unknown_rule_refused():
    with pytest.raises(UserError):
        allocate(total=10, children=[Child("a", 10, 1)], rule="random")


kids_st = st.lists(
    st.tuples(st.integers(0, 20000), st.integers(0, 100)), min_size=1, max_size=30
).map(lambda xs: [Child(f"k{i:02d}", w, w * p // 100) for i, (w, p) in enumerate(xs)])


@given(kids=kids_st, share=st.integers(0, 100), rule=st.sampled_from(["equal_rate", "proportional_uncovered"]),
       n_over=st.integers(0, 3))
def test_children_always_sum_exactly(kids, share, rule, n_over):
    workforce = sum(k.workforce for k in kids)
    active = sum(k.active for k in kids)
    total = max(active, workforce * share // 100)
    overrides = {k.code: min(k.workforce, total // (len(kids) + 1)) for k in kids[:n_over] if len(kids) > n_over}
    rest_workforce = sum(k.workforce for k in kids if k.code not in overrides)
    if rest_workforce == 0 and rule == "equal_rate" and total - sum(overrides.values()) > 0:
        with pytest.raises(UserError):  # nobody left to carry the rest of the target: refused, not guessed
            allocate(total=total, children=kids, rule=rule, overrides=overrides)
        return
    out = allocate(total=total, children=kids, rule=rule, overrides=overrides)
    assert sum(out.values()) == total
    assert set(out) == {k.code for k in kids}
    assert all(out[c] == v for c, v in overrides.items())
    if rule == "proportional_uncovered" and not overrides:
        assert all(out[k.code] <= max(k.workforce, k.active + 1) or k.uncovered == 0 for k in kids)


def test_proportional_below_present_count_lowers_by_active():
    kids = [Child("a", 1000, 300), Child("b", 1000, 100)]
    assert allocate(total=200, children=kids, rule="proportional_uncovered") == {"a": 150, "b": 50}
