"""The live board: registering arrivals, moving them along, the htmx partial, query counts."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from permanence.audit.models import Action, AuditEvent
from permanence.reception.models import (
    LONG_WAIT_MINUTES,
    Arrival,
    ArrivalStatus,
    board_name,
    minutes_label,
)
from permanence.reception.tests.conftest import arrive

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
HTMX = {"HX-Request": "true"}


def board_url(session) -> str:
    return f"/reception/sessions/{session.pk}/"


def test_volunteer_of_other_group_gets_404_on_the_board_and_its_actions(
    client_for, volunteer_b, session_a, amina
):
    client = client_for(volunteer_b)
    assert client.get(board_url(session_a)).status_code == 404
    assert client.get(board_url(session_a), headers=HTMX).status_code == 404
    form = {"first_name": "Intrus", "reason": "other", "children": 0}
    assert client.post(f"{board_url(session_a)}arrivals/", form).status_code == 404
    assert client.post(f"/reception/arrivals/{amina.pk}/take/", {"room": "1"}).status_code == 404
    assert (
        client.post(f"/reception/arrivals/{amina.pk}/status/", {"status": "left"}).status_code
        == 404
    )
    amina.refresh_from_db()
    assert amina.status == ArrivalStatus.WAITING and Arrival.objects.count() == 1


def test_anonymous_visitor_is_sent_to_sign_in(client, session_a):
    response = client.get(board_url(session_a))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_reception_registers_an_arrival_and_the_form_comes_back_empty(
    client_for, volunteer_a, session_a
):
    client = client_for(volunteer_a)
    response = client.post(
        f"{board_url(session_a)}arrivals/",
        {
            "first_name": "  Fatoumata  ",
            "language": "wo",
            "reason": "health",
            "reason_note": "AME",
            "children": "2",
            "interpreter_needed": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    arrival = Arrival.objects.get()
    assert (arrival.first_name, arrival.language, arrival.reason, arrival.reason_note) == (
        "Fatoumata",
        "wo",
        "health",
        "AME",
    )
    assert arrival.children == 2 and arrival.interpreter_needed
    assert arrival.status == ArrivalStatus.WAITING and arrival.created_by == volunteer_a
    page = response.content.decode()
    assert "Fatoumata est en attente." in page
    first_name = re.search(r'<input[^>]*name="first_name"[^>]*>', page)[0]
    assert "autofocus" in first_name and "value=" not in first_name
    event = AuditEvent.objects.get(action=Action.OBJECT_CREATED)
    assert (
        event.object_id == str(arrival.pk)
        and event.organisation_id == session_a.desk.organisation_id
    )


def test_the_same_form_sent_twice_registers_one_arrival(client_for, volunteer_a, session_a):
    client = client_for(volunteer_a)
    form = {"first_name": "Amina", "reason": "asylum", "children": 0, "token": "0" * 32}
    client.post(f"{board_url(session_a)}arrivals/", form)
    client.post(f"{board_url(session_a)}arrivals/", form)
    assert Arrival.objects.count() == 1


def test_a_full_name_is_kept_as_a_first_name_and_initials():
    assert board_name("Amina Diallo Bâ") == "Amina D. B."
    assert board_name("A. D.") == "A. D."
    assert board_name("  ") == ""


def test_the_board_never_shows_a_full_name(client_for, volunteer_a, session_a):
    client = client_for(volunteer_a)
    client.post(
        f"{board_url(session_a)}arrivals/",
        {"first_name": "Amina Diallo", "reason": "asylum", "children": 0},
    )
    page = client.get(board_url(session_a)).content.decode()
    assert "Amina D." in page and "Diallo" not in page


def test_invalid_arrival_is_refused_with_the_typed_values_kept(client_for, volunteer_a, session_a):
    response = client_for(volunteer_a).post(
        f"{board_url(session_a)}arrivals/", {"first_name": "", "children": "-1", "reason": "x"}
    )
    assert response.status_code == 400 and Arrival.objects.count() == 0


def test_waiting_time_is_shown_and_computed(client_for, volunteer_a, session_a, amina):
    page = client_for(volunteer_a).get(board_url(session_a)).content.decode()
    assert "attend depuis 25 min" in page
    assert amina.waited_minutes(amina.arrived_at + timedelta(minutes=70)) == 70
    assert minutes_label(70) == "1 h 10"
    amina.interview_started_at = amina.arrived_at + timedelta(minutes=12)
    assert amina.waited_minutes() == 12  # the wait ends when the interview begins


def test_a_long_wait_is_flagged_on_the_board(client_for, volunteer_a, session_a, amina):
    arrive(session_a, "Karim", minutes_ago=LONG_WAIT_MINUTES)
    page = client_for(volunteer_a).get(board_url(session_a)).content.decode()
    assert page.count("longue attente") == 1
    cards = re.findall(r'class="card arrival arrival-waiting([^"]*)"[^>]*>\s*<h3[^>]*>(\w+)', page)
    assert sorted(cards) == [("", "Amina"), (" arrival-long-wait", "Karim")]
    amina.interview_started_at = amina.arrived_at + timedelta(minutes=LONG_WAIT_MINUTES + 5)
    amina.status = ArrivalStatus.IN_INTERVIEW
    assert not amina.waits_long  # seen, however long it took


def test_status_transitions_take_then_done(client_for, volunteer_a, amina):
    client = client_for(volunteer_a)
    client.post(f"/reception/arrivals/{amina.pk}/take/", {"room": "Salle 2"})
    amina.refresh_from_db()
    assert amina.status == ArrivalStatus.IN_INTERVIEW and amina.volunteer == volunteer_a
    assert amina.room == "Salle 2" and amina.interview_started_at is not None
    page = client.get(board_url(amina.session)).content.decode()
    assert "salle Salle 2" in page and "Terminé" in page
    client.post(f"/reception/arrivals/{amina.pk}/status/", {"status": "done"})
    amina.refresh_from_db()
    assert amina.status == ArrivalStatus.DONE and amina.ended_at is not None
    assert amina.version == 3


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("waiting", "left", True),
        ("waiting", "redirected", True),
        ("waiting", "done", False),
        ("in_interview", "done", True),
        ("in_interview", "redirected", True),
        ("in_interview", "left", False),
        ("done", "left", False),
        ("left", "redirected", False),
    ],
)
def test_only_allowed_transitions_change_the_status(
    client_for, volunteer_a, amina, start, target, allowed
):
    Arrival.objects.filter(pk=amina.pk).update(status=start)
    response = client_for(volunteer_a).post(
        f"/reception/arrivals/{amina.pk}/status/", {"status": target}, follow=True
    )
    amina.refresh_from_db()
    assert amina.status == (target if allowed else start)
    if not allowed:
        assert "Rien n’a changé" in response.content.decode()


def test_unknown_status_is_404(client_for, volunteer_a, amina):
    client = client_for(volunteer_a)
    assert (
        client.post(f"/reception/arrivals/{amina.pk}/status/", {"status": "x"}).status_code == 404
    )


def test_changes_are_audited_with_ids_only(client_for, volunteer_a, amina):
    client = client_for(volunteer_a)
    client.post(f"/reception/arrivals/{amina.pk}/take/", {"room": "1"})
    client.post(f"/reception/arrivals/{amina.pk}/status/", {"status": "done"})
    events = AuditEvent.objects.filter(action=Action.OBJECT_UPDATED, object_id=str(amina.pk))
    assert events.count() == 2
    for event in AuditEvent.objects.all():
        assert "Amina" not in " ".join(str(value) for value in vars(event).values())


def test_htmx_poll_returns_the_board_section_of_a_fresh_load(
    client_for, volunteer_a, session_a, amina
):
    arrive(session_a, "Yonas", minutes_ago=5, language="ti", interpreter_needed=True)
    taken = arrive(session_a, "Olena", minutes_ago=40)
    client = client_for(volunteer_a)
    client.post(f"/reception/arrivals/{taken.pk}/take/", {"room": "B"})
    full = client.get(board_url(session_a)).content.decode()
    partial = client.get(board_url(session_a), headers=HTMX).content.decode()
    assert partial.strip().startswith('<section id="board"')
    assert 'hx-trigger="every 10s"' in partial and f'hx-get="{board_url(session_a)}"' in partial
    assert "<html" not in partial and 'name="first_name"' not in partial
    assert CSRF.sub("", partial.strip()) in CSRF.sub("", full)


def test_a_poll_is_not_audited_again(client_for, volunteer_a, session_a, amina):
    client = client_for(volunteer_a)
    client.get(board_url(session_a))
    client.get(board_url(session_a), headers=HTMX)
    assert AuditEvent.objects.filter(action=Action.OBJECT_LISTED).count() == 1


def test_board_queries_are_bounded_with_60_arrivals(
    client_for, volunteer_a, volunteer_a2, session_a, django_assert_max_num_queries
):
    now = timezone.now()
    Arrival.objects.bulk_create(
        Arrival(
            session=session_a,
            first_name=f"Personne {i}",
            reason="asylum",
            arrived_at=now - timedelta(minutes=i),
            status=["waiting", "in_interview", "done"][i % 3],
            volunteer=[None, volunteer_a2, volunteer_a][i % 3],
            interview_started_at=None if i % 3 == 0 else now,
        )
        for i in range(60)
    )
    client = client_for(volunteer_a)
    client.get(board_url(session_a))  # warm the session
    with django_assert_max_num_queries(13):
        page = client.get(board_url(session_a)).content.decode()
    assert page.count('class="card arrival') == 60
    with django_assert_max_num_queries(8):
        assert client.get(board_url(session_a), headers=HTMX).status_code == 200


def test_a_closed_session_takes_no_more_arrivals(client_for, volunteer_a, session_a):
    session_a.closed_at = timezone.now()
    session_a.save()
    client = client_for(volunteer_a)
    page = client.get(board_url(session_a)).content.decode()
    assert 'name="first_name"' not in page and "every 10s" not in page
    response = client.post(
        f"{board_url(session_a)}arrivals/", {"first_name": "Tard", "reason": "other", "children": 0}
    )
    assert response.status_code == 400 and Arrival.objects.count() == 0


def test_status_reason_and_language_labels_are_in_the_active_language(amina):
    assert (amina.get_status_display(), amina.get_reason_display()) == ("En attente", "Asile")
    assert amina.language_label() == "arabe"
    with translation.override("en"):
        assert (amina.get_status_display(), amina.get_reason_display()) == ("Pending", "Asylum")
        assert amina.language_label() == "Arabic"
    amina.language = "xx"
    assert amina.language_label() == "xx"  # a code the vocabulary does not know stays as it is


def test_the_first_name_hint_is_read_with_the_field(client_for, volunteer_a, session_a):
    page = client_for(volunteer_a).get(board_url(session_a)).content.decode()
    described = re.search(r'<input[^>]*name="first_name"[^>]*aria-describedby="([^"]+)"', page)
    assert described, "the first name field points to its hint"
    hint = re.search(rf'id="{described.group(1)}"[^>]*>([^<]+)<', page)
    assert hint and "jamais le nom complet" in hint.group(1)
    assert "<h1><bdi>" in page  # the desk name isolated from the date in any direction
