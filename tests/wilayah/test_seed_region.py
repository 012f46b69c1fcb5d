"""The region a fresh instance starts with: CAKUPAN_REGION when set, else none (issue 18/7: nothing
assumes Bantul; the first population import brings its areas — tests/runs/test_e2e_any_region.py)."""
from __future__ import annotations

import importlib

import pytest

from cakupan.wilayah.models import Area
from cakupan.wilayah.services import area_load_reference_if_empty, seed_region


@pytest.mark.django_db
def test_cakupan_region_seeds_another_kabupaten_from_the_national_list(settings):
    settings.CAKUPAN_REGION = "33.10"
    assert seed_region() == "33.10"
    assert area_load_reference_if_empty() == 1 + 1 + 26 + 401
    assert Area.objects.get(code="33.10").name == "Kabupaten Klaten"
    assert not Area.objects.filter(code__startswith="34.").exists()


@pytest.mark.django_db
def test_an_empty_region_seeds_nothing(settings):
    settings.CAKUPAN_REGION = ""
    assert area_load_reference_if_empty() == 0 and not Area.objects.exists()


def test_a_fresh_instance_assumes_no_region(monkeypatch):
    """The production settings read CAKUPAN_REGION from the environment, and without it: none."""
    import config.env

    monkeypatch.delenv("CAKUPAN_REGION", raising=False)
    assert importlib.reload(config.env).region() == ""
    monkeypatch.setenv("CAKUPAN_REGION", " 34.01. ")
    assert config.env.region() == "34.01"


def test_without_the_setting_the_environment_decides(settings, monkeypatch):
    del settings.CAKUPAN_REGION
    monkeypatch.delenv("CAKUPAN_REGION", raising=False)
    assert seed_region() == ""
    monkeypatch.setenv("CAKUPAN_REGION", "33.10")
    assert seed_region() == "33.10"
