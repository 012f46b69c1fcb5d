"""Outreach: partners, ranked worklists with field outcomes (XLSX round trip), enrolment with
contributions from dated rate tables, the sponsorship budget planner and lapse follow-up.

Public door (see docs/outreach.md, docs/contributions.md):
- writes: ``cakupan.outreach.services`` — partner_create, worklist_make, worklist_assign,
  worklist_item_outcome_set, worklist_export_xlsx, worklist_import_xlsx, lapse_worklist_make,
  enrolment_register, enrolment_register_batch, payment_record, enrolments_confirm, event_plan,
  event_attendance_import, event_attendance_tick (outreach events, docs/outreach.md);
  for the pipeline: enrolments_provisional(*, as_of) -> list[dict] (pure data)
- reads: ``cakupan.outreach.selectors`` (scoped; lapse_credits, lapse_credits_by_partner among
  them), ``cakupan.outreach.selectors_events`` (events, attribution, conversion, calendar) and ``cakupan.outreach.planning`` (budget_plan, budget_need, lapse_list)
- contributions (no Django): ``cakupan.outreach.contributions`` — quote_bpu, quote_pu,
  quote_jakon, quote_padat_karya, bpu_minimum_monthly
"""
