"""Area hierarchy (wilayah). The pure code helpers are importable without Django:
``from cakupan.wilayah import padukuhan_code``."""

from cakupan.wilayah.codes import name_key, padukuhan_code

__all__ = ["name_key", "padukuhan_code"]
