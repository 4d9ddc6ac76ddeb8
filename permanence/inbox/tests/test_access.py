"""Who is refused: the inbox and its form are 404 for the roles that do not run a desk (helpline
operators, network officers, technical administrators), and lists show the user's groups only.
Every URL naming a request is checked against outsiders by tests/test_url_scoping.py."""

import pytest

from permanence.inbox.models import Request


def test_volunteer_of_other_group_does_not_see_the_request_in_the_list(
    client_for, volunteer_b, request_a, request_b
):
    page = client_for(volunteer_b).get("/inbox/", {"state": "all"}).content.decode()
    assert "Boris" in page and "Amina" not in page and str(request_a.pk) not in page


@pytest.mark.parametrize("who", ["helpline_operator", "network_officer", "tech_admin"])
def test_roles_that_do_not_run_a_desk_get_404_on_the_inbox_and_its_form(
    client_for, request, request_a, who
):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/inbox/").status_code == 404
    assert client.get("/inbox/new/").status_code == 404
    assert client.post("/inbox/new/", {"channel": "phone", "text": "x"}).status_code == 404
    assert Request.objects.count() == 1


def test_anonymous_visitor_is_sent_to_sign_in(client, request_a):
    for url in ("/inbox/", "/inbox/new/", f"/inbox/{request_a.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_malformed_or_unknown_id_is_404(client_for, volunteer_a, request_a):
    client = client_for(volunteer_a)
    assert client.get("/inbox/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/inbox/not-a-uuid/").status_code == 404
