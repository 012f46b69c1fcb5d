"""Writes for the area hierarchy: load Kemendagri-coded areas from a CSV, load the shipped Bantul
reference on first use, and create padukuhan from population data.

Two CSV shapes are accepted (docs/wilayah.md):
- regional, like ``cakupan/reference/bantul/wilayah.csv``: ``code,name,kind,parent_code``
  (+ optional ``centroid_lat,centroid_lng,area_km2_boundary|area_km2``) with kind
  provinsi/kabupaten/kapanewon/kalurahan/padukuhan (kecamatan/desa/kelurahan as synonyms);
- national, like ``cakupan/reference/indonesia/wilayah.csv``: ``code,name,level,parent_code``
  with level provinsi/kabupaten_kota/kecamatan/desa_kelurahan; ``region="34.02"`` keeps one.
Parents missing from the file and the database (e.g. the province and kabupaten rows Bantul's file
does not carry) are taken from the national list.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from django.db import transaction

from cakupan.core.areas import ancestors, parent_of
from cakupan.core.reference import NATIONAL_WILAYAH, region_dir
from cakupan.errors import UserError
from cakupan.wilayah.codes import (
    kind_of_code,
    name_key,
    padukuhan_code,
)
from cakupan.wilayah.models import Area

log = logging.getLogger(__name__)

from cakupan.wilayah.boundaries import BoundaryReport, boundary_load, boundary_missing  # noqa: E402,F401  (the door)


KIND_SYNONYMS = {
    "provinsi": "provinsi",
    "propinsi": "provinsi",
    "kabupaten": "kabupaten",
    "kabupaten_kota": "kabupaten",
    "kota": "kabupaten",
    "kabupaten/kota": "kabupaten",
    "kapanewon": "kapanewon",
    "kecamatan": "kapanewon",
    "kemantren": "kapanewon",
    "distrik": "kapanewon",
    "kalurahan": "kalurahan",
    "desa": "kalurahan",
    "kelurahan": "kalurahan",
    "desa_kelurahan": "kalurahan",
    "kampung": "kalurahan",
    "nagari": "kalurahan",
    "padukuhan": "padukuhan",
    "dusun": "padukuhan",
}
_BATCH = 2000
_CODE_MAX = Area._meta.get_field("code").max_length
_NAME_MAX = Area._meta.get_field("name").max_length


def _float(value: str | None) -> float | None:
    value = (value or "").strip().replace(",", ".")
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _open_csv(path: Path) -> tuple[csv.DictReader, set[str]]:
    if not path.exists():
        raise UserError(f"Berkas wilayah tidak ditemukan: {path}", code="wilayah.file_missing")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(
            f"Berkas wilayah bukan UTF-8: {path}; simpan ulang sebagai CSV UTF-8.",
            code="wilayah.encoding",
        ) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return reader, {h.strip().lower() for h in (reader.fieldnames or [])}


def _read_rows(path: Path, *, region: str | None) -> dict[str, dict]:
    """code -> {name, kind, parent, lat, lng, km2} for the rows of the file (within ``region``)."""
    reader, header = _open_csv(path)
    kind_col = "kind" if "kind" in header else "level" if "level" in header else None
    if not {"code", "name"} <= header or kind_col is None:
        raise UserError(
            f"Berkas wilayah {path.name} harus punya kolom code, name dan kind (atau level); "
            f"yang ada: {', '.join(sorted(header))}",
            code="wilayah.columns",
        )
    rows: dict[str, dict] = {}
    code_col = next(h for h in reader.fieldnames or [] if h.strip().lower() == "code")
    for n, raw in enumerate(reader, start=2):
        if region:  # cheap test first: the national list has 91.599 rows, a region a few hundred
            first = (raw.get(code_col) or "").strip()
            if not (first == region or first.startswith(region + ".")):
                continue
        raw = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        code = raw["code"]
        where = f"Baris {n} berkas {path.name}"
        kind = KIND_SYNONYMS.get(raw[kind_col].lower())
        name = " ".join(raw["name"].split())
        if kind is None or kind_of_code(code) != kind or not name or len(name) > _NAME_MAX:
            raise UserError(
                f"{where}: kode '{code}', jenis '{raw[kind_col]}' atau nama '{name[:40]}' "
                "tidak sah (contoh: 34.02.01,Srandakan,kapanewon,34.02).",
                code="wilayah.row_invalid",
            )
        parent = raw.get("parent_code") or parent_of(code)
        if parent != parent_of(code):
            raise UserError(
                f"{where}: induk '{parent}' tidak cocok dengan kode '{code}'.",
                code="wilayah.parent_mismatch",
            )
        if code in rows:
            raise UserError(f"{where}: kode '{code}' muncul dua kali.", code="wilayah.duplicate")
        rows[code] = {
            "name": name,
            "kind": kind,
            "parent": parent,
            "lat": _float(raw.get("centroid_lat")),
            "lng": _float(raw.get("centroid_lng")),
            "km2": _float(raw.get("area_km2_boundary") or raw.get("area_km2")),
        }
    if region and not rows:
        raise UserError(
            f"Wilayah {region} tidak ada di berkas {path.name}.", code="wilayah.region_empty"
        )
    return rows


def _national_rows(codes: set[str]) -> dict[str, dict]:
    """The rows of the national list for the given codes (one pass over the file)."""
    found: dict[str, dict] = {}
    with NATIONAL_WILAYAH.open(encoding="utf-8", newline="") as fh:
        for raw in csv.DictReader(fh):
            if raw["code"] in codes:
                found[raw["code"]] = {
                    "name": raw["name"],
                    "kind": KIND_SYNONYMS[raw["level"]],
                    "parent": raw["parent_code"] or None,
                    "lat": None,
                    "lng": None,
                    "km2": None,
                }
    return found


def _add_missing_parents(rows: dict[str, dict]) -> None:
    needed = {a for code in rows for a in ancestors(code, from_level="provinsi")[:-1]} - set(rows)
    if not needed:
        return
    needed -= set(Area.objects.filter(code__in=needed).values_list("code", flat=True))
    if not needed:
        return
    found = _national_rows(needed)
    missing = sorted(needed - set(found))
    if missing:
        raise UserError(
            "Kode induk tidak dikenal (tidak ada di berkas, basis data, maupun daftar "
            "Kemendagri): "
            f"{', '.join(missing[:5])}",
            code="wilayah.parent_unknown",
        )
    rows.update(found)


def _area(code: str, row: dict) -> Area:
    return Area(
        code=code,
        name=row["name"],
        name_key=name_key(row["name"]),
        kind=row["kind"],
        parent_id=row["parent"],
        centroid_lat=row["lat"],
        centroid_lng=row["lng"],
        area_km2=row["km2"],
    )


@transaction.atomic
def area_load_csv(*, path: Path | str, replace: bool = False, region: str | None = None) -> int:
    """Load areas from ``path``; returns how many rows were created (+ updated with ``replace``).

    Existing codes are left as they are unless ``replace=True``, which updates their name, kind,
    parent and centroid. Nothing is deleted (other tables refer to area codes)."""
    rows = _read_rows(Path(path), region=region.strip().strip(".") if region else None)
    _add_missing_parents(rows)
    existing = set(Area.objects.filter(code__in=list(rows)).values_list("code", flat=True))
    ordered = sorted(rows, key=lambda c: (c.count("."), c))  # parents first
    new = [_area(c, rows[c]) for c in ordered if c not in existing]
    # ignore_conflicts: another process that loaded the same codes meanwhile is not an error
    Area.objects.bulk_create(new, batch_size=_BATCH, ignore_conflicts=True)
    changed = 0
    if replace and existing:
        upd = [_area(c, rows[c]) for c in ordered if c in existing]
        fields = ["name", "name_key", "kind", "parent", "centroid_lat", "centroid_lng", "area_km2"]
        Area.objects.bulk_update(upd, fields, batch_size=_BATCH)
        changed = len(upd)
    log.info("areas loaded from %s: %d created, %d updated", path, len(new), changed)
    return len(new) + changed


def seed_region() -> str:
    """The region a fresh instance starts with: the setting CAKUPAN_REGION (from the environment
    variable; a kabupaten/kota or province code), or "" — none: nothing is assumed, the first
    population import loads the areas its rows name (``area_regions_ensure``)."""
    from django.conf import settings

    value = getattr(settings, "CAKUPAN_REGION", None)
    if value is None:
        value = os.environ.get("CAKUPAN_REGION", "")
    return str(value).strip().strip(".")


def area_load_reference_if_empty(*, region: str | None = None) -> int:
    """Load the seed region (``seed_region()``; a region with its own shipped folder, e.g. Bantul,
    from it, any other from the national list, with its province and kabupaten) when no area exists
    and a region is set; one cheap query when the
    areas are already there. Called on every start of an instance (cakupan.home)."""
    if Area.objects.exists():
        return 0
    region = seed_region() if region is None else region.strip().strip(".")
    if not region:
        return 0
    shipped = region_dir(region)
    if shipped is not None and (shipped / "wilayah.csv").is_file():
        return area_load_csv(path=shipped / "wilayah.csv")
    return area_load_csv(path=NATIONAL_WILAYAH, region=region)


# a kabupaten named by this many of a file's rows is loaded on first use: 1 % of the rows, at most 100
# (a few residents registered with a neighbour's code do not bring a whole kabupaten in)
REGION_SHARE = 0.01
REGION_ROWS_MAX = 100


def _national_kabupaten() -> set[str]:
    with NATIONAL_WILAYAH.open(encoding="utf-8", newline="") as fh:
        return {raw["code"] for raw in csv.DictReader(fh) if raw["level"] == "kabupaten_kota"}


def area_regions_ensure(*, kalurahan_counts: Mapping[str, int], rows: int) -> list[str]:
    """Load, from the packaged national list (or the region's own shipped folder, e.g. Bantul's),
    every kabupaten/kota that the given unknown kalurahan codes name, when it has no kapanewon yet
    and at least min(REGION_ROWS_MAX, 1 % of ``rows``) rows name it. ``kalurahan_counts``: code ->
    rows (codes of any shape; only ``PP.RR.SS.NNNN`` count). Returns the kabupaten codes loaded.
    A population import calls it, so a region's areas need no manual step (docs/wilayah.md)."""
    per_kab: dict[str, int] = {}
    for code, n in kalurahan_counts.items():
        if code and kind_of_code(code) == "kalurahan" and code.replace(".", "").isdigit():
            kab = ".".join(code.split(".")[:2])
            per_kab[kab] = per_kab.get(kab, 0) + int(n)
    need = max(1, min(REGION_ROWS_MAX, math.ceil(REGION_SHARE * max(rows, 0))))
    wanted = sorted(k for k, n in per_kab.items() if n >= need)
    if not wanted:
        return []
    loaded_kab = set(
        Area.objects.filter(kind=Area.Kind.KAPANEWON, parent_id__in=wanted).values_list("parent_id", flat=True)
    )
    wanted = [k for k in wanted if k not in loaded_kab]
    known = _national_kabupaten() if wanted else set()
    done = []
    for kab in wanted:
        shipped = region_dir(kab)
        if shipped is not None and (shipped / "wilayah.csv").is_file():
            area_load_csv(path=shipped / "wilayah.csv")
        elif kab in known:
            area_load_csv(path=NATIONAL_WILAYAH, region=kab)
        else:
            continue
        log.info("areas of %s loaded on first use (named by %d rows)", kab, per_kab[kab])
        done.append(kab)
    return done


