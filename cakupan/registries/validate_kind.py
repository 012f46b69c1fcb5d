"""One extract's rows validated by the rules of its kind, into a data and a quarantine Parquet file
(the reference data — kalurahan codes, the occupation mapping — read here from the database)."""
from __future__ import annotations

from pathlib import Path

from .columns import HeaderMap
from .readers import Progress, RawTable
from .stage import Outcome, connect


def kind_validate(
    *,
    kind: str,
    roster_kind: str,
    raw: RawTable,
    hm: HeaderMap,
    data_path: Path,
    quarantine_path: Path,
    progress: Progress | None = None,
    mapping_version: int | None = None,
    taken_path: Path | None = None,
) -> tuple[Outcome, int | None]:
    """(outcome, occupation mapping version used). ``mapping_version``: that version instead of the
    current one (a merge uses its parent's); ``taken_path``: see population_validate. DuckDB runs
    bounded, spilling to the raw file's scratch folder."""
    con = connect(raw.folder)
    try:
        if kind == "population":
            from cakupan.wilayah.codes import padukuhan_code

            from .validate import population_validate

            version, occupations = _occupations(mapping_version)

            def code_of(kal: str, name: str) -> str | None:
                try:
                    return padukuhan_code(kal, name)
                except ValueError:
                    return None

            outcome = population_validate(
                con, raw, hm, kalurahan_codes=_kalurahan_codes(), occupations=occupations,
                padukuhan_code=code_of, data_path=data_path, quarantine_path=quarantine_path, progress=progress,
                taken_path=taken_path, kalurahan_more=_kalurahan_more,
            )
            return outcome, version
        from .validate_members import records_validate

        outcome = records_validate(con, raw, hm, kind=kind, roster_kind=roster_kind, data_path=data_path,
                                   quarantine_path=quarantine_path, progress=progress)
        return outcome, None
    finally:
        con.close()


def _kalurahan_codes() -> list[str]:
    from cakupan.wilayah.models import Area

    return list(Area.objects.filter(kind=Area.Kind.KALURAHAN).values_list("code", flat=True))


def _kalurahan_more(unknown: dict[str, int], rows: int) -> list[str]:
    """The regions the unknown codes name, loaded from the national list; the kalurahan known after."""
    from cakupan.wilayah.services import area_regions_ensure

    if not area_regions_ensure(kalurahan_counts=unknown, rows=rows):
        return []
    return _kalurahan_codes()


def _occupations(version: int | None = None) -> tuple[int | None, list[tuple[int, str]]]:
    """(mapping version, [(code, name)]): the given version when it exists, else the current one."""
    from .models import OccupationMappingVersion
    from .occupations import occupation_mapping_current

    mapping = None
    if version is not None:
        mapping = OccupationMappingVersion.objects.filter(version=version).first()
    mapping = mapping or occupation_mapping_current()
    if mapping is None:
        return None, []
    return mapping.version, [(o.code, o.name) for o in mapping.occupations.all()]
