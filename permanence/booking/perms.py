"""Who may book and see appointments: members with `run_desk` in the desk's organisation; who may
manage the reasons: `edit_directory` (see ``directory.perms``). The public reaches published desks
that take appointments, and an appointment only through the token of its link.

Every view loads its desk or appointment here; outside the user's groups: 404.
"""

from uuid import UUID

from django.http import Http404

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.booking.models import Appointment, AppointmentQuerySet, BookingReason
from permanence.directory.models import Desk, DeskQuerySet

_DESK_SCHEDULE = ("rules", "closures", "extra_sessions")


def desks_for(user) -> DeskQuerySet:
    ids = account_perms.organisation_ids_with(user, Perm.RUN_DESK)
    return Desk.objects.filter(organisation_id__in=ids)


def appointments_for(user) -> AppointmentQuerySet:
    ids = account_perms.organisation_ids_with(user, Perm.RUN_DESK)
    return Appointment.objects.filter(slot__reason__desk__organisation_id__in=ids)


def get_desk(user, slug: str, *, with_schedule: bool = True) -> Desk:
    """A desk of the user's groups (with its schedule, to compute slots), or 404."""
    desks = desks_for(user).select_related("organisation", "place").filter(slug=slug)
    desk = (desks.prefetch_related(*_DESK_SCHEDULE) if with_schedule else desks).first()
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


def get_appointment_by_token(slug: str, token: str) -> Appointment:
    """The person's appointment named by the token of their link (any status), or 404. The
    link keeps working when the desk stops taking bookings online."""
    if not token or len(token) > 64:
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
