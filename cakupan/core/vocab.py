"""The declared vocabulary: every code cakupan shows or checks, declared once with its Indonesian and
English label. Pure data (no Django), so the pipeline, the synth and the apps share it.

    SEGMENTS.codes            ('PU', 'BPU', 'JAKON', 'PMI')
    ECOSYSTEMS.label('pasar') 'Pasar' (or 'Markets' with lang='en')
    'umkm' in ROSTER_KINDS    True

Segments: the BPJS Ketenagakerjaan membership segments (UU 24/2011; PP 44/2015 for PU/BPU,
Permenaker 5/2021 and 4/2023 for Jakon and PMI); see docs/contributions.md.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str
    id: str  # Indonesian label (the default language)
    en: str  # English label

    def label(self, lang: str = "id") -> str:
        return self.en if (lang or "id").startswith("en") else self.id


class Vocabulary(tuple):
    """An ordered tuple of terms with lookups by code; `in` tests codes."""

    def __new__(cls, *terms: Term) -> "Vocabulary":
        return super().__new__(cls, terms)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self)

    def __contains__(self, code: object) -> bool:
        return any(t.code == code for t in self)

    def get(self, code: str) -> Term | None:
        return next((t for t in self if t.code == code), None)

    def label(self, code: str, lang: str = "id") -> str:
        term = self.get(code)
        return term.label(lang) if term else code


SEGMENTS = Vocabulary(
    Term("PU", "PU", "PU"),        # penerima upah: wage earners
    Term("BPU", "BPU", "BPU"),     # bukan penerima upah: self-employed / informal
    Term("JAKON", "JAKON", "JAKON"),  # jasa konstruksi: construction projects
    Term("PMI", "PMI", "PMI"),     # pekerja migran Indonesia
)
SEGMENT_NONE = "NONE"  # a workforce person with no member record

ECOSYSTEMS = Vocabulary(
    Term("desa", "Desa", "Village"),
    Term("pasar", "Pasar", "Markets"),
    Term("umkm", "UMKM", "MSMEs"),
    Term("rentan", "Pekerja rentan", "Vulnerable workers"),
    Term("pu", "Penerima upah", "Wage earners"),
    Term("guru", "Tenaga pendidik", "Teachers"),
    Term("opd", "OPD non-ASN", "OPD non-ASN staff"),
    Term("padat_karya", "Padat karya", "Labour-intensive works"),
    Term("lainnya", "Lainnya", "Other"),
)
ECOSYSTEM_DEFAULT = "lainnya"

ROSTER_KINDS = Vocabulary(
    Term("opd", "OPD: pegawai non-ASN dan mitra", "OPD: non-ASN staff and partners"),
    Term("padat_karya", "Padat karya", "Labour-intensive works"),
    Term("pasar", "Pedagang pasar", "Market traders"),
    Term("umkm", "UMKM", "MSMEs"),
    Term("guru", "Guru honorer", "Contract teachers"),
    Term("perangkat_desa", "Perangkat desa", "Village apparatus"),
    Term("asn", "ASN (PNS/P3K, TNI, Polri)", "Civil servants (PNS/P3K), TNI, Polri"),
)

LINK_METHODS = Vocabulary(
    Term("exact", "Cocok persis (NIK)", "Exact match (NIK)"),
    Term("exact-flagged", "NIK cocok, ditandai (nama/tgl lahir beda)", "NIK match, flagged (name/birth date differ)"),
    Term("probabilistic", "Cocok probabilistik", "Probabilistic match"),
    Term("review", "Dikirim ke review petugas", "Sent to clerical review"),
    Term("none", "Tidak cocok", "No match"),
)

STATUSES = Vocabulary(  # a workforce person's membership status in a run
    Term("active", "Aktif", "Active"),
    Term("nonactive", "Tidak aktif", "Non-active"),
    Term("none", "Belum terdaftar", "Not registered"),
)

SEXES = Vocabulary(Term("L", "L", "M"), Term("P", "P", "F"))


EXPORT_PURPOSES = Vocabulary(  # why person-level data leaves the app (UU 27/2022 art. 16 (2): purpose
    # limitation); every export names one and the audit log keeps it (cakupan.privacy, docs/privacy.md)
    Term("sosialisasi", "Sosialisasi dan pendaftaran peserta", "Outreach and enrolment"),
    Term("verifikasi", "Verifikasi lapangan", "Field verification"),
    Term("kepatuhan", "Pemeriksaan kepatuhan", "Compliance check"),
    Term("pelaporan", "Pelaporan kepada pimpinan", "Reporting to management"),
    Term("pdp", "Permintaan subjek data (PDP)", "Data subject request (PDP)"),
    Term("perbaikan", "Perbaikan data impor (karantina)", "Fixing imported data (quarantine)"),
)


AUDIT_ACTIONS = Vocabulary(  # what the audit log records (accounts.models.AuditLog.action)
    Term("view_persons", "Melihat daftar pekerja", "Viewed a worker list"),
    Term("export_persons", "Mengekspor daftar pekerja", "Exported a worker list"),
    Term("reveal_nik", "Membuka NIK lengkap", "Revealed a full NIK"),
    Term("view_roster_persons", "Melihat daftar roster", "Viewed a roster list"),
    Term("view_review", "Melihat antrean tinjauan padanan", "Viewed the match review queue"),
    Term("review_decide", "Memutuskan padanan", "Decided a match"),
    Term("make_worklist", "Membuat daftar kerja", "Made a worklist"),
    Term("upload", "Mengunggah berkas", "Uploaded a file"),
    Term("import_start", "Memulai impor", "Started an import"),
    Term("run_start", "Memulai run cakupan", "Started a coverage run"),
    Term("job_cancel", "Membatalkan pekerjaan", "Cancelled a job"),
    Term("quarantine_download", "Mengunduh baris karantina", "Downloaded quarantined rows"),
    Term("token_create", "Membuat token API", "Created an API token"),
    Term("token_revoke", "Mencabut token API", "Revoked an API token"),
    Term("pdp_access_report", "Laporan akses data pribadi (PDP)", "Personal data access report (PDP)"),
    Term("pdp_retention_prune", "Pemangkasan retensi data (PDP)", "Retention pruning (PDP)"),
    Term("pdp_retention_expire", "Penghapusan snapshot/ekspor lewat masa simpan (PDP)", "Expired snapshots/exports deleted (PDP)"),
    Term("pdp_deletion", "Penghapusan data atas permintaan (PDP)", "Deletion on request (PDP)"),
    Term("pdp_rectification", "Pembetulan data atas permintaan (PDP)", "Rectification on request (PDP)"),
    Term("pdp_breach_record", "Mencatat kebocoran data (PDP)", "Recorded a data breach (PDP)"),
    Term("pdp_breach_notify", "Mencatat pemberitahuan kebocoran (PDP)", "Recorded a breach notice (PDP)"),
    Term("search_person", "Mencari satu orang", "Searched for one person"),
    Term("explain_person", "Melihat penjelasan satu orang", "Viewed one person's explanation"),
    Term("view_padat_karya_crew", "Melihat regu padat karya", "Viewed a padat karya crew"),
    Term("plan_event", "Merencanakan sosialisasi", "Planned an outreach event"),
    Term("record_attendance", "Mencatat kehadiran sosialisasi", "Recorded event attendance"),
    Term("view_pds_workers", "Melihat pekerja pemberi kerja (PDS)", "Viewed an employer's workers (PDS)"),
    Term("letter_pds", "Membuat surat temuan PDS", "Made a PDS findings letter"),
)
