def synth() -> None:
    """Generate a synthetic region (TODO: synth helper)."""
