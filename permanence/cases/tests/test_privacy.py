"""A person's rights: export (JSON and PDF), erasure and merge — coordinators only, after
re-authentication, each one audited."""

import io
import json
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import RequestFactory
from pypdf import PdfReader

from conftest import make_user
from permanence.accounts.roles import Role
from permanence.audit.models import Action, AuditEvent
from permanence.cases import privacy, search
from permanence.cases.models import (
    Case,
    Consent,
    Document,
    Entry,
    HouseholdLink,
    Person,
    SearchToken,
    SituationRecord,
)


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PERMANENCE_PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def full_file(person_a, case_a, volunteer_a, private_media):
    """Person A with a note, a contact, a situation, a consent and a stored document."""
    Entry.objects.create(case=case_a, kind="note", text="Rendez-vous préfecture à préparer")
    Entry.objects.create(case=case_a, kind="contact", channel="phone", text="Appel de suivi")
    SituationRecord.objects.create(person=person_a, situation="asylum_normal")
    Consent.objects.create(
        person=person_a, scope="record", method="oral", information_language="ar"
    )
    document = Document.objects.create(
        person=person_a,
        case=case_a,
        doc_type="receipt",
        file=ContentFile(b"%PDF-1.4 fake receipt", name="upload"),
        name="recepisse-diallo.pdf",
        content_type="application/pdf",
        size=21,
    )
    Entry.objects.create(case=case_a, kind="document", document=document)
    return person_a


@pytest.fixture
def coordinator_b(group_b):
    return make_user("coordinator.b@example.org", group_b, Role.COORDINATOR)


