"""`cakupan worklist|enrol|budget|lapse|event|funder …`: thin wrappers over the outreach services and selectors.
The apps are defined in cli_worklist.py and cli_money.py and mounted by cakupan/cli.py."""
from .cli_events import event_app
from .cli_funders import funder_app
from .cli_money import enrol_app
from .cli_plan import budget_app, lapse_app
from .cli_worklist import worklist_app

__all__ = ["budget_app", "enrol_app", "event_app", "funder_app", "lapse_app", "worklist_app"]
