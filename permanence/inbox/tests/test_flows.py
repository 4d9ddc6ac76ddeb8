"""A request's life: read, taken (by one volunteer only), noted, answered, closed, reopened, or
turned into a case; stale pages change nothing."""

from django.db import connection
from django.test import RequestFactory

from permanence.audit.models import Action, AuditEvent
from permanence.cases.models import Case, Entry, Person
from permanence.inbox import services
from permanence.inbox.models import NoteKind, Request, RequestNote, State
from permanence.inbox.tests.conftest import make_request


def url(request, action: str = "") -> str:
    return f"/inbox/{request.pk}/{action + '/' if action else ''}"


def test_reading_a_request_shows_it_and_writes_an_audit_event_with_ids_only(
    client_for, volunteer_a, request_a
):
    page = client_for(volunteer_a).get(url(request_a)).content.decode()
    assert "Mon récépissé expire le 3 mars" in page and "Amina" in page
    assert 'href="https://wa.me/33612345678"' in page and "+33 6 12 34 56 78" in page
    event = AuditEvent.objects.get(action=Action.OBJECT_READ)
    assert (event.object_type, event.object_id, event.actor) == (
        "inbox.request",
        str(request_a.pk),
        volunteer_a,
    )
    assert event.organisation_id == request_a.organisation_id


def test_a_volunteer_takes_a_request(client_for, volunteer_a, request_a):
    response = client_for(volunteer_a).post(url(request_a, "take"), follow=True)
    assert "Vous vous occupez de cette demande." in response.content.decode()
    request_a.refresh_from_db()
    assert (request_a.state, request_a.owner, request_a.version) == (
        State.ASSIGNED,
        volunteer_a,
        2,
    )
    assert request_a.notes.get().kind == NoteKind.TAKEN


def test_when_two_volunteers_take_at_once_the_second_is_told_who_took_it(
    client_for, volunteer_a, volunteer_a2, request_a
):
    volunteer_a.display_name = "Inès"
    volunteer_a.save()
    first, second = client_for(volunteer_a), client_for(volunteer_a2)
    first.get(url(request_a))
    second.get(url(request_a))  # both pages show "Je m'en occupe"
    first.post(url(request_a, "take"))
    response = second.post(url(request_a, "take"), follow=True)
    assert "Déjà prise en charge par Inès." in response.content.decode()
    request_a.refresh_from_db()
    assert request_a.owner == volunteer_a and request_a.notes.count() == 1


def test_the_take_service_lets_exactly_one_stale_copy_through(volunteer_a, volunteer_a2, request_a):
    copies = [Request.objects.get(pk=request_a.pk) for _n in range(2)]
    outcomes = []
    for copy, user in zip(copies, (volunteer_a, volunteer_a2), strict=True):
        http = RequestFactory().post("/")
        http.user = user
        try:
            services.request_take(help_request=copy, request=http)
            outcomes.append("taken")
        except services.AlreadyTaken as refused:
            outcomes.append(refused.current.owner)
    assert outcomes == ["taken", volunteer_a]


def test_answer_close_and_reopen_keep_a_thread(client_for, volunteer_a, request_a):
    client = client_for(volunteer_a)
    client.post(url(request_a, "take"))
    client.post(url(request_a, "notes"), {"text": "Rappelée, messagerie pleine."})
    client.post(
        url(request_a, "state"),
        {"action": "answer", "version": 2, "note": "Envoyé la liste des pièces par WhatsApp."},
    )
    client.post(url(request_a, "state"), {"action": "close", "version": 3})
    request_a.refresh_from_db()
    assert request_a.state == State.CLOSED and request_a.version == 4
    client.post(url(request_a, "state"), {"action": "reopen", "version": 4})
    request_a.refresh_from_db()
    assert (request_a.state, request_a.owner) == (State.ASSIGNED, volunteer_a)
    thread = [(n.kind, n.text) for n in request_a.notes.all()]
    assert thread == [
        ("taken", ""),
        ("note", "Rappelée, messagerie pleine."),
        ("answered", "Envoyé la liste des pièces par WhatsApp."),
        ("closed", ""),
        ("reopened", ""),
    ]
    page = client.get(url(request_a)).content.decode()
    assert "Rappelée, messagerie pleine." in page and "Rouverte" in page
    assert Request.objects.count() == 1  # nothing is ever deleted


