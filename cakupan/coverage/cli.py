def coverage() -> None:
    """Coverage figures (TODO: pipeline helper)."""
