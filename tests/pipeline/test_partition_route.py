"""Routing member records to kabupaten and reconciling their links (cakupan/pipeline/partition.py),
on hand-made tables."""
from __future__ import annotations

from cakupan.pipeline.engine import DuckDBEngine
from cakupan.pipeline.partition import OUTSIDE_REASON, partitions, reconcile, route_members


def _engine() -> DuckDBEngine:
    eng = DuckDBEngine()
    eng.create("stg_population", """SELECT * FROM (VALUES
        ('3402010101900001', '34.02.01.2001'), ('3402010101900002', '34.02.01.2001'),
        ('3401010101900001', '34.01.01.2001'), ('3402020202900001', '34.01.02.2002')) t(nik, kode_wilayah)""")
    eng.create("stg_members", """SELECT * FROM (VALUES
        ('a', 'k-a', '3402010101900001', '34.02.01.2001'),   -- at home: one kabupaten
        ('b', 'k-b', '3402020202900001', '34.02.03.2001'),   -- Bantul NIK, lives in Kulon Progo, card in Bantul
        ('c', 'k-c', '3401019999900009', '34.02.05.2002'),   -- no exact match, Kulon Progo NIK, Bantul address
        ('d', 'k-d', '3171010101900001', '31.71.01.1001'),   -- Jakarta NIK and address: outside the run
        ('e', 'k-e', NULL, NULL)                             -- nothing to route by
        ) t(member_key, kpj, nik, kode_wilayah)""")
    return eng


def test_partitions_largest_first_ties_by_code():
    eng = _engine()
    assert partitions(eng) == [("34.01", 2), ("34.02", 2)]
    eng.execute("INSERT INTO stg_population VALUES ('3402010101900003', '34.02.01.2002')")
    assert partitions(eng) == [("34.02", 3), ("34.01", 2)]


def test_route_by_exact_person_address_and_nik_prefix():
    eng = _engine()
    route_members(eng)
    got = sorted(eng.rows("SELECT member_key, part FROM lk_route"))
    assert got == [("a", "34.02"), ("b", "34.01"), ("b", "34.02"), ("c", "34.01"), ("c", "34.02")]


def test_reconcile_prefers_a_link_then_probability_and_decides_outsiders():
    eng = _engine()
    route_members(eng)
    cols = "part, member_key, kpj, person_nik, method, match_probability, reasons"
    eng.create("lk_links_p0", f"""SELECT * FROM (VALUES
        ('34.01', 'b', 'k-b', '3402020202900001', 'exact', 1.0, 'NIK sama'),
        ('34.01', 'c', 'k-c', CAST(NULL AS VARCHAR), 'review', 0.6, 'dua calon')) t({cols})""")
    eng.create("lk_links_p1", f"""SELECT * FROM (VALUES
        ('34.02', 'a', 'k-a', '3402010101900001', 'exact', 1.0, 'NIK sama'),
        ('34.02', 'b', 'k-b', CAST(NULL AS VARCHAR), 'none', CAST(NULL AS DOUBLE), 'tidak ada calon'),
        ('34.02', 'c', 'k-c', '3402010101900002', 'probabilistic', 0.97, 'nama sama')) t({cols})""")
    eng.create("lk_review_p0", """SELECT * FROM (VALUES ('34.01', 'c', '3401010101900001', 0.6))
        t(part, member_key, candidate_nik, match_probability)""")
    eng.create("lk_review_p1", """SELECT * FROM (VALUES ('34.02', 'x', '3402010101900002', 0.5))
        t(part, member_key, candidate_nik, match_probability) WHERE false""")
    reconcile(eng, n_parts=2)
    links = {r[0]: r[1:] for r in eng.rows("SELECT member_key, person_nik, method, reasons FROM links")}
    assert links["a"][:2] == ("3402010101900001", "exact")
    assert links["b"][:2] == ("3402020202900001", "exact")          # the exact person, not the card's area
    assert links["c"][:2] == ("3402010101900002", "probabilistic")  # a link beats the review band
    assert links["d"] == (None, "none", OUTSIDE_REASON) and links["e"] == (None, "none", OUTSIDE_REASON)
    assert eng.rows("SELECT count(*) FROM review_queue") == [(0,)]  # c's review was in the kabupaten not chosen
