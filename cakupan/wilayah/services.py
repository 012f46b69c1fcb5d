def area_load_reference_if_empty() -> None:
    """TODO (wilayah helper): load the shipped Bantul wilayah.csv when no area exists."""
