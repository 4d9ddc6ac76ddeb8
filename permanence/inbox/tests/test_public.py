"""The public request form of a desk: what a person sends, what they are told, and robots."""

import re
import time

import pytest
from django.db import connection

from permanence.audit.models import Action, AuditEvent
from permanence.directory.models import Desk
from permanence.inbox import antispam
from permanence.inbox.models import Channel, Request, State

URL = "/fr/desks/permanence-a/request/"
TEXT = "Bonjour, mon titre de séjour expire le 12 mars et je n’ai pas de rendez-vous."


def form_data(**overrides) -> dict:
    data = {
        "text": TEXT,
        "answer_channel": "sms",
        "contact": "06 12 34 56 78",
        "name": "Amina",
        "language": "ar",
        "website": "",
        "started": antispam.started_token(time.time() - 30),
    }
    return {**data, **overrides}


def test_a_person_sends_a_request_and_is_told_when_the_desk_answers(client, desk_a):
    response = client.post(URL, form_data(), follow=True)
    assert response.redirect_chain == [("/fr/desks/permanence-a/request/sent/", 302)]
    request = Request.objects.get()
    assert (request.organisation, request.desk, request.channel) == (
        desk_a.organisation,
        desk_a,
        Channel.WEB,
    )
    assert (request.name, request.contact, request.answer_channel, request.language) == (
        "Amina",
        "+33612345678",
        "sms",
        "ar",
    )
    assert request.text == TEXT and request.state == State.NEW and request.owner is None
    page = response.content.decode()
    session = desk_a.next_sessions(1)[0]
    assert "Nous répondons en général lors de la prochaine permanence, le lundi" in page
    assert f"à partir de {session.start:%H:%M}" in page
    assert "07 45 29 68 08" in page  # the desk's phone, for urgent matters


def test_the_journal_records_the_creation_without_the_senders_address(client, desk_a):
    client.post(URL, form_data(), REMOTE_ADDR="198.51.100.7")
    event = AuditEvent.objects.get(action=Action.OBJECT_CREATED)
    assert event.object_id == str(Request.objects.get().pk)
    assert event.ip is None and event.actor is None
    assert event.organisation_id == desk_a.organisation_id


def test_the_form_page_is_never_cached_and_the_language_defaults_to_the_pages(client, desk_a):
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert re.search(r'<option value="fr" selected>', response.content.decode())
    arabic = client.get("/ar/desks/permanence-a/request/").content.decode()
    assert 'dir="rtl"' in arabic and re.search(r'<option value="ar" selected>', arabic)
    assert 'name="website"' in arabic and "<p hidden>" in arabic


