"""The Dukcapil occupation -> workforce / exclusion / ecosystem mapping, kept as versioned data.

Every change (a file loaded with ``cakupan occupations load`` or an edit in the admin) makes a new
``OccupationMappingVersion`` holding all rows; old versions are never changed, so a population
snapshot that recorded version N can always be recomputed with it. The shipped mapping is
``cakupan/reference/occupations.csv`` (version 1); its rules are explained in docs/occupations.md.
"""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Max

from cakupan.core.reference import OCCUPATIONS
from cakupan.core.vocab import ECOSYSTEMS as VOCAB_ECOSYSTEMS
from cakupan.errors import UserError
from cakupan.registries.models import Occupation, OccupationMappingVersion

log = logging.getLogger(__name__)

COLUMNS = ("code", "name", "in_workforce", "excluded", "exclusion_reason", "ecosystem")
ECOSYSTEMS = VOCAB_ECOSYSTEMS.codes
REQUIRED_CODES = range(1, 90)  # the 89 codes of OpenSID tweb_penduduk_pekerjaan (domain.md)
MAX_CODE = 99  # Permendagri 109/2019 form F-1.01 numbers up to 99
_TRUE = {"true", "1", "ya", "y", "yes", "benar", "t"}
_FALSE = {"false", "0", "tidak", "n", "no", "salah", "f", ""}
_FIELDS = ("name", "in_workforce", "excluded", "exclusion_reason", "ecosystem")


def _bool(value: str, *, line: int, column: str) -> bool:
    v = (value or "").strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise UserError(
        f"Baris {line}, kolom {column}: '{value}' bukan nilai ya/tidak (pakai true atau false).",
        code="occupations.boolean",
    )


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def occupation_rows_read(*, path: Path | str) -> list[dict]:
    """Read and validate a mapping file; returns one dict per code (sorted by code)."""
    path = Path(path)
    if not path.exists():
        raise UserError(
            f"Berkas pemetaan pekerjaan tidak ditemukan: {path}", code="occupations.file_missing"
        )
    text = _decode(path)
    first = text.splitlines()[0] if text.strip() else ""
    reader = csv.DictReader(
        io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ","
    )
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise UserError(
            f"Berkas {path.name} kurang kolom: {', '.join(missing)} (harus: {','.join(COLUMNS)}).",
            code="occupations.columns",
        )
    rows: dict[int, dict] = {}
    for line, raw in enumerate(reader, start=2):
        raw = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        rows_check = _row(raw, line=line)
        if rows_check["code"] in rows:
            raise UserError(
                f"Baris {line}: kode {rows_check['code']} muncul dua kali.",
                code="occupations.duplicate",
            )
        rows[rows_check["code"]] = rows_check
    absent = [c for c in REQUIRED_CODES if c not in rows]
    if absent:
        raise UserError(
            f"Berkas {path.name} tidak memuat kode pekerjaan: {', '.join(map(str, absent[:10]))}"
            f"{' ...' if len(absent) > 10 else ''} (kode 1-89 wajib ada).",
            code="occupations.codes_missing",
        )
    return [rows[c] for c in sorted(rows)]


def _row(raw: dict, *, line: int) -> dict:
    try:
        code = int(raw["code"])
    except ValueError:
        raise UserError(
            f"Baris {line}: kode '{raw['code']}' bukan angka.", code="occupations.code"
        ) from None
    if not 1 <= code <= MAX_CODE:
        raise UserError(f"Baris {line}: kode {code} di luar 1-{MAX_CODE}.", code="occupations.code")
    row = {
        "code": code,
        "name": raw["name"].upper(),
        "in_workforce": _bool(raw["in_workforce"], line=line, column="in_workforce"),
        "excluded": _bool(raw["excluded"], line=line, column="excluded"),
        "exclusion_reason": raw["exclusion_reason"],
        "ecosystem": raw["ecosystem"].lower(),
    }
    occupation_row_check(row, where=f"Baris {line}")
    return row


def occupation_row_check(row: dict, *, where: str) -> None:
    """Raise UserError when a row (dict with the CSV's columns) breaks a rule of the mapping."""

    def fail(msg: str, code: str) -> None:
        raise UserError(f"{where} (kode {row['code']}): {msg}", code=code)

    if not row["name"]:
        fail("nama pekerjaan kosong.", "occupations.name")
    if len(row["name"]) > Occupation._meta.get_field("name").max_length:
        fail("nama pekerjaan terlalu panjang.", "occupations.name")
    if row["excluded"] and not row["in_workforce"]:
        fail(
            "excluded=true hanya untuk pekerjaan yang in_workforce=true (mis. PNS, TNI, POLRI).",
            "occupations.excluded",
        )
    if row["excluded"] and not row["exclusion_reason"]:
        fail("exclusion_reason wajib diisi bila excluded=true (mis. PNS).", "occupations.reason")
    if not row["excluded"] and row["exclusion_reason"]:
        fail("exclusion_reason hanya diisi bila excluded=true.", "occupations.reason")
    if row["ecosystem"] and row["ecosystem"] not in ECOSYSTEMS:
        fail(
            f"ekosistem '{row['ecosystem']}' tidak dikenal; "
            f"pilih salah satu: {', '.join(ECOSYSTEMS)}.",
            "occupations.ecosystem",
        )
    counted = row["in_workforce"] and not row["excluded"]
    if counted and not row["ecosystem"]:
        fail(
            "ekosistem wajib diisi untuk pekerjaan yang dihitung dalam angkatan kerja.",
            "occupations.ecosystem",
        )
    if not counted and row["ecosystem"]:
        fail(
            "ekosistem dikosongkan untuk pekerjaan di luar angkatan kerja atau yang dikecualikan.",
            "occupations.ecosystem",
        )


