"""Creating people and cases, the timeline, conflicts and double submissions."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from permanence.cases.models import Case, Entry, Person
from permanence.cases.vocab import CaseTopic
from permanence.deadlines.models import Deadline

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
    listing = client.get("/cases/", {"mine": "on"}).content.decode()
    assert "Mohammed Diallo" in listing
    # The topic by its label, not its code.
    assert f"</span>{CaseTopic.ASYLUM_OFPRA.label}</td>" in listing
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


def test_case_list_and_deadline_board_load_no_encrypted_detail_but_the_name(
    client_for, volunteer_a, group_a
):
    """A list shows the person's name: their notes, contacts, identifiers… are neither read
    from the database nor decrypted (a decryption per row and field: 10% of the case list)."""
    person = Person.objects.create(
        organisation=group_a, name="Amadou K.", notes="confidential", contacts=[]
    )
    case = Case.objects.create(person=person, organisation=group_a, topics=["oqtf"])
    entry = Entry.objects.create(
        case=case,
        kind="decision",
        decision_type="oqtf",
        decision_notified_at=timezone.now(),
        person_situation="free",
        text="confidential summary",
    )
    Deadline.objects.create(
        entry=entry,
        case=case,
        rule_code="oqtf-free",
        safe_deadline=timezone.now() + timedelta(days=10),
        legal_deadline=timezone.now() + timedelta(days=11),
        explanation="…",
        confidence="high",
    )
    client = client_for(volunteer_a)
    for url in ("/cases/", "/deadlines/"):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        assert page.status_code == 200
        joined = [q["sql"] for q in captured.captured_queries if 'JOIN "cases_person"' in q["sql"]]
        assert len(joined) == 1, url
        assert '"cases_person"."name"' in joined[0], url
        for field in Person.DETAIL_FIELDS:
            assert f'"cases_person"."{field}"' not in joined[0], (url, field)
        assert "Amadou K." in page.content.decode(), url
    assert '"cases_entry"."text"' not in joined[0]


def test_people_lists_load_no_encrypted_field_they_do_not_show(client_for, volunteer_a, group_a):
    from permanence.cases import search

    person = Person.objects.create(
        organisation=group_a, name="Mohammed Diallo", spellings=["محمد"], notes="confidential"
    )
    search.index_people([person])
    client = client_for(volunteer_a)
    for url in ("/people/?q=mohamed", "/people/"):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        assert "Mohammed Diallo" in page.content.decode(), url
        listing = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].startswith('SELECT "cases_person"."id"')
            and '"cases_person"."name"' in q["sql"]
        ]
        assert listing, url
        for field in Person.UNLISTED_FIELDS:
            assert all(f'"cases_person"."{field}"' not in sql for sql in listing), (url, field)
    assert "محمد" in client.get("/people/?q=mohamed").content.decode()  # the spellings, shown


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner without statistics")
def test_case_list_page_is_read_in_index_order(client_for, volunteer_a, group_a):
    """The default order (recent activity) reads the group's cases through case_org_recent,
    with no sort of them all: on PostgreSQL at 10,000 people the page's query went 11 → 2 ms."""
    for n in range(3):
        person = Person.objects.create(organisation=group_a, name=f"P{n}")
        Case.objects.create(person=person, organisation=group_a, topics=["visa"])
    with CaptureQueriesContext(connection) as captured:
        assert client_for(volunteer_a).get("/cases/").status_code == 200
    listing = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('SELECT "cases_case"."id"')
    ]
    assert len(listing) == 1
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + listing[0])
        plan = " | ".join(row[3] for row in cursor.fetchall())
    assert "case_org_recent" in plan, plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_my_cases_lists_a_case_once_when_assigned_and_referent(
    client_for, volunteer_a, coordinator_a, case_a
):
    case_a.assignees.add(coordinator_a)
    case_a.legal_referent = volunteer_a
    case_a.save()
    body = client_for(volunteer_a).get("/cases/", {"mine": "on"}).content.decode()
    assert body.count(f"/cases/{case_a.pk}/") == 1


def _timeline(case, author, desk, count: int) -> None:
    """``count`` entries of every kind on ``case``, with authors, assignees and desks."""
    from datetime import date

    kinds = ["contact", "note", "task", "appointment", "referral", "decision"]
    Entry.objects.bulk_create(
        Entry(
            case=case,
            kind=kinds[n % len(kinds)],
            author=author,
            text=f"Entrée {n}",
            channel="phone" if n % 6 == 0 else "",
            task_due=date(2026, 12, 1) if n % 6 == 2 else None,
            task_assignee=author if n % 6 == 2 else None,
            authority="prefecture" if n % 6 == 3 else "",
            referral_desk=desk if n % 6 == 4 else None,
            referral_status="proposed" if n % 6 == 4 else "",
            referral_changed_by=author if n % 6 == 4 else None,
            referral_changed_at=timezone.now() if n % 6 == 4 else None,
            decision_type="oqtf" if n % 6 == 5 else "",
        )
        for n in range(count)
    )


