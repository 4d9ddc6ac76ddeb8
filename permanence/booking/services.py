"""Writes of appointments: each one a transaction with its audit event (ids only, never names).

Capacity is enforced by the database: booking is the conditional update
``Slot.objects.filter(pk=…, booked_count__lt=F("capacity")).update(booked_count=F(…) + 1)``
inside ``transaction.atomic()``; when it updates no row the slot is full. On PostgreSQL the second
of two simultaneous updates waits for the first one's row lock and re-reads the row; on SQLite
transactions begin IMMEDIATE (settings), so writers take turns. A check constraint
(``booked_count <= capacity``) stands behind both.
"""

import secrets
import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Value, prefetch_related_objects
from django.db.models.functions import Greatest
from django.template.loader import select_template
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from permanence.audit.models import Action
from permanence.audit.services import audit_log, client_ip
from permanence.booking.models import (
    FORGET_AFTER,
    TRANSITIONS,
    Appointment,
    AppointmentStatus,
    BookingReason,
    Slot,
    SlotQuerySet,
    desk_timezone,
    slot_times,
)
from permanence.booking.tasks import appointment_forget
from permanence.core.lib import antispam, crypto
from permanence.core.lib.datenames import long_date
from permanence.core.lib.reminders import reminder_times
from permanence.directory import schedule
from permanence.directory.models import Desk
from permanence.directory.vocab import ChannelKind
from permanence.notifications.services import messages_cancel, messages_queue

# Public bookings: at most settings.PERMANENCE_BOOKING_PER_ADDRESS per address per hour (a shelter's
# residents share one address), and PUBLIC_PER_CONTACT per phone or e-mail per week.
PUBLIC_IP_WINDOW = 3600
PUBLIC_PER_CONTACT = 3
PUBLIC_CONTACT_WINDOW = timedelta(days=7)
# A limited listing reads the schedule's times this many times the limit at once (at least
# SLOT_BATCH_MIN): most are free, so one batch is usually enough.
SLOT_BATCH_FACTOR = 4
SLOT_BATCH_MIN = 48
MESSAGE_LANGUAGES = {"fr", "en", "ar", "es", "ru", "uk", "tr", "fa-af", "ps", "ti"}


