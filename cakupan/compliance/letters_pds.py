"""The PDS letter to an employer (PDF, Indonesian) from a template the office can edit: the latest
PdsLetterTemplate saved in the admin (/admin/ › Kepatuhan › Templat surat PDS), else the shipped
compliance/pds/surat.html. NIKs in the letter are masked; each finding lists at most 50 rows.

    pdf = employer_letter_pdf(check=employer_check(employer=e), office="BPJS Ketenagakerjaan Cabang Bantul")
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone
from django.template.loader import get_template

from cakupan.accounts.scope import mask_nik
from cakupan.errors import UserError

from .selectors_pds import EmployerCheck, letter_template_body

TITLES = {"PDS-TK": "tenaga kerja belum didaftarkan", "PDS-Upah": "upah yang dilaporkan",
          "PDS-Program": "program yang belum diikuti"}
EVIDENCE_LIMIT = 50
CSS = Path(__file__).with_name("pdf") / "pds_letter.css"


def letter_context(*, check: EmployerCheck, office: str, today: date | None = None, signatory: str = "") -> dict:
    from cakupan.core.terms import level_term
    from cakupan.wilayah.selectors import area_name

    findings = []
    for f in check.findings:
        if f.state not in ("temuan", "umk_belum_ada"):
            continue
        rows = [{**e, "nik": mask_nik(e.get("nik") or "")} for e in f.evidence[:EVIDENCE_LIMIT]]
        findings.append({"code": f.code, "title": TITLES[f.code], "summary": f.summary, "basis": f.basis,
                         "evidence": rows, "more": max(0, len(f.evidence) - EVIDENCE_LIMIT)})
    e = check.employer
    return {"employer": e, "check": check, "findings": findings, "office": office, "signatory": signatory,
            "today": today or timezone.localdate(), "kapanewon": f"{level_term(e.kapanewon_code).capitalize()} {area_name(e.kapanewon_code)}" if e.kapanewon_code else ""}


def employer_letter_html(*, check: EmployerCheck, office: str, today: date | None = None, signatory: str = "") -> str:
    ctx = letter_context(check=check, office=office, today=today, signatory=signatory)
    body = letter_template_body()
    if body is None:
        return get_template("compliance/pds/surat.html").render(ctx)
    try:
        return Template("{% load cakupan_format %}" + body).render(Context(ctx))
    except TemplateSyntaxError as exc:
        raise UserError(f"Templat surat PDS di admin tidak dapat dipakai: {exc}", code="pds.template") from None


def employer_letter_pdf(*, check: EmployerCheck, office: str, today: date | None = None, signatory: str = "") -> bytes:
    from weasyprint import CSS as WCSS
    from weasyprint import HTML

    if not check.has_findings:
        raise UserError(f"Pemberi kerja {check.employer.npp} tidak memiliki temuan: tidak ada surat.", code="pds.no_findings")
    html = employer_letter_html(check=check, office=office, today=today, signatory=signatory)
    return HTML(string=html).write_pdf(stylesheets=[WCSS(filename=str(CSS))])
