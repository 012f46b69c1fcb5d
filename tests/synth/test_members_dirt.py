"""The member extract is dirty the way real extracts are, and exact NIK linkage finds less than
the truth."""

from __future__ import annotations

from cakupan.nik import parse_nik
from tests.synth.recompute import load


def test_links_cover_every_member_record(small):
    _, mem, links, _ = load(small.out)
    assert len(mem) == len(links)
    assert set(mem["KPJ"]) == set(links["kpj"])
    assert mem["KPJ"].is_unique and mem["KPJ"].str.fullmatch(r"\d{11}").all()


def test_exact_nik_linkage_finds_less_than_the_truth(small):
    pop, mem, links, _ = load(small.out)
    m = mem.merge(links, left_on="KPJ", right_on="kpj")
    truly_linked = m["person_nik"] != ""
    exact = m["NIK"].isin(set(pop["NIK"]))
    exact_right = exact & (m["NIK"] == m["person_nik"])
    assert exact_right.sum() < truly_linked.sum()
    assert 0.9 < exact_right.sum() / truly_linked.sum() < 0.99


def test_dirt_kinds_are_present_at_a_few_percent(small):
    _, mem, links, _ = load(small.out)
    n = len(mem)
    errors = [parse_nik(v).error for v in mem["NIK"]]
    assert 0.003 < errors.count("nik.missing") / n < 0.03
    assert errors.count("nik.spreadsheet_mangled") > 0
    assert any("E+" in v for v in mem["NIK"])
    kinds = links["nik_dirt"].value_counts()
    for kind in ("missing", "digit", "swap", "excel"):
        assert kinds.get(kind, 0) > 0, kind
    assert 0.02 < (links["nik_dirt"] != "").mean() < 0.08
    assert 0.04 < (links["name_variant"] == "true").mean() < 0.15


def test_mistyped_niks_can_hit_other_people(small):
    import json

    dirt = json.loads((small.out / "truth" / "summary.json").read_text())["dirt"]
    assert dirt["digit"] + dirt["swap"] > 0
    assert 0 <= dirt["mistyped_hit_rate"] <= 0.3


def test_members_outside_the_population_and_non_workforce_exist(small):
    pop, mem, links, asn = load(small.out)
    from tests.synth.conftest import AS_OF
    from tests.synth.recompute import workforce

    wf = set(workforce(pop, asn, AS_OF)["NIK"])
    truth = set(links["person_nik"]) - {""}
    assert (links["person_nik"] == "").mean() > 0.05  # non-local NIKs, moved away
    assert len(truth - wf) > 0  # residents outside the workforce who are members
    nonlocal_nik = mem["NIK"].str[:4].ne("3402") & mem["NIK"].str.fullmatch(r"\d{16}")
    assert nonlocal_nik.mean() > 0.05


def test_status_fields_follow_the_formats(small):
    _, mem, _, _ = load(small.out)
    assert mem["IURAN_TERAKHIR"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert mem["TGL_LAHIR"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert set(mem["SEGMEN"]) <= {"PU", "BPU", "JAKON", "PMI"}
    assert {"AKTIF", "NON AKTIF"} <= set(mem["STATUS_KEPESERTAAN"])
    assert (mem["TGL_KEPESERTAAN"] <= "2023-02-27").all()
    assert (mem["TGL_KEPESERTAAN"] > mem["TGL_LAHIR"]).all()
