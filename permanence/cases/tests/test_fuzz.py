"""Random input on the people and case forms: a page with a message, never a 500."""

import string
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
FIELDS = st.dictionaries(
    st.sampled_from(
        [
            "name",
            "spellings",
            "birth_date",
            "birth_precision",
            "nationalities",
            "languages",
            "phone",
            "email",
            "preferred",
            "id_agdref",
            "organisation",
            "consent_language",
            "situation",
            "token",
            "version",
            "notes",
        ]
    ),
    st.one_of(TEXT, st.text(string.digits + "-T:", max_size=20)),
    max_size=10,
)
ENTRY = st.dictionaries(
    st.sampled_from(
        [
            "contact-occurred_at",
            "contact-channel",
            "contact-duration_minutes",
            "contact-text",
            "task-text",
            "task-task_due",
            "task-task_assignee",
            "referral-referral_desk",
            "referral-referral_status",
            "decision-decision_type",
            "decision-decision_taken_on",
            "decision-decision_notified_at",
            "decision-person_situation",
            "contact-token",
        ]
    ),
    st.one_of(TEXT, st.text(string.digits + "-T:", max_size=20)),
    max_size=8,
)
SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=FIELDS)
def test_person_forms_never_fail(client_for, volunteer_a, person_a, data):
    client = client_for(volunteer_a)
    for url in ["/people/new/", f"/people/{person_a.pk}/edit/"]:
        assert client.post(url, data).status_code in (200, 302, 400)


@SETTINGS
@given(data=ENTRY, kind=st.sampled_from(["contact", "task", "referral", "note", "x"]))
def test_timeline_forms_never_fail(client_for, volunteer_a, case_a, data, kind):
    client = client_for(volunteer_a)
    response = client.post(f"/cases/{case_a.pk}/entries/{kind}/", data)
    assert response.status_code in (302, 400, 404)
    response = client.post(f"/deadlines/cases/{case_a.pk}/decision/", data)
    assert response.status_code in (302, 400)


@SETTINGS
@given(q=TEXT)
def test_people_search_never_fails(client_for, volunteer_a, person_a, q):
    assert client_for(volunteer_a).get("/people/", {"q": q}).status_code == 200


def test_unknown_uuid_is_404(client_for, volunteer_a):
    assert client_for(volunteer_a).get(f"/cases/{uuid.uuid4()}/").status_code == 404


@pytest.mark.parametrize("assignee", [str(2**64), "99999999999999999999", str(-(2**64))])
def test_an_assignee_id_beyond_the_database_integers_is_refused_under_the_field(
    client_for, volunteer_a, case_a, assignee
):
    client = client_for(volunteer_a)
    data = {"topics": ["dublin"], "status": "open", "assignees": [assignee], "version": 1}

    edited = client.post(f"/cases/{case_a.pk}/edit/", data)
    created = client.post(f"/cases/new/?person={case_a.person_id}", data)

    for response in (edited, created):
        assert response.status_code == 200
        assert 'id="id_assignees_error"' in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.topics == ["asylum_ofpra"] and case_a.person.cases.count() == 1
