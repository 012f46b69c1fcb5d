"""The dashboard's segment table counts registered members, not the workforce: its headers say so."""
import pytest


@pytest.mark.django_db
def test_segment_table_is_labelled_as_registered(client_for, published):
    page = client_for("analis").get("/").content.decode()
    segment_table = page.split('data-breakdown="segment"')[1].split("</table>")[0]
    assert "Terdaftar" in segment_table and "Aktif dari yang terdaftar" in segment_table
    assert "Angkatan kerja" not in segment_table
    ecosystem_table = page.split('data-breakdown="ecosystem"')[1].split("</table>")[0]
    assert "Angkatan kerja" in ecosystem_table
