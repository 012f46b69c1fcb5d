"""Each decision behind one person's figures, in sentences (Indonesian; English when active):

    sections = explain_sections(facts, region_name="Kabupaten Bantul", area_names={...})
    [(s.key, [(x.code, x.text) for x in s.sentences]) for s in sections]

The rules they name are the pipeline's (cakupan/pipeline/marts.py: PERSON_STATUS,
INT_PERSON_MEMBERSHIP, MEMBER_ACTIVE) and the shipped reference data
(cakupan/reference/status_rules.csv: grace months and the regulation each comes from). A code per
sentence (``workforce.excluded.asn``, ``link.exact``, ``status.lapsed`` …) lets tests and the API
tell the branches apart whatever the language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from cakupan.core.formatting import MONTHS_EN, MONTHS_ID, _is_en, angka, persen, tanggal
from cakupan.core.vocab import ECOSYSTEMS, ROSTER_KINDS, STATUSES
from cakupan.pipeline.marts import NONACTIVE_STATUSES, ROSTER_PRIORITY, SEGMENT_PRIORITY

from .facts import PersonFacts


@dataclass(frozen=True)
class Sentence:
    code: str
    text: str


@dataclass
class Section:
    key: str  # workforce | linkage | status | ecosystem | outreach
    title: str
    sentences: list[Sentence] = field(default_factory=list)

    def add(self, code: str, text: str) -> None:
        self.sentences.append(Sentence(code, text))


def month_name(value) -> str:
    """date(2023, 1, 1) -> 'Januari 2023'."""
    if value is None:
        return "–"
    months = MONTHS_EN if _is_en(None) else MONTHS_ID
    return f"{months[value.month - 1]} {value.year}"


def months_between(as_of: date, paid: date) -> int:
    return (as_of.year * 12 + as_of.month) - (paid.year * 12 + paid.month)


def _occ(facts: PersonFacts) -> str:
    code = (facts.person or {}).get("pekerjaan_kode")
    occ = facts.occupation or {}
    return f"{code} {occ.get('name', '')}".strip() if code is not None else _("(kosong)")


def _eco(code: str) -> str:
    return ECOSYSTEMS.label(code) if code in ECOSYSTEMS else code


def _rule(rules: dict, segment: str) -> dict:
    """The segment's grace rule in words (status_rules.csv): months of grace and where it is written."""
    row = rules.get(segment) or {"grace_months": None, "regulation": ""}
    grace = row.get("grace_months")
    if grace:
        text = _("aturan segmen %(segment)s: tidak aktif bila lebih dari %(grace)s bulan lewat bulan iuran "
                 "terakhir") % {"segment": segment, "grace": grace}
    elif grace == 0:
        text = _("aturan segmen %(segment)s: aktif selama masa yang dibayar") % {"segment": segment}
    else:
        text = _("segmen %(segment)s tidak punya aturan status") % {"segment": segment}
    source = str(row.get("regulation") or "").split(" (")[0].strip()
    if source.lower().startswith("bpjs tk practice"):
        source = _("praktik BPJS Ketenagakerjaan")
    return {"grace_months": grace, "rule": text, "regulation": source or "–"}


