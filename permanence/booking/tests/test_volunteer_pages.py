"""Volunteers book during a phone call, see the day's appointments and record how they went;
coordinators manage the reasons. Every page refuses people of other groups (404)."""

import re

import pytest
from django.utils import timezone

from permanence.audit.models import AuditEvent
from permanence.booking.models import Appointment, AppointmentStatus, BookingReason, Slot
from permanence.booking.tests.conftest import book, slot_of, tomorrow_at
from permanence.notifications.models import Message, MessageStatus

BOOK = "/booking/permanence-a/"
DAY = "/booking/permanence-a/day/"
REASONS = "/booking/permanence-a/reasons/"


def person(slot, **values) -> dict:
    data = {
        "reason": slot.reason_id,
        "slot": slot.pk,
        "first_name": "Amina",
        "phone": "06 12 34 56 78",
        "email": "",
        "language": "ar",
    }
    data.update(values)
    return data


def test_a_volunteer_books_during_a_call_in_one_page_and_one_click(client_for, volunteer_a, reason):
    client = client_for(volunteer_a)
    page = client.get(BOOK, {"reason": reason.pk}).content.decode()
    slot = Slot.objects.get(reason=reason, start=tomorrow_at(16))
    assert f'value="{slot.pk}"' in page and "Réserver" in page
    response = client.post(BOOK, person(slot), follow=True)
    assert "Rendez-vous pris" in response.content.decode()
    appointment = Appointment.objects.get()
    assert (appointment.first_name, appointment.phone, appointment.language) == (
        "Amina",
        "+33612345678",
        "ar",
    )
    assert appointment.booked_by == volunteer_a and appointment.slot == slot
    event = AuditEvent.objects.get(action="object.created", object_type="booking.appointment")
    assert event.object_id == str(appointment.pk) and event.actor == volunteer_a
    assert Message.objects.filter(dedupe_key=f"appointment:{appointment.pk}:confirmation").exists()


def test_a_volunteer_may_book_someone_reachable_only_on_a_landline(client_for, volunteer_a, reason):
    client = client_for(volunteer_a)
    client.get(BOOK)
    slot = Slot.objects.get(reason=reason, start=tomorrow_at(16))
    response = client.post(BOOK, person(slot, phone="01 42 00 00 00"))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.phone == "+33142000000" and appointment.channel == ""
    assert not Message.objects.exists()  # no SMS to a landline; the desk calls


def test_the_only_reason_is_chosen_and_volunteers_see_volunteers_only_reasons(
    client_for, volunteer_a, staff_reason
):
    page = client_for(volunteer_a).get(BOOK).content.decode()
    assert "Suivi de dossier" in page and "pris par les bénévoles seulement" in page
    assert "Créneau" in page


def _without_tokens(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'name="token" value="[^"]+"', "", html)


def test_the_htmx_partial_is_the_same_as_the_section_of_the_full_page(
    client_for, volunteer_a, reason
):
    client = client_for(volunteer_a)
    full = client.get(BOOK, {"reason": reason.pk}).content.decode()
    partial = client.get(BOOK, {"reason": reason.pk}, headers={"HX-Request": "true"})
    partial = partial.content.decode()
    assert partial.strip().startswith('<section id="slots"')
    assert "<html" not in partial
    start = full.index('<section id="slots"')
    section = full[start : full.index("</section>", start) + len("</section>")]
    assert _without_tokens(section).strip() == _without_tokens(partial).strip()


def test_a_double_click_books_once(client_for, volunteer_a, reason):
    reason.capacity = 2
    reason.save()
    client = client_for(volunteer_a)
    client.get(BOOK, {"reason": reason.pk})
    slot = Slot.objects.get(reason=reason, start=tomorrow_at(16))
    data = person(slot, token="6f1c0c1e-4a55-4b4c-9a55-0a0b0c0d0e0f")
    client.post(BOOK, data)
    client.post(BOOK, data)
    assert Appointment.objects.count() == 1
    slot.refresh_from_db()
    assert slot.booked_count == 1


