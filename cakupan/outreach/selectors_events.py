"""Outreach event reads, scoped through cakupan.accounts.scope: the events a user may see, their
attendees, enrolments attributed to them, conversion per event, partner and ecosystem, and the
calendar of upcoming events per kapanewon.

Attribution: an enrolment made through cakupan (Enrolment.created_at, local date E) counts for an
event the person attended on day D when 0 <= E - D <= the event's attribution_days (setting
CAKUPAN_EVENT_ATTRIBUTION_DAYS, default 30). When several attended events qualify, the latest one
before the enrolment takes it (last touch; ties: the higher id), so an enrolment counts once."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from cakupan.accounts.scope import Scope
from cakupan.core.areas import level_of
from cakupan.errors import UserError

from .models import Attendee, Enrolment, Event


def events_visible(*, scope: Scope):
    """Events whose area lies inside the user's scope (a mitra: its ecosystems)."""
    if not scope.can_see_persons:
        return Event.objects.none()
    qs = Event.objects.select_related("partner", "worklist").filter(scope.area_q("area_code"))
    if scope.role == "mitra":
        qs = qs.filter(ecosystem__in=list(scope.ecosystems)) if scope.ecosystems else qs.none()
    return qs


def access_event(*, scope: Scope, event_id: int) -> Event:
    event = events_visible(scope=scope).filter(pk=event_id).first()
    if event is None:
        raise UserError(f"Kegiatan #{event_id} tidak ada atau di luar wilayah Anda.", code="event.not_found")
    return event


def event_attendees(*, event: Event, scope: Scope):
    return scope.filter_persons(event.attendees.all()).order_by("nama", "nik")


def attended_niks(*, event: Event) -> set[str]:
    return set(event.attendees.values_list("nik", flat=True))


def attributions(*, events) -> dict[int, dict[str, Enrolment]]:
    """{event id: {nik: the enrolment credited to that event}} under the last-touch rule above."""
    events = list(events)
    if not events:
        return {}
    by_id = {e.pk: e for e in events}
    rows = list(Attendee.objects.filter(event_id__in=by_id).values_list("event_id", "nik"))
    attended: dict[str, list[Event]] = defaultdict(list)
    for event_id, nik in rows:
        attended[nik].append(by_id[event_id])
    out: dict[int, dict[str, Enrolment]] = defaultdict(dict)
    tz = timezone.get_current_timezone()
    niks = sorted(attended)
    enrolments = [e for i in range(0, len(niks), 2000) for e in Enrolment.objects.filter(nik__in=niks[i:i + 2000])]
    for enrolment in sorted(enrolments, key=lambda e: (e.created_at, e.pk)):
        on = enrolment.created_at.astimezone(tz).date()
        fits = [e for e in attended[enrolment.nik] if 0 <= (on - e.date).days <= e.attribution_days]
        if not fits:
            continue
        best = max(fits, key=lambda e: (e.date, e.pk))
        out[best.pk].setdefault(enrolment.nik, enrolment)  # the first enrolment of a person counts
    return out


@dataclass
class Conversion:
    key: str = ""
    label: str = ""
    events: int = 0
    attendees: int = 0
    active: int = 0  # already active when recorded: cannot convert
    enrolled: int = 0
    new: int = 0
    reactivated: int = 0
    niks: set = field(default_factory=set, repr=False)

    @property
    def eligible(self) -> int:
        return self.attendees - self.active

    @property
    def pct(self) -> float:
        return round(100.0 * self.enrolled / self.eligible, 2) if self.eligible else 0.0


def _tally(c: Conversion, event: Event, attendees: list[tuple[str, str]], credited: dict[str, Enrolment]) -> None:
    c.events += 1
    for nik, status in attendees:
        if nik in c.niks:  # a person at several events of one partner/ecosystem counts once
            continue
        c.niks.add(nik)
        c.attendees += 1
        c.active += status == "active"
    for nik, e in credited.items():
        c.enrolled += 1
        c.new += e.kind == Enrolment.Kind.NEW
        c.reactivated += e.kind == Enrolment.Kind.REACTIVATION


def conversion(*, scope: Scope, by: str = "event", events=None) -> list[Conversion]:
    """Conversion rows by 'event', 'partner' or 'ecosystem' over the visible events (attendees and
    enrolments inside the scope): attendees, already active, eligible, enrolled (new /
    re-activated), % = enrolled / eligible."""
    from cakupan.core.labels import ecosystem_name

    if by not in ("event", "partner", "ecosystem"):
        raise UserError("Pilih --by event, partner atau ecosystem.", code="event.by")
    events = list(events if events is not None else events_visible(scope=scope))
    credited = attributions(events=events)
    people: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for event_id, nik, status in scope.filter_persons(Attendee.objects.filter(event__in=events)).values_list(
            "event_id", "nik", "status"):
        people[event_id].append((nik, status))
    rows: dict[str, Conversion] = {}
    for e in sorted(events, key=lambda e: (e.date, e.pk)):
        visible = {n for n, _s in people[e.pk]}
        mine = {n: en for n, en in credited.get(e.pk, {}).items() if n in visible}
        if by == "event":
            key, label = str(e.pk), f"{e.name} ({e.date:%d/%m/%Y})"
        elif by == "partner":
            key, label = (str(e.partner_id), e.partner.name) if e.partner_id else ("", "(tanpa mitra)")
        else:
            key, label = e.ecosystem, ecosystem_name(e.ecosystem) if e.ecosystem else "(semua ekosistem)"
        _tally(rows.setdefault(key, Conversion(key=key, label=label)), e, people[e.pk], mine)
    return list(rows.values())


def event_credited(*, event: Event, scope: Scope) -> dict[str, Enrolment]:
    """{nik: enrolment} credited to this event, for the attendees the user may see."""
    visible = set(event_attendees(event=event, scope=scope).values_list("nik", flat=True))
    related = events_related(event=event)
    return {n: e for n, e in attributions(events=related).get(event.pk, {}).items() if n in visible}


def events_related(*, event: Event):
    """The events sharing an attendee with `event` (they compete for the same enrolments)."""
    niks = Attendee.objects.filter(event=event).values("nik")
    return Event.objects.filter(Q(pk=event.pk) | Q(attendees__nik__in=niks)).distinct()


def calendar(*, scope: Scope, today: date | None = None, area_code: str = "") -> list[tuple[str, list[Event]]]:
    """Upcoming events (today and later) grouped by kapanewon code, in date order; an event planned
    for a whole kabupaten falls under its own code."""
    today = today or timezone.localdate()
    qs = events_visible(scope=scope).filter(date__gte=today)
    if area_code:
        qs = qs.filter(Scope(role="admin", area_code=area_code).area_q("area_code"))
    groups: dict[str, list[Event]] = defaultdict(list)
    for e in qs.order_by("date", "id"):
        code = e.area_code
        if level_of(code) not in ("kabupaten", "provinsi", "kapanewon"):
            code = ".".join(code.split(".")[:3])
        groups[code].append(e)
    return sorted(groups.items())
