"""The reception's lists show the user's groups only; every URL naming a session, an arrival or
a rota slot is checked against outsiders by tests/test_url_scoping.py."""

import pytest

from permanence.reception.models import Arrival


@pytest.mark.parametrize(
    "who", ["volunteer_b", "helpline_operator", "network_officer", "tech_admin"]
)
def test_outsiders_do_not_see_the_group_s_sessions_or_call_backs(request, client_for, amina, who):
    Arrival.objects.filter(pk=amina.pk).update(status="left", call_back=True)
    client = client_for(request.getfixturevalue(who))
    assert "Permanence A" not in client.get("/reception/").content.decode()
    assert "Amina" not in client.get("/reception/callbacks/").content.decode()


def test_members_of_the_group_see_its_call_backs(client_for, coordinator_a, amina):
    Arrival.objects.filter(pk=amina.pk).update(status="left", call_back=True)
    client = client_for(coordinator_a)
    assert client.get("/reception/").status_code == 200
    assert "Amina" in client.get("/reception/callbacks/").content.decode()


def test_malformed_ids_are_404(client_for, volunteer_a):
    client = client_for(volunteer_a)
    assert client.get("/reception/arrivals/not-a-uuid/link/").status_code == 404
    assert client.get("/reception/sessions/0/").status_code == 404
