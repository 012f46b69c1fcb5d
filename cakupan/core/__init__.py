"""The ground floor: basics any part of cakupan may import and that import no app.

vocab       the declared vocabulary (segments, ecosystems, roster kinds, link methods, statuses),
            each term once, with its Indonesian and English label (no Django: the pipeline uses it)
areas       what a Kemendagri area code says by its shape (level, parent, ancestors); no Django
reference   where the shipped reference data lives (cakupan/reference/...); no Django
formatting  Indonesian numbers, percentages, dates and rupiah (115.463 · 25,23 % · 27 Februari 2023)
labels      display names of codes in the active language (Django's translation)
cli         the command line's shared parsing (dates, months) and output helpers

cakupan.errors and cakupan.nik (NIK rules) belong to the same floor.
"""
