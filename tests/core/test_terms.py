"""Area terms by province: DIY's kapanewon/kalurahan (Perdais DIY 1/2018), kecamatan/desa elsewhere."""
from __future__ import annotations

from datetime import date

from cakupan.core.terms import area_terms, kind_term, level_alias, level_term


def test_diy_kabupaten_use_kapanewon_and_kalurahan():
    for code in ("34.01", "34.02.01", "34.03.01.2001"):
        terms = area_terms(code)
        assert (terms.kecamatan, terms.desa) == ("kapanewon", "kalurahan")
        assert "Perdais DIY 1/2018" in terms.source
    assert level_term("34.01.01") == "kapanewon" and level_term("34.01.01.2001") == "kalurahan"


def test_kota_yogyakarta_has_kemantren_and_kelurahan():
    assert level_term("34.71.01") == "kemantren" and level_term("34.71.01.1001") == "kelurahan"
    assert level_term("34.71") == "kota"


def test_outside_diy_kecamatan_desa_and_kelurahan():
    assert level_term("33.10.01") == "kecamatan"
    assert level_term("33.10.01.2001") == "desa" and level_term("33.10.01.1001") == "kelurahan"
    assert kind_term("kapanewon", "33.10") == "kecamatan"
    assert kind_term("kalurahan", "33.10") == "desa/kelurahan"
    assert kind_term("padukuhan", "33.10") == "dusun"
    assert kind_term("kapanewon", None) == "kapanewon"


def test_the_table_is_dated():
    assert area_terms("34.02", on=date(2019, 6, 1)).kecamatan == "kecamatan"
    assert area_terms("34.02", on=date(2023, 2, 27)).kecamatan == "kapanewon"


def test_national_words_mean_the_stored_kinds():
    assert [level_alias(w) for w in ("kecamatan", "Desa", "kelurahan", "dusun", "kemantren", "segment")] == [
        "kapanewon", "kalurahan", "kalurahan", "padukuhan", "kapanewon", "segment"]


def test_an_area_operator_is_named_in_the_provinces_words():
    """'Operator desa/kelurahan — Sanggrahan' in Klaten; Bantul's 'Operator kalurahan' unchanged."""
    from django.utils import translation

    from cakupan.accounts.scope import Scope
    from cakupan.core.labels import scope_text

    with translation.override("id"):
        assert scope_text(Scope(role="kalurahan", area_code="33.10.01.2001"), "Sanggrahan") == \
            "Operator desa/kelurahan — Sanggrahan"
        assert scope_text(Scope(role="kapanewon", area_code="33.10.01"), "Prambanan") == "Operator kecamatan — Prambanan"
        assert scope_text(Scope(role="kalurahan", area_code="34.02.01.2001"), "Poncosari") == \
            "Operator kalurahan — Poncosari"
    with translation.override("en"):
        assert scope_text(Scope(role="kapanewon", area_code="33.10.01"), "Prambanan") == "Kecamatan operator — Prambanan"
