"""The truth: coverage by kabupaten, kapanewon, kalurahan, segment and ecosystem, computed from the
workforce persons' intended status (which the member files reproduce under the contract's rules)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from cakupan.synth.output import write_csv

COLUMNS = ["workforce", "active", "nonactive", "pct"]


def _row(key_name: str, key: str, wf: int, act: int, non: int, denom: int | None = None) -> dict:
    d = denom if denom is not None else wf
    return {
        key_name: key,
        "workforce": wf,
        "active": act,
        "nonactive": non,
        "pct": f"{100 * act / d:.2f}" if d else "0.00",
    }


def truth_write(
    out: Path, *, plan, kal_idx: np.ndarray, status: np.ndarray, seg: np.ndarray, eco: np.ndarray
) -> dict:
    """status / seg / eco are int8 codes into chunk.STATUS / SEGS / ECOSYSTEMS."""
    from cakupan.synth.chunk import ECOSYSTEMS, SEGS, STATUS

    act, non = status == STATUS.index("active"), status == STATUS.index("nonactive")
    kal = plan.kalurahan
    total = len(status)
    write_csv(
        out / "coverage_kabupaten.csv",
        [_row("code", plan.ref.code, total, int(act.sum()), int(non.sum()))],
        ["code", *COLUMNS],
    )
    n_k = len(kal)
    wf_k = np.bincount(kal_idx, minlength=n_k)
    act_k = np.bincount(kal_idx, weights=act, minlength=n_k).astype(int)
    non_k = np.bincount(kal_idx, weights=non, minlength=n_k).astype(int)
    write_csv(
        out / "coverage_kalurahan.csv",
        [
            _row("code", k.code, int(wf_k[i]), int(act_k[i]), int(non_k[i]))
            for i, k in enumerate(kal)
        ],
        ["code", *COLUMNS],
    )
    rows = []
    for kc in plan.ref.kapanewon:
        sel = np.array([k.kapanewon == kc for k in kal])
        rows.append(
            _row("code", kc, int(wf_k[sel].sum()), int(act_k[sel].sum()), int(non_k[sel].sum()))
        )
    write_csv(out / "coverage_kapanewon.csv", rows, ["code", *COLUMNS])
    # segment: the person's segment; pct = share of the whole workforce covered through it
    rows = []
    for key in SEGS:
        s = seg == SEGS.index(key)
        rows.append(
            _row("key", key, int(s.sum()), int((s & act).sum()), int((s & non).sum()), denom=total)
        )
    write_csv(out / "coverage_segment.csv", rows, ["key", *COLUMNS])
    rows = []
    for key in ECOSYSTEMS:
        s = eco == ECOSYSTEMS.index(key)
        rows.append(_row("key", key, int(s.sum()), int((s & act).sum()), int((s & non).sum())))
    write_csv(out / "coverage_ecosystem.csv", rows, ["key", *COLUMNS])
    seg_k = {
        key: np.bincount(kal_idx, weights=act & (seg == SEGS.index(key)), minlength=n_k).astype(int)
        for key in SEGS[:-1]
    }
    return {
        "workforce": total,
        "active": int(act.sum()),
        "nonactive": int(non.sum()),
        "pct": round(100 * int(act.sum()) / total, 2) if total else 0.0,
        "workforce_by_kalurahan": wf_k,
        "active_by_kalurahan_segment": seg_k,
    }


class DirtStats:
    """Dirt counts accumulated chunk by chunk (no re-reading of links.csv)."""

    KINDS = ("missing", "digit", "swap", "excel")

    def __init__(self) -> None:
        self.counts = dict.fromkeys(self.KINDS, 0)
        self.records = self.name_variant = self.birthdate_swapped = 0
        self.typos: list[np.ndarray] = []
        from cakupan.synth.members import CLASSES

        self.classes = dict.fromkeys(CLASSES, 0)

    def add(self, links: pa.Table) -> None:
        kind = links["nik_dirt"].to_numpy(zero_copy_only=False)
        for k in self.KINDS:
            self.counts[k] += int((kind == k).sum())
        self.records += links.num_rows
        cls = links["class"].to_numpy(zero_copy_only=False)
        for k in self.classes:
            self.classes[k] += int((cls == k).sum())
        self.name_variant += int(np.sum(links["name_variant"].to_numpy(zero_copy_only=False)))
        self.birthdate_swapped += int(
            np.sum(links["birthdate_swapped"].to_numpy(zero_copy_only=False))
        )
        given = links["nik_given"].to_numpy(zero_copy_only=False)[np.isin(kind, ["digit", "swap"])]
        self.typos.append(
            np.array([int(g) if g.isdigit() and len(g) == 16 else -1 for g in given], np.int64)
        )

    def stats(self, pop_niks: np.ndarray) -> dict:
        typos = np.concatenate(self.typos) if self.typos else np.empty(0, np.int64)
        hits = int(np.isin(typos, pop_niks).sum())
        return {
            **self.counts,
            "records": self.records,
            "mistyped_hitting_other_person": hits,
            "mistyped_hit_rate": round(hits / max(1, len(typos)), 4),
            "name_variant": self.name_variant,
            "birthdate_swapped": self.birthdate_swapped,
            "classes": dict(self.classes),
        }
