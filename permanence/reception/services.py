"""Writes of the desk day: each one a transaction, with its audit event (ids only, never names).

Status changes are conditional updates (``filter(pk=…, status=…).update(…)``): when two
volunteers press "Je prends" at the same moment, the database lets exactly one of them through.
"""

import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases import services as case_services
from permanence.cases.models import Case, Entry, Person
from permanence.cases.vocab import ContactChannel, EntryKind
from permanence.directory import schedule
from permanence.directory.models import DeskQuerySet
from permanence.notifications.services import message_queue, messages_cancel
from permanence.reception.models import (
    TRANSITIONS,
    Arrival,
    ArrivalStatus,
    DeskSession,
    RotaRole,
    RotaSlot,
)

LIST_DAYS = 14  # the session list shows today and the next two weeks


class AlreadyTaken(Exception):
    """Someone else took the person into an interview (or they are no longer waiting)."""

    def __init__(self, current: Arrival) -> None:
        super().__init__(str(current.pk))
        self.current = current


class TransitionRefused(Exception):
    """The arrival is no longer in a status this change may start from."""


class SessionClosed(Exception):
    """The session was closed: its arrivals no longer change."""


def _audit(action: Action, obj, request, organisation) -> None:
    audit_log(action=action, request=request, obj=obj, organisation=organisation)


# Sessions --------------------------------------------------------------------------------------


def sessions_materialise(*, desks: DeskQuerySet, today: date, days: int = LIST_DAYS) -> None:
    """Create the ``DeskSession`` rows of the desks' sessions from ``today`` to ``today + days``.

    ``desks`` should prefetch ``rules``, ``closures`` and ``extra_sessions`` and select ``place``.
    Two queries whatever the number of sessions; a row created meanwhile by someone else is kept.
    """
    wanted = []
    for desk in desks:
        try:
            occurrences = schedule.sessions_between(
                desk.schedule(), today, today + timedelta(days=days)
            )
        except schedule.ScheduleError:
            continue  # a schedule saved before a rule changed: the directory page reports it
        wanted += [DeskSession(desk=desk, start=o.start, end=o.end) for o in occurrences]
    if not wanted:
        return
    existing = set(
        DeskSession.objects.filter(
            desk_id__in={s.desk_id for s in wanted}, start__in=[s.start for s in wanted]
        ).values_list("desk_id", "start")
    )
    missing = [s for s in wanted if (s.desk_id, s.start) not in existing]
    DeskSession.objects.bulk_create(missing, ignore_conflicts=True)


@transaction.atomic
def session_close(*, session: DeskSession, request) -> bool:
    """Close the session: people still waiting left without being seen and go to the call-back
    list, as do those who left; interviews still open are marked done. False if already closed."""
    now = timezone.now()
    if not DeskSession.objects.filter(pk=session.pk, closed_at__isnull=True).update(closed_at=now):
        return False
    session.closed_at = now
    arrivals = Arrival.objects.filter(session=session)
    changed = {
        "left": list(arrivals.filter(status=ArrivalStatus.WAITING).values_list("pk", flat=True)),
        "seen": list(
            arrivals.filter(status=ArrivalStatus.IN_INTERVIEW).values_list("pk", flat=True)
        ),
        "call": list(
            arrivals.filter(status=ArrivalStatus.LEFT, call_back=False).values_list("pk", flat=True)
        ),
    }
    bump = {"version": F("version") + 1}
    arrivals.filter(pk__in=changed["left"], status=ArrivalStatus.WAITING).update(
        status=ArrivalStatus.LEFT, ended_at=now, call_back=True, **bump
    )
    arrivals.filter(pk__in=changed["seen"], status=ArrivalStatus.IN_INTERVIEW).update(
        status=ArrivalStatus.DONE, ended_at=now, **bump
    )
    arrivals.filter(pk__in=changed["call"]).update(call_back=True, **bump)
    organisation = session.desk.organisation
    _audit(Action.OBJECT_UPDATED, session, request, organisation)
    for pk in [pk for pks in changed.values() for pk in pks]:
        audit_log(
            action=Action.OBJECT_UPDATED,
            request=request,
            object_type=Arrival._meta.label_lower,
            object_id=str(pk),
            organisation=organisation,
        )
    return True


# Arrivals --------------------------------------------------------------------------------------


