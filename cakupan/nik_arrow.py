"""Arrow side of :mod:`cakupan.nik`: validate a whole column at once (no Django).

Plain 16-digit strings — nearly every value of a clean extract — are checked with Arrow compute
kernels that implement the same rules as ``cakupan.nik._parse``; every other value (ints, text
with spaces or an apostrophe, mangled numbers, nulls) goes through ``parse_nik``. The two are
tested to give identical rows (tests/nik/test_nik_properties.py).
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from cakupan.nik import (
    _KEC_WARNING,
    MESSAGES,
    NikResult,
    _local_digits,
    nik_validate_many,
    region_codes,
)


def nik_validate_arrow(values, *, local_prefix: str | None = None, today: date | None = None):
    """Validate a column and return a ``pyarrow.Table`` with one row per value and the NikResult
    fields as columns (``warnings`` comma-separated, '' when none) — for importers and the
    pipeline, which keep NIKs in Arrow/Parquet. Plain 16-digit strings are checked with Arrow
    compute kernels; every other value goes through ``parse_nik`` (same results, tested)."""
    arr = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if not isinstance(arr, pa.Array) or not pa.types.is_string(arr.type):
        if isinstance(arr, pa.Array) and pa.types.is_large_string(arr.type):
            arr = arr.cast(pa.string())
        else:
            return _results_table(nik_validate_many(values, local_prefix=local_prefix, today=today))
    fast = pc.fill_null(pc.match_substring_regex(arr, r"^[0-9]{16}$"), False)
    fast_idx, slow_idx = pc.indices_nonzero(fast), pc.indices_nonzero(pc.invert(fast))
    fast_table = _fast_table(arr.filter(fast), local_prefix, today)
    if len(slow_idx) == 0:
        return fast_table
    slow = _results_table(
        nik_validate_many(arr.take(slow_idx), local_prefix=local_prefix, today=today)
    )
    table = pa.concat_tables([fast_table, slow])
    order = pc.sort_indices(pa.concat_arrays([fast_idx, slow_idx]))
    return table.take(order)


def _results_table(results: list[NikResult]):
    cols = list(zip(*results, strict=True)) if results else [[] for _ in NikResult._fields]
    data = dict(zip(NikResult._fields, cols, strict=True))
    data["warnings"] = [",".join(w) for w in data["warnings"]]
    return pa.table({n: pa.array(list(data[n]), type=_arrow_types()[n]) for n in NikResult._fields})


def _arrow_types() -> dict:
    types = dict.fromkeys(NikResult._fields, pa.string())
    types.update(ok=pa.bool_(), is_local=pa.bool_(), birth_date=pa.date32())
    return types


def _fast_table(s, local_prefix: str | None, today: date | None):
    """The rules of ``_parse`` as Arrow kernels, for an array of 16-digit strings."""
    provinces, kabupatens, kecamatans = (pa.array(sorted(x)) for x in region_codes())
    cut = lambda a, b: pc.utf8_slice_codeunits(s, a, b)  # noqa: E731
    join = lambda *parts: pc.binary_join_element_wise(*parts, "")  # noqa: E731
    prov, kab = cut(0, 2), join(cut(0, 2), ".", cut(2, 4))
    known = pc.and_(pc.is_in(prov, value_set=provinces), pc.is_in(cut(0, 4), value_set=kabupatens))
    kec_warn = pc.and_(known, pc.invert(pc.is_in(cut(0, 6), value_set=kecamatans)))
    dd, mm = pc.cast(cut(6, 8), pa.int16()), pc.cast(cut(8, 10), pa.int16())
    female = pc.greater(dd, 40)
    day = pc.if_else(female, pc.subtract(dd, 40), dd)
    day_ok = pc.or_(
        pc.and_(pc.greater_equal(dd, 1), pc.less_equal(dd, 31)),
        pc.and_(pc.greater_equal(dd, 41), pc.less_equal(dd, 71)),
    )
    month_ok = pc.and_(pc.greater_equal(mm, 1), pc.less_equal(mm, 12))
    tail = join(cut(10, 12), "-", cut(8, 10), "-", pc.utf8_lpad(pc.cast(day, pa.string()), 2, "0"))

    yy = pc.cast(cut(10, 12), pa.int16())
    month_len = pc.take(pa.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], pa.int16()),
                        pc.subtract(pc.if_else(month_ok, mm, 1), 1))  # fmt: skip
    leap_20 = pc.equal(pc.bit_wise_and(yy, 3), 0)  # 2000-2099: every 4th year
    leap_19 = pc.and_(leap_20, pc.not_equal(yy, 0))  # 1900 was not a leap year
    feb = pc.equal(mm, 2)

    def as_date(century: str, leap):
        last = pc.add(month_len, pc.cast(pc.and_(feb, leap), pa.int16()))
        real = pc.and_(pc.greater_equal(day, 1), pc.less_equal(day, last))
        ts = pc.strptime(join(century, tail), format="%Y-%m-%d", unit="s", error_is_null=True)
        return pc.if_else(real, pc.cast(ts, pa.date32()), pa.scalar(None, pa.date32()))

    now = pa.scalar(today or date.today(), pa.date32())
    d20, d19 = as_date("20", leap_20), as_date("19", leap_19)
    # Century: the latest of 19yy / 20yy not after today.
    born = pc.if_else(pc.fill_null(pc.less_equal(d20, now), False), d20, d19)
    serial = cut(12, 16)
    null = pa.scalar(None, pa.string())
    error = pc.if_else(pc.invert(known), "nik.region_unknown",
            pc.if_else(pc.invert(month_ok), "nik.month_invalid",
            pc.if_else(pc.invert(day_ok), "nik.day_invalid",
            pc.if_else(pc.is_null(born), "nik.date_invalid",
            pc.if_else(pc.equal(serial, "0000"), "nik.serial_zero", null)))))  # fmt: skip
    has_date = pc.fill_null(
        pc.or_kleene(pc.is_null(error), pc.equal(error, "nik.serial_zero")), True
    )
    codes = pa.array(list(MESSAGES))
    local = _local_digits(local_prefix)
    n = len(s)
    return pa.table({
        "nik": s,
        "ok": pc.is_null(error),
        "error": error,
        "message": pc.take(pa.array(list(MESSAGES.values())), pc.index_in(error, value_set=codes)),
        "province": prov,
        "kabupaten": kab,
        "kecamatan": join(kab, ".", cut(4, 6)),
        "birth_date": pc.if_else(has_date, born, pa.scalar(None, pa.date32())),
        "sex": pc.if_else(has_date, pc.if_else(female, "P", "L"), null),
        "serial": serial,
        "is_local": pc.starts_with(s, local) if local is not None else pa.nulls(n, pa.bool_()),
        "warnings": pc.if_else(pc.and_(kec_warn, known), _KEC_WARNING[0], ""),
    })  # fmt: skip
