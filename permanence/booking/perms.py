"""Who may book and see appointments: members with `run_desk` in the desk's organisation; who may
manage the reasons: `edit_directory` (see ``directory.perms``). The public reaches published desks
that take appointments, and an appointment only through the token of its link.

Every view loads its desk or appointment here; outside the user's groups: 404.
"""

import hashlib
import re
from uuid import UUID

from django.core.cache import cache
from django.http import Http404

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.booking.models import Appointment, AppointmentQuerySet, BookingReason
from permanence.directory.models import Desk, DeskQuerySet, directory_generation

_DESK_SCHEDULE = ("rules", "closures", "extra_sessions")
# The booking pages keep their desk, its schedule and reasons as long as the directory's public
# pages: a change of the desk, its texts, channels, schedule or reasons through the services
# renews the directory's generation (within GENERATION_SECONDS on every server).
DESK_SECONDS = 300
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def desks_for(user) -> DeskQuerySet:
    ids = account_perms.organisation_ids_with(user, Perm.RUN_DESK)
    return Desk.objects.filter(organisation_id__in=ids)


def appointments_for(user) -> AppointmentQuerySet:
    ids = account_perms.organisation_ids_with(user, Perm.RUN_DESK)
    return Appointment.objects.filter(slot__reason__desk__organisation_id__in=ids)


def get_desk(user, slug: str) -> Desk:
    """A desk of the user's groups (without its schedule: see get_booking()), or 404."""
    desk = desks_for(user).select_related("organisation", "place").filter(slug=slug).first()
    if desk is None:
        raise Http404
    return desk


def get_appointment(user, appointment_id) -> Appointment:
    try:
        pk = appointment_id if isinstance(appointment_id, UUID) else UUID(str(appointment_id))
    except ValueError:
        raise Http404 from None
    appointment = (
        appointments_for(user)
        .select_related("slot", "slot__reason", "slot__reason__desk__organisation")
        .filter(pk=pk)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def get_public_booking_desk(slug: str) -> Desk:
    """A published desk "sur rendez-vous" with at least one reason open to the public."""
    desk = (
        Desk.objects.published()
        .with_mode("appointment")
        .filter(slug=slug, booking_reasons__in=BookingReason.objects.bookable_by_public())
        .select_related("organisation", "place")
        .prefetch_related("texts", "channels", *_DESK_SCHEDULE)
        .distinct()
        .first()
    )
    if desk is None:
        raise Http404
    return desk


def _kept(kind: str, slug: str, load, cached: bool) -> tuple[Desk, list[BookingReason]]:
    """``load()``'s (desk, reasons), each reason with its ``desk`` set; with ``cached``, kept
    DESK_SECONDS under the directory's generation."""
    key = ""
    if cached:
        raw = f"{kind}|{slug}|{directory_generation()}"
        key = "booking-desk:" + hashlib.sha256(raw.encode()).hexdigest()
        found = cache.get(key)
        if found is not None:
            return found
    desk, reasons = load()
    for reason in reasons:
        reason.desk = desk
    if key:
        cache.set(key, (desk, reasons), DESK_SECONDS)
    return desk, reasons


def get_booking(user, slug: str, *, cached: bool = False) -> tuple[Desk, list[BookingReason]]:
    """A desk of the user's groups, with its schedule, and its active reasons, or 404.
    ``cached`` (the page shown): the desk and reasons come from the cache (five queries saved),
    the user's right to them is checked on every request. A booking always reads the database."""

    def load():
        desk = Desk.objects.select_related("organisation", "place").filter(slug=slug)
        desk = desk.prefetch_related(*_DESK_SCHEDULE).first()
        return desk, list(desk.booking_reasons.active()) if desk else []

    desk, reasons = _kept("staff", slug, load, cached)
    if desk is None or desk.organisation_id not in account_perms.organisation_ids_with(
        user, Perm.RUN_DESK
    ):
        raise Http404
    return desk, reasons


def get_public_booking(slug: str, *, cached: bool = False) -> tuple[Desk, list[BookingReason]]:
    """The desk of ``get_public_booking_desk()`` and its reasons open to the public, or 404.
    ``cached`` (the page shown): seven queries saved on each visit. A booking (cached=False)
    always reads the database."""

    def load():
        desk = get_public_booking_desk(slug)
        return desk, list(BookingReason.objects.bookable_by_public().filter(desk=desk))

    return _kept("public", slug, load, cached)


def get_appointment_by_token(slug: str, token: str) -> Appointment:
    """The person's appointment named by the token of their link (any status), or 404. The
    link keeps working when the desk stops taking bookings online. A token is URL-safe base64
    (``secrets.token_urlsafe``): anything else, a NUL byte that PostgreSQL refuses included,
    is 404 without a query."""
    if not TOKEN.fullmatch(token):
        raise Http404
    desk = (
        Desk.objects.filter(slug=slug)
        .select_related("organisation", "place")
        .prefetch_related("texts", "channels")
        .first()
    )
    if desk is None:
        raise Http404
    appointment = (
        Appointment.objects.select_related("slot", "slot__reason")
        .filter(cancel_token=token, slot__reason__desk=desk)
        .first()
    )
    if appointment is None:
        raise Http404
    appointment.slot.reason.desk = desk
    return appointment
