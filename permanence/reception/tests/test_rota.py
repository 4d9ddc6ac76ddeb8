"""The rota: one click to sign up for a role, a reminder the evening before, withdrawal cancels."""

from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from permanence.directory.schedule import PARIS
from permanence.notifications.models import Message, MessageStatus
from permanence.reception.models import DeskSession, RotaSlot


@pytest.fixture
def later_session(desk_a):
    """A session of group A's desk in ten days, 16:00–19:00 in Lille."""
    day = timezone.localdate() + timedelta(days=10)
    return DeskSession.objects.create(
        desk=desk_a,
        start=datetime.combine(day, time(16), tzinfo=PARIS),
        end=datetime.combine(day, time(19), tzinfo=PARIS),
    )


def rota_url(session) -> str:
    return f"/reception/sessions/{session.pk}/rota/"


def test_volunteer_of_other_group_gets_404_on_the_rota(
    client_for, volunteer_a, volunteer_b, later_session
):
    client_for(volunteer_a).post(rota_url(later_session), {"role": "reception"})
    slot = RotaSlot.objects.get()
    client = client_for(volunteer_b)
    assert client.get(rota_url(later_session)).status_code == 404
    assert client.post(rota_url(later_session), {"role": "interview"}).status_code == 404
    withdraw = f"{rota_url(later_session)}{slot.pk}/withdraw/"
    assert client.post(withdraw).status_code == 404
    assert RotaSlot.objects.count() == 1


def test_nobody_withdraws_someone_else(client_for, volunteer_a, coordinator_a, later_session):
    client_for(volunteer_a).post(rota_url(later_session), {"role": "reception"})
    slot = RotaSlot.objects.get()
    response = client_for(coordinator_a).post(f"{rota_url(later_session)}{slot.pk}/withdraw/")
    assert response.status_code == 404 and RotaSlot.objects.count() == 1


def test_sign_up_queues_one_reminder_the_evening_before(
    client_for, volunteer_a, later_session, django_capture_on_commit_callbacks
):
    client = client_for(volunteer_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(rota_url(later_session), {"role": "reception"})
        client.post(rota_url(later_session), {"role": "reception"})  # a second click
    slot = RotaSlot.objects.get()
    message = Message.objects.get()
    assert message.dedupe_key == f"rota:{slot.pk}:"
    day_before = later_session.start.astimezone(PARIS).date() - timedelta(days=1)
    assert message.send_after == datetime.combine(day_before, time(18), tzinfo=PARIS)
    assert message.to == volunteer_a.email and message.recipient_user == volunteer_a
    assert message.organisation == later_session.desk.organisation
    assert message.subject == "Rappel : permanence Permanence A demain à 16 h, rôle : accueil"
    assert "rôle : accueil" in message.body
    assert f"{settings.PERMANENCE_BASE_URL}{rota_url(later_session)}" in message.body


def test_coordinator_sees_who_comes(client_for, volunteer_a, coordinator_a, later_session):
    client_for(volunteer_a).post(rota_url(later_session), {"role": "children"})
    page = client_for(coordinator_a).get(rota_url(later_session)).content.decode()
    assert "volunteer.a@example.org" in page and "Je viens : enfants" in page


def test_withdrawing_cancels_the_reminder(client_for, volunteer_a, later_session):
    client = client_for(volunteer_a)
    client.post(rota_url(later_session), {"role": "interview"})
    client.post(rota_url(later_session), {"role": "reception"})
    first, second = RotaSlot.objects.order_by("pk")
    response = client.post(f"{rota_url(later_session)}{first.pk}/withdraw/", follow=True)
    assert "le rappel est annulé" in response.content.decode()
    assert not RotaSlot.objects.filter(pk=first.pk).exists()
    statuses = dict(Message.objects.values_list("dedupe_key", "status"))
    assert statuses == {
        f"rota:{first.pk}:": MessageStatus.CANCELLED,
        f"rota:{second.pk}:": MessageStatus.PENDING,
    }


def test_reminder_time_is_the_evening_before_or_now_when_that_is_past(later_session):
    start = later_session.start.astimezone(PARIS)
    evening = datetime.combine(start.date() - timedelta(days=1), time(18), tzinfo=PARIS)
    assert later_session.reminder_time(evening - timedelta(days=3)) == evening
    late = evening + timedelta(hours=3)
    assert later_session.reminder_time(late) == late


def test_no_reminder_for_a_session_already_begun(client_for, volunteer_a, session_a):
    client_for(volunteer_a).post(rota_url(session_a), {"role": "reception"})
    assert RotaSlot.objects.count() == 1 and Message.objects.count() == 0