def test_a_double_click_on_the_last_place_books_once_and_says_it_is_booked(
    client_for, volunteer_a, reason
):
    """The second submission finds the slot full: it is told of its own booking instead."""
    client = client_for(volunteer_a)
    client.get(BOOK, {"reason": reason.pk})
    slot = Slot.objects.get(reason=reason, start=tomorrow_at(16))
    data = person(slot, token="0b7d3f7e-1c2a-4e0f-8a1b-2c3d4e5f6a7b")
    assert client.post(BOOK, data).status_code == 302
    second = client.post(BOOK, data, follow=True)
    assert second.status_code == 200
    assert "Rendez-vous pris" in second.content.decode()
    assert "Ce créneau est complet" not in second.content.decode()
    assert Appointment.objects.count() == 1
    slot.refresh_from_db()
    assert slot.booked_count == 1


def test_a_booking_takes_a_bounded_number_of_queries(
    client_for, volunteer_a, reason, django_assert_max_num_queries
):
    """Session, user, groups; the desk, its schedule and reasons; the slot; the booking with
    its audit event; the desk's phone and texts for the messages; the messages in one insert."""
    client = client_for(volunteer_a)
    client.get(BOOK, {"reason": reason.pk})
    slot = Slot.objects.get(reason=reason, start=tomorrow_at(16))
    with django_assert_max_num_queries(19):
        response = client.post(BOOK, person(slot, token="5e1d6a0c-7b8f-4c3e-9d2a-1f0e3b4c5d6e"))
    assert response.status_code == 302
    assert Message.objects.count() == 2  # the confirmation and the morning reminder


def test_a_full_slot_says_so_and_saves_nothing(client_for, volunteer_a, reason):
    slot = slot_of(reason, tomorrow_at(16))
    book(reason, slot)
    response = client_for(volunteer_a).post(BOOK, person(slot, first_name="Youssef"))
    assert response.status_code == 400
    assert "Ce créneau est complet : choisissez-en un autre." in response.content.decode()
    assert Appointment.objects.count() == 1


def test_the_day_list_shows_the_appointments_and_records_the_outcome(
    client_for, volunteer_a, reason, django_assert_max_num_queries
):
    client = client_for(volunteer_a)
    for hour, name in ((16, "Amina"), (17, "Youssef")):
        book(reason, slot_of(reason, tomorrow_at(hour)), first_name=name)
    day = tomorrow_at(16).date().isoformat()
    client.get("/booking/")  # the session's first page writes it (sign-in time, factor seen)
    with django_assert_max_num_queries(7):
        page = client.get(DAY, {"date": day}).content.decode()
    assert page.index("Amina") < page.index("Youssef")
    assert "Reçu·e" in page and "Absent·e" in page and "Annulé" in page
    assert AuditEvent.objects.filter(action="object.listed").count() == 1
    amina = Appointment.objects.get(slot__start=tomorrow_at(16))
    response = client.post(f"/booking/appointments/{amina.pk}/status/", {"status": "seen"})
    assert response.status_code == 302 and response["Location"].endswith(f"?date={day}")
    amina.refresh_from_db()
    assert amina.status == AppointmentStatus.SEEN


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "demain", "2026-02-30"])
def test_an_absurd_day_shows_today(client_for, volunteer_a, booking_desk, value):
    assert client_for(volunteer_a).get(DAY, {"date": value}).status_code == 200


