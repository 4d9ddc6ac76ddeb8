"""Messages to people: a confirmation, then reminders 48 hours before and at 8:00 on the day, in
their language, once, never after they opted out or cancelled. The clock is frozen."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.template.loader import get_template
from django.utils import timezone

from permanence.booking import services
from permanence.booking.models import FORGET_AFTER, Appointment, Slot
from permanence.booking.tasks import appointment_forget
from permanence.booking.tests.conftest import public_data
from permanence.directory.schedule import PARIS
from permanence.notifications import gateways
from permanence.notifications.models import Message, MessageStatus
from permanence.notifications.tasks import deliver_message

NOW = datetime(2030, 3, 4, 10, tzinfo=PARIS)  # a Monday morning
THURSDAY_16 = datetime(2030, 3, 7, 16, tzinfo=PARIS)
LANGUAGES = ["fr", "en", "ar", "es", "ru", "uk", "tr", "fa-af", "ps", "ti"]


class BrokenGateway(gateways.SmsGateway):
    name = "broken"

    def send(self, *, to, body):
        raise gateways.GatewayError("timeout")


@pytest.fixture
def frozen(monkeypatch):
    """The clock stands still at NOW for everything that asks django.utils.timezone."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def book_thursday(reason, now=NOW, **values):
    slot = next(s for s in services.slots_listing(reason=reason, now=now) if s.start == THURSDAY_16)
    values.setdefault("first_name", "Amina")
    values.setdefault("phone", "+33612345678")
    appointment, _created = services.appointment_book(
        reason=reason, slot_id=slot.pk, now=now, **values
    )
    return appointment


def messages_of(appointment) -> dict[str, Message]:
    prefix = f"appointment:{appointment.pk}:"
    return {
        m.dedupe_key.removeprefix(prefix): m
        for m in Message.objects.filter(dedupe_key__startswith=prefix)
    }


def test_booking_queues_the_confirmation_and_two_reminders(reason):
    appointment = book_thursday(reason, language="ar")
    queued = messages_of(appointment)
    assert set(queued) == {"confirmation", "48h", "morning"}
    assert queued["confirmation"].send_after == NOW
    assert queued["48h"].send_after == THURSDAY_16 - timedelta(hours=48)
    assert queued["morning"].send_after == datetime(2030, 3, 7, 8, tzinfo=PARIS)
    for message in queued.values():
        assert (message.channel, message.to, message.language) == ("sms", "+33612345678", "ar")
        assert message.organisation == reason.desk.organisation
    assert queued["confirmation"].body.startswith("تم تأكيد موعدك")
    assert queued["morning"].body.startswith("تذكير: لديك موعد اليوم")
    assert "16:00" in queued["48h"].body and "9 bd de la Moselle" in queued["48h"].body
    assert f"/ar/desks/permanence-a/book/cancel/{appointment.cancel_token}/" in (queued["48h"].body)


def test_queueing_twice_gives_one_message_each(reason):
    appointment = book_thursday(reason)
    services._queue_messages(appointment, now=NOW)
    assert Message.objects.count() == 3


def test_each_message_is_delivered_once(reason, settings):
    settings.PERMANENCE_SMS_GATEWAY = "permanence.notifications.gateways.OutboxLogGateway"
    appointment = book_thursday(reason, phone="", email="amina@example.org", language="es")
    confirmation = messages_of(appointment)["confirmation"]
    Message.objects.filter(pk=confirmation.pk).update(send_after=timezone.now())
    assert deliver_message.call(confirmation.pk) == "sent"
    assert deliver_message.call(confirmation.pk) == "skipped"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Cita confirmada"
    assert mail.outbox[0].to == ["amina@example.org"]


def test_reminders_wait_for_their_time(reason):
    appointment = book_thursday(reason)
    assert deliver_message.call(messages_of(appointment)["48h"].pk) == "skipped"


def test_times_already_past_are_not_queued(reason):
    appointment = book_thursday(reason, now=datetime(2030, 3, 6, 18, tzinfo=PARIS))
    assert set(messages_of(appointment)) == {"confirmation", "morning"}


def test_no_reminder_for_a_person_who_opted_out_on_the_form(reason):
    appointment = book_thursday(reason, reminders_opt_out=True)
    assert set(messages_of(appointment)) == {"confirmation"}


