"""The inbox page: the group's requests, newest first, filters, the htmx partial, query counts."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from permanence.audit.models import Action, AuditEvent
from permanence.inbox.models import Request, State
from permanence.inbox.tests.conftest import make_request

HTMX = {"HX-Request": "true"}


def names_in(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/inbox/[^"]+/"><span dir="auto">([^<]+)</span>', page)


def test_the_list_shows_the_groups_open_requests_newest_first(
    client_for, volunteer_a, group_a, desk_a
):
    now = timezone.now()
    make_request(group_a, desk_a, name="Ancienne", received_at=now - timedelta(days=3))
    make_request(group_a, desk_a, name="Récente", received_at=now - timedelta(hours=1))
    make_request(group_a, desk_a, name="Close", state=State.CLOSED)
    response = client_for(volunteer_a).get("/inbox/")
    page = response.content.decode()
    assert response.status_code == 200
    assert names_in(page) == ["Récente", "Ancienne"]
    assert "2 nouvelles" in page and "Mon récépissé expire le 3 mars" in page
    assert AuditEvent.objects.filter(
        action=Action.OBJECT_LISTED, object_type="inbox.request", object_id=""
    ).exists()


def test_filters_by_state_and_owner(client_for, volunteer_a, volunteer_a2, group_a, desk_a):
    make_request(group_a, desk_a, name="Nouvelle")
    make_request(group_a, desk_a, name="Mienne", state=State.ASSIGNED, owner=volunteer_a)
    make_request(group_a, desk_a, name="Sienne", state=State.ASSIGNED, owner=volunteer_a2)
    make_request(group_a, desk_a, name="Répondue", state=State.ANSWERED, owner=volunteer_a)
    client = client_for(volunteer_a)

    def shown(**params) -> set[str]:
        return set(names_in(client.get("/inbox/", params).content.decode()))

    assert shown() == {"Nouvelle", "Mienne", "Sienne"}
    assert shown(owner="mine") == {"Mienne"}
    assert shown(owner="unassigned") == {"Nouvelle"}
    assert shown(state="answered") == {"Répondue"}
    assert shown(state="all", owner="mine") == {"Mienne", "Répondue"}
    assert shown(state="nonsense") == {"Nouvelle", "Mienne", "Sienne"}


def test_the_htmx_partial_is_the_same_list_as_a_fresh_load(
    client_for, volunteer_a, group_a, desk_a
):
    make_request(group_a, desk_a, name="Nouvelle")
    make_request(group_a, desk_a, name="Mienne", state=State.ASSIGNED, owner=volunteer_a)
    client = client_for(volunteer_a)
    partial = client.get("/inbox/", {"owner": "mine"}, headers=HTMX).content.decode()
    full = client.get("/inbox/", {"owner": "mine"}).content.decode()
    assert partial.strip().startswith('<section id="results"')
    assert "<html" not in partial
    section = re.search(r'<section id="results".*?</section>', full, re.S)[0]
    assert section.strip() == partial.strip()


def test_the_query_count_of_the_list_does_not_grow_with_requests(
    client_for, volunteer_a, volunteer_a2, group_a, desk_a
):
    client = client_for(volunteer_a)
    for n in range(5):
        make_request(group_a, desk_a, name=f"P{n}", owner=volunteer_a2, state=State.ASSIGNED)
    client.get("/inbox/")  # the session and caches warm up
    with CaptureQueriesContext(connection) as few:
        assert client.get("/inbox/", {"state": "all"}).status_code == 200
    for n in range(45):
        make_request(group_a, desk_a, name=f"Q{n}", owner=volunteer_a2, state=State.ASSIGNED)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/inbox/", {"state": "all"}).content.decode()
    assert len(names_in(page)) == 50 == Request.objects.count()
    assert len(many) == len(few) <= 10, [q["sql"] for q in many.captured_queries]


def test_more_than_fifty_requests_are_paged_keeping_the_filters(
    client_for, volunteer_a, group_a, desk_a
):
    Request.objects.bulk_create(
        Request(organisation=group_a, desk=desk_a, channel="sms", text=f"Demande {n}")
        for n in range(55)
    )
    page = client_for(volunteer_a).get("/inbox/", {"state": "new"}).content.decode()
    assert "Page 1 sur 2" in page and "?state=new&amp;page=2" in page
