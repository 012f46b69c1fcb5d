"""Outreach writes (the app's public door for changes). Reads are in cakupan.outreach.selectors
and cakupan.outreach.planning."""
from .enrolment import (
    PAYERS_BY_SEGMENT,
    check_income,
    enrolment_quote,
    enrolment_register,
    enrolments_confirm,
    enrolments_provisional,
    enrolments_provisional_export,
    payment_record,
)
from .enrolment_batch import enrolment_register_batch, read_batch_csv, read_batch_file
from .events import event_attendance_import, event_attendance_tick, event_plan, read_attendance_file
from .funders import funder_create, funder_payment_check, funder_remaining, funder_spent
from .lapse_worklists import lapse_worklist_make
from .office_worklists import office_partner_ensure, office_worklist_make, worklist_schools
from .partners import partner_create
from .school_worklists import school_partner_ensure, school_worklist_make
from .worklists import outcomes_for, worklist_assign, worklist_item_outcome_set, worklist_make
from .xlsx_export import worklist_export_xlsx
from .xlsx_import import worklist_import_xlsx

__all__ = [
    "PAYERS_BY_SEGMENT", "check_income",
    "enrolment_quote", "enrolment_register", "enrolment_register_batch", "read_batch_csv", "read_batch_file", "enrolments_confirm", "enrolments_provisional",
    "enrolments_provisional_export", "event_attendance_import", "event_attendance_tick", "event_plan",
    "read_attendance_file", "funder_create", "funder_payment_check", "funder_remaining", "funder_spent", "lapse_worklist_make", "office_partner_ensure",
    "office_worklist_make", "outcomes_for",
    "partner_create", "payment_record", "school_partner_ensure", "school_worklist_make", "worklist_assign", "worklist_export_xlsx",
    "worklist_import_xlsx", "worklist_item_outcome_set", "worklist_make", "worklist_schools",
]