def arrival_register(*, session: DeskSession, values: dict, request) -> Arrival:
    """Record someone who just arrived (once per form token: Enter pressed twice saves one)."""
    if session.is_closed:
        raise SessionClosed
    token = values.get("creation_token")
    if token and (existing := Arrival.objects.filter(creation_token=token).first()):
        if existing.session_id == session.pk:
            return existing
        values = {**values, "creation_token": None}  # a token copied from another page
    try:
        with transaction.atomic():
            arrival = Arrival.objects.create(session=session, created_by=request.user, **values)
            _audit(Action.OBJECT_CREATED, arrival, request, session.desk.organisation)
    except IntegrityError:
        existing = Arrival.objects.filter(creation_token=token, session=session).first()
        if token and existing:
            return existing
        raise
    return arrival


class AlreadyArrived(Exception):
    """The appointment was already registered as an arrival (or is no longer booked)."""


def arrival_from_appointment(*, session: DeskSession, appointment, request) -> Arrival:
    """The person with this appointment has come: they wait, and the appointment is « reçu·e ».

    The appointment's status moves first, by a conditional update (booking's own rule): when
    two volunteers press « Arrivé·e » at once, one records the arrival, the other is told.
    """
    from permanence.booking import services as booking_services
    from permanence.booking.models import AppointmentStatus

    if session.is_closed:
        raise SessionClosed
    if appointment.status != AppointmentStatus.BOOKED:
        raise AlreadyArrived
    try:
        with transaction.atomic():
            booking_services.appointment_move(
                appointment=appointment, status=AppointmentStatus.SEEN, request=request
            )
            arrival = Arrival.objects.create(
                session=session,
                created_by=request.user,
                appointment=appointment,
                person=appointment.person,
                first_name=appointment.first_name,
                language=appointment.language,
                reason_note=appointment.slot.reason.label,
            )
            _audit(Action.OBJECT_CREATED, arrival, request, session.desk.organisation)
    except (booking_services.TransitionRefused, IntegrityError):
        raise AlreadyArrived from None
    return arrival


def _still(arrival: Arrival, *statuses: str):
    """The arrival's row if it still has one of ``statuses`` and its session is open.

    Conditions on the row itself, never through a join: Django turns a join into
    ``WHERE id IN (SELECT …)``, and PostgreSQL does not evaluate such a subquery again after
    waiting for a concurrent update, so both of two simultaneous takes would pass.
    """
    open_session = DeskSession.objects.filter(pk=arrival.session_id, closed_at__isnull=True)
    return Arrival.objects.filter(
        pk=arrival.pk, status__in=statuses, session_id__in=open_session.values("pk")
    )


@transaction.atomic
def arrival_take(*, arrival: Arrival, room: str, request) -> Arrival:
    """Take a waiting person into an interview; raises AlreadyTaken if someone was quicker."""
    now = timezone.now()
    taken = _still(arrival, ArrivalStatus.WAITING).update(
        status=ArrivalStatus.IN_INTERVIEW,
        volunteer=request.user,
        room=room,
        interview_started_at=now,
        version=F("version") + 1,
    )
    if not taken:
        raise AlreadyTaken(Arrival.objects.select_related("volunteer").get(pk=arrival.pk))
    arrival.refresh_from_db()
    _audit(Action.OBJECT_UPDATED, arrival, request, arrival.session.desk.organisation)
    return arrival


@transaction.atomic
def arrival_move(*, arrival: Arrival, status: str, request) -> Arrival:
    """End a wait or an interview: done, left without being seen, or redirected elsewhere."""
    if status not in TRANSITIONS or status == ArrivalStatus.IN_INTERVIEW:
        raise TransitionRefused
    moved = _still(arrival, *TRANSITIONS[status]).update(
        status=status, ended_at=timezone.now(), version=F("version") + 1
    )
    if not moved:
        raise TransitionRefused
    arrival.refresh_from_db()
    _audit(Action.OBJECT_UPDATED, arrival, request, arrival.session.desk.organisation)
    return arrival


@transaction.atomic
def arrival_called_back(*, arrival: Arrival, request) -> None:
    """Someone of the group called the person back: off the call-back list."""
    if Arrival.objects.filter(pk=arrival.pk, call_back=True, called_back_at__isnull=True).update(
        called_back_at=timezone.now(), version=F("version") + 1
    ):
        _audit(Action.OBJECT_UPDATED, arrival, request, arrival.session.desk.organisation)


