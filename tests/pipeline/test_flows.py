"""Stock and flow between two runs, person by person (issue 15): every class, and the identity
active_end = active_start + new + reactivated - lapsed - left + moved_in - moved_out on every cell."""
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from cakupan.pipeline.flows import flows_compute

K1, K2 = "34.02.01.2001", "34.02.01.2002"


def _p(nik, status="active", kal=K1, segment="BPU", eco="desa", excluded=None):
    return {"nik": nik, "excluded_reason": excluded, "status": status, "kalurahan_code": kal,
            "segment": segment if status != "none" else "NONE", "ecosystem": eco}


PREV = [_p("a"), _p("b"), _p("c"), _p("d"), _p("e", status="nonactive"), _p("f", status="none"), _p("g"),
        _p("h"), _p("i", excluded="under_15", status="none"), _p("j", segment="PU")]
CUR = [_p("a"),                                   # stays active
       _p("b", status="nonactive"),               # lapsed
       _p("c", status="none"),                    # lapsed (card gone)
       _p("d", excluded="asn"),                   # left: became ASN
       _p("e"),                                   # re-activated
       _p("f"),                                   # new (was not registered)
       _p("g", kal=K2),                           # moved to another kalurahan
       # h: gone from the population (moved away, died): left
       _p("i"),                                   # new (turned 15)
       _p("j", segment="BPU"),                    # moved: PU -> BPU in the same kalurahan
       _p("k", eco="pasar")]                      # new (a newcomer)


def _flows(tmp_path, prev, cur):
    for name, rows in (("prev", prev), ("cur", cur)):
        pq.write_table(pa.Table.from_pylist(rows), tmp_path / f"{name}.parquet")
    flows_compute(prev=tmp_path / "prev.parquet" if prev is not None else None, cur=tmp_path / "cur.parquet",
                  out=tmp_path / "flows.parquet")
    return duckdb.sql(f"SELECT * FROM '{tmp_path / 'flows.parquet'}'").fetchall(), \
        [d[0] for d in duckdb.sql(f"SELECT * FROM '{tmp_path / 'flows.parquet'}'").description]


def _totals(rows, cols):
    return {c: sum(r[cols.index(c)] for r in rows) for c in cols[3:]}


def _identity_holds(rows, cols):
    i = {c: cols.index(c) for c in cols}
    for r in rows:
        assert r[i["active_end"]] == (r[i["active_start"]] + r[i["new"]] + r[i["reactivated"]] - r[i["lapsed"]]
                                      - r[i["left"]] + r[i["moved_in"]] - r[i["moved_out"]]), r


def test_every_class_and_the_identity(tmp_path):
    rows, cols = _flows(tmp_path, PREV, CUR)
    _identity_holds(rows, cols)
    t = _totals(rows, cols)
    assert (t["active_start"], t["active_end"]) == (7, 7)  # a b c d g h j -> a e f g i j k
    assert (t["new"], t["reactivated"], t["lapsed"], t["left"]) == (3, 1, 2, 2)
    assert t["moved_in"] == t["moved_out"] == 2  # g (kalurahan), j (segment)
    assert t["workforce"] == 9  # d is excluded now
    by_cell = {(r[0], r[1], r[2]): dict(zip(cols, r)) for r in rows}
    assert by_cell[(K2, "BPU", "desa")]["moved_in"] == 1
    assert by_cell[(K1, "PU", "desa")]["moved_out"] == 1 and by_cell[(K1, "PU", "desa")]["active_end"] == 0


def test_a_first_run_counts_everyone_active_as_new(tmp_path):
    rows, cols = _flows(tmp_path, None, CUR)
    _identity_holds(rows, cols)
    t = _totals(rows, cols)
    assert t["new"] == t["active_end"] == 7 and t["active_start"] == t["lapsed"] == 0


def test_the_same_run_twice_has_no_flow(tmp_path):
    rows, cols = _flows(tmp_path, CUR, CUR)
    t = _totals(rows, cols)
    assert t["active_start"] == t["active_end"] == 7
    assert not any(t[c] for c in ("new", "reactivated", "lapsed", "left", "moved_in", "moved_out"))