def workforce_section(facts: PersonFacts, *, region_name: str, names: dict, desa_word: str = "kalurahan") -> Section:
    sec = Section("workforce", _("Angkatan kerja"))
    p = facts.person
    as_of = tanggal(facts.as_of)
    if p is None:
        sec.add("workforce.not_in_population", _(
            "NIK ini tidak ada di data kependudukan yang dipakai proses %(as_of)s, jadi tidak dihitung di "
            "angkatan kerja %(region)s.") % {"as_of": as_of, "region": region_name})
        return sec
    reason = p.get("excluded_reason")
    args = {"as_of": as_of, "age": p.get("age"), "birth": tanggal(p.get("birth_date")), "occ": _occ(facts),
            "region": region_name, "code": p.get("kalurahan_code") or "–",
            "area": names.get(p.get("kalurahan_code") or "", p.get("kalurahan_code") or "")}
    if reason == "outside_region":
        if desa_word == "kalurahan":
            sec.add("workforce.excluded.outside_region", _(
                "Kode wilayah di data kependudukan (%(code)s) bukan kalurahan %(region)s: orang ini tinggal di luar "
                "wilayah, jadi tidak dihitung di angkatan kerjanya.") % args)
        else:  # the region's word for the level (core.terms): 'desa/kelurahan' in Klaten
            sec.add("workforce.excluded.outside_region", _(
                "Kode wilayah di data kependudukan (%(code)s) bukan %(desa)s %(region)s: orang ini tinggal di luar "
                "wilayah, jadi tidak dihitung di angkatan kerjanya.") % {**args, "desa": desa_word})
    elif reason == "age_unknown":
        sec.add("workforce.excluded.age_unknown", _(
            "Tanggal lahir kosong di data kependudukan: umur pada %(as_of)s tidak bisa dihitung, jadi orang ini "
            "tidak dihitung di angkatan kerja.") % args)
    elif reason == "under_15":
        sec.add("workforce.excluded.under_15", _(
            "Umur %(age)s tahun pada %(as_of)s (lahir %(birth)s): di bawah 15 tahun, batas bawah usia kerja, "
            "jadi tidak dihitung di angkatan kerja.") % args)
    elif reason == "occupation_unknown":
        sec.add("workforce.excluded.occupation_unknown", _(
            "Kode pekerjaan %(occ)s tidak ada di pemetaan pekerjaan yang dipakai proses ini, jadi orang ini tidak "
            "dihitung. Tambahkan kode itu di pemetaan pekerjaan (Operasi → Pemetaan pekerjaan).") % args)
    elif reason == "asn":
        row = facts.asn[0] if facts.asn else {}
        sec.add("workforce.excluded.asn", _(
            "NIK ini ada di daftar ASN%(org)s: PNS dan P3K dijamin skema lain, jadi orang ini tidak dihitung di "
            "angkatan kerja, apa pun kode pekerjaannya (%(occ)s).") % {
                **args, "org": f" ({row['org']})" if row.get("org") else ""})
    elif reason == "not_working":
        sec.add("workforce.excluded.not_working", _(
            "Pekerjaan di data kependudukan: %(occ)s. Menurut pemetaan pekerjaan itu bukan pekerjaan (belum/tidak "
            "bekerja, mengurus rumah tangga, pelajar, pensiunan), jadi orang ini tidak dihitung di angkatan "
            "kerja.") % args)
    elif reason:  # an exclusion reason of the occupation mapping: PNS, TNI, POLRI, ...
        sec.add("workforce.excluded.occupation", _(
            "Pekerjaan di data kependudukan: %(occ)s. Pemetaan pekerjaan menandainya %(reason)s (dijamin skema "
            "lain), jadi orang ini tidak dihitung di angkatan kerja.") % {**args, "reason": reason})
    else:
        sec.add("workforce.in", _(
            "Dihitung di angkatan kerja %(region)s: umur %(age)s tahun pada %(as_of)s, tinggal di %(area)s, "
            "pekerjaan %(occ)s termasuk angkatan kerja menurut pemetaan pekerjaan, dan NIK-nya tidak ada di "
            "daftar ASN.") % args)
    if facts.mapping_source == "current":
        sec.add("workforce.mapping_current", _(
            "Proses ini tidak menyimpan pemetaan pekerjaan yang dipakainya; baris pemetaan di atas dari pemetaan "
            "yang berlaku sekarang."))
    return sec


def _who(decision: dict) -> dict:
    return {"who": decision.get("decided_by") or _("(tanpa nama)"), "when": tanggal(decision.get("decided_at")),
            "note": f" — “{decision['note']}”" if decision.get("note") else ""}


