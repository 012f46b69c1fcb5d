"""A run that warns: each check is one sentence with its action (cakupan.runs.checks)."""
from datetime import date
from types import SimpleNamespace

import pyarrow as pa
import pyarrow.parquet as pq

from cakupan.core.vocab import ROSTER_KINDS
from cakupan.runs.checks import run_checks

AS_OF = date(2023, 2, 27)


def _snap(pk, as_of=AS_OF, read=100, quarantined=0, name="x.csv"):
    return SimpleNamespace(pk=pk, as_of=as_of, rows_read=read, rows_quarantined=quarantined, file_name=name)


def _all_rosters():
    return {k: _snap(10 + i) for i, k in enumerate(ROSTER_KINDS.codes)}


def test_a_complete_run_has_no_warning():
    snaps = {"population": _snap(1), "members": _snap(2), "rosters": _all_rosters()}
    assert run_checks(as_of=AS_OF, snaps=snaps, last_published=AS_OF) == []


def test_no_asn_roster_says_how_many_the_occupation_field_marks(tmp_path):
    pq.write_table(pa.table({"excluded_reason": ["PNS", "TNI", None, "under_15", "POLRI"]}),
                   tmp_path / "person_status.parquet")
    rosters = {k: v for k, v in _all_rosters().items() if k != "asn"}
    (w,) = run_checks(as_of=AS_OF, snaps={"population": _snap(1), "members": _snap(2), "rosters": rosters},
                      run_dir=tmp_path)
    assert w["code"] == "no_asn_roster" and "3 orang" in w["message"] and "P3K" in w["message"]
    assert w["message"].endswith("lalu jalankan lagi.")


def test_each_other_check():
    snaps = {"population": _snap(1, as_of=date(2022, 6, 30)), "members": _snap(2, read=1000, quarantined=80),
             "rosters": {"asn": _snap(3)}}
    codes = [w["code"] for w in run_checks(as_of=AS_OF, snaps=snaps, last_published=date(2023, 6, 30))]
    assert codes == ["data_dates_apart", "rosters_missing", "quarantine_share", "as_of_before_published"]
    messages = " ".join(w["message"] for w in run_checks(as_of=AS_OF, snaps=snaps, last_published=date(2023, 6, 30)))
    assert "30 Juni 2022" in messages and "8,00\u00a0%" in messages and "Padat karya" in messages
