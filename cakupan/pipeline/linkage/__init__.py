"""Linkage of member records to the population register (no Django).

    from cakupan.pipeline.linkage import LinkSettings, link_members, link_quality
    outcome = link_members(engine, settings=LinkSettings(model_path=home / "runs/model.json"))
    quality = link_quality(engine, truth_path=synth / "truth/links.csv")

See docs/linkage.md for the method, the settings and the measured quality. The link methods are
the declared vocabulary's (`cakupan.core.vocab.LINK_METHODS`; METHODS is its codes).
"""
from cakupan.core.vocab import LINK_METHODS

from .names import name_norm_sql
from .quality import link_quality
from .reasons import PairFacts, reasons_text
from .run import link_members
from .settings import LinkOutcome, LinkSettings

METHODS = LINK_METHODS.codes

__all__ = ["LinkOutcome", "LinkSettings", "METHODS", "PairFacts", "link_members", "link_quality",
           "name_norm_sql", "reasons_text"]