def test_a_status_button_answers_htmx_with_the_row(client_for, volunteer_a, reason):
    appointment = book(reason, slot_of(reason, tomorrow_at(16)))
    response = client_for(volunteer_a).post(
        f"/booking/appointments/{appointment.pk}/status/",
        {"status": "no_show"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="appointment-{appointment.pk}"')
    assert "Absent·e" in html


def test_cancelling_from_the_list_frees_the_place_and_cancels_the_reminders(
    client_for, volunteer_a, reason
):
    slot = slot_of(reason, tomorrow_at(16))
    appointment = book(reason, slot, now=timezone.now())
    client_for(volunteer_a).post(
        f"/booking/appointments/{appointment.pk}/status/", {"status": "cancelled"}
    )
    slot.refresh_from_db()
    assert slot.booked_count == 0
    pending = Message.objects.filter(
        dedupe_key__startswith=f"appointment:{appointment.pk}:", status=MessageStatus.PENDING
    )
    assert not pending.exists()


def test_a_refused_change_is_explained(client_for, volunteer_a, reason):
    appointment = book(reason, slot_of(reason, tomorrow_at(16)))
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.CANCELLED)
    response = client_for(volunteer_a).post(
        f"/booking/appointments/{appointment.pk}/status/", {"status": "seen"}, follow=True
    )
    assert "Ce rendez-vous a changé entre-temps" in response.content.decode()


def test_a_coordinator_adds_a_reason_with_its_translations(client_for, coordinator_a, booking_desk):
    client = client_for(coordinator_a)
    response = client.post(
        REASONS,
        {
            "label": "Préparation OFPRA",
            "duration_minutes": 60,
            "capacity": 1,
            "public": "on",
            "max_days_ahead": 21,
            "active": "on",
            "label_ar": "التحضير لمقابلة أوفبرا",
        },
    )
    assert response.status_code == 302
    reason = BookingReason.objects.get(label="Préparation OFPRA")
    assert reason.translations == {"ar": "التحضير لمقابلة أوفبرا"} and reason.public
    edit = client.get(f"{REASONS}{reason.pk}/").content.decode()
    assert "التحضير لمقابلة أوفبرا" in edit


def test_a_reason_needs_a_capacity_of_at_least_one(client_for, coordinator_a, booking_desk):
    response = client_for(coordinator_a).post(
        REASONS, {"label": "X", "duration_minutes": 30, "capacity": 0, "max_days_ahead": 7}
    )
    assert response.status_code == 200 and not BookingReason.objects.exists()


# --- Refusals ---------------------------------------------------------------------------------


def test_volunteer_of_other_group_gets_404_everywhere(client_for, volunteer_b, reason):
    appointment = book(reason, slot_of(reason, tomorrow_at(16)))
    client = client_for(volunteer_b)
    assert "Permanence A" not in client.get("/booking/").content.decode()
    assert client.get(BOOK).status_code == 404
    assert client.post(BOOK, person(appointment.slot)).status_code == 404
    assert client.get(DAY).status_code == 404
    assert client.get(REASONS).status_code == 404
    assert client.get(f"{REASONS}{reason.pk}/").status_code == 404
    url = f"/booking/appointments/{appointment.pk}/status/"
    assert client.post(url, {"status": "seen"}).status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED and Appointment.objects.count() == 1


def test_volunteers_do_not_manage_reasons(client_for, volunteer_a, reason):
    assert client_for(volunteer_a).get(REASONS).status_code == 404
    assert "Motifs de rendez-vous" not in client_for(volunteer_a).get(BOOK).content.decode()


@pytest.mark.parametrize("url", ["/booking/", BOOK, DAY, REASONS])
def test_anonymous_visitors_are_sent_to_sign_in(client, reason, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_booking_page_query_count_does_not_grow_with_slots(
    client_for, volunteer_a, reason, django_assert_max_num_queries
):
    client = client_for(volunteer_a)
    client.get(BOOK, {"reason": reason.pk})  # creates the slots
    with django_assert_max_num_queries(14):
        client.get(BOOK, {"reason": reason.pk})


def test_the_cached_desk_is_refused_to_another_group_too(
    client_for, volunteer_a, volunteer_b, reason
):
    """The booking page keeps its desk in the cache: the right to it is checked each time."""
    assert client_for(volunteer_a).get(BOOK).status_code == 200  # the desk is now cached
    client = client_for(volunteer_b)
    assert client.get(BOOK).status_code == 404
    assert client.get(BOOK, headers={"HX-Request": "true"}).status_code == 404


def test_a_new_reason_shows_on_the_booking_page_once_the_directory_generation_renews(
    client_for, coordinator_a, reason
):
    from django.core.cache import cache

    client = client_for(coordinator_a)
    assert "Préparation OFPRA" not in client.get(BOOK).content.decode()
    response = client.post(
        REASONS,
        {
            "label": "Préparation OFPRA",
            "duration_minutes": 60,
            "capacity": 1,
            "max_days_ahead": 21,
            "active": "on",
        },
    )
    assert response.status_code == 302
    cache.delete("directory-generation")  # as GENERATION_SECONDS later, on any server
    assert "Préparation OFPRA" in client.get(BOOK).content.decode()
