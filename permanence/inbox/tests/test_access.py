"""Who is refused: every URL of the inbox is 404 outside the user's groups, and for the roles
that do not run a desk (helpline operators, network officers, technical administrators)."""

import pytest

from permanence.inbox.models import Request, State


def urls(request) -> list[tuple[str, str, dict]]:
    base = f"/inbox/{request.pk}/"
    return [
        ("get", base, {}),
        ("post", f"{base}take/", {}),
        ("post", f"{base}state/", {"action": "close", "version": request.version}),
        ("post", f"{base}notes/", {"text": "Intrus"}),
        ("get", f"{base}case/", {}),
        ("post", f"{base}case/", {"new_name": "X", "summary": "X", "version": 1}),
    ]


def test_volunteer_of_other_group_gets_404_on_every_url_of_the_request(
    client_for, volunteer_b, request_a
):
    client = client_for(volunteer_b)
    for method, url, data in urls(request_a):
        assert getattr(client, method)(url, data).status_code == 404, url
    request_a.refresh_from_db()
    assert request_a.state == State.NEW and request_a.notes.count() == 0
    assert request_a.owner is None


def test_volunteer_of_other_group_does_not_see_the_request_in_the_list(
    client_for, volunteer_b, request_a, request_b
):
    page = client_for(volunteer_b).get("/inbox/", {"state": "all"}).content.decode()
    assert "Boris" in page and "Amina" not in page and str(request_a.pk) not in page


@pytest.mark.parametrize("who", ["helpline_operator", "network_officer", "tech_admin"])
def test_roles_that_do_not_run_a_desk_get_404_everywhere(client_for, request, request_a, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/inbox/").status_code == 404
    assert client.get("/inbox/new/").status_code == 404
    assert client.post("/inbox/new/", {"channel": "phone", "text": "x"}).status_code == 404
    for method, url, data in urls(request_a):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert Request.objects.count() == 1


def test_anonymous_visitor_is_sent_to_sign_in(client, request_a):
    for url in ("/inbox/", "/inbox/new/", f"/inbox/{request_a.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_malformed_or_unknown_id_is_404(client_for, volunteer_a, request_a):
    client = client_for(volunteer_a)
    assert client.get("/inbox/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/inbox/not-a-uuid/").status_code == 404
