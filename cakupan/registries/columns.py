"""Header recognition: the many ways a Dukcapil / BPJS TK / agency extract names a column, mapped to
cakupan's canonical column names (docs/contracts.md "Input headers", docs/input-formats.md).

Matching is case and punctuation insensitive: ``No. KTP``, ``NO_KTP`` and ``no ktp`` are all
``NOKTP`` after :func:`header_key`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = ("population", "members", "roster")

# canonical name -> accepted header variants (written the way people write them)
COMMON: dict[str, tuple[str, ...]] = {
    "nik": ("NIK", "NO_NIK", "No. KTP", "NO KTP", "NOMOR KTP", "NOMOR INDUK KEPENDUDUKAN", "NIK_KTP",
            "NIK PESERTA"),
    "nama": ("NAMA", "NAMA_LGKP", "NAMA LENGKAP", "NAMA_PESERTA", "NAMA TENAGA KERJA", "NAMA PEKERJA",
             "NAMA PEGAWAI"),
    "jenis_kelamin": ("JENIS_KLMIN", "JENIS KELAMIN", "JK", "L/P", "SEX", "KELAMIN"),
    "tanggal_lahir": ("TGL_LHR", "TGL LAHIR", "TANGGAL LAHIR", "TGL_LAHIR", "TANGGAL_LHR"),
    "kode_wilayah": ("KODE_WILAYAH", "KODE_DESA", "KODE_KALURAHAN", "KD_WILAYAH", "KODE KELURAHAN"),
}
POPULATION: dict[str, tuple[str, ...]] = {
    "no_kk": ("NO_KK", "NOMOR KK", "NKK", "NOMOR KARTU KELUARGA"),
    "tempat_lahir": ("TMPT_LHR", "TEMPAT LAHIR", "TEMPAT_LHR"),
    "padukuhan": ("DUSUN", "PADUKUHAN", "NAMA_DUSUN", "NAMA PADUKUHAN"),
    "pekerjaan": ("JENIS_PKRJN", "PEKERJAAN", "KODE_PEKERJAAN", "JENIS PEKERJAAN"),
}
MEMBERS: dict[str, tuple[str, ...]] = {
    "kpj": ("KPJ", "NO_KPJ", "NOMOR KPJ"),
    "segmen": ("SEGMEN", "KATEGORI", "SEGMEN_PESERTA"),
    "program": ("PROGRAM", "PROGRAM_DIIKUTI"),
    "status": ("STATUS", "STATUS_KEPESERTAAN", "STATUS PESERTA"),
    "tanggal_kepesertaan": ("TGL_KEPESERTAAN", "TMT_KEPESERTAAN", "TANGGAL KEPESERTAAN"),
    "iuran_terakhir": ("IURAN_TERAKHIR", "BLTH_IURAN_TERAKHIR", "BULAN_IURAN_TERAKHIR"),
    "npp": ("NPP",),
    "nama_perusahaan": ("NAMA_PERUSAHAAN", "PEMBERI_KERJA", "NAMA PEMBERI KERJA"),
}
ROSTER: dict[str, tuple[str, ...]] = {
    "roster_id": ("ID", "NIP", "NIPPPK", "NI PPPK", "ID_PEKERJA", "ID_PEGAWAI", "NOMOR_INDUK_PEGAWAI"),
    "org": ("OPD", "NAMA_OPD", "NAMA_PASAR", "PASAR", "SEKOLAH", "NAMA_SEKOLAH", "NAMA_USAHA",
            "KALURAHAN", "INSTANSI", "UNIT KERJA"),
    "jabatan": ("JABATAN",),
    "project_code": ("KODE_PROYEK", "KODE_KEGIATAN"),
    "start_date": ("TGL_MULAI", "TANGGAL MULAI"),
    "end_date": ("TGL_SELESAI", "TANGGAL SELESAI"),
}
# Columns cakupan adds when it exports quarantined rows; ignored when the fixed file comes back.
QUARANTINE_COLUMNS = ("BARIS_ASAL", "ALASAN", "ALASAN_KETERANGAN")

CANONICAL: dict[str, tuple[str, ...]] = {
    "population": ("nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
                   "kode_wilayah", "padukuhan", "pekerjaan"),
    "members": ("nik", "kpj", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "segmen",
                "program", "status", "tanggal_kepesertaan", "iuran_terakhir", "npp", "nama_perusahaan"),
    "roster": ("nik", "roster_id", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "org",
               "jabatan", "project_code", "start_date", "end_date"),
}
# canonical name -> what the officer sees when choosing a column (Bahasa Indonesia)
COLUMN_LABELS: dict[str, str] = {
    "nik": "NIK", "no_kk": "Nomor KK", "nama": "Nama", "jenis_kelamin": "Jenis kelamin",
    "tempat_lahir": "Tempat lahir", "tanggal_lahir": "Tanggal lahir",
    "kode_wilayah": "Kode wilayah (kalurahan)", "padukuhan": "Padukuhan (dusun)", "pekerjaan": "Pekerjaan",
    "kpj": "Nomor KPJ", "segmen": "Segmen kepesertaan", "program": "Program", "status": "Status kepesertaan",
    "tanggal_kepesertaan": "Tanggal kepesertaan", "iuran_terakhir": "Bulan iuran terakhir", "npp": "NPP",
    "nama_perusahaan": "Nama perusahaan (pemberi kerja)", "roster_id": "ID / NIP", "org": "OPD / unit / tempat",
    "jabatan": "Jabatan", "project_code": "Kode proyek / kegiatan", "start_date": "Tanggal mulai",
    "end_date": "Tanggal selesai",
}
_BY_KIND = {"population": POPULATION, "members": MEMBERS, "roster": ROSTER}
_NON_ALNUM = re.compile(r"[^0-9A-Z]+")


def header_key(header: object) -> str:
    """``' No. KTP '`` -> ``'NOKTP'``: upper case, letters and digits only."""
    return _NON_ALNUM.sub("", str(header or "").upper())


def aliases(kind: str) -> dict[str, str]:
    """header key -> canonical name, for one import kind."""
    out: dict[str, str] = {}
    for table in (COMMON, _BY_KIND[kind]):
        for canonical, variants in table.items():
            out[header_key(canonical)] = canonical
            for variant in variants:
                out[header_key(variant)] = canonical
    return out


NIK_KEYS = frozenset(header_key(v) for v in COMMON["nik"] + ("nik",))
CONTROL_KEYS = frozenset(header_key(h) for h in QUARANTINE_COLUMNS)


@dataclass(frozen=True)
class HeaderMap:
    """Where each canonical column sits in the file (column index), and what is left over."""

    columns: dict[str, int]
    unknown: tuple[int, ...] = ()  # indexes of headers no alias matched (or a second match)
    ignored: tuple[int, ...] = ()  # cakupan's own quarantine-export columns
    notes: tuple[str, ...] = field(default_factory=tuple)


def map_headers(headers: list[str], kind: str) -> HeaderMap:
    """Recognise headers for ``kind``; the first header matching a canonical column wins."""
    table = aliases(kind)
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = header_key(header)
        canonical = table.get(key)
        if key not in CONTROL_KEYS and canonical and canonical not in columns:
            columns[canonical] = index
    return _header_map(headers, kind, columns)


def _header_map(headers: list[str], kind: str, columns: dict[str, int]) -> HeaderMap:
    """The HeaderMap for a chosen canonical -> index: every other header is ignored (cakupan's own
    export columns) or unknown."""
    used = set(columns.values())
    ignored = [i for i, h in enumerate(headers) if i not in used and header_key(h) in CONTROL_KEYS]
    unknown = [i for i in range(len(headers)) if i not in used and i not in ignored]
    notes = []
    if unknown:
        names = ", ".join(headers[i] for i in unknown)
        what = "disimpan di kolom extra" if kind == "roster" else "diabaikan"
        notes.append(f"Kolom tidak dikenal {what}: {names}.")
    return HeaderMap(columns=columns, unknown=tuple(unknown), ignored=tuple(ignored), notes=tuple(notes))


def map_headers_chosen(headers: list[str], kind: str, chosen: dict[str, str | None]) -> HeaderMap:
    """map_headers, with the officer's choice (canonical -> header text; empty = no column) in
    place of the automatic one for those canonical names. A header chosen twice, a header not in
    the file or a column the kind does not have raises UserError ``import.columns``."""
    from .reasons import file_error

    def refuse(detail: str):
        return file_error("import.columns", detail=detail)

    auto = map_headers(headers, kind).columns
    unknown_names = sorted(set(chosen) - set(CANONICAL[kind]))
    if unknown_names:
        raise refuse(f"kolom {', '.join(unknown_names)} tidak ada pada impor {kind}")
    picked: dict[str, int] = {}
    for canonical, header in chosen.items():
        if not header:
            continue
        if header not in headers:
            raise refuse(f"judul kolom '{header}' tidak ada di berkas")
        twice = [c for c, i in picked.items() if headers[i] == header]
        if twice:
            raise refuse(f"judul kolom '{header}' dipilih untuk {twice[0]} dan {canonical}")
        picked[canonical] = headers.index(header)
    taken = set(picked.values())
    columns = {c: i for c, i in auto.items() if c not in chosen and i not in taken}
    columns.update(picked)
    return _header_map(headers, kind, {c: columns[c] for c in CANONICAL[kind] if c in columns})


def required_columns(kind: str) -> tuple[str, ...]:
    """Canonical columns an import of ``kind`` cannot do without."""
    return ("nik", "kode_wilayah") if kind == "population" else ("nik",)


def is_quarantine_export(headers: list[str]) -> bool:
    """A file cakupan wrote with ``quarantine export`` (it has BARIS_ASAL)."""
    return any(header_key(h) == header_key(QUARANTINE_COLUMNS[0]) for h in headers)


def find_header_row(rows: list[list[str]]) -> int:
    """Index of the first row that has a NIK header (title lines above the header are common in
    agency spreadsheets); 0 when none has one, so the caller reports the headers it saw."""
    for index, row in enumerate(rows):
        if any(header_key(cell) in NIK_KEYS for cell in row):
            return index
    return 0
