"""Settings in, outcome out: the two frozen dataclasses the pipeline passes around.

The defaults of LinkSettings are data, not code: `cakupan/reference/linkage_settings.json` (each
value with its meaning; docs/linkage.md "Settings"). A run may override any of them
(`LinkSettings(accept_threshold=0.95)`), and records the ones it used (`LinkSettings.recorded`,
in the run's quality.json as `link_settings`).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cakupan.core.reference import REFERENCE_DIR

SETTINGS_FILE = REFERENCE_DIR / "linkage_settings.json"


def _defaults(path: Path = SETTINGS_FILE) -> dict:
    values = {name: entry["value"] for name, entry in json.loads(path.read_text(encoding="utf-8")).items()}
    values["name_jw_thresholds"] = tuple(values["name_jw_thresholds"])
    return values


_D = _defaults()


@dataclass(frozen=True)
class LinkSettings:
    accept_threshold: float = _D["accept_threshold"]          # p >= accept -> 'probabilistic'
    review_threshold: float = _D["review_threshold"]          # summed p >= review -> 'review'
    review_candidate_min: float = _D["review_candidate_min"]  # below: not in the review queue
    # None = estimated from the data on every run (see linkage/predict.steps_normalise)
    null_odds: float | None = _D["null_odds"]
    model_path: Path | None = None     # saved Splink model JSON: loaded if it exists, else trained+saved
    retrain: bool = False              # train even when model_path exists (and overwrite it)
    flag_name_jw: float = _D["flag_name_jw"]                  # the exact-NIK check's name threshold
    name_jw_thresholds: tuple[float, float] = _D["name_jw_thresholds"]
    margin_bits: float = _D["margin_bits"]
    twin_name_margin: float = _D["twin_name_margin"]
    u_max_pairs: float = _D["u_max_pairs"]
    em_max_pairs: float = _D["em_max_pairs"]
    train_u_sample: int = _D["train_u_sample"]
    train_left_sample: int = _D["train_left_sample"]
    lambda_recall: float = _D["lambda_recall"]
    seed: int = _D["seed"]
    chunk_prefix: int | None = _D["chunk_prefix"]

    def recorded(self) -> dict:
        """The settings as a run records them (JSON-ready): every threshold, the model's path."""
        out = asdict(self)
        out["model_path"] = str(self.model_path) if self.model_path is not None else None
        out["name_jw_thresholds"] = list(self.name_jw_thresholds)
        return out


@dataclass(frozen=True)
class LinkOutcome:
    counts: dict[str, int]                      # method -> member records
    review_candidates: int                      # rows in review_queue
    timings: dict[str, float] = field(default_factory=dict)  # phase -> seconds
    model: str = "none"                         # 'trained' | 'loaded' | 'none' (nothing to link)
    model_path: Path | None = None
    null_odds: float | None = None              # the null odds used (estimated or set)
    steps: dict[str, float] = field(default_factory=dict)    # linkage step -> seconds (create + checks)

    @property
    def total(self) -> int:
        return sum(self.counts.values())
