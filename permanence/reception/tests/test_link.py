"""From an interview to the case file: find the person, pick the case, add a desk contact."""

from datetime import timedelta

from django.utils import timezone

from permanence.cases.models import Case, Entry, Person
from permanence.reception.models import Arrival, ArrivalStatus


def interviewed(arrival, volunteer, minutes=30):
    start = timezone.now() - timedelta(minutes=minutes)
    Arrival.objects.filter(pk=arrival.pk).update(
        status=ArrivalStatus.DONE,
        volunteer=volunteer,
        interview_started_at=start,
        ended_at=start + timedelta(minutes=20),
    )
    arrival.refresh_from_db()
    return arrival


def test_volunteer_of_other_group_gets_404_on_the_link_page(client_for, volunteer_b, amina):
    client = client_for(volunteer_b)
    assert client.get(f"/reception/arrivals/{amina.pk}/link/").status_code == 404
    assert client.post(f"/reception/arrivals/{amina.pk}/link/", {}).status_code == 404


def test_a_person_of_another_group_cannot_be_linked(client_for, volunteer_a, amina, group_b):
    stranger = Person.objects.create(organisation=group_b, name="Amina Autre")
    url = f"/reception/arrivals/{amina.pk}/link/"
    assert client_for(volunteer_a).get(url, {"person": stranger.pk}).status_code == 404


def test_the_board_links_to_the_people_search_with_the_first_name(client_for, volunteer_a, amina):
    interviewed(amina, volunteer_a)
    page = client_for(volunteer_a).get(f"/reception/sessions/{amina.session_id}/").content
    assert b'href="/people/?q=Amina"' in page
    assert f'href="/reception/arrivals/{amina.pk}/link/"'.encode() in page


def test_link_finds_the_person_and_adds_a_desk_contact_to_the_case(
    client_for, volunteer_a, group_a, amina
):
    from permanence.cases import search

    person = Person.objects.create(organisation=group_a, name="Amina Diallo")
    search.index_person(person)
    case = Case.objects.create(person=person, organisation=group_a, topics=["asylum_ofpra"])
    interviewed(amina, volunteer_a)
    client = client_for(volunteer_a)
    url = f"/reception/arrivals/{amina.pk}/link/"

    page = client.get(url).content.decode()  # searched with the first name at once
    assert "Amina Diallo" in page and f"person={person.pk}" in page
    page = client.get(url, {"person": person.pk}).content.decode()
    assert f'value="{case.pk}"' in page and "Ajouter le contact" in page

    response = client.post(
        url, {"person": person.pk, "case": case.pk, "text": "Récit OFPRA", "token": "1" * 32}
    )
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/"
    client.post(url, {"person": person.pk, "case": case.pk, "text": "x", "token": "1" * 32})
    entry = Entry.objects.get(case=case, kind="contact")
    assert entry.channel == "desk" and entry.text == "Récit OFPRA"
    assert entry.occurred_at == amina.interview_started_at and entry.duration_minutes == 20
    assert entry.author == volunteer_a
    amina.refresh_from_db()
    assert amina.person == person and amina.case == case


def test_a_case_of_another_person_is_refused(client_for, volunteer_a, group_a, amina, case_a):
    other = Person.objects.create(organisation=group_a, name="Amina Diallo")
    url = f"/reception/arrivals/{amina.pk}/link/"
    response = client_for(volunteer_a).post(url, {"person": other.pk, "case": case_a.pk})
    assert response.status_code == 200 and not Entry.objects.filter(kind="contact").exists()
