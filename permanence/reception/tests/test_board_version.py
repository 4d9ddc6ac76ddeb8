"""The board's poll answers 204 while nothing it shows has changed, and the board otherwise."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from permanence.booking.models import AppointmentStatus
from permanence.reception import board as live_board
from permanence.reception.models import Arrival, RotaSlot
from permanence.reception.tests.conftest import appointment_at

HTMX = {"HX-Request": "true"}
VERSION = re.compile(r'<section id="board"[^>]* data-version="([0-9a-f]+)"')


def board_url(session) -> str:
    return f"/reception/sessions/{session.pk}/"


def shown_version(client, session) -> str:
    match = VERSION.search(client.get(board_url(session)).content.decode())
    assert match, "the board carries no version"
    return match.group(1)


def poll(client, session, version):
    return client.get(board_url(session), headers={**HTMX, "X-Board-Version": version})


@pytest.fixture
def board(client_for, volunteer_a, session_a, amina):
    client = client_for(volunteer_a)
    return client, session_a, shown_version(client, session_a)


def test_an_unchanged_board_answers_204_with_nothing_in_it(board, django_assert_max_num_queries):
    client, session, version = board
    # Five queries make any signed-in request (session, user, roles, MFA, groups); then the
    # session and one query of aggregates. Nothing is decrypted or rendered.
    with django_assert_max_num_queries(7):
        response = poll(client, session, version)
    assert response.status_code == 204 and response.content == b""
    changed = poll(client, session, "an-old-version")
    assert changed.status_code == 200
    assert changed.content.decode().strip().startswith('<section id="board"')
    assert f'data-version="{version}"' in changed.content.decode()


def test_a_poll_without_a_version_gets_the_board(board):
    client, session, _version = board
    response = client.get(board_url(session), headers=HTMX)
    assert response.status_code == 200 and b'<section id="board"' in response.content


def test_the_version_header_does_not_open_another_groups_board(client_for, volunteer_b, board):
    _client, session, version = board
    assert poll(client_for(volunteer_b), session, version).status_code == 404


def _new_arrival(client, session, amina, volunteer):
    client.post(
        f"{board_url(session)}arrivals/", {"first_name": "Yonas", "reason": "other", "children": 0}
    )


def _taken(client, session, amina, volunteer):
    client.post(f"/reception/arrivals/{amina.pk}/take/", {"room": "B"})


def _left(client, session, amina, volunteer):
    client.post(f"/reception/arrivals/{amina.pk}/status/", {"status": "left"})


def _case_deleted(client, session, amina, volunteer):
    # A link emptied by a deletion elsewhere (on_delete=SET_NULL bumps no version).
    Arrival.objects.filter(pk=amina.pk).update(case=None)


def _rota_sign_up(client, session, amina, volunteer):
    RotaSlot.objects.create(session=session, user=volunteer, role="reception")


def _booked(client, session, amina, volunteer):
    appointment_at(session, session.start + timedelta(minutes=90), "Olena Koval")


def _closed(client, session, amina, volunteer):
    client.post(f"{board_url(session)}close/")


CHANGES = [_new_arrival, _taken, _left, _case_deleted, _rota_sign_up, _booked, _closed]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__.strip("_"))
def test_every_change_the_board_shows_gives_a_new_version(
    client_for, volunteer_a, session_a, amina, case_a, change
):
    Arrival.objects.filter(pk=amina.pk).update(case=case_a)
    client = client_for(volunteer_a)
    before = shown_version(client, session_a)
    change(client, session_a, amina, volunteer_a)
    response = poll(client, session_a, before)
    assert response.status_code == 200
    after = VERSION.search(response.content.decode())
    assert not after or after.group(1) != before  # a closed board no longer polls


def test_the_rota_and_appointments_changes_are_seen_too(client_for, volunteer_a, session_a):
    client = client_for(volunteer_a)
    appointment = appointment_at(session_a, session_a.start + timedelta(minutes=30))
    slot = RotaSlot.objects.create(session=session_a, user=volunteer_a, role="interview")
    versions = [shown_version(client, session_a)]
    slot.delete()
    versions.append(shown_version(client, session_a))
    appointment.status = AppointmentStatus.CANCELLED
    appointment.status_changed_at = timezone.now()
    appointment.save()
    versions.append(shown_version(client, session_a))
    assert len(set(versions)) == 3


def test_waiting_times_move_on_each_minute_only_while_someone_waits(volunteer_a, session_a, amina):
    now = timezone.now().replace(second=10)
    same_minute = live_board.board_version(session_a, user=volunteer_a, now=now)
    assert same_minute == live_board.board_version(
        session_a, user=volunteer_a, now=now + timedelta(seconds=40)
    )
    next_minute = live_board.board_version(
        session_a, user=volunteer_a, now=now + timedelta(minutes=1)
    )
    assert next_minute != same_minute
    Arrival.objects.filter(pk=amina.pk).update(status="done", version=5)
    done = live_board.board_version(session_a, user=volunteer_a, now=now)
    assert done == live_board.board_version(
        session_a, user=volunteer_a, now=now + timedelta(hours=1)
    )


def test_each_reader_and_language_has_its_own_version(
    client_for, volunteer_a, volunteer_a2, session_a, amina
):
    mine = shown_version(client_for(volunteer_a), session_a)
    theirs = shown_version(client_for(volunteer_a2), session_a)
    assert mine != theirs  # the room a volunteer typed pre-fills their own form
    english = client_for(volunteer_a)
    english.cookies.load({"django_language": "en"})
    assert shown_version(english, session_a) != mine
