"""The region a fresh instance starts with: CAKUPAN_REGION, else the shipped Bantul (issue 18/7)."""
from __future__ import annotations

import pytest

from cakupan.wilayah.models import Area
from cakupan.wilayah.services import area_load_reference_if_empty, seed_region


@pytest.mark.django_db
def test_cakupan_region_seeds_another_kabupaten_from_the_national_list(monkeypatch):
    monkeypatch.setenv("CAKUPAN_REGION", "33.10")
    assert seed_region() == "33.10"
    assert area_load_reference_if_empty() == 1 + 1 + 26 + 401
    assert Area.objects.get(code="33.10").name == "Kabupaten Klaten"
    assert not Area.objects.filter(code__startswith="34.").exists()


@pytest.mark.django_db
def test_an_empty_region_seeds_nothing(settings):
    settings.CAKUPAN_REGION = ""
    assert area_load_reference_if_empty() == 0 and not Area.objects.exists()


def test_the_default_is_the_shipped_region(monkeypatch):
    monkeypatch.delenv("CAKUPAN_REGION", raising=False)
    assert seed_region() == "34.02"
