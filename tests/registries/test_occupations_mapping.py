"""The occupation mapping: shipped file, versions, validation, export, CLI."""

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cakupan.core.reference import OCCUPATIONS
from cakupan.errors import UserError
from cakupan.registries.models import Occupation, OccupationMappingVersion
from cakupan.registries.occupations import (
    COLUMNS,
    ECOSYSTEMS,
    occupation_mapping_current,
    occupation_mapping_edit,
    occupation_mapping_ensure,
    occupation_mapping_export,
    occupation_mapping_load,
    occupation_mapping_rows,
    occupation_rows_read,
)
from cakupan.registries.occupations_cli import occupations_app

DOCS = Path(__file__).resolve().parents[2] / "docs" / "occupations.md"


def shipped():
    return {r["code"]: r for r in occupation_rows_read(path=OCCUPATIONS)}


def test_shipped_file_has_every_dukcapil_code_and_the_product_rules():
    rows = shipped()
    assert sorted(rows) == list(range(1, 90))
    assert [c for c, r in rows.items() if not r["in_workforce"]] == [1, 2, 3, 4]
    assert {c: r["exclusion_reason"] for c, r in rows.items() if r["excluded"]} == {
        5: "PNS",
        6: "TNI",
        7: "POLRI",
    }
    eco = {c: r["ecosystem"] for c, r in rows.items()}
    assert {eco[c] for c in (9, 10, 11, 85, 86)} == {"desa"}
    assert {eco[c] for c in (19, 20, 21, 23)} == {"rentan"}
    assert {eco[c] for c in (8, 84)} == {"pasar"}
    assert {eco[c] for c in (88, 30, 24, 32)} == {"umkm"}
    assert {eco[c] for c in (15, 16, 17, 81, 35)} == {"pu"}
    assert {eco[c] for c in (64, 65)} == {"guru"}
    assert eco[18] == "opd" and eco[89] == "lainnya"
    assert set(eco.values()) <= set(ECOSYSTEMS) | {""}


def test_every_code_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for code, row in shipped().items():
        assert f"| {code} | {row['name']} |" in text, (
            f"code {code} missing from docs/occupations.md"
        )


@pytest.mark.django_db
def test_ensure_loads_version_1_once():
    first = occupation_mapping_ensure()
    assert first.version == 1 and first.occupations.count() == 89
    assert occupation_mapping_ensure().pk == first.pk
    assert OccupationMappingVersion.objects.count() == 1


@pytest.mark.django_db
def test_export_round_trips_the_shipped_file(tmp_path):
    occupation_mapping_ensure()
    out = occupation_mapping_export(path=tmp_path / "sub" / "o.csv")
    assert out.read_text(encoding="utf-8") == OCCUPATIONS.read_text(encoding="utf-8")


def _write(tmp_path, rows, *, delimiter=","):
    path = tmp_path / "map.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter=delimiter)
        w.writeheader()
        w.writerows(rows)
    return path


def _rows():
    return [
        {
            **r,
            "in_workforce": str(r["in_workforce"]).lower(),
            "excluded": str(r["excluded"]).lower(),
        }
        for r in shipped().values()
    ]


@pytest.mark.django_db
def test_load_makes_a_new_version_and_keeps_the_old(tmp_path):
    occupation_mapping_ensure()
    rows = _rows()
    rows[17]["ecosystem"] = "pu"  # code 18 honorer -> pu
    rows[17]["in_workforce"] = "ya"
    v2 = occupation_mapping_load(
        path=_write(tmp_path, rows, delimiter=";"), user_name="sri", note="uji"
    )
    assert (v2.version, v2.created_by_name, v2.note) == (2, "sri", "uji")
    assert occupation_mapping_current().pk == v2.pk
    assert v2.occupations.get(code=18).ecosystem == "pu"
    assert Occupation.objects.get(mapping__version=1, code=18).ecosystem == "opd"
    assert occupation_mapping_rows(version=1)[17]["ecosystem"] == "opd"
    # the same content again: no third version
    assert occupation_mapping_load(path=_write(tmp_path, rows)).pk == v2.pk


@pytest.mark.parametrize(
    "change, code",
    [
        ({"code": "abc"}, "occupations.code"),
        ({"code": "120"}, "occupations.code"),
        ({"in_workforce": "mungkin"}, "occupations.boolean"),
        ({"ecosystem": "kantor"}, "occupations.ecosystem"),
        ({"ecosystem": ""}, "occupations.ecosystem"),
        ({"excluded": "true"}, "occupations.reason"),
        ({"name": ""}, "occupations.name"),
    ],
)
@pytest.mark.django_db
def test_load_rejects_bad_rows_with_a_clear_error(tmp_path, change, code):
    occupation_mapping_ensure()
    rows = _rows()
    rows[20].update(change)  # code 21, buruh nelayan
    with pytest.raises(UserError) as err:
        occupation_mapping_load(path=_write(tmp_path, rows))
    assert err.value.code == code and "Baris 22" in str(err.value)
    assert OccupationMappingVersion.objects.count() == 1


@pytest.mark.django_db
def test_load_rejects_missing_codes_duplicates_and_columns(tmp_path):
    rows = _rows()
    with pytest.raises(UserError, match="45"):
        occupation_mapping_load(path=_write(tmp_path, rows[:44] + rows[45:]))
    with pytest.raises(UserError, match="dua kali"):
        occupation_mapping_load(path=_write(tmp_path, rows + [rows[0]]))
    path = tmp_path / "cols.csv"
    path.write_text("code,name\n1,X\n", encoding="utf-8")
    with pytest.raises(UserError, match="ecosystem"):
        occupation_mapping_load(path=path)
    assert OccupationMappingVersion.objects.count() == 0


@pytest.mark.django_db
def test_edit_creates_a_version_and_validates():
    occupation_mapping_ensure()
    v2 = occupation_mapping_edit(changes={19: {"ecosystem": "desa"}}, user_name="admin")
    v2 = occupation_mapping_edit(changes={20: {"ecosystem": "desa"}}, into=v2)
    assert v2.version == 2 and OccupationMappingVersion.objects.count() == 2
    assert [r["ecosystem"] for r in occupation_mapping_rows()[18:20]] == ["desa", "desa"]
    with pytest.raises(UserError):
        occupation_mapping_edit(changes={5: {"exclusion_reason": ""}})
    assert OccupationMappingVersion.objects.count() == 2


@pytest.mark.django_db
def test_cli_show_load_export(tmp_path):
    runner = CliRunner()
    occupation_mapping_ensure()
    shown = runner.invoke(occupations_app, ["show"])
    assert shown.exit_code == 0 and "PETANI/PEKEBUN" in shown.output and "versi 1" in shown.output
    out = tmp_path / "o.csv"
    assert runner.invoke(occupations_app, ["export", str(out)]).exit_code == 0
    same = runner.invoke(occupations_app, ["load", str(out)])
    assert same.exit_code == 0 and "Tidak ada perubahan" in same.output
    out.write_text(
        out.read_text().replace(
            "18,KARYAWAN HONORER,true,false,,opd", "18,KARYAWAN HONORER,true,false,,pu"
        )
    )
    loaded = runner.invoke(occupations_app, ["load", str(out), "--note", "honorer"])
    assert loaded.exit_code == 0 and "versi 2" in loaded.output
    bad = runner.invoke(occupations_app, ["show", "--version", "7"])
    assert isinstance(bad.exception, UserError)
