"""CAKUPAN_HOME and first-use initialisation: the Django side is set up, migrations run and the
reference data (areas, occupation mapping) loaded the first time an instance is used."""
from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)
_READY = False


def home() -> Path:
    from config import env

    return env.home()


def ensure_ready(*, quiet: bool = True) -> None:
    """Idempotent and cheap after the first call in a process."""
    global _READY
    if _READY:
        _speak_default_language()
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)
    _load_reference_data()
    from cakupan.ops.sweep import home_sweep

    home_sweep()  # what killed processes left (cakupan/ops/sweep.py)
    _speak_default_language()
    _READY = True


def _speak_default_language() -> None:
    """The CLI speaks the default language (Bahasa Indonesia: 115.463; 25,23 %), whatever a
    previous request in the same process activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


def _load_reference_data() -> None:
    from cakupan.registries.occupations import occupation_mapping_ensure
    from cakupan.wilayah.services import area_load_reference_if_empty

    area_load_reference_if_empty()
    occupation_mapping_ensure()