def test_a_stale_page_shows_a_conflict_and_overwrites_nothing(
    client_for, volunteer_a, volunteer_a2, request_a
):
    client_for(volunteer_a2).post(url(request_a, "state"), {"action": "answer", "version": 1})
    response = client_for(volunteer_a).post(
        url(request_a, "state"), {"action": "close", "version": 1, "note": "Pas de réponse."}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Quelqu’un a changé cette demande pendant ce temps" in page and "Répondue" in page
    assert "Pas de réponse." in page  # what was typed is still there
    assert 'name="version" value="2"' in page
    request_a.refresh_from_db()
    assert (request_a.state, request_a.owner, request_a.version) == (
        State.ANSWERED,
        volunteer_a2,
        2,
    )
    assert list(request_a.notes.values_list("kind", flat=True)) == ["answered"]


def test_an_impossible_or_malformed_change_changes_nothing(client_for, volunteer_a, request_a):
    client = client_for(volunteer_a)
    assert client.post(url(request_a, "state"), {"action": "reopen", "version": 1}).status_code == (
        409
    )
    assert client.post(url(request_a, "state"), {"action": "delete", "version": 1}).status_code == (
        400
    )
    assert client.post(url(request_a, "state"), {"action": "close"}).status_code == 400
    assert client.post(url(request_a, "notes"), {"text": "  "}).status_code == 400
    request_a.refresh_from_db()
    assert request_a.state == State.NEW and not request_a.notes.exists()


def test_a_request_becomes_a_case_for_a_new_person(client_for, volunteer_a, request_a):
    client = client_for(volunteer_a)
    page = client.get(url(request_a, "case"), {"new": "1"}).content.decode()
    assert 'value="Amina"' in page and "Demande reçue le" in page
    response = client.post(
        url(request_a, "case"),
        {
            "new_name": "Amina K.",
            "topics": ["residence_renewal"],
            "summary": "Demande par le site : renouvellement, récépissé expire le 3 mars.",
            "version": 1,
        },
    )
    request_a.refresh_from_db()
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert (request_a.state, request_a.case, request_a.owner) == (State.CASE, case, volunteer_a)
    assert case.organisation == request_a.organisation and list(case.assignees.all()) == [
        volunteer_a
    ]
    assert case.topics == ["residence_renewal"]
    person = case.person
    assert person.name == "Amina K." and person.languages == ["ar"]
    assert person.contacts == [
        {"kind": "whatsapp", "value": "+33612345678", "safe": True, "preferred": True}
    ]
    contact = case.entries.get(kind="contact")
    assert contact.channel == "" and contact.occurred_at == request_a.received_at
    assert contact.text.startswith("Demande par le site")
    assert request_a.notes.get().kind == NoteKind.CASE
    detail = client.get(url(request_a)).content.decode()
    assert f'href="/cases/{case.pk}/"' in detail
    again = client.post(
        url(request_a, "case"), {"new_name": "Amina K.", "summary": "x", "version": 2}
    )
    assert again.status_code == 302 and Case.objects.count() == 1 and Person.objects.count() == 1


def test_a_request_becomes_a_case_for_a_person_found_by_the_search(
    client_for, volunteer_a, group_a, desk_a, person_a
):
    request = make_request(group_a, desk_a, name="Mohamed", channel="phone")
    client = client_for(volunteer_a)
    page = client.get(url(request, "case"), {"q": "mohamed diallo"}).content.decode()
    assert "Mohammed Diallo" in page and f"person={person_a.pk}" in page
    assert AuditEvent.objects.filter(action=Action.OBJECT_SEARCHED).exists()
    page = client.get(url(request, "case"), {"person": person_a.pk}).content.decode()
    assert "Nouveau dossier pour Mohammed Diallo" in page
    response = client.post(
        url(request, "case"),
        {"person": person_a.pk, "summary": "Appel : question sur l’OFPRA.", "version": 1},
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.person == person_a and case.topics == ["other"]
    assert case.entries.get(kind="contact").channel == "phone"
    assert Person.objects.count() == 1


def test_people_of_other_groups_cannot_be_picked(
    client_for, volunteer_a, group_b, request_a, person_a
):
    other = Person.objects.create(organisation=group_b, name="Mohammed Diallo")
    client = client_for(volunteer_a)
    assert client.get(url(request_a, "case"), {"person": other.pk}).status_code == 404
    data = {"person": other.pk, "summary": "x", "version": 1}
    assert client.post(url(request_a, "case"), data).status_code == 404
    assert not Case.objects.exists()


def test_a_stale_case_form_keeps_what_was_typed(client_for, volunteer_a, volunteer_a2, request_a):
    client_for(volunteer_a2).post(url(request_a, "take"))
    response = client_for(volunteer_a).post(
        url(request_a, "case"), {"new_name": "Amina", "summary": "Mon résumé", "version": 1}
    )
    page = response.content.decode()
    assert response.status_code == 409 and "Mon résumé" in page
    assert "Quelqu’un a changé cette demande" in page
    assert not Case.objects.exists() and not Person.objects.exists()


def test_closed_requests_and_cases_cannot_become_cases_again(
    client_for, volunteer_a, group_a, case_a
):
    closed = make_request(group_a, state=State.CLOSED)
    response = client_for(volunteer_a).get(url(closed, "case"))
    assert response.status_code == 302 and Case.objects.count() == 1


def test_notes_are_stored_encrypted(client_for, volunteer_a, request_a):
    client_for(volunteer_a).post(url(request_a, "notes"), {"text": "Adresse chez Karim à Roubaix"})
    assert RequestNote.objects.get().text == "Adresse chez Karim à Roubaix"
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM inbox_requestnote")
        (stored,) = cursor.fetchone()
    assert "Karim" not in stored and stored.startswith("pm1$")


def test_the_case_entry_is_written_once_with_its_audit_events(client_for, volunteer_a, request_a):
    client_for(volunteer_a).post(
        url(request_a, "case"), {"new_name": "Amina", "summary": "Résumé", "version": 1}
    )
    assert Entry.objects.filter(kind="contact").count() == 1
    updated = AuditEvent.objects.filter(action=Action.OBJECT_UPDATED, object_type="inbox.request")
    assert updated.get().object_id == str(request_a.pk)
