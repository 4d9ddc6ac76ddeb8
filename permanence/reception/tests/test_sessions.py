"""The list of today's and upcoming sessions: made from the desks' schedules, scoped to groups."""

import re
from datetime import datetime, time, timedelta

from django.utils import timezone

from permanence.directory import schedule
from permanence.directory.models import ExtraSession
from permanence.directory.tests.conftest import weekly_desk_b  # noqa: F401 (fixture)
from permanence.reception.models import DeskSession


def test_volunteer_of_other_group_sees_none_of_its_sessions(
    client_for,
    volunteer_b,
    desk_a,
    weekly_desk_b,  # noqa: F811
):
    ExtraSession.objects.create(desk=desk_a, day=timezone.localdate(), start=time(9), end=time(12))
    page = client_for(volunteer_b).get("/reception/").content.decode()
    assert "Permanence A" not in page and "Ligne B" in page
    assert not DeskSession.objects.filter(desk=desk_a).exists()


def test_list_makes_todays_and_upcoming_sessions_once(
    client_for, volunteer_a, desk_a, django_assert_max_num_queries
):
    today = timezone.localdate()
    ExtraSession.objects.create(desk=desk_a, day=today, start=time(9), end=time(12))
    expected = schedule.sessions_between(desk_a.schedule(), today, today + timedelta(days=14))
    client = client_for(volunteer_a)
    page = client.get("/reception/").content.decode()
    with django_assert_max_num_queries(14):
        client.get("/reception/")
    sessions = list(DeskSession.objects.filter(desk=desk_a))
    assert [(s.start, s.end) for s in sessions] == [(e.start, e.end) for e in expected]
    today_session = sessions[0]
    assert today_session.local_start().date() == today
    assert f'href="/reception/sessions/{today_session.pk}/"' in page
    assert "aujourd’hui 09:00–12:00" in page


def test_board_of_a_listed_session_opens(client_for, volunteer_a, desk_a):
    ExtraSession.objects.create(desk=desk_a, day=timezone.localdate(), start=time(9), end=time(12))
    client = client_for(volunteer_a)
    client.get("/reception/")
    session = DeskSession.objects.filter(desk=desk_a).order_by("start").first()
    assert client.get(f"/reception/sessions/{session.pk}/").status_code == 200
    assert client.get("/reception/sessions/999999/").status_code == 404


def test_sessions_are_listed_in_the_order_they_take_place(client_for, volunteer_a, desk_a):
    """Counting arrivals and volunteers groups the rows, and a grouped query drops the model's
    ordering: the list came in the order the rows were made, not by date."""
    day = timezone.localdate()
    later, sooner = (
        DeskSession.objects.create(
            desk=desk_a,
            start=timezone.make_aware(datetime.combine(day + timedelta(days=days), time(10))),
            end=timezone.make_aware(datetime.combine(day + timedelta(days=days), time(12))),
        )
        for days in (5, 1)
    )
    page = client_for(volunteer_a).get("/reception/").content.decode()
    links = re.findall(r'href="/reception/sessions/(\d+)/"', page)
    assert links.index(str(sooner.pk)) < links.index(str(later.pk))
    starts = [DeskSession.objects.get(pk=pk).start for pk in links]
    assert starts == sorted(starts)