class BookingError(Exception):
    """A booking or a change that cannot be made; ``message`` says why, in French."""

    message = _("Ce rendez-vous n’a pas pu être enregistré.")

    def __init__(self, message=None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class SlotFull(BookingError):
    message = _("Ce créneau est complet : choisissez-en un autre.")


class SlotPast(BookingError):
    message = _("Ce créneau est passé : choisissez-en un autre.")


class SlotUnavailable(BookingError):
    message = _("Ce créneau n’est plus proposé : choisissez-en un autre.")


class TooManyBookings(BookingError):
    message = _(
        "Trop de rendez-vous ont été demandés depuis cette connexion ou pour ce contact. "
        "Appelez la permanence pour prendre rendez-vous."
    )


class TransitionRefused(BookingError):
    message = _("Ce rendez-vous a changé entre-temps : la liste est à jour, vérifiez-la.")


def _audit(action: Action, obj, request, organisation, actor=None) -> None:
    audit_log(action=action, actor=actor, request=request, obj=obj, organisation=organisation)


# Slots -----------------------------------------------------------------------------------------


def _wanted_times(
    reason: BookingReason, first: date, last: date
) -> list[tuple[datetime, datetime]]:
    """The slots the reason's desk schedule gives between two local days (inclusive)."""
    try:
        sessions = schedule.sessions_between(reason.desk.schedule(), first, last)
    except schedule.ScheduleError:
        return []  # a schedule saved before a rule changed: the directory page reports it
    return [
        times
        for session in sessions
        for times in slot_times(session.start, session.end, reason.duration_minutes)
    ]


def slots_listing(
    *,
    reason: BookingReason,
    now: datetime,
    first_day: date | None = None,
    limit: int | None = None,
) -> list[Slot]:
    """The free slots of ``reason`` after ``now``, up to ``max_days_ahead`` days from today
    (from ``first_day`` if given). Missing rows are created on the way (three queries at most
    per batch; a row created meanwhile by someone else is kept). ``reason.desk`` should
    prefetch its ``rules``, ``closures`` and ``extra_sessions`` and select its ``place``.

    With a ``limit``, the schedule's times are read in batches of ``SLOT_BATCH_FACTOR × limit``
    in order, and the next batch only when the free ones found so far are fewer than the limit:
    a page of 24 slots of a busy desk no longer reads the 2,500 rows of its next 60 days."""
    today = now.astimezone(reason.timezone).date()
    last_day = today + timedelta(days=reason.max_days_ahead)
    first_day = max(first_day or today, today)
    wanted_times = _wanted_times(reason, first_day, last_day)
    times = sorted({s: e for s, e in wanted_times if s > now}.items())  # one per start
    size = max(SLOT_BATCH_FACTOR * limit, SLOT_BATCH_MIN) if limit else len(times) or 1
    found: list[Slot] = []
    for offset in range(0, len(times), size):
        wanted = dict(times[offset : offset + size])
        rows = _slot_rows(reason, wanted)
        found += _first_free(rows.free().order_by("start"), wanted, limit and limit - len(found))
        if limit and len(found) >= limit:
            break
    return found


def _slot_rows(reason: BookingReason, wanted: dict[datetime, datetime]) -> SlotQuerySet:
    """The rows of the reason's slots between the first and the last of ``wanted``, the missing
    ones created."""
    rows = Slot.objects.filter(reason=reason, start__gte=min(wanted), start__lte=max(wanted))
    existing = set(rows.values_list("start", flat=True))
    missing = [
        Slot(reason=reason, start=start, end=end, capacity=reason.capacity)
        for start, end in wanted.items()
        if start not in existing
    ]
    if missing:
        Slot.objects.bulk_create(missing, ignore_conflicts=True)
    return rows


def _first_free(free: SlotQuerySet, wanted: dict, limit: int | None) -> list[Slot]:
    """The first ``limit`` slots of ``free`` that the schedule still gives, read ``2 × limit`` at
    a time: one query unless rows left by a schedule change get in the way (a page shows 24
    slots; building the 2,400 free ones of a busy desk over 60 days took most of its time)."""
    if not limit:
        return [slot for slot in free if slot.start in wanted]
    found: list[Slot] = []
    offset, step = 0, 2 * limit
    while len(found) < limit:
        batch = list(free[offset : offset + step])
        found += [slot for slot in batch if slot.start in wanted]
        if len(batch) < step:
            break
        offset += step
    return found[:limit]


def _is_current(slot: Slot, reason: BookingReason) -> bool:
    """Whether the desk's schedule still gives this slot (a form may be older than a change)."""
    day = slot.start.astimezone(reason.timezone).date()
    return (slot.start, slot.end) in set(_wanted_times(reason, day, day))


# Booking ---------------------------------------------------------------------------------------


def appointment_book(
    *,
    reason: BookingReason,
    slot_id: int,
    first_name: str,
    phone: str = "",
    email: str = "",
    language: str = "fr",
    reminders_opt_out: bool = False,
    booked_by=None,
    public: bool = False,
    creation_token: uuid.UUID | None = None,
    request=None,
    now: datetime | None = None,
) -> tuple[Appointment, bool]:
    """Book a place in a slot of ``reason``: (appointment, created). Raises ``SlotFull``,
    ``SlotPast`` or ``SlotUnavailable``. The same ``creation_token`` books once: a second
    submission returns the first appointment, looked up only when the booking fails (the
    token is unique, so the second one always fails), which spares a query to every booking."""
    now = now or timezone.now()
    try:
        return _book(
            reason=reason,
            slot_id=slot_id,
            public=public,
            now=now,
            values={
                "first_name": first_name,
                "phone": phone,
                "email": email,
                "language": language if language in MESSAGE_LANGUAGES else "fr",
                "reminders_opt_out": reminders_opt_out,
                "creation_token": creation_token,
                "booked_by": booked_by,
            },
            request=request,
        ), True
    except (BookingError, IntegrityError):
        existing = creation_token and _by_creation_token(creation_token, reason)
        if existing:
            return existing, False
        raise


def _book(
    *, reason: BookingReason, slot_id: int, public: bool, now: datetime, values: dict, request
) -> Appointment:
    slot = Slot.objects.filter(pk=slot_id, reason=reason).first()
    if slot is None or not reason.active or (public and not reason.public):
        raise SlotUnavailable
    if slot.start <= now:
        raise SlotPast
    last_day = now.astimezone(reason.timezone).date() + timedelta(days=reason.max_days_ahead)
    if slot.start.astimezone(reason.timezone).date() > last_day or not _is_current(slot, reason):
        raise SlotUnavailable
    with transaction.atomic():
        taken = Slot.objects.filter(
            pk=slot.pk, booked_count__lt=F("capacity"), start__gt=now
        ).update(booked_count=F("booked_count") + 1)
        if not taken:
            raise SlotFull
        appointment = Appointment.objects.create(
            slot=slot,
            cancel_token=secrets.token_urlsafe(32),
            contact_index=contact_index(values["phone"] or values["email"]),
            **values,
        )
        slot.reason = reason
        appointment.slot = slot
        booked_by = values["booked_by"]
        actor = booked_by if booked_by is not None and booked_by.is_authenticated else None
        _audit(Action.OBJECT_CREATED, appointment, request, reason.desk.organisation, actor)
        _queue_messages(appointment, now=now)
        transaction.on_commit(lambda: _schedule_forget(appointment))
    return appointment


def _by_creation_token(token: uuid.UUID, reason: BookingReason) -> Appointment | None:
    return (
        Appointment.objects.select_related("slot")
        .filter(creation_token=token, slot__reason=reason)
        .first()
    )


def _schedule_forget(appointment: Appointment) -> None:
    run_after = appointment.slot.end + FORGET_AFTER
    appointment_forget.using(run_after=run_after).enqueue(str(appointment.pk))


def contact_index(contact: str) -> str:
    """A blind index of a phone number (E.164) or an e-mail address (lower case)."""
    contact = contact.strip().lower()
    return crypto.blind_index(contact, purpose="booking.contact") if contact else ""


def _ip_key(request) -> str | None:
    ip = client_ip(request)
    return antispam.address_key(ip, purpose="booking") if ip else None


def appointment_book_public(
    *, reason: BookingReason, values: dict, request, now: datetime | None = None
) -> Appointment:
    """A booking from the public page, within the limits per address and per contact."""
    now = now or timezone.now()
    ip_key = _ip_key(request)
    if ip_key and antispam.hits(ip_key) >= settings.PERMANENCE_BOOKING_PER_ADDRESS:
        raise TooManyBookings
    index = contact_index(values.get("phone") or values.get("email") or "")
    recent = Appointment.objects.filter(
        contact_index=index, booked_by__isnull=True, created_at__gte=now - PUBLIC_CONTACT_WINDOW
    )
    if index and recent.count() >= PUBLIC_PER_CONTACT:
        raise TooManyBookings
    appointment, created = appointment_book(
        reason=reason, public=True, request=request, now=now, **values
    )
    if created and ip_key:
        antispam.count(ip_key, window=PUBLIC_IP_WINDOW)
    return appointment


# Changes ---------------------------------------------------------------------------------------


def appointment_cancel(*, appointment: Appointment, request=None) -> bool:
    """Cancel a booked appointment: the place is freed and pending messages are cancelled.
    False when it was not booked any more (cancelled twice, already seen…)."""
    with transaction.atomic():
        changed = Appointment.objects.filter(
            pk=appointment.pk, status=AppointmentStatus.BOOKED
        ).update(status=AppointmentStatus.CANCELLED, status_changed_at=timezone.now())
        if not changed:
            return False
        Slot.objects.filter(pk=appointment.slot_id, booked_count__gt=0).update(
            booked_count=F("booked_count") - 1
        )
        messages_cancel(prefix=appointment.message_prefix)
        _audit(Action.OBJECT_UPDATED, appointment, request, _organisation(appointment))
    appointment.status = AppointmentStatus.CANCELLED
    return True


def appointment_move(*, appointment: Appointment, status: str, request) -> None:
    """Record how the appointment went (seen, excused, no-show), correct it, or cancel it."""
    if status == AppointmentStatus.CANCELLED:
        if not appointment_cancel(appointment=appointment, request=request):
            raise TransitionRefused
        return
    if status not in TRANSITIONS:
        raise TransitionRefused
    with transaction.atomic():
        moved = Appointment.objects.filter(
            pk=appointment.pk, status__in=TRANSITIONS[status]
        ).update(status=status, status_changed_at=timezone.now())
        if not moved:
            raise TransitionRefused
        if status != AppointmentStatus.BOOKED:
            messages_cancel(prefix=appointment.message_prefix)
        _audit(Action.OBJECT_UPDATED, appointment, request, _organisation(appointment))
    appointment.status = status


def appointment_reminders_stop(*, appointment: Appointment, request=None) -> None:
    """The person does not want reminders: pending ones are cancelled."""
    with transaction.atomic():
        Appointment.objects.filter(pk=appointment.pk).update(reminders_opt_out=True)
        messages_cancel(prefix=appointment.message_prefix)
        _audit(Action.OBJECT_UPDATED, appointment, request, _organisation(appointment))
    appointment.reminders_opt_out = True


def _organisation(appointment: Appointment):
    return appointment.slot.reason.desk.organisation


# Reasons ---------------------------------------------------------------------------------------


@transaction.atomic
def reason_save(*, form, request) -> BookingReason:
    """Create or change a reason. Future slots follow a new capacity (never below their
    bookings) and a new duration (free slots are made again; booked ones keep their time)."""
    creating = form.instance._state.adding
    reason = form.save()
    if not creating:
        future = Slot.objects.filter(reason=reason, start__gt=timezone.now())
        if "duration_minutes" in form.changed_data:
            future.filter(booked_count=0, appointments__isnull=True).delete()
        if "capacity" in form.changed_data:
            future.update(capacity=Greatest(F("booked_count"), Value(reason.capacity)))
    _audit(
        Action.OBJECT_CREATED if creating else Action.OBJECT_UPDATED,
        reason,
        request,
        reason.desk.organisation,
    )
    reason.desk.touch()  # the public desk page shows the booking link or not
    return reason


# Messages to the person ------------------------------------------------------------------------


def _queue_messages(appointment: Appointment, *, now: datetime) -> None:
    """The confirmation now, and the reminders (48 hours before, 8:00 on the day) unless the
    person opted out. Keys ``appointment:<id>:<code>``: queueing twice sends once. Nothing for
    a person reachable only on a landline (booked by a volunteer). One insert for all."""
    if not appointment.channel:
        return
    moments = {"confirmation": now}
    if not appointment.reminders_opt_out:
        zone = appointment.slot.reason.timezone
        moments |= reminder_times(appointment.slot.start, now=now, zone=zone)
    desk = appointment.slot.reason.desk
    # The desk's phone and, in another language than French, its name: in every message.
    french = appointment.language.startswith("fr")
    prefetch_related_objects([desk], "channels", *([] if french else ["texts"]))
    queued = []
    for code, at in moments.items():
        subject, body = message_text(appointment, code)
        queued.append(
            {
                "dedupe_key": f"{appointment.message_prefix}{code}",
                "channel": appointment.channel,
                "to": appointment.recipient,
                "subject": subject,
                "body": body,
                "language": appointment.language,
                "organisation": desk.organisation,
                "send_after": at,
            }
        )
    messages_queue(queued)


def message_text(appointment: Appointment, code: str) -> tuple[str, str]:
    """(subject, body) of a message in the person's language (French when there is no text in
    that language): ``templates/booking/messages/<language>/<confirmation|reminder>.txt``, whose
    first line is the subject."""
    language = appointment.language if appointment.language in MESSAGE_LANGUAGES else "fr"
    name = "confirmation" if code == "confirmation" else "reminder"
    template = select_template(
        [f"booking/messages/{language}/{name}.txt", f"booking/messages/fr/{name}.txt"]
    )
    with translation.override(language):
        text = template.render(message_context(appointment, code=code))
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return lines[0], "\n".join(lines).strip()


def message_context(appointment: Appointment, *, code: str = "") -> dict:
    """What the messages and the person's pages show: when, where, how to cancel. Call it with
    the person's language active (dates and the desk's name are in that language)."""
    reason = appointment.slot.reason
    desk = reason.desk
    local = appointment.slot.start.astimezone(desk_timezone(desk))
    language = translation.get_language()
    return {
        "code": code,
        "desk_name": desk.text("name", language)[0],
        "reason": reason.label_in(language)[0],
        "date": long_date(local),
        "time": formats.time_format(local, "H:i"),
        "place": desk.place,
        "address": _address(desk),
        "phone": desk_phone(desk),
        "cancel_url": cancel_url(appointment),
    }


def _address(desk: Desk) -> str:
    place = desk.place
    if place is None:
        return ""
    return f"{place.name}, {place.address}, {place.postcode} {place.commune}"


def cancel_path(appointment: Appointment) -> str:
    """The path of the person's page to see, cancel or stop the reminders, in their language."""
    desk = appointment.slot.reason.desk
    with translation.override(appointment.language or "fr"):
        return reverse(
            "booking_public:cancel", kwargs={"slug": desk.slug, "token": appointment.cancel_token}
        )


def cancel_url(appointment: Appointment) -> str:
    """The person's link, as sent in messages: on the site's address (PERMANENCE_BASE_URL)."""
    return settings.PERMANENCE_BASE_URL.rstrip("/") + cancel_path(appointment)


def desk_phone(desk: Desk) -> str:
    """The number people call to book or cancel (the booking line first)."""
    phones = [c for c in desk.channels.all() if c.kind == ChannelKind.PHONE and c.value]
    phones.sort(key=lambda c: (not c.for_booking, c.position, c.pk))
    return phones[0].value if phones else ""
