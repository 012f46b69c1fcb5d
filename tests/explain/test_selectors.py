"""Each explanation branch (issue 19): why a person is (not) in the workforce, how their cards were
linked, why they are active or not, where they count, and how that changed over runs; who may ask."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import Scope, scope_for
from cakupan.errors import UserError
from cakupan.explain.selectors import PersonNotFound, explanation_dict, person_explain, person_find

from .world import KPJ, N

pytestmark = pytest.mark.django_db
ADMIN = Scope(role="admin")


def codes(expl) -> dict[str, list[str]]:
    return {s.key: [x.code for x in s.sentences] for s in expl.sections}


def text(expl, code: str) -> str:
    return next(x.text for s in expl.sections for x in s.sentences if x.code == code)


def explain(nik, scope=ADMIN, **kw):
    return person_explain(user=None, scope=scope, nik=nik, **kw)


@pytest.mark.parametrize("nik, code, words", [
    (N.PNS, "workforce.excluded.occupation", ["5 PEGAWAI NEGERI SIPIL (PNS)", "PNS"]),
    (N.ASN, "workforce.excluded.asn", ["daftar ASN", "DINAS KESEHATAN", "15 KARYAWAN SWASTA"]),
    (N.CHILD, "workforce.excluded.under_15", ["Umur 12 tahun", "27 Februari 2023", "15 tahun"]),
    (N.OUTSIDE, "workforce.excluded.outside_region", ["34.71.01.1001", "Kabupaten Bantul"]),
    (N.EXACT, "workforce.in", ["Poncosari", "15 KARYAWAN SWASTA", "43 tahun"]),
])
def test_workforce_branches(world, nik, code, words):
    expl = explain(nik)
    assert codes(expl)["workforce"] == [code]
    for w in words:
        assert w in text(expl, code)
    if code != "workforce.in":
        assert "status.not_counted" in codes(expl)["status"]
        assert "ecosystem" not in codes(expl)  # an excluded person counts in no ecosystem


@pytest.mark.parametrize("nik, code, words", [
    (N.EXACT, "link.exact", ["11000000001", "NIK-nya sama persis"]),
    (N.FLAGGED, "link.exact_flagged", ["ditandai", "Agung Wibowo ~ Agus Wibowo", "99,1\u00a0%"]),
    (N.PROB, "link.probabilistic", ["97,0\u00a0%", "NIK beda 1 digit di nomor urut"]),
    (N.REVIEWED, "link.reviewed", ["petugas-review", "setelah tinjauan", "KK sama, dicek di kalurahan"]),
    (N.PENDING, "link.pending", ["menunggu tinjauan", "55,0\u00a0%", "tidak dihitung"]),
    (N.NONE, "link.none", ["Tidak ada kartu"]),
    (N.CARD_UNLINKED, "link.card_unlinked", ["11000000012", "SUKIRMAN HADI", "SUKIRNO", "12 Desember 1970"]),
])
def test_linkage_branches(world, nik, code, words):
    expl = explain(nik)
    assert codes(expl)["linkage"] == [code]
    for w in words:
        assert w in text(expl, code)


def test_pak_sukirno_has_a_card_but_is_not_counted(world):
    """The lurah's question: the card exists, the page says why it does not count."""
    expl = explain(N.CARD_UNLINKED)
    assert codes(expl)["status"] == ["status.none"]
    assert "belum terlindungi" in text(expl, "status.none")
    assert "Perbaiki datanya" in text(expl, "link.card_unlinked")


@pytest.mark.parametrize("nik, code, words", [
    (N.EXACT, "status.active", ["Januari 2023", "1 bulan sebelum", "batas 3 bulan", "Mei 2023"]),
    (N.FLAGGED, "status.active", ["Februari 2023", "bulan tanggal acuan", "Permenaker 5/2021", "Juni 2023"]),
    (N.LAPSED, "status.lapsed", ["Juni 2022", "8 bulan", "lewat batas 3 bulan", "Permenaker 5/2021",
                                 "Oktober 2022"]),
    (N.STATUS_OUT, "status.nonactive_status", ["KELUAR"]),
    (N.NONE, "status.none", ["Belum terdaftar"]),
])
def test_status_branches(world, nik, code, words):
    expl = explain(nik)
    assert codes(expl)["status"][0] == code
    for w in words:
        assert w in text(expl, code)


def test_ecosystem_from_roster_beats_occupation(world):
    expl = explain(N.ROSTER)
    assert codes(expl)["ecosystem"][0] == "ecosystem.roster"
    assert "Pasar" in text(expl, "ecosystem.roster") and "Pasar Bantul" in text(expl, "ecosystem.roster")
    assert codes(explain(N.EXACT))["ecosystem"] == ["ecosystem.occupation", "ecosystem.segment"]


def test_history_names_the_changes(world):
    lapsed = explain(N.LAPSED)
    assert [h.status for h in lapsed.history] == ["active", "nonactive"]
    assert [c.code for c in lapsed.changes] == ["history.status"]
    assert "Aktif menjadi Tidak aktif" in lapsed.changes[0].text
    assert [c.code for c in explain(N.NONE).changes] == ["history.unchanged"]


