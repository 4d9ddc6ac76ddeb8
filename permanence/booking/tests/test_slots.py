"""Slots come from the desk's sessions, are created when first listed, and follow changes."""

from datetime import datetime, time, timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from permanence.booking import services
from permanence.booking.forms import ReasonForm
from permanence.booking.models import Slot
from permanence.booking.tests.conftest import book, slot_of, tomorrow_at
from permanence.directory.models import Closure, Desk
from permanence.directory.schedule import PARIS


def noon_today() -> datetime:
    return datetime.combine(timezone.now().astimezone(PARIS).date(), time(12), tzinfo=PARIS)


def test_a_session_of_16_to_19_gives_six_half_hour_slots_created_on_first_listing(reason):
    assert not Slot.objects.exists()
    slots = services.slots_listing(reason=reason, now=noon_today())
    today = noon_today().date()
    todays = [s for s in slots if s.start.astimezone(PARIS).date() == today]
    assert [s.start.astimezone(PARIS).time() for s in todays] == [
        time(16),
        time(16, 30),
        time(17),
        time(17, 30),
        time(18),
        time(18, 30),
    ]
    assert len(slots) == 6 * (reason.max_days_ahead + 1)
    assert all(s.capacity == 1 and s.booked_count == 0 for s in slots)


def test_listing_again_creates_nothing_more(reason, django_assert_max_num_queries):
    services.slots_listing(reason=reason, now=noon_today())
    count = Slot.objects.count()
    reason.desk = (
        Desk.objects.select_related("place")
        .prefetch_related("rules", "closures", "extra_sessions")
        .get(pk=reason.desk_id)
    )
    with django_assert_max_num_queries(2):
        services.slots_listing(reason=reason, now=noon_today())
    assert Slot.objects.count() == count


def test_full_and_past_slots_are_not_listed(reason):
    slot = slot_of(reason, tomorrow_at(16))
    book(reason, slot)
    listed = services.slots_listing(reason=reason, now=tomorrow_at(16, 45))
    assert slot not in listed
    assert listed[0].start == tomorrow_at(17)


def test_slots_stop_at_max_days_ahead(reason):
    slots = services.slots_listing(reason=reason, now=noon_today())
    last_day = noon_today().date() + timedelta(days=reason.max_days_ahead)
    assert slots[-1].start.astimezone(PARIS).date() == last_day


def test_a_closure_removes_the_slots_and_a_form_built_before_cannot_book_them(reason):
    slot = slot_of(reason, tomorrow_at(16))
    day = tomorrow_at(16).date()
    Closure.objects.create(desk=reason.desk, start=day, end=day)
    reason.desk = Desk.objects.get(pk=reason.desk_id)  # fresh schedule
    assert slot not in services.slots_listing(reason=reason, now=timezone.now())
    with pytest.raises(services.SlotUnavailable):
        book(reason, slot)


def test_a_volunteers_only_reason_is_not_bookable_in_public(staff_reason):
    slot = slot_of(staff_reason, tomorrow_at(16))
    with pytest.raises(services.SlotUnavailable):
        book(staff_reason, slot)
    appointment, created = services.appointment_book(
        reason=staff_reason, slot_id=slot.pk, first_name="Amina", phone="+33612345678"
    )
    assert created and appointment.slot == slot


def test_a_new_capacity_applies_to_future_slots_but_never_below_their_bookings(
    reason, coordinator_a
):
    slot = slot_of(reason, tomorrow_at(16))
    book(reason, slot)
    form = ReasonForm({**_reason_data(reason), "capacity": 4}, instance=reason)
    assert form.is_valid(), form.errors
    services.reason_save(form=form, request=_request(coordinator_a))
    assert set(Slot.objects.values_list("capacity", flat=True)) == {4}
    form = ReasonForm({**_reason_data(reason), "capacity": 1}, instance=reason)
    assert form.is_valid()
    Slot.objects.filter(pk=slot.pk).update(capacity=4, booked_count=3)
    services.reason_save(form=form, request=_request(coordinator_a))
    slot.refresh_from_db()
    assert (slot.capacity, slot.booked_count) == (3, 3)


def test_a_new_duration_remakes_free_slots_and_keeps_booked_ones(reason, coordinator_a):
    booked = slot_of(reason, tomorrow_at(16, 30))
    book(reason, booked)
    form = ReasonForm({**_reason_data(reason), "duration_minutes": 60}, instance=reason)
    assert form.is_valid(), form.errors
    services.reason_save(form=form, request=_request(coordinator_a))
    assert Slot.objects.filter(pk=booked.pk).exists()
    listed = services.slots_listing(reason=reason, now=timezone.now())
    tomorrow = [s for s in listed if s.start.date() == tomorrow_at(16).date()]
    assert [(s.start, s.end - s.start) for s in tomorrow] == [
        (tomorrow_at(h), timedelta(hours=1)) for h in (16, 17, 18)
    ]


def _reason_data(reason) -> dict:
    return {
        "label": reason.label,
        "duration_minutes": reason.duration_minutes,
        "capacity": reason.capacity,
        "public": "on" if reason.public else "",
        "max_days_ahead": reason.max_days_ahead,
        "active": "on",
    }


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_rows_the_schedule_no_longer_gives_are_skipped_before_the_limit(reason):
    """Left-over rows (a rule changed after they were made) do not cut the list short."""
    today = noon_today().date()
    at = datetime.combine(today, time(16), tzinfo=PARIS)
    Slot.objects.bulk_create(
        Slot(reason=reason, start=at + timedelta(minutes=m), end=at + timedelta(minutes=m + 30))
        for m in range(5, 10)
    )
    slots = services.slots_listing(reason=reason, now=noon_today(), limit=2)
    assert [s.start for s in slots] == [at, at + timedelta(minutes=30)]


def test_a_limited_listing_reads_and_creates_one_batch_of_the_schedule(
    reason, django_assert_max_num_queries
):
    """Six slots a day for 61 days: a page of 24 reads the first batch only."""
    reason.max_days_ahead = 60
    reason.save()
    reason.desk = (
        Desk.objects.select_related("place")
        .prefetch_related("rules", "closures", "extra_sessions")
        .get(pk=reason.desk_id)
    )
    with django_assert_max_num_queries(3):
        slots = services.slots_listing(reason=reason, now=noon_today(), limit=24)
    assert len(slots) == 24
    assert Slot.objects.filter(reason=reason).count() == services.SLOT_BATCH_FACTOR * 24
    assert slots == sorted(slots, key=lambda slot: slot.start)


def test_a_limited_listing_goes_on_past_a_batch_of_full_slots(reason):
    """When the whole first batch is full, the next batches are read until the limit."""
    reason.max_days_ahead = 60
    reason.save()
    services.slots_listing(reason=reason, now=noon_today(), limit=2)
    Slot.objects.filter(reason=reason).update(booked_count=1)  # capacity 1: all full
    full = set(Slot.objects.filter(reason=reason).values_list("pk", flat=True))
    slots = services.slots_listing(reason=reason, now=noon_today(), limit=2)
    assert len(slots) == 2 and not {slot.pk for slot in slots} & full
    everything = services.slots_listing(reason=reason, now=noon_today())
    assert everything[:2] == slots
    assert len(everything) == 6 * 61 - len(full)
