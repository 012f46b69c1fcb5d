"""Review reasons read in English when the user chose English; every wording reasons.py writes."""
from datetime import date

from cakupan.linkage.reasons_en import reasons_english
from cakupan.pipeline.linkage.reasons import PairFacts, reasons_text


def _facts(**kw):
    base = dict(member_nama="SOEPARMAN", cand_nama="SUPARMAN", name_norm_same=False, name_jw=0.93,
                member_tanggal_lahir=date(1980, 3, 4), cand_tanggal_lahir=date(1980, 4, 3),
                member_nik_raw="3402010403800001", member_nik16="3402010403800001", cand_nik="3402010304800001",
                member_jenis_kelamin="L", cand_jenis_kelamin="P", member_kode_wilayah="34.02.01.2001",
                cand_kode_wilayah="34.02.01.2002")
    return PairFacts(**{**base, **kw})


def test_reasons_in_english_keep_names_and_translate_months():
    text = reasons_text(_facts())
    en = reasons_english(text)
    assert en.startswith("similar names (Soeparman ~ Suparman), day and month of birth swapped (4 March 1980 ~ 3 April 1980)")
    assert "different sex" in en and "same kapanewon, different kalurahan" in en


def test_every_wording_is_known():
    cases = [_facts(name_norm_same=True, member_nama="SUPARMAN"), _facts(member_nama=None), _facts(name_jw=0.5),
             _facts(cand_tanggal_lahir=None), _facts(cand_tanggal_lahir=date(1980, 3, 4)),
             _facts(cand_tanggal_lahir=date(1981, 3, 4)), _facts(cand_tanggal_lahir=date(1980, 7, 9)),
             _facts(cand_tanggal_lahir=date(1979, 7, 9)), _facts(member_nik_raw=""), _facts(cand_nik=None),
             _facts(cand_nik="3402010403800001"), _facts(cand_nik="3402010403800009"),
             _facts(cand_nik="3402020403800001"), _facts(cand_nik="9999999999999999"),
             _facts(cand_kode_wilayah="34.02.01.2001"), _facts(cand_kode_wilayah="34.03.01.2001"),
             _facts(cand_kode_wilayah=None)]
    indonesian = ("nama", "tanggal", "tahun", "beda", "sama", "kosong", "tertukar", "wilayah")
    for facts in cases:
        en = reasons_english(reasons_text(facts))
        words = set(en.replace("(", " ").replace(")", " ").replace(",", " ").split())
        assert not words & set(indonesian), en
