"""Synthetic region generator (no Django). Public door:

    from cakupan.synth import synth_generate
    result = synth_generate(out=Path("/tmp/bantul"), region="34.02", scale=1.0, seed=1)

Imported lazily so that mounting the CLI does not load numpy/pyarrow. See docs/synth.md.
"""

from __future__ import annotations

__all__ = ["SynthResult", "synth_generate"]


def __getattr__(name: str):
    if name in __all__:
        from cakupan.synth import generate

        return getattr(generate, name)
    raise AttributeError(name)