def test_opting_out_later_cancels_the_reminders(reason):
    appointment = book_thursday(reason)
    services.appointment_reminders_stop(appointment=appointment)
    queued = messages_of(appointment)
    assert queued["48h"].status == queued["morning"].status == MessageStatus.CANCELLED
    Message.objects.filter(pk=queued["48h"].pk).update(send_after=timezone.now())
    assert deliver_message.call(queued["48h"].pk) == "skipped"


def test_no_reminder_after_a_cancellation(reason):
    appointment = book_thursday(reason)
    services.appointment_cancel(appointment=appointment)
    pending = [m for m in messages_of(appointment).values() if m.status == MessageStatus.PENDING]
    assert pending == []


def test_a_cancellation_never_touches_another_appointments_messages(reason):
    reason.capacity = 2
    reason.save()
    first = book_thursday(reason)
    second = book_thursday(reason, phone="+33698765432")
    services.appointment_cancel(appointment=first)
    assert {m.status for m in messages_of(second).values()} == {MessageStatus.PENDING}


def test_a_failing_sms_gateway_is_retried_and_shows_in_the_outbox(
    reason, settings, client_for, coordinator_a
):
    settings.PERMANENCE_SMS_GATEWAY = "permanence.booking.tests.test_messages.BrokenGateway"
    appointment = book_thursday(reason)
    confirmation = messages_of(appointment)["confirmation"]
    Message.objects.filter(pk=confirmation.pk).update(send_after=timezone.now())
    assert deliver_message.call(confirmation.pk) == "retry"
    confirmation.refresh_from_db()
    assert confirmation.status == MessageStatus.PENDING and confirmation.attempts == 1
    assert confirmation.last_error == "timeout"
    page = client_for(coordinator_a).get("/notifications/groupe-a/").content.decode()
    assert "timeout" in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_a_short_confirmation_and_reminder(reason, language):
    appointment = book_thursday(reason, language=language)
    for name in ("confirmation", "reminder"):
        get_template(f"booking/messages/{language}/{name}.txt")  # no French fallback here
    for code in ("confirmation", "48h", "morning"):
        subject, body = services.message_text(appointment, code)
        assert subject and "\n" not in subject and "{" not in body and "&" not in body
        assert appointment.cancel_token in body and "16:00" in body
        assert len(body) < 400


def test_dates_are_in_digits_where_the_language_has_no_day_names_yet(reason):
    appointment = book_thursday(reason, language="ti")
    _subject, body = services.message_text(appointment, "confirmation")
    assert "jeudi" not in body and "mars" not in body  # digits until ti has day names


def test_a_language_without_texts_falls_back_to_french(reason):
    appointment = book_thursday(reason)
    appointment.language = "it"
    subject, body = services.message_text(appointment, "confirmation")
    assert subject == "Rendez-vous confirmé" and "jeudi 7 mars 2030 à 16:00" in body


def test_the_clock_frozen_for_a_whole_public_booking(client, reason, frozen):
    services.slots_listing(reason=reason, now=frozen)
    slot = reason.slots.get(start=THURSDAY_16)
    response = client.post(
        "/en/desks/permanence-a/book/",
        public_data(slot, language="en", started=_stamp_ten_seconds_ago()),
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    queued = messages_of(appointment)
    assert queued["morning"].send_after == datetime(2030, 3, 7, 8, tzinfo=PARIS)
    assert queued["confirmation"].body.startswith("Appointment confirmed\nThursday 7 March 2030")


def test_contact_details_are_forgotten_a_month_after(reason, django_capture_on_commit_callbacks):
    from django.tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_thursday(reason)
    scheduled = [r for r in default_task_backend.results if r.task.name == "appointment_forget"]
    slot_end = (THURSDAY_16 + timedelta(minutes=30)).astimezone(UTC)
    assert scheduled[-1].task.run_after == slot_end + FORGET_AFTER
    assert appointment_forget.call(str(appointment.pk)) == "too early"
    Slot.objects.filter(pk=appointment.slot_id).update(
        start=timezone.now() - FORGET_AFTER - timedelta(days=1),
        end=timezone.now() - FORGET_AFTER - timedelta(hours=23),
    )
    assert appointment_forget.call(str(appointment.pk)) == "forgotten"
    appointment.refresh_from_db()
    assert (appointment.first_name, appointment.phone, appointment.email) == ("", "", "")
    assert appointment.status == "booked"


def _stamp_ten_seconds_ago() -> str:
    import time

    from permanence.booking.forms import form_stamp

    return form_stamp(time.time() - 10)
