"""A slot never holds more people than its capacity, whatever the number of simultaneous
bookings: the database decides (a conditional update), on SQLite and on PostgreSQL."""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from permanence.booking import services
from permanence.booking.models import Appointment, AppointmentStatus, Slot
from permanence.booking.tests.conftest import book, slot_of, tomorrow_at

THREADS = 100
CONNECTIONS = 20  # at most this many connections at once (PostgreSQL's max_connections)


def retry_while_locked(action):
    """SQLite's test database (in memory, shared cache) reports a lock at once where a database
    file waits (busy_timeout): try again, as the waiting would, for as long as a database file
    would wait (a jittered pause, so twenty threads do not retry in step and starve one of
    them on a loaded machine). PostgreSQL never gets here."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return action()
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            if time.monotonic() > deadline:
                raise AssertionError("the database stayed locked for a minute") from error
            time.sleep(random.uniform(0.001, 0.02))


@pytest.fixture
def slot_for_three(reason):
    reason.capacity = 3
    reason.save()
    return slot_of(reason, tomorrow_at(16))


def test_booking_takes_a_place_and_cancelling_gives_it_back(reason):
    slot = slot_of(reason, tomorrow_at(16))
    appointment = book(reason, slot)
    slot.refresh_from_db()
    assert slot.booked_count == 1
    with pytest.raises(services.SlotFull):
        book(reason, slot, first_name="Youssef", phone="+33698765432")
    assert services.appointment_cancel(appointment=appointment)
    assert not services.appointment_cancel(appointment=appointment)  # twice: once
    slot.refresh_from_db()
    assert slot.booked_count == 0
    book(reason, slot, first_name="Youssef", phone="+33698765432")


def test_a_stale_copy_of_the_slot_does_not_let_a_booking_through(reason):
    slot = slot_of(reason, tomorrow_at(16))
    stale = Slot.objects.get(pk=slot.pk)  # the page was built when the slot was free
    book(reason, slot)
    assert stale.booked_count == 0
    with pytest.raises(services.SlotFull):
        book(reason, stale, first_name="Youssef", phone="+33698765432")
    assert Appointment.objects.count() == 1


def test_the_database_refuses_a_count_above_capacity(reason):
    slot = slot_of(reason, tomorrow_at(16))
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(booked_count=2)


@pytest.mark.django_db(transaction=True)
def test_two_interleaved_transactions_cannot_both_take_the_last_place(reason, monkeypatch):
    """The first booking holds its transaction open after taking the place; the second one
    starts meanwhile. It must wait (PostgreSQL: row lock; SQLite: IMMEDIATE transaction) and
    then find the slot full, not read the old count and book too."""
    slot = slot_of(reason, tomorrow_at(16))
    first_took_the_place = threading.Event()
    second_is_trying = threading.Event()
    outcomes: dict[str, str] = {}
    real_audit = services._audit

    def slow_audit(*args, **kwargs):
        if threading.current_thread().name == "first":
            first_took_the_place.set()
            second_is_trying.wait(timeout=5)
            time.sleep(0.3)  # the second booking now waits on the first one's lock
        return real_audit(*args, **kwargs)

    def attempt(name: str, phone: str) -> None:
        try:
            if name == "second":
                first_took_the_place.wait(timeout=5)
                second_is_trying.set()
            retry_while_locked(lambda: book(reason, slot, first_name=name, phone=phone))
            outcomes[name] = "booked"
        except services.SlotFull:
            outcomes[name] = "full"
        finally:
            connection.close()

    monkeypatch.setattr(services, "_audit", slow_audit)
    threads = [
        threading.Thread(target=attempt, name="first", args=("first", "+33611111111")),
        threading.Thread(target=attempt, name="second", args=("second", "+33622222222")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes == {"first": "booked", "second": "full"}
    slot.refresh_from_db()
    assert slot.booked_count == 1
    assert list(Appointment.objects.values_list("first_name", flat=True)) == ["first"]


@pytest.mark.django_db(transaction=True)
def test_a_hundred_simultaneous_public_bookings_fill_three_places_exactly(slot_for_three):
    slot = slot_for_three
    reason = slot.reason
    start = threading.Barrier(CONNECTIONS, timeout=30)

    def attempt(number: int) -> str:
        try:
            if number < CONNECTIONS:
                start.wait()  # the first wave starts at the same instant
            retry_while_locked(
                lambda: book(reason, slot, first_name=f"P{number}", phone=f"+336120000{number:02d}")
            )
            return "booked"
        except services.SlotFull as full:
            return str(full.message)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=CONNECTIONS) as pool:
        outcomes = list(pool.map(attempt, range(THREADS)))
    assert outcomes.count("booked") == 3
    assert outcomes.count("Ce créneau est complet : choisissez-en un autre.") == THREADS - 3
    slot.refresh_from_db()
    assert slot.booked_count == 3
    assert Appointment.objects.filter(slot=slot, status=AppointmentStatus.BOOKED).count() == 3


def test_a_slot_in_the_past_is_refused_and_nothing_is_saved(reason):
    slot = slot_of(reason, tomorrow_at(16))
    with pytest.raises(services.SlotPast):
        services.appointment_book(
            reason=reason,
            slot_id=slot.pk,
            first_name="Amina",
            phone="+33612345678",
            now=slot.start + timedelta(minutes=1),
        )
    slot.refresh_from_db()
    assert slot.booked_count == 0 and not Appointment.objects.exists()
