"""Javanese / Indonesian personal names with realistic frequencies, built column-wise with pyarrow.

Three generations (born before 1970, 1970-1994, 1995 on) draw from different pools, ranked by
how common the name is (Zipf weights): older people mostly carry one Javanese word (SUPARMAN,
TUKIYEM), some in the old spelling (SOEPARMAN, DJOKO, TJIPTO); younger people two or three words
(MUHAMMAD RIZKY PRATAMA). Titles appear as in Dukcapil extracts: H./HJ. (haj), DRS./DRA.,
and degrees after a comma (", S.PD."). `name_variant` gives the spellings a BPJS record may carry.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cakupan.synth.reference import synth_lists

# Name pools in rank order (most common first): cakupan/synth/data/names.csv
_L = synth_lists("names.csv")
OLD_M, OLD_F, OLD_2 = _L["OLD_M"], _L["OLD_F"], _L["OLD_2"]
MID_M, MID_F, MID_2M, MID_2F = _L["MID_M"], _L["MID_F"], _L["MID_2M"], _L["MID_2F"]
YNG_M, YNG_F, YNG_2M, YNG_2F = _L["YNG_M"], _L["YNG_F"], _L["YNG_2M"], _L["YNG_2F"]
DEGREES = _L["DEGREES"]


def _zipf(n: int, s: float = 0.9) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def _old(word: str) -> str:
    for a, b in (("SU", "SOE"), ("JOKO", "DJOKO"), ("CIPTO", "TJIPTO"), ("JU", "DJU")):
        if word.startswith(a):
            return b + word[len(a) :]
    return word


_POOLS = {
    (0, False): (OLD_M, OLD_2, OLD_M),
    (0, True): (OLD_F, OLD_2, OLD_F),
    (1, False): (MID_M, MID_2M, MID_M),
    (1, True): (MID_F, MID_2F, MID_F),
    (2, False): (YNG_M, YNG_2M, YNG_M),
    (2, True): (YNG_F, YNG_2F, YNG_F),
}
_WORDS = {0: (0.72, 1.0), 1: (0.25, 0.85), 2: (0.05, 0.6)}  # P(1 word), P(<= 2 words)


def _vocabulary() -> tuple[pa.Array, dict]:
    words: list[str] = []
    offsets = {}
    for key, (p1, p2, pm) in _POOLS.items():
        offsets[key] = []
        for pool in (p1, p2, pm):
            offsets[key].append(len(words))
            words.extend(pool)
        offsets[key].append(len(words))  # old spelling of p1
        words.extend(_old(w) for w in p1)
    return pa.array(words), offsets


VOCAB, OFFSETS = _vocabulary()


def names_build(rng: np.random.Generator, *, sex_f: np.ndarray, birth_year: np.ndarray) -> pa.Array:
    """One upper-case name per person (vectorised)."""
    n = len(sex_f)
    gen = np.where(birth_year < 1970, 0, np.where(birth_year < 1995, 1, 2))
    idx = np.full((3, n), -1, dtype=np.int64)
    u = rng.random(n)
    for (g, f), (p1, p2, pm) in _POOLS.items():
        sel = np.flatnonzero((gen == g) & (sex_f == f))
        m = len(sel)
        if not m:
            continue
        o1, o2, om, oold = OFFSETS[(g, f)]
        a = rng.choice(len(p1), size=m, p=_zipf(len(p1)))
        b = rng.choice(len(p2), size=m, p=_zipf(len(p2)))
        c = rng.choice(len(pm), size=m, p=_zipf(len(pm)))
        old = (birth_year[sel] < 1960) & (rng.random(m) < 0.3) if g == 0 else np.zeros(m, bool)
        one, two = _WORDS[g]
        nw = np.where(u[sel] < one, 1, np.where(u[sel] < two, 2, 3))
        idx[0, sel] = np.where(old, oold, o1) + a
        idx[1, sel] = np.where((nw == 3) & (c != a), om + c, -1)
        idx[2, sel] = np.where(nw >= 2, o2 + b, -1)
    cols = [pc.take(VOCAB, pa.array(i, mask=i < 0)) for i in idx]
    name = pc.binary_join_element_wise(*cols, " ", null_handling="skip")
    age = 2023 - birth_year
    haj = (age >= 45) & (rng.random(n) < 0.015 + 0.0012 * np.clip(age - 45, 0, 30))
    drs = (birth_year >= 1945) & (birth_year < 1972) & ~haj & (rng.random(n) < 0.015)
    deg = (birth_year >= 1960) & (birth_year < 2000) & ~drs & (rng.random(n) < 0.045)
    titles = pa.array(["H.", "HJ.", "DRS.", "DRA."] + DEGREES)
    pre = np.where(haj, np.where(sex_f, 1, 0), np.where(drs, np.where(sex_f, 3, 2), -1))
    name = pc.binary_join_element_wise(
        pc.take(titles, pa.array(pre, mask=pre < 0)), name, " ", null_handling="skip"
    )
    suf = np.where(deg, 4 + rng.integers(len(DEGREES), size=n), -1)
    return pc.binary_join_element_wise(
        name, pc.take(titles, pa.array(suf, mask=suf < 0)), ", ", null_handling="skip"
    )


_MUH = ["MUH.", "MOH.", "MOHAMMAD", "M.", "MUHAMAD", "MOCHAMMAD"]


def name_variant(name: str, rng: np.random.Generator) -> str:
    """A different spelling of the same person's name, as BPJS data often carries."""
    options = []
    words = name.replace(",", " ,").split()
    if "MUHAMMAD" in words:
        options.append(lambda: name.replace("MUHAMMAD", _MUH[int(rng.integers(len(_MUH)))], 1))
    if "OE" in name:
        options.append(lambda: name.replace("OE", "U"))
    elif any(w.startswith("SU") for w in words):
        options.append(lambda: name.replace("SU", "SOE", 1))
    if "DJ" in name:
        options.append(lambda: name.replace("DJ", "J"))
    if "TJ" in name:
        options.append(lambda: name.replace("TJ", "C"))
    if "," in name or name.startswith(("H. ", "HJ. ", "DRS. ", "DRA. ")):
        options.append(lambda: name.split(",")[0].split(". ", 1)[-1].strip())
    plain = [w for w in name.split(",")[0].split() if not w.endswith(".")]
    if len(plain) >= 2:
        options.append(lambda: " ".join(plain[:-1]))
    options.append(lambda: name + " " + OLD_2[int(rng.integers(len(OLD_2)))])
    options.append(lambda: _typo(name, rng))
    return options[int(rng.integers(len(options)))]()


def _typo(name: str, rng: np.random.Generator) -> str:
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(letters) < 4:
        return name + "H"
    i = letters[int(rng.integers(1, len(letters)))]
    return (
        name[:i] + name[i] * 2 + name[i + 1 :] if rng.random() < 0.5 else name[:i] + name[i + 1 :]
    )