def linkage_section(facts: PersonFacts, *, nik: str) -> Section:
    sec = Section("linkage", _("Padanan kartu peserta"))
    accepted = {(d["member_key"], d["candidate_nik"]): d for d in facts.decisions}
    p = facts.person or {}
    for card in facts.cards:
        args = {"kpj": card.get("kpj") or card.get("member_key"), "segment": card.get("segmen") or "–",
                "p": persen((card.get("match_probability") or 0) * 100, 1),
                "reasons": card.get("reasons") or _("tanpa alasan tercatat"),
                "nama": card.get("nama") or "–", "lahir": tanggal(card.get("tanggal_lahir")),
                "pnama": p.get("nama") or "–", "plahir": tanggal(p.get("birth_date")),
                "other": ("*" * 8 + str(card.get("person_nik") or "")[-4:])}
        method = card.get("method")
        mine = card.get("person_nik") == nik
        decision = accepted.get((card.get("member_key"), nik))
        if mine and decision and decision["decision"] == "accept":
            sec.add("link.reviewed", _(
                "Kartu KPJ %(kpj)s (%(segment)s) dipadankan dengan orang ini oleh petugas %(who)s pada %(when)s "
                "setelah tinjauan (peluang %(p)s: %(reasons)s)%(note)s.") % {**args, **_who(decision)})
        elif mine and method == "exact":
            sec.add("link.exact", _(
                "Kartu KPJ %(kpj)s (%(segment)s) dipadankan dengan orang ini karena NIK-nya sama persis, dan nama "
                "serta tanggal lahirnya cocok.") % args)
        elif mine and method == "exact-flagged":
            sec.add("link.exact_flagged", _(
                "Kartu KPJ %(kpj)s (%(segment)s) punya NIK yang sama, tetapi ditandai karena nama atau tanggal "
                "lahirnya berbeda (%(reasons)s); dinilai ulang, orang ini tetap yang paling cocok (peluang "
                "%(p)s), jadi padanan diterima.") % args)
        elif mine:
            sec.add("link.probabilistic", _(
                "Kartu KPJ %(kpj)s (%(segment)s) dipadankan secara probabilistik dengan peluang %(p)s: "
                "%(reasons)s.") % args)
        elif method == "review":
            sec.add("link.card_in_review", _(
                "Ada kartu KPJ %(kpj)s dengan NIK ini (%(nama)s, lahir %(lahir)s), tetapi padanannya belum pasti "
                "dan menunggu tinjauan petugas; sampai diputuskan, kartu itu tidak dihitung.") % args)
        elif card.get("person_nik"):
            sec.add("link.card_elsewhere", _(
                "Ada kartu KPJ %(kpj)s dengan NIK ini (%(nama)s, lahir %(lahir)s), tetapi nama dan tanggal "
                "lahirnya lebih cocok dengan orang lain (NIK %(other)s), jadi kartu itu dihitung untuk orang "
                "itu.") % args)
        else:
            sec.add("link.card_unlinked", _(
                "Ada kartu KPJ %(kpj)s dengan NIK ini, tetapi nama atau tanggal lahir di kartu (%(nama)s, lahir "
                "%(lahir)s) terlalu berbeda dari data kependudukan (%(pnama)s, lahir %(plahir)s), jadi kartu "
                "itu tidak dipadankan dan tidak dihitung. Perbaiki datanya di BPJS Ketenagakerjaan.") % args)
    for row in facts.pending:
        if row.get("candidate_nik") != nik:
            continue
        sec.add("link.pending", _(
            "Kartu KPJ %(kpj)s (%(nama)s) menunggu tinjauan petugas: orang ini salah satu calonnya, dengan "
            "peluang %(p)s (%(reasons)s). Sampai diputuskan, kartu itu tidak dihitung.") % {
                "kpj": row.get("kpj") or row.get("member_key"), "nama": row.get("member_nama") or "–",
                "p": persen((row.get("match_probability") or 0) * 100, 1), "reasons": row.get("reasons") or ""})
    for d in facts.decisions:
        if d["decision"] == "reject" and d["candidate_nik"] == nik:
            sec.add("link.rejected", _(
                "Petugas %(who)s menolak padanan kartu %(key)s dengan orang ini pada %(when)s%(note)s.") % {
                    **_who(d), "key": d["member_key"]})
    if not sec.sentences:
        sec.add("link.none", _(
            "Tidak ada kartu peserta BPJS Ketenagakerjaan dengan NIK ini atau yang dipadankan dengan orang ini "
            "di data peserta yang dipakai proses ini."))
    return sec


def _deciding(facts: PersonFacts) -> dict | None:
    kpj = (facts.person or {}).get("kpj")
    mine = [c for c in facts.cards if c.get("person_nik") == (facts.person or {}).get("nik")]
    return next((c for c in mine if kpj and c.get("kpj") == kpj), mine[0] if mine else None)