def occupation_mapping_current() -> OccupationMappingVersion | None:
    """The latest mapping version (the one imports and runs use), or None before first use."""
    return OccupationMappingVersion.objects.order_by("-version").first()


def occupation_mapping_rows(*, version: int | None = None) -> list[dict]:
    """The rows of a version (default: current), as dicts with the CSV's columns."""
    mapping = _version(version)
    return list(mapping.occupations.order_by("code").values(*COLUMNS))


def _version(version: int | None) -> OccupationMappingVersion:
    if version is None:
        mapping = occupation_mapping_current() or occupation_mapping_ensure()
    else:
        mapping = OccupationMappingVersion.objects.filter(version=version).first()
        if mapping is None:
            raise UserError(
                f"Versi pemetaan pekerjaan {version} tidak ada.", code="occupations.version"
            )
    return mapping


@transaction.atomic
def _create_version(
    *, rows: list[dict], source: str, user_name: str, note: str
) -> OccupationMappingVersion:
    latest = OccupationMappingVersion.objects.aggregate(m=Max("version"))["m"] or 0
    mapping = OccupationMappingVersion.objects.create(
        version=latest + 1, source=source[:255], created_by_name=user_name[:150], note=note[:255]
    )
    Occupation.objects.bulk_create([Occupation(mapping=mapping, **row) for row in rows])
    log.info("occupation mapping version %d created from %s", mapping.version, source)
    return mapping


def occupation_mapping_load(
    *, path: Path | str, user_name: str = "", note: str = ""
) -> OccupationMappingVersion:
    """Load a mapping file as a new version. A file identical to the current version makes no
    new version: the current one is returned."""
    rows = occupation_rows_read(path=path)
    current = occupation_mapping_current()
    if current is not None and occupation_mapping_rows(version=current.version) == rows:
        log.info("occupation mapping unchanged; staying at version %d", current.version)
        return current
    return _create_version(rows=rows, source=Path(path).name, user_name=user_name, note=note)


def occupation_mapping_ensure() -> OccupationMappingVersion:
    """The current mapping; loads the shipped CSV as version 1 the first time."""
    current = occupation_mapping_current()
    if current is not None:
        return current
    rows = occupation_rows_read(path=OCCUPATIONS)
    try:
        return _create_version(
            rows=rows,
            source="cakupan/reference/occupations.csv",
            user_name="cakupan",
            note="pemetaan bawaan",
        )
    except IntegrityError:  # another process created version 1 at the same moment
        return occupation_mapping_current()


@transaction.atomic
def occupation_mapping_edit(
    *,
    changes: dict[int, dict],
    base: int | None = None,
    into: OccupationMappingVersion | None = None,
    user_name: str = "",
    note: str = "",
) -> OccupationMappingVersion:
    """Apply ``{code: {field: value}}`` as a new version copied from ``base`` (default: current),
    or,
    with ``into``, to a version created earlier in the same edit (the admin's list edit saves its
    rows one by one). Every changed row is validated."""
    if into is None:
        rows = {r["code"]: r for r in occupation_mapping_rows(version=base)}
        for code, fields in changes.items():
            rows[int(code)].update({k: v for k, v in fields.items() if k in _FIELDS})
            occupation_row_check(rows[int(code)], where="Perubahan")
        return _create_version(
            rows=list(rows.values()),
            source="admin",
            user_name=user_name,
            note=note or "diubah lewat admin",
        )
    for code, fields in changes.items():
        occ = into.occupations.get(code=int(code))
        row = {c: getattr(occ, c) for c in COLUMNS} | {
            k: v for k, v in fields.items() if k in _FIELDS
        }
        occupation_row_check(row, where="Perubahan")
        into.occupations.filter(pk=occ.pk).update(**{k: row[k] for k in _FIELDS})
    return into


def occupation_mapping_export(*, path: Path | str, version: int | None = None) -> Path:
    """Write a version (default: current) as CSV with the columns of the shipped file; the
    pipeline reads this file. Returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in occupation_mapping_rows(version=version):
            writer.writerow(
                [
                    row["code"],
                    row["name"],
                    "true" if row["in_workforce"] else "false",
                    "true" if row["excluded"] else "false",
                    row["exclusion_reason"],
                    row["ecosystem"],
                ]
            )
    return path
