"""Outreach reads, scoped through cakupan.accounts.scope."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from cakupan.accounts.scope import Scope
from cakupan.errors import UserError

from .lapse_credits import LapseCredits, lapse_credits, lapse_credits_by_partner  # noqa: F401  (lapse follow-up credit)
from .models import AttendanceImport, Attendee, Enrolment, Outcome, Partner, Worklist, WorklistItem
from .services.ranking import FINAL_OUTCOMES
from .services.worklists import outcomes_for


def worklists_visible(*, scope: Scope):
    """Worklists whose area lies inside the user's scope (mitra: their ecosystems)."""
    if not scope.can_see_persons:
        return Worklist.objects.none()
    qs = Worklist.objects.select_related("partner", "run").filter(scope.area_q("area_code"))
    if scope.role == "mitra":
        qs = qs.filter(ecosystem__in=list(scope.ecosystems)) if scope.ecosystems else qs.none()
    return qs


def access_worklist(*, scope: Scope, worklist_id: int) -> Worklist:
    wl = worklists_visible(scope=scope).filter(pk=worklist_id).first()
    if wl is None:
        raise UserError(f"Daftar kerja #{worklist_id} tidak ada atau di luar wilayah Anda.", code="worklist.not_found")
    return wl


def access_partner(*, ref: str | int) -> Partner:
    text = str(ref).strip()
    partner = Partner.objects.filter(pk=int(text)).first() if text.isdigit() else Partner.objects.filter(name__iexact=text).first()
    if partner is None:
        raise UserError(f"Mitra '{ref}' tidak ada; buat dengan `cakupan worklist partner`.", code="partner.not_found")
    return partner


def access_item(*, scope: Scope, item_id) -> WorklistItem | None:
    """One worklist item inside the user's scope, or None (no id, bad id, or out of scope)."""
    if not str(item_id or "").isdigit():
        return None
    visible = worklists_visible(scope=scope)
    return scope.filter_persons(WorklistItem.objects.filter(worklist__in=visible)).filter(pk=int(item_id)).first()


def worklist_items(*, worklist: Worklist, scope: Scope):
    return scope.filter_persons(worklist.items.all()).order_by("rank")


def worklist_padukuhan_codes(*, worklist: Worklist, scope: Scope) -> list[str]:
    """The padukuhan codes of a worklist's items the user may see (for the assign picker)."""
    return sorted(set(worklist_items(worklist=worklist, scope=scope).order_by().values_list("padukuhan_code", flat=True)))


@dataclass
class Progress:
    kind: str = Worklist.Kind.ENROL  # the outcomes shown are those of this kind of worklist
    total: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)
    reactivated: int = 0  # terdaftar among non-active members
    new: int = 0  # terdaftar among the never registered

    @property
    def touched(self) -> int:
        return sum(self.by_outcome.values())

    @property
    def done(self) -> int:
        return sum(v for k, v in self.by_outcome.items() if k in FINAL_OUTCOMES)

    @property
    def pct_done(self) -> float:
        return round(100.0 * self.done / self.total, 2) if self.total else 0.0

    def rows(self) -> list[tuple[str, str, int]]:
        labels = dict(Outcome.choices)
        return [(o, str(labels[o]), self.by_outcome.get(o, 0)) for o in outcomes_for(self.kind)]


def _progress(items, kind: str = Worklist.Kind.ENROL) -> Progress:
    p = Progress(kind=kind, total=items.count())
    for row in items.exclude(outcome="").values("outcome").annotate(n=Count("id")):
        p.by_outcome[row["outcome"]] = row["n"]
    enrolled = items.filter(outcome=Outcome.TERDAFTAR).aggregate(
        r=Count("id", filter=Q(status="nonactive")), n=Count("id", filter=Q(status="none")))
    p.reactivated, p.new = enrolled["r"], enrolled["n"]
    return p


def worklist_progress(*, worklist: Worklist) -> Progress:
    return _progress(WorklistItem.objects.filter(worklist=worklist), worklist.kind)


def partner_progress(*, scope: Scope) -> list[tuple[Partner, Progress]]:
    """Enrolment worklists' progress per partner (lapse worklists: `lapse_credits_by_partner`)."""
    out = []
    visible = worklists_visible(scope=scope).filter(kind=Worklist.Kind.ENROL)
    for partner in Partner.objects.filter(worklists__in=visible).distinct():
        out.append((partner, _progress(WorklistItem.objects.filter(worklist__in=visible.filter(partner=partner)))))
    return out


def enrolment_counts(*, scope: Scope) -> dict[str, dict[str, int]]:
    """Enrolments made through cakupan by kind (new vs re-activation) and status."""
    qs = Enrolment.objects.all()
    if scope.area_code:
        qs = qs.filter(scope.area_q("kalurahan_code"))
    out: dict[str, dict[str, int]] = {k: {} for k in Enrolment.Kind.values}
    for row in qs.values("kind", "status").annotate(n=Count("id")):
        out[row["kind"]][row["status"]] = row["n"]
    return out


def enrolments_visible(*, scope: Scope):
    if not scope.can_see_persons:
        return Enrolment.objects.none()
    qs = Enrolment.objects.all()
    return qs.filter(scope.area_q("kalurahan_code")) if scope.area_code else qs


def person_data(*, nik: str) -> dict[str, list[dict]]:
    """What outreach holds about one NIK (for a PDP subject access report): worklist items with
    their outcomes, enrolments with payments, events attended and rejected attendance-sheet rows. No scope: the caller audits the request."""
    items = list(WorklistItem.objects.filter(nik=nik).values(
        "worklist_id", "worklist__name", "worklist__kind", "rank", "nama", "status", "score_parts", "reason",
        "lapse_month", "assigned_to", "outcome", "outcome_date", "note"))
    enrolments = []
    for e in Enrolment.objects.filter(nik=nik).prefetch_related("payments__funder"):
        enrolments.append({"id": e.pk, "nama": e.nama, "segment": e.segment, "programs": e.programs, "kind": e.kind,
                           "status": e.status, "payer": e.payer, "monthly_amount": e.monthly_amount,
                           "payments": [{"from": p.month_from, "to": p.month_to, "amount": p.amount, "payer": p.payer,
                                         "funder": p.funder.name if p.funder_id else ""}
                                        for p in e.payments.all()]})
    attended = [{"event": a["event_id"], "name": a["event__name"], "date": a["event__date"], "nama": a["nama"],
                 "status": a["status"], "source": a["source"]}
                for a in Attendee.objects.filter(nik=nik).values("event_id", "event__name", "event__date", "nama",
                                                                  "status", "source")]
    rejected = [{"event": imp.event_id, "file": imp.file_name, **row}  # sheet rows kept with their reason
                for imp in AttendanceImport.objects.exclude(rows_rejected=0).only("event_id", "file_name", "rejected")
                for row in imp.rejected if row.get("nik") == nik]
    return {"worklist_items": items, "enrolments": enrolments, "events_attended": attended,
            "attendance_rejected": rejected}