def status_section(facts: PersonFacts, *, rules: dict) -> Section:
    sec = Section("status", _("Aktif atau tidak"))
    p = facts.person or {}
    status, segment = p.get("status"), p.get("segment")
    rule = _rule(rules, segment)
    paid = p.get("paid_through")
    args = {"kpj": p.get("kpj") or "–", "segment": segment, "month": month_name(paid),
            "as_of": tanggal(facts.as_of), "behind": p.get("months_behind"), "grace": rule["grace_months"],
            "rule": rule["rule"], "regulation": rule["regulation"], "lapse": month_name(p.get("lapse_month"))}
    card = _deciding(facts)
    card_status = str((card or {}).get("status") or "").strip().upper()
    if p.get("link_method") == "provisional":
        sec.add("status.provisional", _(
            "Aktif sementara: didaftarkan lewat cakupan (segmen %(segment)s, dibayar sampai %(month)s) dan belum "
            "muncul di data peserta BPJS Ketenagakerjaan; dihitung aktif menurut aturan segmennya "
            "(%(rule)s; %(regulation)s).") % args)
    elif status == "active" and p.get("months_behind") == 0:
        sec.add("status.active", _(
            "Aktif: kartu KPJ %(kpj)s segmen %(segment)s dibayar sampai %(month)s, bulan tanggal acuan "
            "%(as_of)s (%(rule)s; %(regulation)s). Tanpa pembayaran baru, tidak aktif mulai %(lapse)s.") % args)
    elif status == "active":
        sec.add("status.active", _(
            "Aktif: kartu KPJ %(kpj)s segmen %(segment)s dibayar sampai %(month)s, %(behind)s bulan sebelum "
            "%(as_of)s — masih dalam batas %(grace)s bulan (%(rule)s; %(regulation)s). Tanpa pembayaran baru, "
            "tidak aktif mulai %(lapse)s.") % args)
    elif status == "nonactive" and card_status in NONACTIVE_STATUSES:
        sec.add("status.nonactive_status", _(
            "Tidak aktif: status kartu KPJ %(kpj)s di data peserta adalah %(card)s.") % {**args, "card": card_status})
    elif status == "nonactive" and paid is None:
        sec.add("status.nonactive_unpaid", _(
            "Tidak aktif: kartu KPJ %(kpj)s tidak punya bulan iuran terakhir di data peserta.") % args)
    elif status == "nonactive":
        sec.add("status.lapsed", _(
            "Tidak aktif: kartu KPJ %(kpj)s segmen %(segment)s dibayar sampai %(month)s, %(behind)s bulan "
            "sebelum %(as_of)s — lewat batas %(grace)s bulan (%(rule)s; %(regulation)s); tidak aktif sejak "
            "%(lapse)s. Membayar iuran yang tertunggak mengaktifkannya lagi.") % args)
    elif p.get("in_workforce"):
        sec.add("status.none", _(
            "Belum terdaftar: tidak ada kartu peserta yang dipadankan dengan orang ini, jadi ia dihitung sebagai "
            "pekerja yang belum terlindungi."))
    else:
        sec.add("status.none", _("Belum terdaftar: tidak ada kartu peserta yang dipadankan dengan orang ini."))
    n = p.get("member_records") or 0
    if n > 1:
        order = " > ".join(sorted(SEGMENT_PRIORITY, key=SEGMENT_PRIORITY.get))
        sec.add("status.several_records", _(
            "Orang ini punya %(n)s kartu yang dipadankan; yang menentukan status dan segmen adalah KPJ %(kpj)s "
            "(kartu aktif lebih dulu, lalu segmen %(order)s, lalu iuran terakhir yang paling baru).") % {
                "n": angka(n), "kpj": p.get("kpj") or "–", "order": order})
    if not p.get("in_workforce") and p:
        sec.add("status.not_counted", _(
            "Karena orang ini tidak dihitung di angkatan kerja, statusnya tidak masuk angka cakupan."))
    return sec


