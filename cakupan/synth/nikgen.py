"""NIK and KK numbers for synthetic people, and the ways member extracts get them wrong.

NIK layout PP RR SS DDMMYY NNNN (UU 24/2013 Pasal 13; Perpres 96/2018): kecamatan of FIRST
registration, birth date with day + 40 for women, serial from 0001 unique per prefix + date.
Serials are handed out in order with occasional holes (numbers taken by people who since died or
moved away), so neighbouring serials are mostly taken: a mistyped digit often lands on another
real person's NIK, which is the trap the linkage must survive (docs/synth.md).
"""

from __future__ import annotations

import numpy as np

# Probability that a serial is skipped (a hole) before the next one is handed out.
SERIAL_HOLE = 0.15
# In a region set, serials from here up are the other generators' bands (see SerialAllocator).
SET_FOREIGN_FIRST = 5000


def prefix_int(code: str) -> int:
    """'34.02.01' -> 340201."""
    return int(code.replace(".", ""))


def date_code(
    day: np.ndarray, month: np.ndarray, year: np.ndarray, female: np.ndarray
) -> np.ndarray:
    """DDMMYY as an integer, DD + 40 for women."""
    return (day + 40 * female) * 10_000 + month * 100 + (year % 100)


class SerialAllocator:
    """Unique serials per (prefix, date code) across chunks, processed in a fixed order.

    In a region set (`cakupan.synth.regionset`) each kabupaten is generated on its own, so two
    generators must never hand out the same NIK: a generator's own kecamatan (``local``) count
    from 1 (below SET_FOREIGN_FIRST), every other prefix counts inside the generator's ``band``
    (first, last), which the set gives each kabupaten disjointly from SET_FOREIGN_FIRST up."""

    def __init__(self, *, local: frozenset[int] = frozenset(), band: tuple[int, int] | None = None) -> None:
        self._last: dict[int, int] = {}
        self._local, self._band = local, band

    def allocate(
        self, rng: np.random.Generator, prefix: np.ndarray, dcode: np.ndarray
    ) -> np.ndarray:
        key = prefix.astype(np.int64) * 1_000_000 + dcode
        order = np.argsort(key, kind="stable")
        ks = key[order]
        step = 1 + rng.geometric(1 - SERIAL_HOLE, size=len(ks)) - 1
        csum = np.cumsum(step)
        start = np.r_[0, np.flatnonzero(np.diff(ks)) + 1]
        grp = np.repeat(np.arange(len(start)), np.diff(np.r_[start, len(ks)]))
        within = csum - np.r_[0, csum][start][grp]
        uniq = ks[start]
        base = np.fromiter(
            (self._last.get(int(k), self._first(int(k))) for k in uniq), dtype=np.int64, count=len(uniq)
        )
        serial_sorted = base[grp] + within
        ends = np.r_[start[1:], len(ks)] - 1
        for k, v in zip(uniq.tolist(), serial_sorted[ends].tolist()):
            self._last[k] = v
        if len(serial_sorted) and serial_sorted.max() > 9999:
            raise ValueError("NIK serial overflow")
        if self._band is not None and len(ks):
            local = np.isin(ks // 1_000_000, list(self._local))
            if (serial_sorted[local] >= SET_FOREIGN_FIRST).any() or (serial_sorted[~local] > self._band[1]).any():
                raise ValueError("NIK serial overflow: the region set's serial bands are too narrow")
        out = np.empty_like(serial_sorted)
        out[order] = serial_sorted
        return out


    def _first(self, key: int) -> int:
        """The serial before the first one of a new (prefix, date code)."""
        if self._band is None or key // 1_000_000 in self._local:
            return 0
        return self._band[0] - 1


def nik_int(prefix: np.ndarray, dcode: np.ndarray, serial: np.ndarray) -> np.ndarray:
    return prefix.astype(np.int64) * 10**10 + dcode.astype(np.int64) * 10**4 + serial


# ---- member-extract dirt (applied to a few percent of records, per string) -------------------


def nik_one_digit(nik: str, rng: np.random.Generator) -> str:
    """One digit typed wrong, anywhere: in the first two digits it makes an unknown province, or
    a leading 0 that an integer round trip would silently drop."""
    i = int(rng.integers(0, 16))
    d = str((int(nik[i]) + int(rng.integers(1, 10))) % 10)
    return nik[:i] + d + nik[i + 1 :]


def nik_swap(nik: str, rng: np.random.Generator) -> str:
    """Two adjacent, different digits swapped."""
    spots = [i for i in range(15) if nik[i] != nik[i + 1]]
    if not spots:
        return nik_one_digit(nik, rng)
    i = spots[int(rng.integers(len(spots)))]
    return nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :]


def nik_excel(nik: str, rng: np.random.Generator) -> str:
    """What a spreadsheet writes back: scientific notation, or 15 significant digits."""
    if rng.random() < 0.6:
        return f"{int(nik):.5E}".replace("E+", "E+").replace(".00000", "")
    return nik[:15] + "0"
