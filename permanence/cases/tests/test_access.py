"""People, cases and documents: outsiders find nothing in lists, reads are audited, and the
exceptional accesses (breaking the glass, sharing, transfer). Every URL naming a person, a case
or a document is checked against outsiders by tests/test_url_scoping.py."""

import pytest
from django.core.files.base import ContentFile

from permanence.audit.models import Action, AuditEvent
from permanence.cases.models import Document


@pytest.fixture
def document_a(person_a, case_a, settings, tmp_path):
    settings.PERMANENCE_PRIVATE_MEDIA_ROOT = tmp_path
    return Document.objects.create(
        person=person_a,
        case=case_a,
        doc_type="receipt",
        file=ContentFile(b"%PDF-1.4 fake", name="upload"),
        name="recepisse.pdf",
        content_type="application/pdf",
        size=13,
    )


def test_outsiders_do_not_find_people_or_cases_in_lists(client_for, volunteer_b, case_a):
    client = client_for(volunteer_b)
    assert "Mohammed" not in client.get("/people/", {"q": "mohamed"}).content.decode()
    assert "Mohammed" not in client.get("/cases/").content.decode()


def test_malformed_uuid_is_404(client_for, volunteer_a):
    assert client_for(volunteer_a).get("/cases/new/?person=not-a-uuid").status_code == 404


def test_member_reads_and_each_read_is_audited_without_the_data(
    client_for, volunteer_a, case_a, person_a, document_a
):
    client = client_for(volunteer_a)
    for url in [f"/cases/{case_a.pk}/", f"/people/{person_a.pk}/", f"/documents/{document_a.pk}/"]:
        before = AuditEvent.objects.filter(action=Action.OBJECT_READ).count()
        assert client.get(url).status_code == 200, url
        assert AuditEvent.objects.filter(action=Action.OBJECT_READ).count() == before + 1, url
    for event in AuditEvent.objects.all():
        text = " ".join(str(v) for v in vars(event).values())
        assert "Mohammed" not in text and "Diallo" not in text and "Roubaix" not in text


