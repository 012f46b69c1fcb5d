"""Outreach: partners, ranked worklists with field outcomes (XLSX round trip), enrolment with
contributions from dated rate tables (PMI: once per work agreement), funders (APBD, APBDes,
CSR) with their budgets, the sponsorship budget planner, lapse follow-up and outreach events.

Public door (see docs/outreach.md, docs/contributions.md):
- writes: ``cakupan.outreach.services`` — partner_create, worklist_make, worklist_assign,
  worklist_item_outcome_set, worklist_export_xlsx, worklist_import_xlsx, lapse_worklist_make,
  enrolment_register, enrolment_register_batch, payment_record, enrolments_confirm, event_plan,
  event_attendance_import, event_attendance_tick (outreach events, docs/outreach.md),
  funder_create, funder_payment_check, funder_remaining, funder_spent (funders);
  for the pipeline: enrolments_provisional(*, as_of) -> list[dict] (pure data)
- reads: ``cakupan.outreach.selectors`` (scoped; lapse_credits, lapse_credits_by_partner among
  them), ``cakupan.outreach.selectors_events`` (events, attribution, conversion, calendar),
  ``cakupan.outreach.selectors_funders`` (funders_visible, funder_access, funder_report) and
  ``cakupan.outreach.planning`` (budget_plan — per funder too —, budget_need, lapse_list)
- contributions (no Django): ``cakupan.outreach.contributions`` — quote_bpu, quote_pu,
  quote_jakon, quote_padat_karya, quote_pmi, bpu_minimum_monthly
"""