def test_an_email_answer_needs_a_valid_address_which_is_kept_with_its_domain_lowercased(
    client, desk_a
):
    client.post(URL, form_data(answer_channel="email", contact="Amina.D@Exemple.FR"))
    assert Request.objects.get().contact == "Amina.D@exemple.fr"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": "   "}, "Ce champ est obligatoire."),
        ({"answer_channel": ""}, "Ce champ est obligatoire."),
        ({"answer_channel": "pigeon"}, "Sélectionnez un choix valide."),
        ({"contact": ""}, "Ce champ est obligatoire."),
        ({"contact": "12345"}, "Ce numéro de téléphone n’est pas valide."),
        ({"contact": "amina@exemple.fr"}, "Pour une réponse par e-mail, choisissez « E-mail »"),
        (
            {"answer_channel": "email", "contact": "amina@"},
            "Cette adresse e-mail n’est pas valide.",
        ),
        (
            {"answer_channel": "email", "contact": "a@exemple.fr\r\nBcc: spam@exemple.org"},
            "Indiquez une seule adresse ou un seul numéro, sur une ligne.",
        ),
        (
            {"answer_channel": "email", "contact": "a@exemple.fr, b@exemple.fr"},
            "Cette adresse e-mail n’est pas valide.",
        ),
        ({"language": "klingon"}, "Sélectionnez un choix valide."),
        ({"name": "A" * 101}, "au plus 100 caractères"),
        ({"text": "bonjour\x00"}, "Le caractère nul n’est pas autorisé."),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_typed_is_lost(
    client, desk_a, overrides, message
):
    data = form_data(**overrides)
    response = client.post(URL, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page.replace("&#x27;", "'").replace("&quot;", '"')
    assert "Votre demande n’est pas encore envoyée. Rien de ce que vous avez écrit" in page
    assert Request.objects.count() == 0
    if "text" not in overrides:
        assert TEXT in page
    if "contact" in overrides and "\r" not in overrides["contact"]:
        assert f'value="{overrides["contact"]}"' in page


def test_a_one_megabyte_text_gets_a_clear_message_and_comes_back(client, desk_a):
    text = "Ma situation. " * 75_000
    response = client.post(URL, form_data(text=text))
    page = response.content.decode()
    assert response.status_code == 400
    assert f"Votre message fait {len(text.strip())} caractères : 5000 au plus" in page
    assert text.strip() in page
    assert Request.objects.count() == 0


def test_a_form_sent_back_too_quickly_is_not_saved_and_can_be_sent_again(client, desk_a):
    response = client.post(URL, form_data(started=antispam.started_token()))
    page = response.content.decode()
    assert response.status_code == 400 and Request.objects.count() == 0
    assert "appuyez de nouveau sur « Envoyer »" in page and TEXT in page
    started = re.search(r'name="started" value="([^"]+)"', page)[1]
    assert not antispam.filled_too_fast(started, now=time.time() + antispam.MIN_FILL_SECONDS)


@pytest.mark.parametrize("started", ["", "forged", "eyJ0IjoxfQ:forged:signature"])
def test_a_missing_or_forged_start_time_is_refused(client, desk_a, started):
    assert client.post(URL, form_data(started=started)).status_code == 400
    assert Request.objects.count() == 0


def test_a_robot_filling_the_honeypot_is_told_it_worked_and_nothing_is_saved(client, desk_a):
    response = client.post(URL, form_data(website="https://spam.example"))
    assert response.status_code == 302 and response["Location"].endswith("/request/sent/")
    assert Request.objects.count() == 0


def test_submissions_from_one_address_are_limited_and_the_text_is_kept(client, desk_a, monkeypatch):
    monkeypatch.setattr(antispam, "RATE_LIMIT", 2)
    for _n in range(2):
        assert client.post(URL, form_data(), REMOTE_ADDR="203.0.113.5").status_code == 302
    response = client.post(URL, form_data(text="Troisième demande"), REMOTE_ADDR="203.0.113.5")
    page = response.content.decode()
    assert response.status_code == 429
    assert "réessayez dans une heure" in page and "Troisième demande" in page
    assert Request.objects.count() == 2
    other = client.post(URL, form_data(), REMOTE_ADDR="203.0.113.6")
    assert other.status_code == 302 and Request.objects.count() == 3


def test_the_same_form_sent_twice_makes_one_request(client, desk_a):
    data = form_data(token="6f1c1f0e-3d55-4b43-9d5c-3b8a3b3f7a11")
    assert client.post(URL, data).status_code == 302
    assert client.post(URL, data).status_code == 302
    assert Request.objects.count() == 1


def test_partner_services_and_unpublished_desks_have_no_form(client, desk_a):
    Desk.objects.filter(pk=desk_a.pk).update(kind="partner")
    assert client.get(URL).status_code == 404
    Desk.objects.filter(pk=desk_a.pk).update(kind="desk", public=False)
    assert client.get(URL).status_code == 404
    assert client.post(URL, form_data()).status_code == 404
    assert client.get("/fr/desks/nowhere/request/").status_code == 404
    assert Request.objects.count() == 0


def test_the_database_holds_no_plaintext_of_a_request(client, desk_a):
    client.post(URL, form_data(name="Zeynep", contact="0745296808"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact, text FROM inbox_request")
        row = cursor.fetchone()
    stored = " ".join(row)
    for secret in ("Zeynep", "745296808", "titre de séjour", "rendez-vous"):
        assert secret not in stored
    assert all(value.startswith("pm1$") for value in row)
