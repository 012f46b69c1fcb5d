from datetime import date

from cakupan.pipeline.linkage import PairFacts, reasons_text


def facts(**kw):
    base = dict(member_nama="SOEPARMAN", cand_nama="SUPARMAN", name_norm_same=True, name_jw=1.0,
                member_tanggal_lahir=date(1980, 3, 12), cand_tanggal_lahir=date(1980, 3, 12),
                member_nik_raw="3402011203800013", member_nik16="3402011203800013",
                cand_nik="3402011203800031", member_jenis_kelamin="L", cand_jenis_kelamin="L",
                member_kode_wilayah="34.02.01.2001", cand_kode_wilayah="34.02.01.2001")
    base.update(kw)
    return PairFacts(**base)


def test_similar_name_same_date_nik_two_digits():
    f = facts(name_norm_same=False, name_jw=0.9, member_nik16="3402051203800011", member_nik_raw="3402051203800011")
    assert reasons_text(f) == ("nama mirip (Soeparman ~ Suparman), tanggal lahir sama, NIK beda 2 digit, "
                               "kalurahan sama")


def test_nik_difference_located():
    serial = facts(member_nik16="3402011203800099", member_nik_raw="3402011203800099")
    assert "NIK beda 2 digit di nomor urut" in reasons_text(serial)
    region = facts(member_nik16="3402021203800031", member_nik_raw="3402021203800031")
    assert "NIK beda 1 digit di kode wilayah" in reasons_text(region)
    birth = facts(member_nik16="3402011303800031", member_nik_raw="3402011303800031")
    assert "NIK beda 1 digit di tanggal" in reasons_text(birth)


def test_normalised_name_and_adjacent_swap():
    text = reasons_text(facts())
    assert text.startswith("nama sama setelah dibakukan (Soeparman ~ Suparman), tanggal lahir sama, ")
    assert "NIK dua digit bersebelahan tertukar" in text


def test_day_month_swap_sex_and_area():
    text = reasons_text(facts(member_tanggal_lahir=date(1980, 12, 3), member_jenis_kelamin="P",
                              cand_kode_wilayah="34.02.01.2003", cand_nik="3402011203800013"))
    assert "tanggal dan bulan lahir tertukar (3 Desember 1980 ~ 12 Maret 1980)" in text
    assert "NIK sama" in text and "jenis kelamin beda" in text
    assert text.endswith("kapanewon sama, kalurahan beda")


def test_missing_and_spreadsheet_nik():
    assert "NIK kosong" in reasons_text(facts(member_nik_raw=None, member_nik16=None))
    mangled = facts(member_nik_raw="3.40201120380001E+15", member_nik16="3402011203800010",
                    cand_nik="3402011203800013")
    assert "NIK sama pada 15 digit pertama (digit terakhir hilang di spreadsheet)" in reasons_text(mangled)
    other = facts(member_nik_raw="3.40201120380001E+15", member_nik16="3402011203800010",
                  cand_nik="3402011203801013")
    assert "NIK beda 2 digit di nomor urut (rusak di spreadsheet)" in reasons_text(other)


def test_year_and_other_name():
    text = reasons_text(facts(name_norm_same=False, name_jw=0.5, cand_nama="BUDI", cand_tanggal_lahir=date(1981, 3, 12)))
    assert text.startswith("nama beda (Soeparman ~ Budi), tahun lahir beda (1980 ~ 1981)")
