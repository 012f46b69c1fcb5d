"""Any region (issue 18, part 7): synth -> import -> link -> dashboard and maps for a DIY kabupaten
other than Bantul (Kulon Progo) and a kabupaten outside DIY (Klaten), on a fresh home with no manual
area step; the areas come from the packaged national list, the terms follow the province, the map
pages show a tile map without boundaries and the loaded boundaries once an admin loads them."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from cakupan.accounts.scope import Scope
from cakupan.coverage import selectors

AS_OF = date(2023, 2, 27)


def _squares(codes: list[str]) -> dict:
    feats = []
    for i, code in enumerate(codes):
        x, y = 110.0 + (i % 5) * 0.05, -7.7 - (i // 5) * 0.05
        ring = [[x, y], [x + 0.05, y], [x + 0.05, y - 0.05], [x, y - 0.05], [x, y]]
        feats.append({"type": "Feature", "properties": {"kode": code.replace(".", "")},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": feats}


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("region, name, kecamatan", [
    ("34.01", "Kabupaten Kulon Progo", "kapanewon"),
    ("33.10", "Kabupaten Klaten", "kecamatan"),
])
def test_synth_import_link_dashboard(region, name, kecamatan, cakupan_home, tmp_path, client):
    from cakupan.accounts.services import user_create
    from cakupan.cli import app
    from cakupan.home import ensure_ready
    from cakupan.registries.occupations import occupation_mapping_ensure
    from cakupan.registries.services import snapshot_import
    from cakupan.runs.services import run_execute
    from cakupan.synth.generate import synth_generate
    from cakupan.wilayah.models import Area
    from cakupan.wilayah.services import area_load_reference_if_empty

    ensure_ready()  # once per process: the test database also needs what it loads
    area_load_reference_if_empty()
    occupation_mapping_ensure()
    synth = tmp_path / "synth"
    synth_generate(out=synth, region=region, scale=0.01, seed=1, as_of=AS_OF, fmt="csv")
    pop = snapshot_import(kind="population", path=synth / "population.csv", as_of=AS_OF)
    assert pop.status == "loaded" and pop.reasons.get("wilayah.unknown", 0) < 0.01 * pop.rows_read
    snapshot_import(kind="members", path=synth / "members.csv", as_of=AS_OF)
    out = run_execute(as_of=AS_OF)

    truth = json.loads((synth / "truth" / "summary.json").read_text())
    total = selectors.coverage_total(run=out.run, scope=Scope(role="admin"))
    assert total.key == region
    assert abs(total.workforce - truth["workforce"]) <= max(2, round(truth["workforce"] * 0.002))
    assert abs(total.active - truth["active"]) <= max(3, round(truth["active"] * 0.01))

    result = CliRunner().invoke(app, ["coverage", "--by", "kecamatan", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    assert rows and all(r["key"].startswith(region + ".") and r["key"].count(".") == 2 for r in rows)
    table = CliRunner().invoke(app, ["coverage", "--by", "desa"])
    assert table.exit_code == 0 and f"Cakupan per {'kalurahan' if region == '34.01' else 'desa/kelurahan'}" in table.output

    client.force_login(user_create(username="admin", role="admin", password="rahasia-123456"))
    page = client.get("/")
    assert page.status_code == 200 and name in page.content.decode()
    area = client.get(f"/wilayah/{region}/").content.decode()
    assert f"Cakupan per {kecamatan}" in area
    peta = client.get("/peta/?level=kalurahan").content.decode()
    assert "map-note" in peta and 'class="region"' in peta  # no boundaries: a tile per area, linked
    assert "Bantul" not in peta
    assert f">{kecamatan.capitalize()}</a>" in peta  # the province's word on the level tabs

    kec = sorted(Area.objects.filter(code__startswith=region + ".", kind="kapanewon").values_list("code", flat=True))
    geojson = tmp_path / "kec.geojson"
    geojson.write_text(json.dumps(_squares(kec)), encoding="utf-8")
    loaded = CliRunner().invoke(app, ["boundaries", "load", str(geojson)])
    assert loaded.exit_code == 0, loaded.output
    assert f"{len(kec)} batas {kecamatan} disimpan" in " ".join(loaded.output.split())
    peta = client.get("/peta/?level=kapanewon").content.decode()
    assert "map-note" not in peta and peta.count('class="region"') == len(kec)
