def occupation_mapping_ensure() -> None:
    """TODO (nik/wilayah helper): load the shipped occupation mapping when none exists."""
