"""A school's level, status and responsible office, read from its name as rosters write it
("SD NEGERI 2 BANTUL", "SMPN 1 SEWON", "MI MA'ARIF JEJERAN", "TK ABA", "SMK MUHAMMADIYAH 1").

Who answers for a school's honorary teachers follows who runs the school:
- madrasah (RA, MI, MTs, MA) — the Ministry of Religious Affairs' district office (Kantor
  Kementerian Agama kabupaten/kota): religious affairs are not devolved to regions (UU 23/2014
  ps. 10 ayat 1 huruf f);
- SMA, SMK and SLB — the province's education office (UU 23/2014 Lampiran I huruf A: provinces
  manage secondary and special education; in DIY the Dinas Pendidikan, Pemuda dan Olahraga DIY);
- PAUD/TK/KB, SD and SMP — the kabupaten/kota's education office (same Lampiran: kabupaten/kota
  manage early, primary and lower-secondary education).
Private schools (swasta) fall under the same office for supervision; their foundation employs the
teachers, which the page says. A name that says nothing of its level is "tidak diketahui".

    school_classify("SMPN 1 SEWON")   # School(level="SMP", status="negeri", office="kabupaten")

On the ground floor (no Django, no app) so both compliance (the teachers' page, which re-exports it
from cakupan.compliance.schools) and outreach (an office's worklist) read the same rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# level -> the words a name starts with (after normalising dots and spaces); longer first
_LEVELS = (
    ("MTS", ("MTSN", "MTS")), ("MA", ("MAN", "MAK", "MA")), ("MI", ("MIN", "MI")), ("RA", ("RA",)),
    ("SMK", ("SMKN", "SMK", "STM", "SMEA")), ("SMA", ("SMAN", "SMA", "SMU", "SMUN")),
    ("SMP", ("SMPN", "SMP", "SLTP", "SLTPN")), ("SD", ("SDN", "SD")), ("SLB", ("SLBN", "SLB")),
    ("PAUD", ("PAUD", "TK", "TKN", "KB", "TPA", "POS PAUD", "SPS")),
)
_NEGERI_PREFIX = {"MTSN", "MAN", "MIN", "SMKN", "SMAN", "SMUN", "SMPN", "SLTPN", "SDN", "SLBN", "TKN"}
MADRASAH = {"RA", "MI", "MTS", "MA"}
PROVINCE = {"SMA", "SMK", "SLB"}

OFFICE_NAMES = {
    "kemenag": "Kantor Kementerian Agama kabupaten/kota",
    "provinsi": "Dinas pendidikan provinsi",
    "kabupaten": "Dinas pendidikan kabupaten/kota",
    "": "Tidak diketahui",
}
OFFICE_RULES = {
    "kemenag": "UU 23/2014 ps. 10 ayat (1) huruf f (agama tidak diserahkan ke daerah)",
    "provinsi": "UU 23/2014 Lampiran I huruf A (pendidikan menengah dan khusus: provinsi)",
    "kabupaten": "UU 23/2014 Lampiran I huruf A (PAUD, SD, SMP: kabupaten/kota)",
    "": "jenjang tidak terbaca dari nama sekolah",
}


@dataclass(frozen=True)
class School:
    level: str     # PAUD | SD | SMP | SMA | SMK | SLB | RA | MI | MTS | MA | "" (unknown)
    status: str    # negeri | swasta | "" (unknown)
    office: str    # kabupaten | provinsi | kemenag | ""

    @property
    def office_name(self) -> str:
        return OFFICE_NAMES[self.office]


def _words(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^A-Z0-9' ]", " ", (name or "").upper())).strip()


def school_classify(name: str) -> School:
    """The level, status and office of a school from its name (see the module docstring)."""
    words = _words(name)
    level, prefix = "", ""
    for lvl, starts in _LEVELS:
        hit = next((s for s in starts if words == s or words.startswith(s + " ")), None)
        if hit:
            level, prefix = lvl, hit
            break
    if not level:
        return School("", "", "")
    rest = words[len(prefix):].split()
    negeri = prefix in _NEGERI_PREFIX or (rest[:1] in (["NEGERI"], ["N"]))
    office = "kemenag" if level in MADRASAH else "provinsi" if level in PROVINCE else "kabupaten"
    return School(level, "negeri" if negeri else "swasta", office)
