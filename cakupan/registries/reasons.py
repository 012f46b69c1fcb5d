"""Every code an import can produce, with its Indonesian message (docs/error-codes.md lists them
all; tests/registries/test_reasons_documented.py keeps the two in step).

- FILE_ERRORS: the file itself is unusable; nothing is written (UserError, exit 2).
- ROW_REASONS: why one row went to quarantine.
- ROW_WARNINGS: kept in the loaded row's ``warnings`` column; the row is loaded.
NIK codes and messages come from :mod:`cakupan.nik`.
"""
from __future__ import annotations

from cakupan.nik import MESSAGES as NIK_MESSAGES

FILE_ERRORS: dict[str, str] = {
    "file.not_found": "Berkas tidak ditemukan: {path}.",
    "file.unsupported": "Jenis berkas {ext} tidak didukung; gunakan .csv, .xlsx atau .parquet "
    "(berkas .xls lama: simpan ulang sebagai .xlsx).",
    "file.empty": "Berkas {name} kosong: tidak ada baris data di bawah judul kolom.",
    "file.encoding": "Berkas {name} tidak dapat dibaca sebagai teks (bukan UTF-8, UTF-16 maupun "
    "Windows-1252); simpan ulang sebagai CSV UTF-8.",
    "file.unreadable": "Berkas {name} tidak dapat dibuka sebagai {fmt}: {detail}.",
    "file.sheet_not_found": "Sheet '{sheet}' tidak ada di {name}; sheet yang ada: {sheets}.",
    "file.no_nik_column": "Kolom NIK tidak ditemukan di {name}. Kolom yang ada: {headers}. "
    "Beri judul kolom NIK (atau NO_NIK, No. KTP, NOMOR INDUK KEPENDUDUKAN).",
    "file.missing_column": "Kolom {column} wajib untuk impor {kind} dan tidak ditemukan di {name}. "
    "Kolom yang ada: {headers}.",
    "import.memory": "Impor {name} kehabisan memori kerja ({limit}); naikkan CAKUPAN_IMPORT_MEMORY "
    "(mis. 4GB) atau pecah berkasnya. Tidak ada yang disimpan.",
    "import.roster_kind": "Jenis daftar '{roster_kind}' tidak dikenal; pilih salah satu: {kinds}.",
    "import.as_of": "Tanggal --as-of '{value}' tidak valid; tulis sebagai yyyy-mm-dd.",
    "import.columns": "Pilihan kolom tidak dapat dipakai: {detail}.",
    "import.quarantine_export": "Berkas {name} adalah ekspor karantina (ada kolom BARIS_ASAL) yang hanya "
    "berisi baris yang dikarantina, jadi tidak diimpor sebagai snapshot baru; unggah sebagai perbaikan "
    "{target} (cakupan quarantine merge {id} {name}).",
    "merge.not_export": "Berkas {name} bukan ekspor karantina (kolom BARIS_ASAL tidak ada); ekspor dulu "
    "baris karantina snapshot #{id} (cakupan quarantine export {id} perbaiki.xlsx), perbaiki, lalu "
    "unggah berkas itu.",
    "merge.other_snapshot": "Berkas {name} adalah ekspor karantina snapshot #{origin}, bukan snapshot #{id}; "
    "nomor BARIS_ASAL-nya menunjuk baris snapshot #{origin}, jadi unggah sebagai perbaikan snapshot #{origin}.",
    "snapshot.not_found": "Snapshot #{id} tidak ada.",
}

ROW_REASONS: dict[str, str] = {
    **{code: msg for code, msg in NIK_MESSAGES.items() if code.startswith("nik.")
       and code not in ("nik.kecamatan_unknown", "nik.birthdate_mismatch", "nik.sex_mismatch")},
    "nik.duplicate": "NIK yang sama muncul lebih dari sekali di berkas ini; semua salinannya "
    "dikarantina agar tidak ada yang digabung diam-diam. Sisakan satu baris yang benar.",
    "wilayah.unknown": "KODE_WILAYAH kosong atau bukan kode kalurahan yang dikenal "
    "(contoh 34.02.01.2001).",
    "tanggal.invalid": "Tanggal lahir tidak terbaca; gunakan dd/mm/yyyy, dd-mm-yyyy atau yyyy-mm-dd.",
    "jenis_kelamin.invalid": "Jenis kelamin tidak dikenal; gunakan L atau P "
    "(LAKI-LAKI, PEREMPUAN, PRIA, WANITA, 1, 2).",
    "baris.kosong_identitas": "Baris tidak menunjuk siapa pun: tidak ada KPJ/ID dan tidak ada nama.",
    "baris.kolom_berlebih": "Baris ini berisi lebih banyak kolom daripada judul kolom (mungkin ada "
    "pemisah ; atau , di dalam sebuah isian); isian berlebih ada di kolom KOLOM_LEBIH.",
    "merge.unknown_row": "BARIS_ASAL kosong atau bukan nomor baris yang dikarantina di snapshot asal; "
    "perbaikan hanya dapat mengganti baris karantina, bukan menambah baris baru.",
    "merge.duplicate_row": "BARIS_ASAL yang sama muncul lebih dari sekali di berkas perbaikan; semua "
    "salinannya dikarantina. Sisakan satu baris untuk setiap BARIS_ASAL.",
}

ROW_WARNINGS: dict[str, str] = {
    "nik.kecamatan_unknown": NIK_MESSAGES["nik.kecamatan_unknown"],
    "nik.birthdate_mismatch": NIK_MESSAGES["nik.birthdate_mismatch"],
    "nik.sex_mismatch": NIK_MESSAGES["nik.sex_mismatch"],
    "pekerjaan.unknown": "PEKERJAAN bukan kode (1-89) atau nama pekerjaan Dukcapil yang dikenal; "
    "pekerjaan_kode dikosongkan.",
    "tanggal.invalid": "Ada tanggal yang tidak terbaca; nilainya dikosongkan.",
    "jenis_kelamin.invalid": "Jenis kelamin tidak dikenal; dikosongkan.",
    "segmen.invalid": "SEGMEN bukan PU, BPU, JAKON atau PMI; dikosongkan.",
    "iuran.invalid": "IURAN_TERAKHIR tidak terbaca (yyyy-mm, mm/yyyy atau tanggal); dikosongkan.",
    "kunci.duplicate": "KPJ/ID yang sama muncul lebih dari sekali; member_key baris ini 'row:<n>'.",
}

OVERFLOW_HEADER = "KOLOM_LEBIH"


def file_error(code: str, **fields: object):
    """A UserError for a file-level problem, message filled from FILE_ERRORS."""
    from cakupan.errors import UserError

    return UserError(FILE_ERRORS[code].format(**fields), code=code)