def ecosystem_section(facts: PersonFacts) -> Section:
    sec = Section("ecosystem", _("Ekosistem dan segmen"))
    p = facts.person or {}
    eco = p.get("ecosystem") or ""
    rosters = sorted((r for r in facts.rosters if r.get("roster_kind") in ROSTER_PRIORITY),
                     key=lambda r: ROSTER_PRIORITY.index(r["roster_kind"]))
    occ = facts.occupation or {}
    if rosters:
        r = rosters[0]
        order = " > ".join(ROSTER_KINDS.label(k) for k in ROSTER_PRIORITY)
        sec.add("ecosystem.roster", _(
            "Dihitung di ekosistem %(eco)s karena NIK-nya ada di roster %(kind)s%(org)s. Roster menang atas "
            "pekerjaan; bila ada di beberapa roster, urutannya %(order)s.") % {
                "eco": _eco(eco), "kind": ROSTER_KINDS.label(r["roster_kind"]),
                "org": f" ({r['org']})" if r.get("org") else "", "order": order})
    elif occ.get("ecosystem"):
        sec.add("ecosystem.occupation", _(
            "Dihitung di ekosistem %(eco)s menurut pekerjaannya (%(occ)s) di pemetaan pekerjaan; NIK-nya tidak "
            "ada di roster mana pun.") % {"eco": _eco(eco), "occ": _occ(facts)})
    else:
        sec.add("ecosystem.default", _(
            "Dihitung di ekosistem %(eco)s: pekerjaannya (%(occ)s) tidak punya ekosistem di pemetaan dan NIK-nya "
            "tidak ada di roster mana pun.") % {"eco": _eco(eco), "occ": _occ(facts)})
    segment = p.get("segment")
    if segment and segment != "NONE":
        sec.add("ecosystem.segment", _(
            "Segmen %(segment)s: dari kartu yang menentukan statusnya (KPJ %(kpj)s).") % {
                "segment": segment, "kpj": p.get("kpj") or "–"})
    else:
        sec.add("ecosystem.segment_none", _("Belum punya segmen: belum ada kartu yang dipadankan."))
    return sec


def outreach_section(facts: PersonFacts) -> Section:
    sec = Section("outreach", _("Daftar kerja dan pendaftaran"))
    for item in facts.outreach.get("worklist_items", []):
        outcome = _(", hasil: %(o)s (%(d)s)") % {"o": item["outcome"], "d": tanggal(item["outcome_date"])} \
            if item.get("outcome") else _(", belum ada hasil")
        sec.add("outreach.worklist", _(
            "Ada di daftar kerja “%(name)s” (peringkat %(rank)s%(who)s)%(outcome)s.") % {
                "name": item.get("worklist__name") or item.get("worklist_id"), "rank": angka(item.get("rank")),
                "who": _(", ditugaskan ke %(a)s") % {"a": item["assigned_to"]} if item.get("assigned_to") else "",
                "outcome": outcome})
    for e in facts.outreach.get("enrolments", []):
        months = sum(1 for _p in e.get("payments", []))
        sec.add("outreach.enrolment", _(
            "Didaftarkan lewat cakupan: segmen %(segment)s, program %(programs)s, dibayar oleh %(payer)s, status "
            "%(status)s, %(n)s catatan pembayaran.") % {
                "segment": e.get("segment"), "programs": ", ".join(e.get("programs") or []) or "–",
                "payer": e.get("payer") or "–", "status": e.get("status"), "n": angka(months)})
    if not sec.sentences:
        sec.add("outreach.none", _("Belum ada di daftar kerja mana pun dan belum didaftarkan lewat cakupan."))
    return sec


def status_label(code: str | None) -> str:
    return STATUSES.label(code) if code in STATUSES else (code or "–")


def explain_sections(facts: PersonFacts, *, nik: str, region_name: str, names: dict, rules: dict,
                     desa_word: str = "kalurahan") -> list[Section]:
    sections = [workforce_section(facts, region_name=region_name, names=names, desa_word=desa_word),
                linkage_section(facts, nik=nik)]
    if facts.person is not None:
        sections.append(status_section(facts, rules=rules))
    if facts.person is not None and facts.person.get("in_workforce"):
        sections.append(ecosystem_section(facts))
    sections.append(outreach_section(facts))
    return sections