def test_legal_referent_of_region_breaks_the_glass_with_a_reason(
    client_for, region, case_a, coordinator_a
):
    from conftest import make_user
    from permanence.accounts.roles import Role

    referent = make_user("referent.region@example.org", region, Role.LEGAL_REFERENT)
    client = client_for(referent)
    # The case's address leads to the exceptional access, not to the case.
    response = client.get(f"/cases/{case_a.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case_a.pk}/break-glass/"
    assert "Mohammed" not in client.get(response["Location"]).content.decode()
    assert client.post(f"/cases/{case_a.pk}/break-glass/", {"reason": "court"}).status_code == 200
    reason = "Audience au tribunal demain, la bénévole est absente."
    assert client.post(f"/cases/{case_a.pk}/break-glass/", {"reason": reason}).status_code == 302
    assert client.get(f"/cases/{case_a.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.BREAK_GLASS, organisation=case_a.organisation)
    # The group's coordinator sees it on the case and in the audit journal, and is told by
    # e-mail: who, and the case's link, without the reason nor the person's name.
    page = client_for(coordinator_a).get(f"/cases/{case_a.pk}/").content.decode()
    assert reason in page
    from permanence.notifications.models import Message

    notice = Message.objects.get(recipient_user=coordinator_a)
    assert notice.subject == "Accès exceptionnel à un dossier de votre groupe"
    assert str(referent) in notice.body and f"/cases/{case_a.pk}/" in notice.body
    assert reason not in notice.body and "Mohammed" not in notice.body
    assert not Message.objects.filter(recipient_user=referent).exists()


def test_volunteer_cannot_break_the_glass(client_for, volunteer_b, case_a):
    assert client_for(volunteer_b).get(f"/cases/{case_a.pk}/break-glass/").status_code == 404


def test_shared_case_is_readable_by_the_other_group(client_for, volunteer_a, volunteer_b, case_a):
    client = client_for(volunteer_a)
    response = client.post(
        f"/cases/{case_a.pk}/share/",
        {"organisation": volunteer_b.memberships.get().organisation_id, "consent_language": "ar"},
    )
    assert response.status_code == 302
    assert client_for(volunteer_b).get(f"/cases/{case_a.pk}/").status_code == 200
    assert case_a.person.consents.filter(scope="share", information_language="ar").exists()


def test_transfer_moves_the_case_away(client_for, volunteer_a, volunteer_b, case_a):
    client_for(volunteer_a).post(
        f"/cases/{case_a.pk}/share/",
        {
            "organisation": volunteer_b.memberships.get().organisation_id,
            "transfer": "on",
            "consent_language": "fr",
        },
    )
    assert client_for(volunteer_b).get(f"/cases/{case_a.pk}/").status_code == 200
    assert client_for(volunteer_a).get(f"/cases/{case_a.pk}/").status_code == 404
    # The person moved with their only case, and their search tokens with them.
    found = client_for(volunteer_b).get("/people/", {"q": "mohamed"}).content.decode()
    assert "Mohammed Diallo" in found
    assert (
        "Mohammed Diallo"
        not in client_for(volunteer_a).get("/people/", {"q": "mohamed"}).content.decode()
    )


def test_shared_case_and_its_person_are_listed_and_found_by_the_other_group(
    client_for, volunteer_a, volunteer_b, case_a
):
    client_for(volunteer_a).post(
        f"/cases/{case_a.pk}/share/",
        {"organisation": volunteer_b.memberships.get().organisation_id, "consent_language": "fr"},
    )
    client = client_for(volunteer_b)
    assert "Mohammed Diallo" in client.get("/cases/").content.decode()
    assert client.get(f"/people/{case_a.person_id}/").status_code == 200
    assert "Mohammed Diallo" in client.get("/people/", {"q": "mohamed"}).content.decode()


def test_the_cases_reached_from_elsewhere_are_read_once_a_request_and_again_after_an_access(
    client_for, region, case_a, person_a, volunteer_a
):
    """The shares and exceptional accesses are read once per request (people and cases both
    use them); opening an access forgets them, so the case is readable at once."""
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from conftest import make_user
    from permanence.accounts.roles import Role
    from permanence.cases import perms, services

    client = client_for(volunteer_a)
    client.get(f"/people/{person_a.pk}/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/people/{person_a.pk}/").status_code == 200
    reach = [q for q in captured.captured_queries if 'FROM "cases_caseshare"' in q["sql"]]
    assert len(reach) == 1

    referent = make_user("referent.region@example.org", region, Role.LEGAL_REFERENT)
    request = RequestFactory().post("/")
    request.user = referent
    assert not perms.cases_for(referent).filter(pk=case_a.pk).exists()
    services.break_glass_open(case=case_a, reason="Audience demain.", request=request)
    assert perms.cases_for(referent).filter(pk=case_a.pk).exists()
    assert perms.people_for(referent).filter(pk=person_a.pk).exists()


def _share_with_b(client_for, volunteer_a, volunteer_b, case_a):
    response = client_for(volunteer_a).post(
        f"/cases/{case_a.pk}/share/",
        {"organisation": volunteer_b.memberships.get().organisation_id, "consent_language": "fr"},
    )
    assert response.status_code == 302


def test_a_group_a_case_is_shared_with_adds_to_it_but_never_edits_shares_or_transfers_it(
    client_for, volunteer_a, volunteer_b, case_a, group_b
):
    from permanence.cases.models import CaseShare, Entry

    _share_with_b(client_for, volunteer_a, volunteer_b, case_a)
    client = client_for(volunteer_b)
    page = client.get(f"/cases/{case_a.pk}/").content.decode()
    assert f"/cases/{case_a.pk}/edit/" not in page and f"/cases/{case_a.pk}/share/" not in page
    assert "seul ce groupe le modifie, le partage ou le transfère" in page
    # Adding to the timeline: yes.
    added = client.post(
        f"/cases/{case_a.pk}/entries/contact/",
        {
            "contact-occurred_at": "2026-11-20T10:00",
            "contact-channel": "phone",
            "contact-text": "Appel du groupe B.",
        },
    )
    assert added.status_code == 302
    assert [e.text for e in Entry.objects.filter(case=case_a)] == ["Appel du groupe B."]
    # Editing, re-sharing, transferring: sent back to the case, told why, nothing changed.
    version = case_a.version
    for method, url, data in [
        ("get", f"/cases/{case_a.pk}/edit/", {}),
        ("post", f"/cases/{case_a.pk}/edit/", {"topics": ["dublin"], "version": version}),
        ("get", f"/cases/{case_a.pk}/share/", {}),
        ("post", f"/cases/{case_a.pk}/share/", {"organisation": group_b.pk, "transfer": "on",
                                                 "consent_language": "fr"}),
    ]:  # fmt: skip
        response = getattr(client, method)(url, data, follow=True)
        assert response.redirect_chain == [(f"/cases/{case_a.pk}/", 302)], url
        assert "Seul le groupe « Groupe A » peut modifier ce dossier" in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.organisation.name == "Groupe A" and case_a.topics == ["asylum_ofpra"]
    assert case_a.version == version
    assert list(CaseShare.objects.values_list("organisation_id", flat=True)) == [group_b.pk]
    # The person: readable, not editable by group B.
    person = f"/people/{case_a.person_id}/"
    page = client.get(person).content.decode()
    assert f"{person}edit/" not in page and f"{person}add/consent/" not in page
    for url, data in [
        (f"{person}edit/", {}),
        (
            f"{person}add/consent/",
            {"scope": "contact", "method": "oral", "information_language": "ar"},
        ),
    ]:
        response = client.post(url, data, follow=True)
        assert response.redirect_chain == [(person, 302)], url
        assert "Seul le groupe « Groupe A » peut modifier cette fiche." in response.content.decode()
    assert not case_a.person.consents.filter(scope="contact").exists()
    # Group A still does all of it.
    page = client_for(volunteer_a).get(f"/cases/{case_a.pk}/").content.decode()
    assert f"/cases/{case_a.pk}/edit/" in page


def test_a_referent_who_broke_the_glass_adds_to_the_timeline_but_does_not_edit_the_case(
    client_for, region, case_a
):
    from conftest import make_user
    from permanence.accounts.roles import Role

    referent = make_user("referent.region@example.org", region, Role.LEGAL_REFERENT)
    client = client_for(referent)
    reason = "Audience au tribunal administratif demain matin, bénévole absente."
    client.post(f"/cases/{case_a.pk}/break-glass/", {"reason": reason})
    assert (
        client.post(
            f"/cases/{case_a.pk}/entries/note/",
            {"note-occurred_at": "2026-11-20T10:00", "note-text": "Mémoire envoyé."},
        ).status_code
        == 302
    )
    response = client.get(f"/cases/{case_a.pk}/edit/", follow=True)
    assert response.redirect_chain == [(f"/cases/{case_a.pk}/", 302)]
