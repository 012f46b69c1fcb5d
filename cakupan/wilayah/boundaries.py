"""Boundary files an admin loads for a region (GeoJSON), validated feature by feature.

    report = boundary_load(path="klaten_kecamatan.geojson")          # all matched, or nothing stored
    report = boundary_load(path="klaten_desa.geojson", partial=True)  # the matched ones stored

Each feature needs an area code (property ``kode``, ``code``, ``kode_wilayah``, ``kd_wilayah`` or
``kdepum``, or the one named; ``3310012001`` and ``33.10.01.2001`` both work) of a loaded
kecamatan/kapanewon or desa/kalurahan, and a Polygon or MultiPolygon geometry. A feature that does
not match is listed with its number in the file, the code as written and the reason. Without
``partial`` nothing is stored when one feature does not match; with it, the matched features are
stored and the unmatched ones kept as they were in ``CAKUPAN_HOME/boundaries/unmatched-*.geojson``:
nothing is lost. Stored per kind in ``CAKUPAN_HOME/boundaries/<kind>.geojson`` (a later load
replaces features of the same code), where the map pages read them (cakupan.wilayah.geo).
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cakupan.errors import UserError

from . import geo
from .models import Area

CODE_PROPERTIES = ("kode", "code", "kode_wilayah", "kd_wilayah", "kdepum", "kode_kemendagri", "id")
_DIGITS = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Unmatched:
    row: int        # the feature's number in the file, from 1
    code: str       # as written ('' when none)
    reason: str     # code of the reason (docs/wilayah.md)
    message: str


@dataclass
class BoundaryReport:
    file_name: str
    features: int = 0
    stored: dict[str, int] = field(default_factory=dict)   # kind -> features stored
    unmatched: list[Unmatched] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)  # kabupaten -> areas without a boundary
    unmatched_path: str = ""
    kabupaten: list[str] = field(default_factory=list)  # the regions the matched features are in
    status: str = "loaded"  # loaded | partial | refused

    def as_json(self) -> dict:
        return {"file_name": self.file_name, "features": self.features, "stored": self.stored,
                "status": self.status, "unmatched_path": self.unmatched_path, "missing": self.missing,
                "unmatched": [u.__dict__ for u in self.unmatched]}


def _norm_code(value) -> str:
    text = str(value if value is not None else "").strip().replace(" ", "")
    if _DIGITS.match(text) and len(text) in (6, 10):  # BPS/Kemendagri codes without dots
        parts = [text[0:2], text[2:4], text[4:6]] + ([text[6:10]] if len(text) == 10 else [])
        return ".".join(parts)
    return text


def _code_of(props: dict, prop: str | None) -> str:
    if prop:
        return _norm_code(props.get(prop))
    lower = {str(k).lower(): v for k, v in props.items()}
    for name in CODE_PROPERTIES:
        if lower.get(name) not in (None, ""):
            return _norm_code(lower[name])
    return ""


def _rings(geometry: dict):
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for poly in polys:
        yield from poly


def _geometry_ok(geometry) -> bool:
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return False
    try:
        points = [p for ring in _rings(geometry) for p in ring]
        return bool(points) and all(-180 <= float(p[0]) <= 180 and -90 <= float(p[1]) <= 90 for p in points)
    except (TypeError, ValueError, IndexError, KeyError):
        return False


def _centre(geometry: dict) -> tuple[float, float]:
    """(lat, lng): the mean of the largest ring's points (good enough to place a label)."""
    ring = max(_rings(geometry), key=len)
    return (sum(float(p[1]) for p in ring) / len(ring), sum(float(p[0]) for p in ring) / len(ring))


def _read(path: Path) -> list:
    if not path.is_file():
        raise UserError(f"Berkas batas wilayah tidak ditemukan: {path}", code="wilayah.file_missing")
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path.name} bukan GeoJSON yang sah (UTF-8, JSON): {exc}", code="wilayah.geojson_invalid") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise UserError(f"{path.name} harus GeoJSON FeatureCollection dengan daftar features.",
                        code="wilayah.geojson_invalid")
    if not data["features"]:
        raise UserError(f"{path.name} tidak berisi satu feature pun.", code="wilayah.geojson_invalid")
    return data["features"]