def test_a_pruned_run_says_so(world):
    shutil.rmtree(Path(settings.CAKUPAN_HOME) / world.run_old.run_dir)
    expl = explain(N.EXACT)
    assert "history.pruned" in [c.code for c in expl.changes]
    assert [h.available for h in expl.history] == [False, True]
    with pytest.raises(UserError, match="retensi"):
        explain(N.EXACT, run=world.run_old)


def test_an_older_run_can_be_explained(world):
    expl = explain(N.LAPSED, run=world.run_old)
    assert expl.as_of == date(2023, 1, 31)
    assert codes(expl)["status"][0] == "status.active"


def test_scope_hides_and_masks(world, users):
    kal = scope_for(users["kalurahan"])
    expl = person_explain(user=users["kalurahan"], scope=kal, nik=N.EXACT)
    assert expl.nik_shown == "3402********0001" and explanation_dict(expl)["nik"] == "3402********0001"
    assert N.EXACT not in str(explanation_dict(expl))
    with pytest.raises(PersonNotFound) as outside:
        person_explain(user=users["kalurahan"], scope=kal, nik=N.OTHER_KAL)
    with pytest.raises(PersonNotFound) as missing:
        person_explain(user=users["kalurahan"], scope=kal, nik="3402019999990001")
    assert str(outside.value) == str(missing.value)  # no probing of who lives elsewhere
    mitra = scope_for(users["mitra"])  # ecosystem pasar
    assert person_explain(user=users["mitra"], scope=mitra, nik=N.ROSTER).person["ecosystem"] == "pasar"
    with pytest.raises(PersonNotFound):
        person_explain(user=users["mitra"], scope=mitra, nik=N.EXACT)
    with pytest.raises(UserError):
        person_explain(user=users["pimpinan"], scope=scope_for(users["pimpinan"]), nik=N.EXACT)
    analis = person_explain(user=users["analis"], scope=scope_for(users["analis"]), nik=N.EXACT)
    assert analis.nik_shown == N.EXACT


def test_every_look_and_search_is_audited_with_the_nik_masked(world, users):
    before = AuditLog.objects.count()
    person_find(user=users["analis"], scope=scope_for(users["analis"]), nik=N.EXACT)
    person_explain(user=users["analis"], scope=scope_for(users["analis"]), nik=N.EXACT, via="api")
    rows = list(AuditLog.objects.order_by("id"))[before:]
    assert [r.action for r in rows] == ["search_person", "explain_person"]
    assert rows[1].detail == {"nik": "3402********0001", "run": world.run.pk, "via": "api"}
    assert N.EXACT not in str([r.detail for r in rows] + [r.scope for r in rows])


def test_find_by_nik_kpj_and_name(world, users):
    find = person_find
    assert [h.nik for h in find(user=None, scope=ADMIN, nik="3402 0141 0180 0001")] == [N.EXACT]
    assert [h.nik for h in find(user=None, scope=ADMIN, kpj=KPJ[N.PROB])] == [N.PROB]
    # an unlinked card: the NIK written on it
    assert [h.nik for h in find(user=None, scope=ADMIN, kpj=KPJ[N.CARD_UNLINKED])] == [N.CARD_UNLINKED]
    assert [h.nik for h in find(user=None, scope=ADMIN, nama="sukir", lahir=date(1970, 12, 12))] == [N.CARD_UNLINKED]
    assert find(user=None, scope=ADMIN, nama="sukir", lahir=date(1970, 12, 13)) == []
    kal_b = scope_for(users["kalurahan_b"])
    assert find(user=users["kalurahan_b"], scope=kal_b, nik=N.EXACT) == []
    hit = find(user=users["kalurahan_b"], scope=kal_b, nik=N.OTHER_KAL)[0]
    assert hit.nik_shown == "3402********0013" and hit.area == "Gadingsari"


@pytest.mark.parametrize("kw", [{}, {"nik": "123"}, {"nik": "3402\x00"}, {"kpj": "x" * 500}, {"nama": "ab"},
                                {"nama": "budi"}, {"kpj": "11-00'; drop table"}])
def test_bad_queries_are_user_errors(world, kw):
    lahir = {"lahir": date(1980, 1, 1)} if kw.get("nama") == "ab" else {}
    with pytest.raises(UserError):
        person_find(user=None, scope=ADMIN, **kw, **lahir)


def test_not_in_population_but_on_a_card(world):
    """Office-wide roles can look up a card's NIK that the population does not hold."""
    expl = explain("3402014303820030")  # the NIK written on N.PROB's card (a typo)
    assert codes(expl)["workforce"] == ["workforce.not_in_population"]
    assert codes(expl)["linkage"] == ["link.card_elsewhere"]
    assert "3402014303820030" not in text(expl, "link.card_elsewhere")


def test_english(world):
    with translation.override("en"):
        expl = explain(N.LAPSED)
    assert "Non-active" in text(expl, "status.lapsed") and "June 2022" in text(expl, "status.lapsed")
    assert expl.sections[0].title == "Workforce"


def test_a_damaged_run_file_is_a_user_error(world):
    path = Path(settings.CAKUPAN_HOME) / world.run.run_dir / "person_status.parquet"
    path.write_bytes(b"not parquet at all")
    with pytest.raises(UserError, match="tidak bisa dibaca"):
        person_find(user=None, scope=ADMIN, nik=N.EXACT)
    with pytest.raises(UserError, match="tidak bisa dibaca"):
        explain(N.EXACT)
