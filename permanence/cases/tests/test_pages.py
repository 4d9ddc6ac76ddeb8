"""Creating people and cases, the timeline, conflicts and double submissions."""

import uuid

from permanence.cases.models import Case, Entry, Person

PERSON = {
    "name": "Youssouf Traoré",
    "spellings": "Yusuf Traore\nيوسف",
    "birth_date": "1995-03-01",
    "birth_precision": "year",
    "nationalities": "Mali",
    "languages": ["fr", "bm"],
    "phone": "07 45 29 68 08",
    "phone_safe": "on",
    "preferred": "whatsapp",
    "consent_language": "fr",
    "situation": "undocumented",
}


def test_volunteer_creates_a_person_once_even_when_submitted_twice(
    client_for, volunteer_a, group_a
):
    client = client_for(volunteer_a)
    token = str(uuid.uuid4())
    data = {**PERSON, "organisation": group_a.pk, "token": token}
    first = client.post("/people/new/", data)
    second = client.post("/people/new/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    person = Person.objects.get()
    assert person.nationalities == ["ML"] and person.contacts[0]["kind"] == "whatsapp"
    assert person.situations.get().situation == "undocumented"
    assert person.consents.get().information_language == "fr"


def test_probable_duplicate_is_shown_before_creating(client_for, volunteer_a, group_a, person_a):
    client = client_for(volunteer_a)
    data = {
        **PERSON,
        "name": "Mohamed Diallo",
        "birth_date": "1990-01-01",
        "organisation": group_a.pk,
    }
    response = client.post("/people/new/", data)
    assert response.status_code == 200
    assert "déjà une fiche" in response.content.decode()
    assert Person.objects.count() == 1
    response = client.post("/people/new/", {**data, "not_a_duplicate": "on"})
    assert response.status_code == 302 and Person.objects.count() == 2


def test_unknown_country_gets_a_clear_message(client_for, volunteer_a, group_a):
    response = client_for(volunteer_a).post(
        "/people/new/", {**PERSON, "nationalities": "Atlantide", "organisation": group_a.pk}
    )
    assert "Pays inconnu : Atlantide" in response.content.decode()


def test_search_finds_mohammed_by_typing_mohamed(client_for, volunteer_a, person_a):
    body = client_for(volunteer_a).get("/people/", {"q": "mohamed"}).content.decode()
    assert "Mohammed Diallo" in body


def test_case_is_created_once_and_shows_on_the_list(client_for, volunteer_a, person_a):
    client = client_for(volunteer_a)
    data = {"topics": ["asylum_ofpra"], "assignees": [volunteer_a.pk], "token": str(uuid.uuid4())}
    url = f"/cases/new/?person={person_a.pk}"
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    case = Case.objects.get()
    assert "Mohammed Diallo" in client.get("/cases/", {"mine": "on"}).content.decode()
    assert case.entries.count() == 1


def test_contact_and_task_are_added_to_the_timeline(client_for, volunteer_a, case_a):
    client = client_for(volunteer_a)
    url = f"/cases/{case_a.pk}/entries/"
    response = client.post(
        url + "contact/",
        {
            "contact-occurred_at": "2026-11-20T10:00",
            "contact-channel": "desk",
            "contact-duration_minutes": "30",
            "contact-text": "Préparation du récit OFPRA",
        },
    )
    assert response.status_code == 302
    client.post(
        url + "task/",
        {"task-text": "Appeler la SPADA", "task-due": "2026-12-01", "task-task_due": "2026-12-01"},
    )
    case_a.refresh_from_db()
    assert case_a.last_contact_at is not None and str(case_a.next_task_due) == "2026-12-01"
    page = client.get(f"/cases/{case_a.pk}/").content.decode()
    assert "Préparation du récit OFPRA" in page and "Appeler la SPADA" in page
    task = Entry.objects.get(kind="task")
    client.post(f"/cases/{case_a.pk}/tasks/{task.pk}/done/")
    case_a.refresh_from_db()
    assert case_a.next_task_due is None


def test_invalid_entry_keeps_what_was_typed(client_for, volunteer_a, case_a):
    response = client_for(volunteer_a).post(
        f"/deadlines/cases/{case_a.pk}/decision/",
        {
            "decision-decision_type": "oqtf",
            "decision-decision_taken_on": "2026-11-20",
            "decision-decision_notified_at": "2026-11-10T10:00",
            "decision-person_situation": "free",
            "decision-text": "Texte à garder",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "ne peut pas précéder" in body and "Texte à garder" in body
    assert not Entry.objects.filter(kind="decision").exists()


def test_stale_person_edit_shows_both_versions(client_for, volunteer_a, person_a):
    client = client_for(volunteer_a)
    base = {"name": "Mohammed Diallo", "birth_precision": "exact", "version": 1}
    assert (
        client.post(f"/people/{person_a.pk}/edit/", {**base, "notes": "Camille"}).status_code == 302
    )
    response = client.post(f"/people/{person_a.pk}/edit/", {**base, "notes": "Dominique"})
    body = response.content.decode()
    assert response.status_code == 200 and "Camille" in body and "Dominique" in body
    person_a.refresh_from_db()
    assert person_a.notes == "Camille"


def test_stale_case_edit_is_refused(client_for, volunteer_a, case_a):
    client = client_for(volunteer_a)
    data = {"topics": ["dublin"], "status": "open", "version": 1}
    assert client.post(f"/cases/{case_a.pk}/edit/", data).status_code == 302
    response = client.post(f"/cases/{case_a.pk}/edit/", {**data, "topics": ["visa"]})
    assert "Conflit de modification" in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.topics == ["dublin"]


def test_closing_a_case_needs_an_outcome(client_for, volunteer_a, case_a):
    response = client_for(volunteer_a).post(
        f"/cases/{case_a.pk}/edit/", {"topics": ["dublin"], "status": "closed", "version": 1}
    )
    assert response.status_code == 200
    assert "Indiquez l’issue" in response.content.decode()


def test_case_list_query_count_is_bounded(
    client_for, volunteer_a, group_a, django_assert_max_num_queries
):
    for n in range(30):
        person = Person.objects.create(organisation=group_a, name=f"P{n}")
        case = Case.objects.create(person=person, organisation=group_a, topics=["visa"])
        case.assignees.add(volunteer_a)
    client = client_for(volunteer_a)
    with django_assert_max_num_queries(14):
        assert client.get("/cases/").status_code == 200


def test_situation_consent_and_household_are_added_from_the_person_page(
    client_for, volunteer_a, person_a, group_a
):
    from permanence.cases.models import HouseholdLink

    client = client_for(volunteer_a)
    url = f"/people/{person_a.pk}/add/"
    assert (
        client.post(
            url + "situation/",
            {"situation": "receipt", "valid_from": "2026-10-01", "expires_on": "2027-01-01"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            url + "consent/",
            {"scope": "contact", "given": "on", "method": "oral", "information_language": "ar"},
        ).status_code
        == 302
    )
    child = Person.objects.create(organisation=group_a, name="Enfant")
    assert (
        client.post(url + "household/", {"relative": child.pk, "relation": "child"}).status_code
        == 302
    )
    assert person_a.situations.filter(situation="receipt").exists()
    assert person_a.consents.filter(scope="contact", information_language="ar").exists()
    assert HouseholdLink.objects.get(person=child, relative=person_a).relation == "parent"


def test_household_link_to_someone_of_another_group_is_404(
    client_for, volunteer_a, person_a, group_b
):
    other = Person.objects.create(organisation=group_b, name="Autre")
    response = client_for(volunteer_a).post(
        f"/people/{person_a.pk}/add/household/", {"relative": other.pk, "relation": "child"}
    )
    assert response.status_code == 404
