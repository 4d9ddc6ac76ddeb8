"""Two volunteers cannot take the same person: one wins, the other is told who was quicker."""

import threading
import time

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from permanence.reception import services
from permanence.reception.models import Arrival, ArrivalStatus
from permanence.reception.tests.conftest import arrive


def request_of(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_volunteer_of_other_group_cannot_take(client_for, volunteer_b, amina):
    response = client_for(volunteer_b).post(f"/reception/arrivals/{amina.pk}/take/", {"room": "1"})
    assert response.status_code == 404
    amina.refresh_from_db()
    assert amina.status == ArrivalStatus.WAITING and amina.volunteer is None


def test_the_second_volunteer_gets_already_taken_and_nothing_changes(
    client_for, volunteer_a, volunteer_a2, amina
):
    first, second = client_for(volunteer_a), client_for(volunteer_a2)
    # Both boards show Amina as waiting; both press "Je prends".
    assert "Je prends" in second.get(f"/reception/sessions/{amina.session_id}/").content.decode()
    first.post(f"/reception/arrivals/{amina.pk}/take/", {"room": "Salle A"})
    response = second.post(
        f"/reception/arrivals/{amina.pk}/take/", {"room": "Salle B"}, follow=True
    )
    assert "Déjà pris·e par volunteer.a@example.org." in response.content.decode()
    amina.refresh_from_db()
    assert (amina.status, amina.volunteer, amina.room) == (
        ArrivalStatus.IN_INTERVIEW,
        volunteer_a,
        "Salle A",
    )
    assert amina.version == 2


def test_taking_someone_who_left_says_so(client_for, volunteer_a, amina):
    Arrival.objects.filter(pk=amina.pk).update(status=ArrivalStatus.LEFT)
    response = client_for(volunteer_a).post(f"/reception/arrivals/{amina.pk}/take/", follow=True)
    assert "Amina n’est plus en attente (Parti·e sans être reçu·e)." in response.content.decode()


def test_the_take_is_a_conditional_update(volunteer_a, volunteer_a2, amina):
    stale = Arrival.objects.get(pk=amina.pk)  # what the second volunteer's page was built from
    services.arrival_take(arrival=amina, room="1", request=request_of(volunteer_a))
    with pytest.raises(services.AlreadyTaken) as refused:
        services.arrival_take(arrival=stale, room="2", request=request_of(volunteer_a2))
    assert refused.value.current.volunteer == volunteer_a
    assert Arrival.objects.get(pk=amina.pk).room == "1"


@pytest.mark.django_db(transaction=True)
def test_two_threads_taking_at_once_let_exactly_one_through(desk_a, volunteer_a, volunteer_a2):
    from datetime import timedelta

    from django.utils import timezone

    from permanence.reception.models import DeskSession

    now = timezone.now()
    session = DeskSession.objects.create(desk=desk_a, start=now, end=now + timedelta(hours=3))
    arrival = arrive(session, "Amina")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take(user) -> None:
        barrier.wait(timeout=5)
        try:
            for _attempt in range(50):
                try:
                    services.arrival_take(
                        arrival=arrival, room=user.email, request=request_of(user)
                    )
                except OperationalError as error:
                    # The test database of SQLite (in memory, shared cache) reports a lock at once
                    # instead of waiting as a database file does: try again.
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
                    continue
                outcomes.append("taken")
                return
        except services.AlreadyTaken:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(user,)) for user in (volunteer_a, volunteer_a2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(outcomes) == ["refused", "taken"]
    arrival.refresh_from_db()
    assert arrival.status == ArrivalStatus.IN_INTERVIEW and arrival.room == arrival.volunteer.email
