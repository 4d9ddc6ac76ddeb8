"""The board's arrival cards are rendered once per change and served with the reader's token."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone, translation

from permanence.core import fields
from permanence.reception import cards
from permanence.reception.models import Arrival, ArrivalStatus
from permanence.reception.tests.conftest import arrive

HTMX = {"HX-Request": "true"}
TAKE = re.compile(
    r'<form method="post" action="(/reception/arrivals/[^"]+/take/)" class="take-form">'
    r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">'
)


def board_url(session) -> str:
    return f"/reception/sessions/{session.pk}/"


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def raw_card(html: str, arrival) -> str:
    start = html.index(f'id="arrival-{arrival.pk}"')
    return html[start : html.index("</li>", start)]


def card(html: str, arrival) -> str:
    """The arrival's card, its CSRF tokens (masked anew for every response) left out."""
    return TOKEN.sub("csrf", raw_card(html, arrival))


@pytest.fixture(autouse=True)
def empty_store():
    cards.store.clear()
    yield
    cards.store.clear()


@pytest.fixture
def three(session_a):
    return [arrive(session_a, name, minutes_ago=10 * i) for i, name in enumerate("ABC", 1)]


def test_a_second_poll_renders_no_card_again(client_for, volunteer_a, session_a, three):
    client = client_for(volunteer_a)
    first = client.get(board_url(session_a), headers=HTMX).content.decode()
    assert len(cards.store) == 3
    with mock.patch.object(cards.store, "put") as put:
        second = client.get(board_url(session_a), headers=HTMX).content.decode()
    put.assert_not_called()
    assert [card(second, a) for a in three] == [card(first, a) for a in three]
    assert cards.CSRF_PLACEHOLDER not in second


def test_kept_cards_are_not_decrypted_again_and_a_changed_one_is(
    client_for, volunteer_a, volunteer_a2, session_a, three
):
    """Names and notes are read and decrypted only for the cards rendered again."""
    client = client_for(volunteer_a)
    before = client.get(board_url(session_a), headers=HTMX).content.decode()
    with mock.patch.object(fields, "decrypt_text", wraps=fields.decrypt_text) as decrypt:
        assert client.get(board_url(session_a), headers=HTMX).status_code == 200
    assert decrypt.call_count == 0
    Arrival.objects.filter(pk=three[1].pk).update(reason_note="Lettre de l’OFII", version=9)
    with mock.patch.object(fields, "decrypt_text", wraps=fields.decrypt_text) as decrypt:
        after = client.get(board_url(session_a), headers=HTMX).content.decode()
    assert decrypt.call_count == 2  # the first name and the note of the one card changed
    assert "Lettre de l’OFII" in card(after, three[1])
    assert "B" in card(after, three[1]).split("</h3>")[0]
    assert card(after, three[0]) == card(before, three[0])


def test_a_change_renders_that_card_only(client_for, volunteer_a, volunteer_a2, session_a, three):
    client = client_for(volunteer_a)
    before = client.get(board_url(session_a), headers=HTMX).content.decode()
    taken = three[0]
    action = TAKE.search(raw_card(before, taken)).group(1)
    # Another volunteer takes them: the reader's room, pre-filled on the others, is unchanged.
    assert client_for(volunteer_a2).post(action, {"room": "2"}).status_code == 302
    with mock.patch.object(cards.store, "put", wraps=cards.store.put) as put:
        after = client.get(board_url(session_a), headers=HTMX).content.decode()
    assert put.call_count == 1  # the card moved to the interviews; the two others are kept
    assert "salle 2" in card(after, taken) and "salle 2" not in card(before, taken)


def test_a_kept_card_carries_each_readers_own_csrf_token(
    client_for, volunteer_a, volunteer_a2, session_a, three
):
    client_for(volunteer_a).get(board_url(session_a))  # the cards are kept from this reader
    other = Client(enforce_csrf_checks=True)
    other.force_login(volunteer_a2, backend="allauth.account.auth_backends.AuthenticationBackend")
    html = other.get(board_url(session_a), headers=HTMX).content.decode()
    assert len(cards.store) == 3
    action, token = TAKE.search(raw_card(html, three[1])).groups()
    response = other.post(action, {"room": "", "csrfmiddlewaretoken": token})
    assert response.status_code == 302  # a token from the first reader would get 403


def test_the_waiting_time_moves_with_the_minute(client_for, volunteer_a, session_a, three):
    client = client_for(volunteer_a)
    before = card(client.get(board_url(session_a), headers=HTMX).content.decode(), three[0])
    later = timezone.now() + timedelta(minutes=7)
    with mock.patch("django.utils.timezone.now", return_value=later):
        after = card(client.get(board_url(session_a), headers=HTMX).content.decode(), three[0])
    assert "attend depuis 10 min" in before and "attend depuis 17 min" in after


def test_the_language_and_the_room_are_part_of_the_key(session_a, three):
    arrival = three[0]
    arrival.volunteer = None
    key = cards.card_key(arrival, closed=False, my_room="")
    assert key != cards.card_key(arrival, closed=False, my_room="3")
    assert key != cards.card_key(arrival, closed=True, my_room="")
    with translation.override("ar"):
        assert key != cards.card_key(arrival, closed=False, my_room="")


def test_the_store_forgets_the_least_recently_used():
    store = cards.CardStore(size=2)
    store.put(("a",), "A")
    store.put(("b",), "B")
    assert store.get(("a",)) == "A"
    store.put(("c",), "C")
    assert store.get(("b",)) is None and store.get(("a",)) == "A" and len(store) == 2


def test_a_case_erased_elsewhere_leaves_no_stale_card(
    client_for, volunteer_a, session_a, case_a, three
):
    arrival = three[0]
    Arrival.objects.filter(pk=arrival.pk).update(
        status=ArrivalStatus.DONE, volunteer=volunteer_a, case=case_a, version=2
    )
    client = client_for(volunteer_a)
    assert "contact ajouté au dossier" in card(
        client.get(board_url(session_a)).content.decode(), arrival
    )
    case_a.delete()  # on_delete=SET_NULL: the arrival keeps its version
    html = client.get(board_url(session_a), headers=HTMX).content.decode()
    assert "contact ajouté au dossier" not in card(html, arrival)
