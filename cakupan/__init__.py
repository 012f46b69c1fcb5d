"""cakupan: measure and raise workers' social security coverage of a region's workforce."""
__version__ = "0.1.0"
