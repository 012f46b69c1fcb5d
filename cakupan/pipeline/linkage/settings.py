"""Settings in, outcome out: the two frozen dataclasses the pipeline passes around."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class LinkSettings:
    accept_threshold: float = 0.90     # match_probability >= accept -> 'probabilistic' (auto-link)
    review_threshold: float = 0.50     # review <= p < accept -> 'review' (clerical queue); p summed
    #                                    over the candidates, so a tie of two good ones is reviewed
    review_candidate_min: float = 0.05  # a candidate below this is not shown in the review queue
    # the odds that a member living in the register's areas has none of its candidates as its true
    # person (not in the register, or not reached by the blocking): see linkage/run.steps_normalise;
    # None = estimated from the data on every run (EM, no labels)
    null_odds: float | None = None
    model_path: Path | None = None     # saved Splink model JSON: loaded if it exists, else trained+saved
    retrain: bool = False              # train even when model_path exists (and overwrite it)
    # the exact-NIK check: below this name Jaro-Winkler (normalised names) the match is flagged
    flag_name_jw: float = 0.85
    # name comparison levels of the probabilistic model
    name_jw_thresholds: tuple[float, float] = (0.95, 0.88)
    # the best candidate auto-links only if it beats the runner-up by this many match-weight bits
    margin_bits: float = 3.0
    # training: pairs for u sampling and per EM blocking rule; recall assumed for the λ rule
    u_max_pairs: float = 1e5
    em_max_pairs: float = 3e4
    # ...drawn from samples: records of each side for u, member records (against everybody) for λ and m
    train_u_sample: int = 20_000
    train_left_sample: int = 30_000
    lambda_recall: float = 0.7
    seed: int = 42
    # region-by-region linking: prefix length of kode_wilayah ("34.02.01" = 8 characters is one
    # kapanewon, "34.02" = 5 one kabupaten); None links everything at once
    chunk_prefix: int | None = None


@dataclass(frozen=True)
class LinkOutcome:
    counts: dict[str, int]                      # method -> member records
    review_candidates: int                      # rows in review_queue
    timings: dict[str, float] = field(default_factory=dict)  # phase -> seconds
    model: str = "none"                         # 'trained' | 'loaded' | 'none' (nothing to link)
    model_path: Path | None = None
    null_odds: float | None = None              # the null odds used (estimated or set)

    @property
    def total(self) -> int:
        return sum(self.counts.values())