def _referral_desk(organisation, name: str, place=None):
    from permanence.directory.models import Desk

    return Desk.objects.create(
        organisation=organisation, place=place, name=name, slug=name.lower().replace(" ", "-")
    )


def test_case_page_query_count_does_not_grow_with_entries(
    client_for, volunteer_a, case_a, group_a, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    desk = _referral_desk(group_a, "Accueil de jour", group_a.places.get())
    client = client_for(volunteer_a)
    _timeline(case_a, volunteer_a, desk, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/cases/{case_a.pk}/").status_code == 200
    _timeline(case_a, volunteer_a, desk, 120)
    with django_assert_max_num_queries(min(len(few), 15)):
        body = client.get(f"/cases/{case_a.pk}/?timeline=all").content.decode()
    assert body.count('<li class="entry ') == 122


def test_a_referral_moves_from_proposed_to_done_and_a_stale_change_is_refused(
    client_for, volunteer_a, coordinator_a, case_a, group_a
):
    from permanence.audit.models import Action, AuditEvent

    volunteer_a2 = coordinator_a  # a second member of group A

    desk = _referral_desk(group_a, "PASS du CHU", group_a.places.get())
    referral = Entry.objects.create(
        case=case_a, kind="referral", referral_desk=desk, referral_status="proposed"
    )
    url = f"/cases/{case_a.pk}/referrals/{referral.pk}/status/"
    first, second = client_for(volunteer_a), client_for(volunteer_a2)
    page = first.get(f"/cases/{case_a.pk}/").content.decode()
    assert f'action="{url}"' in page and 'name="seen" value="proposed"' in page
    before = AuditEvent.objects.filter(action=Action.OBJECT_UPDATED).count()

    response = first.post(url, {"status": "accepted", "seen": "proposed"})
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case_a.pk}/#entry-{referral.pk}"
    referral.refresh_from_db()
    assert referral.referral_status == "accepted"
    assert referral.referral_changed_by == volunteer_a and referral.referral_changed_at
    assert AuditEvent.objects.filter(action=Action.OBJECT_UPDATED).count() == before + 1

    # The second volunteer's page still showed « Proposée »: told, and nothing overwritten.
    page = second.post(url, {"status": "refused", "seen": "proposed"}, follow=True)
    body = page.content.decode()
    assert "Quelqu’un a changé le statut de cette orientation entre-temps" in body
    assert "« Acceptée »" in body
    referral.refresh_from_db()
    assert referral.referral_status == "accepted"

    second.post(url, {"status": "done", "seen": "accepted"})
    referral.refresh_from_db()
    assert referral.referral_status == "done" and referral.referral_changed_by == volunteer_a2
    body = second.get(f"/cases/{case_a.pk}/").content.decode()
    assert "changé le" in body and 'value="done" selected' in body

    # Bad input: a clear message, nothing changed, never a 500.
    for data in [{"status": "granted", "seen": "done"}, {}, {"status": "done", "seen": "x" * 50}]:
        response = second.post(url, data, follow=True)
        assert response.status_code == 200
        assert "Choisissez un des statuts proposés" in response.content.decode()
    referral.refresh_from_db()
    assert referral.referral_status == "done"
    # Only referrals: a task's id is not found here.
    task = Entry.objects.create(case=case_a, kind="task", text="Appeler")
    assert first.post(f"/cases/{case_a.pk}/referrals/{task.pk}/status/", {}).status_code == 404


def test_a_task_without_due_date_says_so_on_the_case_page(client_for, volunteer_a, case_a):
    client = client_for(volunteer_a)
    response = client.post(
        f"/cases/{case_a.pk}/entries/task/",
        {"task-text": "Demander le dossier à l’avocate", "task-task_assignee": volunteer_a.pk},
    )
    assert response.status_code == 302
    task = Entry.objects.get(kind="task")
    assert task.task_due is None and task.task_assignee == volunteer_a
    case_a.refresh_from_db()
    assert case_a.next_task_due is None
    page = client.get(f"/cases/{case_a.pk}/").content.decode()
    assert "Demander le dossier à l’avocate</strong> — sans échéance" in page
    assert "pour le " not in page


def test_referral_lists_the_desks_of_the_group_departements_and_remote_ones(
    client_for, volunteer_a, case_a, group_a, group_b
):
    from permanence.orgs.models import Place

    elsewhere = Place.objects.create(
        organisation=group_b,
        name="Local B",
        address="1 place Gambetta",
        postcode="80000",
        commune="Amiens",
        insee_code="80021",
        departement="80",
        school_zone="B",
        latitude="49.8941",
        longitude="2.2958",
    )
    _referral_desk(group_b, "Accueil Lille", group_a.places.get())
    _referral_desk(group_b, "Ligne nationale")
    _referral_desk(group_b, "Accueil Amiens", elsewhere)
    body = (
        client_for(volunteer_a)
        .get(f"/cases/{case_a.pk}/entries/referral/", headers={"HX-Request": "true"})
        .content.decode()
    )
    assert "Accueil Lille" in body and "Ligne nationale" in body
    assert "Accueil Amiens" not in body


def test_case_page_renders_the_contact_form_and_loads_the_others_when_opened(
    client_for, volunteer_a, case_a
):
    """The contact form comes with the page; the others are one GET away, as an htmx fragment
    (when their <details> opens) or as a page of their own without JavaScript."""
    client = client_for(volunteer_a)
    body = client.get(f"/cases/{case_a.pk}/").content.decode()
    assert 'id="form-contact"' in body
    assert 'id="form-task"' not in body
    task_url = f"/cases/{case_a.pk}/entries/task/"
    assert f'hx-get="{task_url}"' in body and f'href="{task_url}"' in body

    fragment = client.get(task_url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith("<form") and 'id="form-task"' in fragment
    assert "<html" not in fragment
    page = client.get(task_url).content.decode()
    assert "<html" in page and 'id="form-task"' in page and f"/cases/{case_a.pk}/" in page
    decision = client.get(f"/cases/{case_a.pk}/entries/decision/").content.decode()
    assert f'action="/deadlines/cases/{case_a.pk}/decision/"' in decision
    assert client.get(f"/cases/{case_a.pk}/entries/nonsense/").status_code == 404


def test_entry_form_of_another_group_is_404(client_for, volunteer_b, case_a):
    for kind in ("task", "contact", "decision"):
        response = client_for(volunteer_b).get(f"/cases/{case_a.pk}/entries/{kind}/")
        assert response.status_code == 404


def test_a_failed_entry_reopens_its_form_with_the_errors_and_keeps_the_text(
    client_for, volunteer_a, case_a
):
    response = client_for(volunteer_a).post(
        f"/cases/{case_a.pk}/entries/task/",
        {"task-text": "Appeler la CAF", "task-task_due": "pas une date"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="form-task"' in body and "Appeler la CAF" in body
    assert 'id="form-contact"' in body


def test_person_page_query_count_does_not_grow_with_cases_and_history(
    client_for, volunteer_a, person_a, group_a, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from permanence.cases.models import Consent, HouseholdLink, SituationRecord

    client = client_for(volunteer_a)
    url = f"/people/{person_a.pk}/"
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(8):
        case = Case.objects.create(person=person_a, organisation=group_a, topics=["visa"])
        case.assignees.add(volunteer_a)
        SituationRecord.objects.create(person=person_a, situation="receipt")
        Consent.objects.create(
            person=person_a, scope="record", method="oral", information_language="fr"
        )
        relative = Person.objects.create(organisation=group_a, name=f"Proche {n}")
        HouseholdLink.objects.create(person=person_a, relative=relative, relation="child")
    with django_assert_max_num_queries(min(len(few), 14)):
        body = client.get(url).content.decode()
    assert "Proche 7" in body and body.count("/cases/") >= 8


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


def test_case_page_shows_the_newest_entries_and_the_whole_timeline_on_demand(
    client_for, volunteer_a, case_a
):
    from datetime import timedelta

    from django.utils import timezone

    from permanence.cases.models import Entry
    from permanence.cases.views.cases import TIMELINE_PAGE

    now = timezone.now()
    for n in range(TIMELINE_PAGE + 5):
        Entry.objects.create(
            case=case_a,
            kind="note",
            text=f"Note numéro {n:03}",
            occurred_at=now - timedelta(days=n),
        )
    total = case_a.entries.count()
    client = client_for(volunteer_a)
    body = client.get(f"/cases/{case_a.pk}/").content.decode()
    assert body.count('<li class="entry ') == TIMELINE_PAGE
    assert "Note numéro 000" in body and f"Note numéro {TIMELINE_PAGE + 4:03}" not in body
    assert f'href="/cases/{case_a.pk}/?timeline=all#timeline"' in body
    body = client.get(f"/cases/{case_a.pk}/?timeline=all").content.decode()
    assert body.count('<li class="entry ') == total
    assert f"Note numéro {TIMELINE_PAGE + 4:03}" in body
    assert f'href="/cases/{case_a.pk}/?timeline=all#timeline"' not in body
