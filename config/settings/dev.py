"""Embedded default: the CLI, the demo and `cakupan serve`."""
from .base import *  # noqa: F401,F403
