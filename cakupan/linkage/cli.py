def link() -> None:
    """Link members to the population (TODO: pipeline helper)."""
