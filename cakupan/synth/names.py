"""Javanese / Indonesian personal names with realistic frequencies, built column-wise with pyarrow.

Three generations (born before 1970, 1970-1994, 1995 on) draw from different pools, ranked by
how common the name is (Zipf weights): older people mostly carry one Javanese word (SUPARMAN,
TUKIYEM), some in the old spelling (SOEPARMAN, DJOKO, TJIPTO); younger people two or three words
(MUHAMMAD RIZKY PRATAMA). Titles appear as in Dukcapil extracts: H./HJ. (haj), DRS./DRA.,
and degrees after a comma (", S.PD."). `name_variant` gives the spellings a BPJS record may carry;
`twin_names` gives twins names that share a word (AGUS WIBOWO / AGUNG WIBOWO, SRI LESTARI / SRI RAHAYU).
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
    gen = generation(birth_year)
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
# Titles written before a name (haj, academic, Javanese nobility) and the forms a degree takes
# after it in BPJS records (the register writes ", S.PD."; an employer may write " S.PD" or " SPD").
TITLES_BEFORE = {False: ("H.", "DRS.", "R.", "RADEN", "IR."), True: ("HJ.", "DRA.", "R.A.", "RR.")}
_TITLE_WORDS = {"H.", "HJ.", "DRS.", "DRA.", "R.", "RADEN", "R.A.", "RR.", "IR."}
_VOWELS = set("AEIOU")


def name_split(name: str) -> tuple[list[str], list[str], str]:
    """(titles before, the name's own words, degrees after the comma as written)."""
    head, comma, tail = name.partition(",")
    words = head.split()
    pre = []
    while len(words) > 1 and words[0] in _TITLE_WORDS:
        pre.append(words.pop(0))
    return pre, words, comma + tail


def _join(pre: list[str], core: list[str], tail: str) -> str:
    return " ".join([*pre, *core]) + tail


def _old_u(name: str, rng: np.random.Generator) -> str:
    """One U after a consonant in the old spelling OE (BUDI -> BOEDI, AGUS -> AGOES)."""
    spots = [i for i, ch in enumerate(name) if ch == "U" and i and name[i - 1].isalpha()
             and name[i - 1] not in _VOWELS]
    i = spots[int(rng.integers(len(spots)))]
    return name[:i] + "OE" + name[i + 1 :]


def _old_j(name: str) -> str:
    """The old spelling of Y is J (SUPRIYADI -> SUPRIJADI), of J is DJ (JUMADI -> DJUMADI)."""
    if "Y" in name:
        return name.replace("Y", "J")
    i = next(i for i, ch in enumerate(name) if ch == "J" and (i == 0 or name[i - 1] != "D"))
    return name[:i] + "DJ" + name[i + 1 :]


def _degree(tail: str, rng: np.random.Generator) -> str:
    """A degree after the name, written as a register or an employer writes it."""
    if tail:
        bare = tail.lstrip(", ").rstrip(".")
        return (" " + bare, " " + bare.replace(".", ""), "")[int(rng.integers(3))]
    d = DEGREES[int(rng.integers(len(DEGREES)))]
    return (", " + d, " " + d.rstrip("."), " " + d.replace(".", ""))[int(rng.integers(3))]


def name_variant(name: str, rng: np.random.Generator, female: bool | None = None) -> str:
    """A different spelling of the same person's name, as BPJS data often carries: Muhammad
    written short, the old spelling (oe/u, dj/j, tj/c, j/y, ch/kh), a title or degree added,
    dropped or written otherwise, a middle name abbreviated or dropped, the words in another
    order, a word missing or added, a typo. `female` picks the titles (None: either)."""
    options = []
    pre, core, tail = name_split(name)
    words = name.replace(",", " ,").split()
    if "MUHAMMAD" in words:
        options.append(lambda: name.replace("MUHAMMAD", _MUH[int(rng.integers(len(_MUH)))], 1))
    if "OE" in name:
        options.append(lambda: name.replace("OE", "U"))
    elif any(w.startswith("SU") for w in words):
        options.append(lambda: name.replace("SU", "SOE", 1))
    elif any(ch == "U" and i and name[i - 1] not in _VOWELS and name[i - 1].isalpha()
             for i, ch in enumerate(name)):
        options.append(lambda: _old_u(name, rng))
    if "DJ" in name:
        options.append(lambda: name.replace("DJ", "J"))
    elif "Y" in " ".join(core) or any(ch == "J" and (i == 0 or w[i - 1] != "D")
                                      for w in core for i, ch in enumerate(w)):
        options.append(lambda: _join(pre, _old_j(" ".join(core)).split(), tail))
    if "TJ" in name:
        options.append(lambda: name.replace("TJ", "C"))
    if "KH" in name:
        options.append(lambda: name.replace("KH", "CH"))
    elif "CH" in name:
        options.append(lambda: name.replace("CH", "KH"))
    if pre or tail:
        options.append(lambda: _join([], core, ""))  # titles and degrees dropped
    if tail:
        options.append(lambda: _join(pre, core, _degree(tail, rng)))
    else:
        options.append(lambda: _join(pre, core, _degree("", rng)))
    if not pre:
        sex = bool(rng.random() < 0.5) if female is None else bool(female)
        options.append(lambda: _join([TITLES_BEFORE[sex][int(rng.integers(len(TITLES_BEFORE[sex])))]], core, tail))
    plain = [w for w in name.split(",")[0].split() if not w.endswith(".")]
    if len(plain) >= 2:
        options.append(lambda: " ".join(plain[:-1]))
    if len(core) >= 3:
        options.append(lambda: _join(pre, [core[0], core[-1]], tail))  # middle name dropped
    if len(core) >= 2 and all(len(w) > 2 for w in core[:-1]):
        def abbreviated() -> str:
            i = int(rng.integers(len(core) - 1)) if len(core) >= 3 else 0
            short = core[i][0] + ("." if rng.random() < 0.7 else "")
            return _join(pre, [*core[:i], short, *core[i + 1 :]], tail)
        options.append(abbreviated)
    if len(core) >= 2 and len(set(core)) > 1:
        options.append(lambda: _join(pre, [core[-1], *core[:-1]], tail))  # another order
    options.append(lambda: _join(pre, [*core, OLD_2[int(rng.integers(len(OLD_2)))]], tail))  # a word added
    options.append(lambda: _typo(name, rng))
    out = options[int(rng.integers(len(options)))]()
    return out if out != name else _typo(name, rng)


def _typo(name: str, rng: np.random.Generator) -> str:
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(letters) < 4:
        return name + "H"
    i = letters[int(rng.integers(1, len(letters)))]
    return (
        name[:i] + name[i] * 2 + name[i + 1 :] if rng.random() < 0.5 else name[:i] + name[i + 1 :]
    )


# ---- twins ----------------------------------------------------------------------------------

_FIRST = {False: [*OLD_M, *MID_M, *YNG_M], True: [*OLD_F, *MID_F, *YNG_F]}  # any generation
_LAST = {False: [*MID_2M, *YNG_2M], True: [*MID_2F, *YNG_2F]}


def generation(birth_year):
    """0: born before 1970, 1: 1970-1994, 2: from 1995 (the name pools' generations)."""
    return np.where(birth_year < 1970, 0, np.where(birth_year < 1995, 1, 2))


def _alike(word: str, female: bool, gen: int, rng: np.random.Generator) -> str | None:
    """A given name of the generation's pool that starts like `word` (AGUS -> AGUNG), or None."""
    pool = _POOLS[(gen, female)][0]
    for k in (3, 2):
        near = sorted({w for w in pool if w[:k] == word[:k] and not _one_edit(w, word)})
        if near:
            return near[int(rng.integers(len(near)))]
    return None


def _one_edit(a: str, b: str) -> bool:
    """a and b are the same word or one letter apart (ARIF / ARIEF): two spellings of one name,
    which no parents give their twins."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] or a[i + 1 :] == b[i:] or a[i:] == b[i + 1 :]


def twin_name(
    a: str, b: str, female_b: bool, gen: int, rng: np.random.Generator, same_sex: bool = True
) -> tuple[str, str]:
    """Names for twins a and b that share a word, as Javanese twins' names do: the same family
    word with given names that start alike (AGUS WIBOWO / AGUNG WIBOWO), or, for twins of one
    sex, the same first word (SRI LESTARI / SRI RAHAYU). Titles and degrees stay each twin's own.
    Returns (a, b)."""
    pa_, ca, ta = name_split(a)
    pb, cb, tb = name_split(b)
    if len(ca) == 1:  # a one-word name: both get a family word (SUPARMAN HADI / SUPARDI HADI)
        shared = OLD_2[int(rng.integers(len(OLD_2)))]
        ca = [ca[0], shared]
    if same_sex and rng.random() < 0.5:
        last = cb[-1] if len(cb) >= 2 and cb[-1] != ca[-1] else None
        while last is None or last == ca[-1]:
            last = _LAST[female_b][int(rng.integers(len(_LAST[female_b])))]
        new = [*ca[:-1], last]
    else:
        first = _alike(ca[0], female_b, gen, rng) or cb[0]
        while _one_edit(first, ca[0]):
            first = _FIRST[female_b][int(rng.integers(len(_FIRST[female_b])))]
        new = [first, *ca[1:]]
    if new == ca:
        new = [*new, OLD_2[int(rng.integers(len(OLD_2)))]]
    return _join(pa_, ca, ta), _join(pb, new, tb)


def twin_names(
    rng: np.random.Generator,
    names: pa.Array,
    a: np.ndarray,
    b: np.ndarray,
    female: np.ndarray,
    birth_year: np.ndarray,
) -> pa.Array:
    """`names` with each twin pair (a[i], b[i]) given names that share a word (`twin_name`)."""
    if not len(a):
        return names
    na, nb = names.take(pa.array(a)).to_pylist(), names.take(pa.array(b)).to_pylist()
    idx, vals = [], []
    for i, j, x, y in zip(a.tolist(), b.tolist(), na, nb):
        x2, y2 = twin_name(
            x, y, bool(female[j]), int(generation(birth_year[j])), rng, bool(female[i] == female[j])
        )
        idx += [i, j]
        vals += [x2, y2]
    order = np.argsort(idx, kind="stable")
    mask = np.zeros(len(names), dtype=bool)
    mask[idx] = True
    return pc.replace_with_mask(names, pa.array(mask), pa.array([vals[k] for k in order], pa.string()))
