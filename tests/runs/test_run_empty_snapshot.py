"""A population extract with no loaded row (every row quarantined) stops a run with one line, not
Splink's ZeroDivisionError (issue 18, part 7)."""
from __future__ import annotations

from datetime import date

import pytest

from cakupan.errors import UserError

AS_OF = date(2023, 2, 27)


@pytest.mark.django_db
def test_a_run_refuses_a_population_snapshot_with_no_loaded_row(cakupan_home, tmp_path):
    from cakupan.registries.occupations import occupation_mapping_ensure
    from cakupan.registries.services import snapshot_import
    from cakupan.runs.services import run_execute
    from cakupan.wilayah.services import area_load_reference_if_empty

    area_load_reference_if_empty()
    occupation_mapping_ensure()
    pop = tmp_path / "penduduk.csv"
    pop.write_text("NIK;NAMA_LGKP;JENIS_KLMIN;TGL_LHR;KODE_WILAYAH\n"
                   "3402011404550001;KARJO;L;14-04-1955;34.02.01.2999\n", encoding="utf-8")
    members = tmp_path / "peserta.csv"
    members.write_text("KPJ;NIK;NAMA;TGL_LAHIR;STATUS\n11000000001;3402011404550001;KARJO;14-04-1955;AKTIF\n",
                       encoding="utf-8")
    assert snapshot_import(kind="population", path=pop, as_of=AS_OF).status == "quarantined"
    snapshot_import(kind="members", path=members, as_of=AS_OF)
    with pytest.raises(UserError) as err:
        run_execute(as_of=AS_OF)
    assert err.value.code == "link.snapshot_empty" and "dikarantina" in str(err.value)