def request_as(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def urls(person):
    base = f"/people/{person.pk}/"
    return [base + path for path in ("export/", "export.json", "export.pdf", "erase/", "merge/")]


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


def raw_name(person) -> str:
    """The ``name`` column of the person's row, as stored (an encrypted token)."""
    table = connection.ops.quote_name(Person._meta.db_table)
    key = Person._meta.pk.get_db_prep_value(person.pk, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM {table} WHERE id = %s", [key])  # noqa: S608
        return cursor.fetchone()[0]


def database_dump() -> str:
    """Every cell of every table, as the database stores it."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from introspection)
            for row in cursor.fetchall():
                chunks.extend(str(value) for value in row if value is not None)
    return "\n".join(chunks)


# --- Who may ------------------------------------------------------------------------------------


def test_volunteer_gets_404_everywhere(client_for, volunteer_a, person_a):
    for url in urls(person_a):  # 404 before any re-authentication is asked for
        assert client_for(volunteer_a).get(url).status_code == 404, url
    client = client_for(volunteer_a, reauthenticated=True)
    for url in urls(person_a):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/people/{person_a.pk}/erase/", {"confirmation": "EFFACER"}).status_code == 404
    )
    assert Person.objects.active().filter(pk=person_a.pk).exists()


def test_coordinator_of_another_group_gets_404(client_for, coordinator_b, person_a):
    client = client_for(coordinator_b, reauthenticated=True)
    for url in urls(person_a):
        assert client.get(url).status_code == 404, url


def test_coordinator_must_reauthenticate_first(client_for, coordinator_a, person_a):
    client = client_for(coordinator_a)
    for url in urls(person_a):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/reauthenticate/"), url
    response = client.post(f"/people/{person_a.pk}/erase/", {"confirmation": "EFFACER"})
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not AuditEvent.objects.filter(action=Action.OBJECT_EXPORTED).exists()
    assert Person.objects.active().filter(pk=person_a.pk).exists()


def test_detail_page_links_to_the_privacy_pages(client_for, coordinator_a, volunteer_a, person_a):
    body = client_for(coordinator_a).get(f"/people/{person_a.pk}/").content.decode()
    for name in ("export/", "erase/", "merge/"):
        assert f"/people/{person_a.pk}/{name}" in body
    # A volunteer is not offered links that would answer 404.
    body = client_for(volunteer_a).get(f"/people/{person_a.pk}/").content.decode()
    for name in ("export/", "erase/", "merge/"):
        assert f"/people/{person_a.pk}/{name}" not in body


# --- Export -------------------------------------------------------------------------------------


def test_export_page_offers_both_files(client_for, coordinator_a, person_a):
    response = client_for(coordinator_a, reauthenticated=True).get(f"/people/{person_a.pk}/export/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "export.json" in body and "export.pdf" in body


def test_json_export_holds_the_whole_file_and_is_audited(client_for, coordinator_a, full_file):
    response = client_for(coordinator_a, reauthenticated=True).get(
        f"/people/{full_file.pk}/export.json"
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment")
    assert "Diallo" not in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["name"] == "Mohammed Diallo"
    assert "محمد ديالو" in data["person"]["spellings"]
    assert data["person"]["birth_date"] == "1990-05-17"
    assert data["person"]["notes"] == "Dort chez un ami à Roubaix."
    assert data["person"]["identifiers"][0]["value"] == "7503123456"
    [case] = data["cases"]
    assert case["topics"] == ["asylum_ofpra"]
    texts = [entry["text"] for entry in case["entries"]]
    assert "Rendez-vous préfecture à préparer" in texts
    assert data["documents"][0]["name"] == "recepisse-diallo.pdf"
    assert data["documents"][0]["size"] == 21
    assert data["situations"][0]["situation"] == "asylum_normal"
    assert data["consents"][0]["information_language"] == "ar"
    event = AuditEvent.objects.get(action=Action.OBJECT_EXPORTED)
    assert event.object_id == str(full_file.pk) and event.actor == coordinator_a


def test_export_data_is_json_serialisable_with_household(person_a, group_a, full_file):
    child = Person.objects.create(organisation=group_a, name="Awa Diallo")
    HouseholdLink.objects.create(person=person_a, relative=child, relation="child")
    data = privacy.person_export_data(person=person_a)
    assert json.loads(json.dumps(data)) == data
    assert data["household"][0]["relative_name"] == "Awa Diallo"
    assert data["household"][0]["relative_id"] == str(child.pk)


def test_pdf_export_is_readable_and_audited(client_for, coordinator_a, full_file):
    response = client_for(coordinator_a, reauthenticated=True).get(
        f"/people/{full_file.pk}/export.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Mohammed Diallo" in text
    assert "Vos données enregistrées par" in text and "Groupe A" in text
    assert "Rendez-vous préfecture" in text
    assert AuditEvent.objects.filter(
        action=Action.OBJECT_EXPORTED, object_id=str(full_file.pk)
    ).exists()


def test_pdf_renders_arabic_script_names(group_a, coordinator_a):
    person = Person.objects.create(
        organisation=group_a, name="محمد ديالو", spellings=["Мухаммед Диалло", "محمد"]
    )
    content = privacy.person_export_pdf(person=person, request=request_as(coordinator_a))
    assert content.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(content)).pages) >= 1


# --- Erasure ------------------------------------------------------------------------------------


def test_erase_page_says_what_will_be_erased(client_for, coordinator_a, full_file):
    response = client_for(coordinator_a, reauthenticated=True).get(f"/people/{full_file.pk}/erase/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "EFFACER" in body and "1 dossier" in body and "1 document" in body


def test_erase_needs_the_typed_confirmation(client_for, coordinator_a, full_file):
    client = client_for(coordinator_a, reauthenticated=True)
    response = client.post(f"/people/{full_file.pk}/erase/", {"confirmation": "oui"})
    assert response.status_code == 200
    assert "rien n’a été effacé" in response.content.decode()
    assert Person.objects.active().filter(pk=full_file.pk).exists()
    assert not AuditEvent.objects.filter(action=Action.OBJECT_ERASED).exists()


def test_erase_removes_everything_and_keeps_a_blank_tombstone(
    client_for,
    coordinator_a,
    volunteer_a,
    full_file,
    case_a,
    private_media,
    django_capture_on_commit_callbacks,
):
    person = full_file
    assert stored_files(private_media)
    name_before = raw_name(person)
    assert name_before and "Mohammed" not in name_before
    client = client_for(coordinator_a, reauthenticated=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/people/{person.pk}/erase/", {"confirmation": "mohammed  diallo"})
    assert response.status_code == 302 and response["Location"] == "/people/"

    assert not SearchToken.objects.filter(person=person).exists()
    assert not Document.objects.filter(person=person).exists()
    assert not Case.objects.filter(person=person).exists()
    assert not Entry.objects.filter(case_id=case_a.pk).exists()
    assert not SituationRecord.objects.filter(person=person).exists()
    assert not Consent.objects.filter(person=person).exists()
    assert stored_files(private_media) == []

    tombstone = Person.objects.get(pk=person.pk)
    assert tombstone.erased_at is not None and tombstone.name == privacy.ERASED_NAME
    assert tombstone.spellings == [] and tombstone.birth_date is None
    assert tombstone.identifiers == {} and tombstone.contacts == [] and tombstone.notes == ""
    assert not Person.objects.active().filter(pk=person.pk).exists()

    volunteer = client_for(volunteer_a)
    assert "Diallo" not in volunteer.get("/people/").content.decode()
    assert "Diallo" not in volunteer.get("/people/", {"q": "diallo"}).content.decode()
    assert volunteer.get(f"/people/{person.pk}/").status_code == 404
    assert search.person_search(queryset=Person.objects.all(), q="Mohammed Diallo") == []

    event = AuditEvent.objects.get(action=Action.OBJECT_ERASED)
    assert event.object_id == str(person.pk) and event.actor == coordinator_a

    name_after = raw_name(person)
    assert name_after != name_before
    dump = database_dump()
    assert name_before not in dump
    assert "Mohammed" not in dump and "Roubaix" not in dump


def test_erase_also_removes_household_links_both_ways(coordinator_a, group_a, person_a):
    child = Person.objects.create(organisation=group_a, name="Awa Diallo")
    HouseholdLink.objects.create(person=person_a, relative=child, relation="child")
    HouseholdLink.objects.create(person=child, relative=person_a, relation="parent")
    privacy.person_erase(person=person_a, request=request_as(coordinator_a))
    assert not HouseholdLink.objects.exists()
    assert Person.objects.active().filter(pk=child.pk).exists()


def test_erase_takes_the_files_merged_into_the_person(coordinator_a, group_a, person_a):
    old = Person.objects.create(organisation=group_a, name="Mamadou Diallo", merged_into=person_a)
    privacy.person_erase(person=person_a, request=request_as(coordinator_a))
    old.refresh_from_db()
    assert old.erased_at is not None and old.name == privacy.ERASED_NAME
    assert old.merged_into_id == person_a.pk


# --- Merge --------------------------------------------------------------------------------------


@pytest.fixture
def duplicate(group_a, volunteer_a):
    person = Person.objects.create(
        organisation=group_a,
        name="Mohamed Dialo",
        spellings=["Mohamed Diallo", "M. Dialo"],
        birth_date=date(1990, 5, 17),
        languages=["ar"],
        contacts=[
            {"kind": "phone", "value": "0612345678", "safe": True, "preferred": True},
            {"kind": "email", "value": "m.dialo@example.org", "safe": True, "preferred": False},
        ],
        identifiers={"agdref": "9999999999", "caf": "123456"},
    )
    search.index_person(person)
    case = Case.objects.create(person=person, organisation=group_a, topics=["health_ame"])
    case.assignees.add(volunteer_a)
    Entry.objects.create(case=case, kind="note", text="Demande AME déposée")
    return person


def test_merge_page_shows_both_people(client_for, coordinator_a, person_a, duplicate):
    client = client_for(coordinator_a, reauthenticated=True)
    response = client.get(f"/people/{person_a.pk}/merge/", {"other": str(duplicate.pk)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mohammed Diallo" in body and "Mohamed Dialo" in body
    found = client.get(f"/people/{person_a.pk}/merge/", {"q": "dialo"}).content.decode()
    assert f"?other={duplicate.pk}" in found


def test_merge_keeps_every_record_and_the_history(
    client_for, coordinator_a, volunteer_a, person_a, case_a, duplicate
):
    Entry.objects.create(case=case_a, kind="note", text="Entretien OFPRA préparé")
    version = person_a.version
    client = client_for(coordinator_a, reauthenticated=True)
    response = client.post(f"/people/{person_a.pk}/merge/", {"other": str(duplicate.pk)})
    assert response.status_code == 302 and response["Location"] == f"/people/{person_a.pk}/"

    keep = Person.objects.get(pk=person_a.pk)
    absorbed = Person.objects.get(pk=duplicate.pk)
    assert absorbed.merged_into_id == keep.pk
    assert list(Person.objects.active()) == [keep]
    assert keep.version == version + 1
    assert sorted(t for c in keep.cases.all() for t in c.topics) == ["asylum_ofpra", "health_ame"]
    assert keep.cases.count() == 2
    texts = {entry.text for entry in Entry.objects.filter(case__person=keep)}
    assert {"Entretien OFPRA préparé", "Demande AME déposée"} <= texts

    assert keep.name == "Mohammed Diallo"
    assert keep.spellings.count("Mohamed Diallo") == 1
    assert "Mohamed Dialo" in keep.spellings and "M. Dialo" in keep.spellings
    assert "محمد ديالو" in keep.spellings
    assert len(keep.contacts) == 2  # the same phone number once, plus the e-mail
    assert keep.identifiers == {"agdref": "7503123456", "caf": "123456"}
    assert "Identifiant fusionné : Numéro AGDREF 9999999999" in keep.notes
    assert keep.languages == ["ar"]

    assert not SearchToken.objects.filter(person=absorbed).exists()
    assert search.person_search(queryset=Person.objects.all(), q="Mohamed Dialo")[0][0] == keep
    volunteer = client_for(volunteer_a)
    assert volunteer.get(f"/people/{duplicate.pk}/").status_code == 404
    events = AuditEvent.objects.filter(action=Action.OBJECT_MERGED)
    assert {e.object_id for e in events} == {str(keep.pk), str(absorbed.pk)}


def test_merge_moves_household_links_without_self_links(
    coordinator_a, group_a, person_a, duplicate
):
    child = Person.objects.create(organisation=group_a, name="Awa Diallo")
    HouseholdLink.objects.create(person=person_a, relative=child, relation="child")
    HouseholdLink.objects.create(person=duplicate, relative=child, relation="child")
    HouseholdLink.objects.create(person=duplicate, relative=person_a, relation="other")
    HouseholdLink.objects.create(person=child, relative=duplicate, relation="parent")
    privacy.person_merge(keep=person_a, absorb=duplicate, request=request_as(coordinator_a))
    links = set(HouseholdLink.objects.values_list("person_id", "relative_id"))
    assert links == {(person_a.pk, child.pk), (child.pk, person_a.pk)}


def test_merge_across_groups_is_refused_with_a_message(
    client_for, group_a, group_b, person_a, case_a
):
    coordinator = make_user("coordinator.ab@example.org", group_a, Role.COORDINATOR)
    from permanence.accounts.models import Membership

    Membership.objects.create(user=coordinator, organisation=group_b, role=Role.COORDINATOR)
    other = Person.objects.create(organisation=group_b, name="Mohamed Diallo")
    client = client_for(coordinator, reauthenticated=True)
    response = client.post(f"/people/{person_a.pk}/merge/", {"other": str(other.pk)})
    assert response.status_code == 400
    assert "groupes différents" in response.content.decode()
    assert Person.objects.active().count() == 2
    assert not AuditEvent.objects.filter(action=Action.OBJECT_MERGED).exists()
    with pytest.raises(ValueError, match="groupes différents"):
        privacy.person_merge(keep=person_a, absorb=other, request=request_as(coordinator))


def test_merge_with_an_unreadable_person_is_refused(coordinator_a, group_b, person_a):
    other = Person.objects.create(organisation=group_b, name="Mohamed Diallo")
    with pytest.raises(ValueError):
        privacy.person_merge(keep=person_a, absorb=other, request=request_as(coordinator_a))
    assert other.merged_into_id is None