@transaction.atomic
def arrival_link(
    *, arrival: Arrival, person: Person, case: Case, text: str, token: uuid.UUID | None, request
) -> Entry:
    """Add the interview as a contact on the person's case, and link the arrival to both."""
    started = arrival.interview_started_at or arrival.arrived_at
    duration = None
    if arrival.interview_started_at and arrival.ended_at:
        duration = int((arrival.ended_at - arrival.interview_started_at).total_seconds() // 60)
    entry = Entry(
        kind=EntryKind.CONTACT,
        channel=ContactChannel.DESK,
        occurred_at=started,
        duration_minutes=duration,
        text=text,
    )
    entry = case_services.entry_add(case=case, entry=entry, token=token, request=request)
    Arrival.objects.filter(pk=arrival.pk).update(person=person, case=case, version=F("version") + 1)
    arrival.person, arrival.case = person, case
    _audit(Action.OBJECT_UPDATED, arrival, request, arrival.session.desk.organisation)
    return entry


# Rota ------------------------------------------------------------------------------------------


def _when(start: datetime, sent: datetime) -> str:
    """ "demain", "aujourd’hui" or "le lundi 8 juin", seen from the day the reminder is sent."""
    days = (start.date() - sent.astimezone(start.tzinfo).date()).days
    if days == 1:
        return _("demain")
    if days == 0:
        return _("aujourd’hui")
    return _("le %(date)s") % {"date": formats.date_format(start, "l j F")}


def _hour(value: datetime) -> str:
    """ "14 h", "14 h 30" in French; "14:30" in the other languages."""
    if not (translation.get_language() or "fr").startswith("fr"):
        return formats.time_format(value, "H:i")
    return f"{value.hour} h {value.minute:02d}" if value.minute else f"{value.hour} h"


def _reminder(slot: RotaSlot, send_after: datetime, url: str) -> tuple[str, str]:
    """The subject and body of a rota reminder, in the volunteer's language."""
    session = slot.session
    start = session.local_start()
    with translation.override(slot.user.message_language):
        values = {
            "desk": session.desk.name,
            "when": _when(start, send_after),
            "hour": _hour(start),
            "end": _hour(session.local_end()),
            "role": RotaRole(slot.role).label,
            "url": url,
        }
        subject = _("Rappel : permanence %(desk)s %(when)s à %(hour)s, rôle : %(role)s") % values
        body = (
            _(
                "Bonjour,\n\nRappel : permanence « %(desk)s » %(when)s à %(hour)s "
                "(jusqu’à %(end)s), rôle : %(role)s.\n\nLe planning, pour voir qui vient ou "
                "vous désinscrire : %(url)s\n\nMerci !"
            )
            % values
        )
    return subject, body


def rota_sign_up(*, session: DeskSession, role: str, request) -> RotaSlot:
    """Sign the user up for a role; a reminder e-mail is queued for the evening before."""
    with transaction.atomic():
        slot, created = RotaSlot.objects.get_or_create(
            session=session, user=request.user, role=role
        )
        now = timezone.now()
        if created and session.start > now and request.user.email:
            send_after = session.reminder_time(now)
            url = settings.PERMANENCE_BASE_URL.rstrip("/") + reverse(
                "reception:rota", args=[session.pk]
            )
            subject, body = _reminder(slot, send_after, url)
            message_queue(
                dedupe_key=slot.reminder_key,
                channel="email",
                to=request.user.email,
                subject=subject,
                body=body,
                send_after=send_after,
                organisation=session.desk.organisation,
                recipient_user=request.user,
                language=request.user.message_language,
            )
    return slot


@transaction.atomic
def rota_withdraw(*, slot: RotaSlot) -> None:
    """Withdraw from the rota: the pending reminder is cancelled."""
    messages_cancel(prefix=slot.reminder_key)
    slot.delete()


def arrivals_forget(*, now: datetime) -> int:
    """Blank the first names and notes of the arrivals at sessions that began
    ``PERMANENCE_KEEP_ARRIVALS_DAYS`` ago; return how many. What the desk's figures count stays
    (language, reason, children, interpreter, times, status). Someone still to call back is kept
    until called back, and ``PERMANENCE_KEEP_CALL_BACKS_DAYS`` at most. The version changes, so
    that no board card rendered with the name is used again."""
    keep = timedelta(days=settings.PERMANENCE_KEEP_ARRIVALS_DAYS)
    keep_call_backs = timedelta(days=settings.PERMANENCE_KEEP_CALL_BACKS_DAYS)
    old = Arrival.objects.filter(forgotten_at__isnull=True, session__start__lt=now - keep)
    pending = Arrival.objects.to_call_back().filter(session__start__gte=now - keep_call_backs)
    return old.exclude(pk__in=pending.values("pk")).update(
        first_name="", reason_note="", forgotten_at=now, version=F("version") + 1
    )
