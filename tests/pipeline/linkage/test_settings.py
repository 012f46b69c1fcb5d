"""LinkSettings' defaults are data (cakupan/reference/linkage_settings.json); a run records them."""
from __future__ import annotations

import json

from cakupan.pipeline.linkage.settings import SETTINGS_FILE, LinkSettings


def test_defaults_come_from_the_settings_file():
    data = {k: v["value"] for k, v in json.loads(SETTINGS_FILE.read_text()).items()}
    recorded = LinkSettings().recorded()
    assert {k: recorded[k] for k in data} == data
    assert all(v["meaning"] for v in json.loads(SETTINGS_FILE.read_text()).values())


def test_overrides_are_recorded():
    s = LinkSettings(accept_threshold=0.95, name_jw_thresholds=(0.9, 0.8))
    assert s.recorded()["accept_threshold"] == 0.95
    assert s.recorded()["name_jw_thresholds"] == [0.9, 0.8]
    assert LinkSettings().name_jw_thresholds == (0.95, 0.88)
    json.dumps(s.recorded())
