"""Every reception URL refuses people outside the desk's group (404), whatever their role."""

import pytest

from permanence.reception.models import Arrival, RotaSlot


def urls(session, arrival, slot):
    base = f"/reception/sessions/{session.pk}"
    return {
        "get": [
            f"{base}/",
            f"{base}/summary/",
            f"{base}/rota/",
            f"/reception/arrivals/{arrival.pk}/link/",
        ],
        "post": [
            f"{base}/arrivals/",
            f"{base}/close/",
            f"{base}/rota/",
            f"{base}/rota/{slot.pk}/withdraw/",
            f"/reception/arrivals/{arrival.pk}/take/",
            f"/reception/arrivals/{arrival.pk}/status/",
            f"/reception/arrivals/{arrival.pk}/link/",
            f"/reception/arrivals/{arrival.pk}/called-back/",
        ],
    }


@pytest.mark.parametrize(
    "who", ["volunteer_b", "helpline_operator", "network_officer", "tech_admin"]
)
def test_outsiders_get_404_everywhere_and_change_nothing(
    request, client_for, volunteer_a, session_a, amina, who
):
    slot = RotaSlot.objects.create(session=session_a, user=volunteer_a, role="reception")
    client = client_for(request.getfixturevalue(who))
    every = urls(session_a, amina, slot)
    for url in every["get"]:
        assert client.get(url).status_code == 404, url
    for url in every["post"]:
        data = {"status": "left", "role": "interview", "first_name": "X", "children": 0}
        assert client.post(url, data).status_code == 404, url
    amina.refresh_from_db()
    session_a.refresh_from_db()
    assert amina.status == "waiting" and Arrival.objects.count() == 1
    assert session_a.closed_at is None and RotaSlot.objects.count() == 1
    page = client.get("/reception/").content.decode()
    assert "Permanence A" not in page
    assert "Amina" not in client.get("/reception/callbacks/").content.decode()


def test_members_of_the_group_open_every_page(client_for, coordinator_a, session_a, amina):
    client = client_for(coordinator_a)
    for url in [
        "/reception/",
        "/reception/callbacks/",
        f"/reception/sessions/{session_a.pk}/",
        f"/reception/sessions/{session_a.pk}/summary/",
        f"/reception/sessions/{session_a.pk}/rota/",
        f"/reception/arrivals/{amina.pk}/link/",
    ]:
        assert client.get(url).status_code == 200, url


def test_malformed_ids_are_404(client_for, volunteer_a):
    client = client_for(volunteer_a)
    assert client.get("/reception/arrivals/not-a-uuid/link/").status_code == 404
    assert client.get("/reception/sessions/0/").status_code == 404
