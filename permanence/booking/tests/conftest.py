"""A desk of group A "sur rendez-vous", open every day 16:00–19:00 (so tomorrow always has
slots), with a public 30-minute reason of one place, and helpers to book."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from permanence.booking import services
from permanence.booking.forms import form_stamp
from permanence.booking.models import BookingReason, Slot
from permanence.directory.models import Channel, ScheduleRule
from permanence.directory.schedule import PARIS
from permanence.directory.tests.conftest import desk_a, weekly_desk_b  # noqa: F401 (fixtures)


@pytest.fixture
def booking_desk(desk_a):  # noqa: F811
    """Group A's desk, by appointment, every day 16:00–19:00, booked on its phone line."""
    desk_a.modes = ["appointment"]
    desk_a.closed_on_public_holidays = False
    desk_a.save()
    desk_a.rules.all().delete()
    ScheduleRule.objects.create(
        desk=desk_a, kind="weekly", weekdays=list(range(7)), start=time(16), end=time(19)
    )
    Channel.objects.filter(desk=desk_a).update(for_booking=True)
    return desk_a


@pytest.fixture
def reason(booking_desk):
    return BookingReason.objects.create(
        desk=booking_desk,
        label="Premier rendez-vous séjour",
        translations={"ar": "موعد أول للإقامة", "en": "First residence appointment"},
        duration_minutes=30,
        capacity=1,
        public=True,
        max_days_ahead=14,
    )


@pytest.fixture
def staff_reason(booking_desk):
    """A reason only volunteers book (by phone)."""
    return BookingReason.objects.create(
        desk=booking_desk, label="Suivi de dossier", duration_minutes=60, capacity=2
    )


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    day = timezone.now().astimezone(PARIS).date() + timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def slot_of(reason: BookingReason, start: datetime) -> Slot:
    """The slot of ``reason`` at ``start`` (listing creates the rows, as a page would)."""
    services.slots_listing(reason=reason, now=timezone.now())
    return Slot.objects.get(reason=reason, start=start)


def public_data(chosen: Slot, **values) -> dict:
    """A public form as a person fills it (shown ten seconds ago)."""
    data = {
        "reason": chosen.reason_id,
        "slot": chosen.pk,
        "first_name": "Amina",
        "phone": "06 12 34 56 78",
        "email": "",
        "language": "fr",
        "started": form_stamp(timezone.now().timestamp() - 10),
    }
    data.update(values)
    return data


def book(reason: BookingReason, slot: Slot, **values):
    """Book through the service (as the public page does, without its limits)."""
    values.setdefault("first_name", "Amina")
    values.setdefault("phone", "+33612345678")
    appointment, _created = services.appointment_book(
        reason=reason, slot_id=slot.pk, public=True, **values
    )
    return appointment
