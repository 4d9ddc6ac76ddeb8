"""Organisation and place pages: who sees and edits what, derived geography, conflicts."""

from permanence.audit.models import Action, AuditEvent
from permanence.orgs.models import Organisation, Place

PLACE = {
    "name": "Maison de quartier",
    "address": "73 rue du Chauffour",
    "postcode": "59300",
    "commune": "Valenciennes",
    "insee_code": "59606",
    "latitude": "50.3497",
    "longitude": "3.5174",
    "accessibility": "Rez-de-chaussée",
    "directions": "",
}


def test_member_sees_own_organisations_only(client_for, volunteer_a, group_b):
    body = client_for(volunteer_a).get("/orgs/").content.decode()
    assert "Groupe A" in body and "Groupe B" not in body


def test_coordinator_edits_organisation(client_for, coordinator_a, group_a):
    client = client_for(coordinator_a)
    response = client.post(
        "/orgs/groupe-a/edit/",
        {"name": "Groupe A renommé", "description": "Accueil", "version": group_a.version},
    )
    assert response.status_code == 302
    group_a.refresh_from_db()
    assert group_a.name == "Groupe A renommé" and group_a.version == 2
    assert AuditEvent.objects.filter(action=Action.ORG_UPDATED, organisation=group_a).exists()


def test_coordinator_adds_a_place_whose_departement_and_zone_are_derived(
    client_for, coordinator_a, group_a
):
    response = client_for(coordinator_a).post("/orgs/groupe-a/places/new/", PLACE)
    assert response.status_code == 302
    place = Place.objects.get(name="Maison de quartier")
    assert (place.organisation, place.departement, place.school_zone) == (group_a, "59", "B")


def test_place_with_unknown_insee_code_gets_a_clear_message(client_for, coordinator_a):
    response = client_for(coordinator_a).post(
        "/orgs/groupe-a/places/new/", {**PLACE, "insee_code": "99999"}
    )
    assert response.status_code == 200
    assert "ne correspond à aucun département" in response.content.decode()
    assert not Place.objects.filter(name="Maison de quartier").exists()


def test_half_given_coordinates_are_refused(client_for, coordinator_a):
    response = client_for(coordinator_a).post(
        "/orgs/groupe-a/places/new/", {**PLACE, "longitude": ""}
    )
    assert response.status_code == 200
    assert not Place.objects.filter(name="Maison de quartier").exists()


def test_place_of_another_organisation_is_404(client_for, coordinator_a, group_b):
    other = Place.objects.create(
        organisation=group_b, **{**PLACE, "latitude": None, "longitude": None}
    )
    url = f"/orgs/groupe-a/places/{other.pk}/edit/"
    assert client_for(coordinator_a).get(url).status_code == 404


def test_volunteer_of_other_group_gets_404_on_place_edit(client_for, volunteer_b, group_a):
    place = group_a.places.get()
    assert client_for(volunteer_b).get(f"/orgs/groupe-a/places/{place.pk}/edit/").status_code == 404


def test_stale_edit_shows_a_conflict_and_overwrites_nothing(client_for, coordinator_a, group_a):
    client = client_for(coordinator_a)
    first = {"name": "Nom de Camille", "version": 1}
    second = {"name": "Nom de Dominique", "version": 1}
    assert client.post("/orgs/groupe-a/edit/", first).status_code == 302
    response = client.post("/orgs/groupe-a/edit/", second)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Conflit de modification" in body
    assert "Nom de Camille" in body and "Nom de Dominique" in body
    assert Organisation.objects.get(pk=group_a.pk).name == "Nom de Camille"
    # Submitting the conflict form again (its version moved forward) keeps the second text.
    assert client.post("/orgs/groupe-a/edit/", {**second, "version": 2}).status_code == 302
    assert Organisation.objects.get(pk=group_a.pk).name == "Nom de Dominique"


def test_public_list_shows_places_without_sign_in(client, group_a):
    body = client.get("/fr/organisations/").content.decode()
    assert "9 bd de la Moselle" in body


def test_organisation_cannot_be_its_own_ancestor(group_a):
    import pytest
    from django.core.exceptions import ValidationError

    region = group_a.parent
    region.parent = group_a
    with pytest.raises(ValidationError):
        region.full_clean()
