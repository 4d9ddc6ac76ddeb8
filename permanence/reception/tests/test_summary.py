"""End of session: the figures, closing, and the call-back list of the people not seen."""

from datetime import timedelta

from django.utils import timezone

from permanence.audit.models import Action, AuditEvent
from permanence.reception.models import Arrival, ArrivalStatus, SessionSummary
from permanence.reception.tests.conftest import arrive


def a_day(session, volunteer):
    """Two received (waits 10 and 30 min), one redirected, one left, one still waiting."""
    now = timezone.now()
    day = {
        "amina": arrive(session, "Amina", minutes_ago=60, reason="asylum", children=2),
        "yonas": arrive(session, "Yonas", minutes_ago=50, reason="asylum"),
        "olena": arrive(session, "Olena", minutes_ago=40, reason="health"),
        "karim": arrive(session, "Karim", minutes_ago=30, reason="removal", language="ar"),
        "sara": arrive(session, "Sara", minutes_ago=20, reason="residence", language="fa"),
    }
    for name, wait in (("amina", 10), ("yonas", 30)):
        arrival = day[name]
        Arrival.objects.filter(pk=arrival.pk).update(
            status=ArrivalStatus.DONE,
            volunteer=volunteer,
            interview_started_at=arrival.arrived_at + timedelta(minutes=wait),
            ended_at=now,
        )
    Arrival.objects.filter(pk=day["olena"].pk).update(
        status=ArrivalStatus.REDIRECTED, ended_at=day["olena"].arrived_at + timedelta(minutes=5)
    )
    Arrival.objects.filter(pk=day["karim"].pk).update(
        status=ArrivalStatus.LEFT, ended_at=day["karim"].arrived_at + timedelta(minutes=25)
    )
    return day


def test_volunteer_of_other_group_gets_404_on_summary_close_and_call_backs(
    client_for, volunteer_b, volunteer_a, session_a
):
    day = a_day(session_a, volunteer_a)
    client = client_for(volunteer_b)
    assert client.get(f"/reception/sessions/{session_a.pk}/summary/").status_code == 404
    assert client.post(f"/reception/sessions/{session_a.pk}/close/").status_code == 404
    assert client.post(f"/reception/arrivals/{day['karim'].pk}/called-back/").status_code == 404
    session_a.refresh_from_db()
    assert session_a.closed_at is None
    client_for(volunteer_a).post(f"/reception/sessions/{session_a.pk}/close/")
    page = client.get("/reception/callbacks/").content.decode()
    assert "Karim" not in page and "Sara" not in page


def test_summary_figures(volunteer_a, session_a):
    a_day(session_a, volunteer_a)
    arrivals = list(session_a.arrivals.all())
    summary = SessionSummary(arrivals, timezone.now())
    assert (summary.received, summary.redirected, summary.left, summary.waiting) == (2, 1, 1, 1)
    assert summary.children == 2
    assert summary.topics[0][1] == 2 and str(summary.topics[0][0]) == "Asile"
    assert {a.first_name for a in summary.not_seen} == {"Karim", "Sara"}
    # Waits: 10, 30 (received), 5 (redirected), 25 (left), 20 (still waiting) minutes.
    assert summary.max_wait == 30 and summary.average_wait == 18


def test_summary_page_and_closing_puts_the_people_not_seen_on_the_call_back_list(
    client_for, volunteer_a, session_a
):
    day = a_day(session_a, volunteer_a)
    taken = arrive(session_a, "Ali", minutes_ago=15)
    Arrival.objects.filter(pk=taken.pk).update(
        status=ArrivalStatus.IN_INTERVIEW,
        volunteer=volunteer_a,
        interview_started_at=timezone.now(),
    )
    client = client_for(volunteer_a)
    page = client.get(f"/reception/sessions/{session_a.pk}/summary/").content.decode()
    assert "<strong>2</strong> reçu·es" in page and "Clore la permanence" in page
    assert "Karim" in page and "Sara" in page

    response = client.post(f"/reception/sessions/{session_a.pk}/close/", follow=True)
    assert "La permanence est close." in response.content.decode()
    session_a.refresh_from_db()
    assert session_a.closed_at is not None
    sara, karim = (Arrival.objects.get(pk=day[name].pk) for name in ("sara", "karim"))
    assert sara.status == ArrivalStatus.LEFT and sara.call_back and sara.ended_at
    assert karim.call_back
    assert Arrival.objects.get(pk=taken.pk).status == ArrivalStatus.DONE
    assert not Arrival.objects.get(pk=day["amina"].pk).call_back
    changed = AuditEvent.objects.filter(action=Action.OBJECT_UPDATED)
    assert {e.object_id for e in changed} >= {str(sara.pk), str(karim.pk), str(taken.pk)}

    # Closing twice changes nothing more; the call-back list shows the two people not seen.
    client.post(f"/reception/sessions/{session_a.pk}/close/")
    page = client.get("/reception/callbacks/").content.decode()
    assert "Karim" in page and "Sara" in page and "persan" in page and "Amina" not in page


def test_called_back_leaves_the_list(client_for, volunteer_a, session_a):
    day = a_day(session_a, volunteer_a)
    client = client_for(volunteer_a)
    client.post(f"/reception/sessions/{session_a.pk}/close/")
    response = client.post(f"/reception/arrivals/{day['karim'].pk}/called-back/", follow=True)
    assert "Karim a été rappelé·e." in response.content.decode()
    page = client.get("/reception/callbacks/").content.decode()
    assert "Karim" not in page and "Sara" in page
    assert Arrival.objects.get(pk=day["karim"].pk).called_back_at is not None


def test_a_closed_session_refuses_changes(client_for, volunteer_a, session_a, amina):
    client = client_for(volunteer_a)
    client.post(f"/reception/sessions/{session_a.pk}/close/")
    response = client.post(f"/reception/arrivals/{amina.pk}/take/", {"room": "1"}, follow=True)
    assert "n’est plus en attente" in response.content.decode()
    amina.refresh_from_db()
    assert amina.status == ArrivalStatus.LEFT and amina.volunteer is None
