import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from permanence.accounts.roles import Role
from permanence.booking.models import Appointment, BookingReason, Slot
from permanence.cases.tests.conftest import case_a, person_a  # noqa: F401 (fixtures)
from permanence.directory.tests.conftest import desk_a  # noqa: F401 (fixture)
from permanence.reception.models import Arrival, DeskSession


@pytest.fixture
def session_a(desk_a):  # noqa: F811
    """A session of group A's desk that began an hour ago."""
    now = timezone.now()
    return DeskSession.objects.create(
        desk=desk_a, start=now - timedelta(hours=1), end=now + timedelta(hours=2)
    )


@pytest.fixture
def volunteer_a2(group_a):
    return make_user("volunteer.a2@example.org", group_a, Role.VOLUNTEER)


def arrive(session, name="Amina", minutes_ago=25, **values) -> Arrival:
    """Someone who arrived ``minutes_ago`` minutes (and 30 seconds) ago."""
    values.setdefault("reason", "asylum")
    at = timezone.now() - timedelta(minutes=minutes_ago, seconds=30)
    return Arrival.objects.create(session=session, first_name=name, arrived_at=at, **values)


@pytest.fixture
def amina(session_a):
    return arrive(session_a, "Amina", language="ar", children=2)


def appointment_at(session, start, first_name="Mariam Haddad", **values) -> Appointment:
    reason, _ = BookingReason.objects.get_or_create(
        desk=session.desk, label="Préparation entretien OFPRA", defaults={"duration_minutes": 30}
    )
    slot = Slot.objects.create(
        reason=reason, start=start, end=start + timedelta(minutes=30), booked_count=1
    )
    return Appointment.objects.create(
        slot=slot,
        first_name=first_name,
        language=values.pop("language", "ar"),
        cancel_token=secrets.token_urlsafe(32),
        **values,
    )
