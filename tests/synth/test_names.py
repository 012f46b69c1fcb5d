"""Names: frequencies, titles, and the spellings BPJS records carry."""

from __future__ import annotations

from collections import Counter

import numpy as np

from cakupan.synth.names import name_variant, names_build


def test_names_have_common_words_one_word_names_and_titles():
    rng = np.random.default_rng(5)
    n = 20_000
    year = rng.integers(1930, 2020, n)
    names = names_build(rng, sex_f=rng.random(n) < 0.5, birth_year=year).to_pylist()
    words = Counter(w for name in names for w in name.replace(",", "").split())
    top = words.most_common(1)[0][1]
    assert top > n * 0.01  # very common given names
    assert 0.15 < sum(" " not in x for x in names) / n < 0.6
    assert any(x.startswith("H. ") for x in names) and any(x.startswith("HJ. ") for x in names)
    assert any(x.endswith(", S.PD.") for x in names)
    assert any("SOE" in x for x in names)
    assert all(x == x.upper() and "  " not in x for x in names)


def test_variants_differ_and_cover_the_known_spellings():
    rng = np.random.default_rng(6)
    assert name_variant("SUPARMAN", rng) != "SUPARMAN"
    seen = {name_variant("MUHAMMAD RIZKY PRATAMA", rng) for _ in range(200)}
    assert any(v.startswith(("MUH. ", "MOH. ", "M. ")) for v in seen)
    assert "MUHAMMAD RIZKY" in seen
    old = {name_variant("SOEPARMAN", rng) for _ in range(100)}
    assert "SUPARMAN" in old
    assert "JOKO" in {name_variant("DJOKO", rng) for _ in range(100)}