@transaction.atomic
def padukuhan_ensure_many(*, rows: Iterable[tuple[str, str]]) -> int:
    """Create the padukuhan named in population data, ``(kalurahan_code, name)`` pairs, with the
    contract's code (``34.02.01.2001.krajan``). Returns how many were created. Rows with an empty
    name or a kalurahan that is not a known Area are skipped (and logged)."""
    wanted: dict[str, tuple[str, str]] = {}
    for kal, name in rows:
        name = " ".join(str(name or "").split())
        kal = str(kal or "").strip()
        if not name or not kal:
            continue
        try:
            code = padukuhan_code(kal, name)
        except ValueError:
            continue
        if len(code) > _CODE_MAX or len(name) > _NAME_MAX:
            log.warning("padukuhan skipped: name too long for a code: %r", name[:80])
            continue
        wanted.setdefault(code, (kal, name))
    if not wanted:
        return 0
    kal_codes = {kal for kal, _ in wanted.values()}
    known_kal: set[str] = set()
    existing: set[str] = set()
    codes = list(wanted)
    for kal_chunk in _chunks(sorted(kal_codes)):
        known_kal.update(
            Area.objects.filter(code__in=kal_chunk, kind=Area.Kind.KALURAHAN).values_list(
                "code", flat=True
            )
        )
    for chunk in _chunks(codes):
        existing.update(Area.objects.filter(code__in=chunk).values_list("code", flat=True))
    unknown = kal_codes - known_kal
    if unknown:
        log.warning(
            "padukuhan skipped: %d unknown kalurahan codes, e.g. %s",
            len(unknown),
            sorted(unknown)[:3],
        )
    new = [
        Area(code=code, name=name, name_key=name_key(name), kind=Area.Kind.PADUKUHAN, parent_id=kal)
        for code, (kal, name) in wanted.items()
        if code not in existing and kal in known_kal
    ]
    # ignore_conflicts: another process that loaded the same codes meanwhile is not an error
    Area.objects.bulk_create(new, batch_size=_BATCH, ignore_conflicts=True)
    return len(new)


def _chunks(items: list[str], size: int = 900):
    for i in range(0, len(items), size):
        yield items[i : i + size]
