"""Who may hold which desk's sessions: members with `run_desk` in the desk's organisation.

Every view loads its session, arrival or rota slot here; outside the user's groups: 404.
"""

from uuid import UUID

from django.http import Http404

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.booking.models import Appointment, AppointmentQuerySet
from permanence.directory.models import Desk, DeskQuerySet
from permanence.reception.models import (
    Arrival,
    ArrivalQuerySet,
    DeskSession,
    DeskSessionQuerySet,
    RotaSlot,
)


def organisation_ids(user) -> set[int]:
    return account_perms.organisation_ids_with(user, Perm.RUN_DESK)


def desks_for(user) -> DeskQuerySet:
    return Desk.objects.filter(organisation_id__in=organisation_ids(user))


def sessions_for(user) -> DeskSessionQuerySet:
    return DeskSession.objects.filter(desk__organisation_id__in=organisation_ids(user))


def arrivals_for(user) -> ArrivalQuerySet:
    return Arrival.objects.filter(session__desk__organisation_id__in=organisation_ids(user))


def get_session(user, session_id: int, *, related: bool = True) -> DeskSession:
    """The session, with its desk, organisation and place; with its desk only when
    ``related`` is False (the board's 10-second poll: it mostly answers 204, and otherwise
    renders the board, which needs the desk's time zone and appointments, not the rest)."""
    sessions = sessions_for(user).filter(pk=session_id)
    if related:
        sessions = sessions.select_related("desk", "desk__organisation", "desk__place")
    else:
        sessions = sessions.select_related("desk")
    session = sessions.first()
    if session is None:
        raise Http404
    return session


def get_arrival(user, arrival_id) -> Arrival:
    try:
        pk = arrival_id if isinstance(arrival_id, UUID) else UUID(str(arrival_id))
    except ValueError:
        raise Http404 from None
    arrival = (
        arrivals_for(user)
        .select_related(
            "session", "session__desk", "session__desk__organisation", "session__desk__place"
        )
        .filter(pk=pk)
        .first()
    )
    if arrival is None:
        raise Http404
    return arrival


def get_own_slot(user, session: DeskSession, slot_id: int) -> RotaSlot:
    """The user's own sign-up at a session already loaded through ``get_session``, or 404."""
    slot = RotaSlot.objects.filter(pk=slot_id, session=session, user=user).first()
    if slot is None:
        raise Http404
    return slot


def session_appointments(session: DeskSession) -> AppointmentQuerySet:
    """The appointments of a session loaded through ``get_session``: its desk, during its hours."""
    return Appointment.objects.of_desk(session.desk).between(session.start, session.end)


def get_session_appointment(session: DeskSession, appointment_id) -> Appointment:
    """One appointment of a session already loaded through ``get_session``, or 404."""
    appointment = (
        session_appointments(session)
        .select_related("slot", "slot__reason")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment
