"""Pure rules of appointments: slots cut from sessions, reminder times, translated labels."""

from datetime import UTC, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from permanence.booking.models import (
    Appointment,
    AppointmentStatus,
    BookingReason,
    slot_times,
)
from permanence.core.lib.reminders import reminder_times
from permanence.directory.schedule import PARIS, timezone_for


def paris(day: int, hour: int, minute: int = 0, month: int = 5) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS)


def test_a_three_hour_session_gives_six_half_hour_slots():
    slots = slot_times(paris(12, 16), paris(12, 19), 30)
    assert len(slots) == 6
    assert slots[0] == (paris(12, 16), paris(12, 16, 30))
    assert slots[-1] == (paris(12, 18, 30), paris(12, 19))


def test_a_slot_that_would_end_after_the_session_is_left_out():
    assert [s for s, _ in slot_times(paris(12, 14), paris(12, 16, 30), 45)] == [
        paris(12, 14),
        paris(12, 14, 45),
        paris(12, 15, 30),
    ]


@given(
    start_minute=st.integers(min_value=6 * 60, max_value=20 * 60),
    length=st.integers(min_value=0, max_value=6 * 60),
    minutes=st.integers(min_value=5, max_value=240),
)
def test_slots_fill_the_session_without_overlap(start_minute, length, minutes):
    start = paris(12, 0) + timedelta(minutes=start_minute)
    end = start + timedelta(minutes=length)
    slots = slot_times(start, end, minutes)
    assert len(slots) == length // minutes
    for (_a_start, a_end), (b_start, _b_end) in zip(slots, slots[1:], strict=False):
        assert a_end == b_start
    for slot_start, slot_end in slots:
        assert start <= slot_start and slot_end <= end
        assert slot_end - slot_start == timedelta(minutes=minutes)


def test_reminders_48_hours_before_and_at_8_on_the_day():
    start = paris(14, 16)
    times = reminder_times(start, now=paris(1, 10), zone=PARIS)
    assert times == {"48h": paris(12, 16), "morning": paris(14, 8)}


def test_reminders_already_past_are_skipped():
    start = paris(14, 16)
    assert set(reminder_times(start, now=paris(13, 9), zone=PARIS)) == {"morning"}
    assert reminder_times(start, now=paris(14, 9), zone=PARIS) == {}


def test_no_morning_reminder_for_an_appointment_at_8():
    assert set(reminder_times(paris(14, 8), now=paris(1, 9), zone=PARIS)) == {"48h"}


def test_48_hours_are_real_hours_across_the_change_to_summer_time():
    start = datetime(2026, 3, 30, 16, tzinfo=PARIS)  # clocks went forward on 29 March
    early = reminder_times(start, now=datetime(2026, 3, 1, tzinfo=UTC), zone=PARIS)["48h"]
    assert start - early == timedelta(hours=48)
    assert early.astimezone(PARIS).time() == time(15)


def test_morning_reminder_is_8_local_time_overseas():
    guadeloupe = timezone_for("971")
    start = datetime(2026, 5, 14, 14, tzinfo=guadeloupe)
    morning = reminder_times(start, now=paris(1, 10), zone=guadeloupe)["morning"]
    assert morning.astimezone(guadeloupe).time() == time(8)
    assert morning.astimezone(UTC).hour == 12


def test_reason_label_in_the_persons_language_with_french_fallback():
    reason = BookingReason(label="Premier rendez-vous", translations={"ar": "موعد أول"})
    assert reason.label_in("ar") == ("موعد أول", False)
    assert reason.label_in("fr") == ("Premier rendez-vous", False)
    assert reason.label_in("ti") == ("Premier rendez-vous", True)


def test_messages_go_by_sms_when_there_is_a_phone():
    assert Appointment(phone="+33612345678", email="a@example.org").channel == "sms"
    assert Appointment(email="a@example.org").channel == "email"
    assert Appointment(phone="+33142000000", email="a@example.org").channel == "email"
    assert Appointment(phone="+33142000000").channel == ""  # a landline: no message
    assert Appointment(phone="+33612345678").masked_recipient == "+336••••••78"
    assert Appointment(email="amina@example.org").masked_recipient == "a•••@example.org"


def test_a_cancellation_is_final_and_outcomes_can_be_corrected():
    booked = Appointment(status=AppointmentStatus.BOOKED)
    assert [value for value, _ in booked.next_statuses] == [
        "seen",
        "excused",
        "no_show",
        "cancelled",
    ]
    seen = Appointment(status=AppointmentStatus.SEEN)
    assert "booked" in [value for value, _ in seen.next_statuses]
    assert Appointment(status=AppointmentStatus.CANCELLED).next_statuses == []