def boundary_load(*, path: Path | str, partial: bool = False, code_property: str | None = None) -> BoundaryReport:
    """Validate ``path`` (GeoJSON) against the loaded areas and store its boundaries (see above).
    Raises UserError when the file itself is unusable; unmatched features are in the report."""
    path = Path(path)
    features = _read(path)
    report = BoundaryReport(file_name=path.name, features=len(features))
    wanted: dict[int, str] = {}
    for i, feature in enumerate(features, start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        code = _code_of(props, code_property) if isinstance(props, dict) else ""
        if not code:
            report.unmatched.append(Unmatched(i, "", "boundary.no_code", "feature tanpa kode wilayah"))
        elif code in wanted.values():
            report.unmatched.append(Unmatched(i, code, "boundary.duplicate", "kode muncul dua kali di berkas"))
        elif not _geometry_ok(feature.get("geometry")):
            report.unmatched.append(Unmatched(i, code, "boundary.geometry", "geometri bukan Polygon/MultiPolygon lon,lat"))
        else:
            wanted[i] = code
    areas = {a.code: a for a in Area.objects.filter(code__in=list(wanted.values()))}
    matched: dict[str, list[dict]] = {k: [] for k in geo.KINDS}
    for i, code in wanted.items():
        area = areas.get(code)
        if area is None:
            report.unmatched.append(Unmatched(i, code, "boundary.unknown", "kode tidak ada di daftar wilayah"))
        elif area.kind not in geo.KINDS:
            report.unmatched.append(Unmatched(i, code, "boundary.level", f"{area.kind}: hanya kecamatan/kapanewon dan desa/kalurahan"))
        else:
            geometry = features[i - 1]["geometry"]
            lat, lng = _centre(geometry)
            props = {"kode": code, "nama": area.name, "kind": area.kind, "centroid_lat": round(lat, 6),
                     "centroid_lng": round(lng, 6)}
            if area.kind == "kalurahan":
                props["kapanewon_kode"] = area.parent_id
            matched[area.kind].append({"type": "Feature", "properties": props, "geometry": geometry})
    report.unmatched.sort(key=lambda u: u.row)
    if report.unmatched and not partial:
        report.status = "refused"
        return report
    folder = geo.loaded_dir()
    if folder is None:  # pragma: no cover - settings always carry CAKUPAN_HOME
        raise UserError("CAKUPAN_HOME tidak diketahui.", code="wilayah.no_home")
    folder.mkdir(parents=True, exist_ok=True)
    for kind, new in matched.items():
        if new:
            _store(folder / f"{kind}.geojson", new)
            report.stored[kind] = len(new)
    if report.unmatched:
        report.status = "partial"
        keep = folder / f"unmatched-{datetime.now():%Y%m%dT%H%M%S}-{path.stem}.geojson"
        rows = {u.row for u in report.unmatched}
        keep.write_text(json.dumps({"type": "FeatureCollection", "source": path.name, "features": [
            f for i, f in enumerate(features, start=1) if i in rows]}, ensure_ascii=False), encoding="utf-8")
        report.unmatched_path = str(keep)
    report.kabupaten = sorted({".".join(c.split(".")[:2]) for c in areas})
    report.missing = boundary_missing(kabupaten=set(report.kabupaten))
    return report


def _store(target: Path, new: list[dict]) -> None:
    old = json.loads(target.read_text(encoding="utf-8"))["features"] if target.exists() else []
    codes = {f["properties"]["kode"] for f in new}
    features = [f for f in old if f["properties"]["kode"] not in codes] + new
    features.sort(key=lambda f: f["properties"]["kode"])
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps({"type": "FeatureCollection", "name": target.stem, "features": features},
                              ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, target)


def boundary_missing(*, kabupaten: set[str]) -> dict[str, list[str]]:
    """kabupaten -> the codes of its kecamatan and desa that have no boundary (shipped or loaded)."""
    have = set(geo.boundary_codes("kapanewon")) | set(geo.boundary_codes("kalurahan"))
    out: dict[str, list[str]] = {}
    for kab in sorted(kabupaten):
        codes = Area.objects.filter(code__startswith=kab + ".", kind__in=geo.KINDS).values_list("code", flat=True)
        missing = sorted(set(codes) - have)
        if missing:
            out[kab] = missing
    return out
