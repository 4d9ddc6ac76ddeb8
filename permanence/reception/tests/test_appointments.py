"""The day's appointments on the board: listed, registered as arrivals once, scoped to the group."""

from datetime import timedelta

import pytest
from django.utils import timezone

from permanence.audit.models import Action, AuditEvent
from permanence.booking.models import Appointment, AppointmentStatus
from permanence.reception import services
from permanence.reception.models import Arrival, ArrivalStatus
from permanence.reception.tests.conftest import appointment_at

HTMX = {"HX-Request": "true"}


def board_url(session) -> str:
    return f"/reception/sessions/{session.pk}/"


def arrived_url(session, appointment) -> str:
    return f"{board_url(session)}appointments/{appointment.pk}/arrived/"


@pytest.fixture
def mariam(session_a):
    return appointment_at(session_a, session_a.start + timedelta(minutes=30))


def test_the_board_lists_the_sessions_booked_appointments_only(
    client_for, volunteer_a, session_a, mariam
):
    appointment_at(session_a, session_a.start + timedelta(minutes=60), "Olena Koval", language="uk")
    appointment_at(
        session_a,
        session_a.start + timedelta(minutes=90),
        "Annulée Test",
        status=AppointmentStatus.CANCELLED,
    )
    appointment_at(session_a, session_a.start + timedelta(days=1), "Demain Test")
    page = client_for(volunteer_a).get(board_url(session_a)).content.decode()
    assert "Rendez-vous attendus" in page
    assert "Mariam H." in page and "Olena K." in page  # first names and initials only
    assert "Haddad" not in page and "Koval" not in page
    assert "Préparation entretien OFPRA" in page
    assert "Annulée" not in page and "Demain" not in page
    assert page.count('class="card appointment"') == 2


def test_arrived_moves_the_appointment_to_the_waiting_column_once(
    client_for, volunteer_a, session_a, mariam
):
    client = client_for(volunteer_a)
    response = client.post(arrived_url(session_a, mariam), follow=True)
    page = response.content.decode()
    assert "Mariam H. est en attente." in page
    arrival = Arrival.objects.get()
    assert arrival.appointment == mariam and arrival.status == ArrivalStatus.WAITING
    assert arrival.first_name == "Mariam Haddad" and arrival.language == "ar"
    assert arrival.reason_note == "Préparation entretien OFPRA"
    mariam.refresh_from_db()
    assert mariam.status == AppointmentStatus.SEEN
    assert 'class="card appointment"' not in page
    assert "rendez-vous de" in page
    assert AuditEvent.objects.filter(action=Action.OBJECT_CREATED, object_id=str(arrival.pk))
    # A second press (another volunteer, or the same one twice) records nothing more.
    again = client.post(arrived_url(session_a, mariam), follow=True).content.decode()
    assert "L’arrivée de Mariam H. est déjà enregistrée." in again
    assert Arrival.objects.count() == 1


def test_two_volunteers_pressing_at_once_record_one_arrival(
    rf, volunteer_a, volunteer_a2, session_a, mariam
):
    first, second = rf.post("/"), rf.post("/")
    first.user, second.user = volunteer_a, volunteer_a2
    stale = Appointment.objects.get(pk=mariam.pk)  # both loaded it while it was booked
    services.arrival_from_appointment(session=session_a, appointment=mariam, request=first)
    with pytest.raises(services.AlreadyArrived):
        services.arrival_from_appointment(session=session_a, appointment=stale, request=second)
    assert Arrival.objects.count() == 1


def test_a_closed_session_registers_no_appointment(client_for, volunteer_a, session_a, mariam):
    session_a.closed_at = timezone.now()
    session_a.save()
    page = client_for(volunteer_a).post(arrived_url(session_a, mariam), follow=True)
    assert "La permanence est close" in page.content.decode()
    assert not Arrival.objects.exists()
    mariam.refresh_from_db()
    assert mariam.status == AppointmentStatus.BOOKED


def test_another_group_gets_404_and_an_appointment_of_another_session_too(
    client_for, volunteer_a, volunteer_b, session_a, mariam
):
    assert client_for(volunteer_b).post(arrived_url(session_a, mariam)).status_code == 404
    later = appointment_at(session_a, session_a.start + timedelta(days=2), "Plus Tard")
    assert client_for(volunteer_a).post(arrived_url(session_a, later)).status_code == 404
    assert client_for(volunteer_a).get(arrived_url(session_a, mariam)).status_code == 405
    assert not Arrival.objects.exists()
    mariam.refresh_from_db()
    assert mariam.status == AppointmentStatus.BOOKED


def test_the_board_decrypts_an_expected_appointments_first_name_not_its_contacts(
    client_for, volunteer_a, session_a
):
    from unittest import mock

    from permanence.core import fields

    appointment_at(
        session_a,
        session_a.start + timedelta(minutes=30),
        phone="06 12 34 56 78",
        email="mariam@example.org",
    )
    client = client_for(volunteer_a)
    client.get(board_url(session_a), headers=HTMX)
    with mock.patch.object(fields, "decrypt_text", wraps=fields.decrypt_text) as decrypt:
        html = client.get(board_url(session_a), headers=HTMX).content.decode()
    assert "Mariam H." in html and "06 12" not in html and "example.org" not in html
    assert decrypt.call_count == 1  # the first name
