"""The review reasons in English, for a user who chose English. The pipeline writes them once, in
Indonesian (cakupan.pipeline.linkage.reasons); this turns each comma-separated part back into
English by its fixed wording, leaving names and dates as written. A part it does not know stays
as it is.

    reasons_english("nama mirip (Soeparman ~ Suparman), tanggal lahir sama")
    -> "similar names (Soeparman ~ Suparman), same birth date"
"""
from __future__ import annotations

import re

_MONTHS = dict(zip(("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
                    "Oktober", "November", "Desember"),
                   ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                    "October", "November", "December")))
_PARTS = (  # (Indonesian pattern, English) — in the order of reasons.py
    (r"nama sama", "same name"),
    (r"nama sama setelah dibakukan (.*)", r"same name once standardised \1"),
    (r"nama kosong", "name missing"),
    (r"nama mirip (.*)", r"similar names \1"),
    (r"nama yang satu lebih lengkap (.*)", r"one name is fuller \1"),
    (r"nama beda (.*)", r"different names \1"),
    (r"tanggal lahir kosong", "birth date missing"),
    (r"tanggal lahir sama", "same birth date"),
    (r"tanggal dan bulan lahir tertukar (.*)", r"day and month of birth swapped \1"),
    (r"tahun lahir beda (.*)", r"different birth year \1"),
    (r"tahun lahir sama, tanggal beda (.*)", r"same birth year, different date \1"),
    (r"tanggal lahir beda (.*)", r"different birth dates \1"),
    (r"NIK kosong", "NIK missing"),
    (r"NIK tidak terbaca", "NIK unreadable"),
    (r"NIK sama", "same NIK"),
    (r"NIK sama setelah dipulihkan dari angka spreadsheet", "same NIK once recovered from a spreadsheet number"),
    (r"NIK sama pada 15 digit pertama \(digit terakhir hilang di spreadsheet\)",
     "same NIK in the first 15 digits (last digit lost in a spreadsheet)"),
    (r"NIK dua digit bersebelahan tertukar(.*)", r"two adjacent NIK digits swapped\1"),
    (r"NIK beda (\d+) digit di kode wilayah(.*)", r"NIK differs in \1 digit(s) of the area code\2"),
    (r"NIK beda (\d+) digit di tanggal(.*)", r"NIK differs in \1 digit(s) of the date\2"),
    (r"NIK beda (\d+) digit di nomor urut(.*)", r"NIK differs in \1 digit(s) of the serial\2"),
    (r"NIK beda (\d+) digit(.*)", r"NIK differs in \1 digit(s)\2"),
    (r"NIK beda(.*)", r"different NIK\1"),
    (r"jenis kelamin beda", "different sex"),
    (r"wilayah kosong", "area missing"),
    (r"kalurahan sama", "same kalurahan"),
    (r"kapanewon sama, kalurahan beda", "same kapanewon, different kalurahan"),
    (r"wilayah beda", "different area"),
)
_COMPILED = [(re.compile(f"^{p}$"), en) for p, en in _PARTS]
_SPLIT = re.compile(r", (?![^()]*\))")  # commas outside parentheses


def reasons_english(text: str) -> str:
    out = []
    # "tahun lahir sama, tanggal beda (...)" and "kapanewon sama, kalurahan beda" hold a comma themselves
    text = text.replace("tahun lahir sama, tanggal beda", "tahun lahir sama\x00 tanggal beda")
    text = text.replace("kapanewon sama, kalurahan beda", "kapanewon sama\x00 kalurahan beda")
    for part in _SPLIT.split(text or ""):
        part = part.replace("\x00", ",")
        for pattern, english in _COMPILED:
            if pattern.match(part):
                part = pattern.sub(english, part)
                break
        out.append(part.replace(" (rusak di spreadsheet)", " (damaged in a spreadsheet)"))
    result = ", ".join(out)
    for id_month, en_month in _MONTHS.items():
        result = re.sub(rf"\b{id_month}\b", en_month, result)
    return result
