"""A whole desk day through a real browser: a reception volunteer (on the rota with one click) and
two interview volunteers work side by side (three browser contexts, each signed in); two people
with an appointment and three walk-ins arrive; one walk-in leaves before being seen; both
interview volunteers press "Je prends" for the same person at once (one wins, the other is told);
the end-of-session summary counts right and sends the person not seen to the call-back list.
axe-core checks the rota, the board with people in every column, the summary and the call-backs.

The two people with an appointment were booked beforehand (by phone, through the booking
service); the board lists them under "Rendez-vous attendus" and one click registers each arrival.
"""

import secrets
import time
from datetime import datetime, timedelta
from datetime import time as clock

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_user
from permanence.accounts.roles import Role
from permanence.booking.models import Appointment, BookingReason, Slot
from permanence.directory.models import ExtraSession
from permanence.directory.tests.conftest import desk_a  # noqa: F401 (fixture)
from tests.browser.axe import assert_no_axe_violations
from tests.browser.conftest import DESKTOP, TIMEOUT_MS
from tests.browser.directory_fixtures import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLL_MS = 12_000  # the board refreshes itself every 10 seconds
KEYBOARD_SECONDS = 15


@pytest.fixture
def day_desk(desk_a):  # noqa: F811
    """Group A's desk, open today all day (an extra session), whatever today is."""
    ExtraSession.objects.create(
        desk=desk_a, day=timezone.localdate(), start=clock(0, 0), end=clock(23, 59)
    )
    return desk_a


@pytest.fixture
def booked(day_desk):
    """Mariam and Olena booked today's session in advance (one place each, taken)."""
    reason = BookingReason.objects.create(
        desk=day_desk, label="Dossier AME", duration_minutes=30, capacity=1
    )
    for hour, name, language in ((1, "Mariam", "ar"), (2, "Olena", "uk")):
        start = timezone.make_aware(datetime.combine(timezone.localdate(), clock(hour, 0)))
        slot = Slot.objects.create(
            reason=reason, start=start, end=start + timedelta(minutes=30), booked_count=1
        )
        Appointment.objects.create(
            slot=slot,
            first_name=name,
            phone="+33612345678",
            language=language,
            cancel_token=secrets.token_urlsafe(32),
        )


@pytest.fixture
def team(group_a):
    """Reception (Rose) and two interview volunteers (Inès, Malik) of group A."""
    people = {}
    for key, name in (("reception", "Rose"), ("ines", "Inès"), ("malik", "Malik")):
        user = make_user(f"{key}@example.org", group_a, Role.VOLUNTEER)
        user.display_name = name
        user.save(update_fields=["display_name"])
        people[key] = user
    return people


@pytest.fixture
def contexts(browser, live_server):
    """``open_page()``: a new signed-out browser context (French, desktop); all closed after."""
    opened = []

    def open_page():
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", viewport=DESKTOP, bypass_csp=True
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        opened.append(context)
        return context.new_page()

    yield open_page
    for context in opened:
        context.close()


def card(page, name: str):
    return page.locator("li.arrival", has=page.locator("h3", has_text=name))


def column(page, key: str):
    return page.locator(f"section[aria-labelledby='column-{key}']")


def register(page, name: str, *, language: str = "", note: str = "", children: str = "") -> float:
    """Type an arrival with the keyboard only, Enter to save; returns the seconds it took."""
    started = time.monotonic()
    first_name = page.locator("#id_first_name")
    expect(first_name).to_be_focused()
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    if language:
        page.keyboard.type(language)  # type-ahead in the closed select
    page.keyboard.press("Tab")  # reason: "Autre" unless typed
    page.keyboard.press("Tab")
    if note:
        page.keyboard.type(note)
    page.keyboard.press("Tab")
    if children:
        page.keyboard.type(children)  # the focused number field's "0" is selected: replaced
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text(f"{name} est en attente.")
    expect(first_name).to_have_value("")
    expect(first_name).to_be_focused()
    return time.monotonic() - started


def take(page, name: str, room: str) -> None:
    arrival = card(page, name)
    arrival.get_by_label("Salle").fill(room)
    with page.expect_navigation():
        arrival.get_by_role("button", name="Je prends").click()


def press(page, name: str, button: str) -> None:
    with page.expect_navigation():
        card(page, name).get_by_role("button", name=button).click()


def press_both(first, second, buttons) -> None:
    """Submit both "Je prends" forms: at the same moment on PostgreSQL; on SQLite one right after
    the other, from two pages that both still show the person waiting. The browser suite's SQLite
    database lives in memory and the live server shares its one connection between threads, so two
    requests truly at once would mix their transactions; test_take.py races two threads on the
    database itself."""
    submit = "(button) => button.form.requestSubmit(button)"
    if connection.vendor == "postgresql":
        with first.expect_navigation(), second.expect_navigation():
            for button in buttons:
                button.evaluate(submit)
        return
    for page, button in zip((first, second), buttons, strict=True):
        with page.expect_navigation():
            button.evaluate(submit)


def test_a_whole_desk_day(contexts, day_desk, booked, team):
    reception, ines, malik = contexts(), contexts(), contexts()
    sign_in(reception, team["reception"].email)
    sign_in(ines, team["ines"].email)
    sign_in(malik, team["malik"].email)

    # Reception opens today's session from the list.
    reception.goto("/reception/")
    with reception.expect_navigation():
        reception.get_by_role("link", name="Permanence A · aujourd’hui 00:00–23:59").click()
    board_url = reception.url

    # Rose puts herself on the day's rota with one click.
    with reception.expect_navigation():
        reception.get_by_role("link", name="Planning des bénévoles").click()
    with reception.expect_navigation():
        reception.get_by_role("button", name="Je viens : accueil").click()
    expect(reception.locator("section[aria-labelledby='role-reception']")).to_contain_text("Rose")
    assert_no_axe_violations(reception, "the rota")
    # Her day shows the session she signed up to, with her role.
    reception.goto("/reception/my-day/")
    rota = reception.locator("section[aria-labelledby='my-rota']")
    expect(rota).to_contain_text("Permanence A · aujourd’hui")
    expect(rota).to_contain_text("accueil")
    assert_no_axe_violations(reception, "« Ma journée »")
    reception.goto(board_url)
    expect(reception.locator("#board")).to_contain_text("Rose (accueil)")

    # The two people with an appointment come: one click each on the expected appointments.
    expected = reception.locator("section[aria-labelledby='board-expected']")
    expect(expected.locator("li.appointment")).to_have_count(2)
    assert_no_axe_violations(reception, "the board with its expected appointments")
    for name in ("Mariam", "Olena"):
        with reception.expect_navigation():
            expected.locator("li.appointment", has_text=name).get_by_role(
                "button", name="Arrivé·e"
            ).click()
        expect(reception.locator(".messages")).to_contain_text(f"{name} est en attente.")
    expect(expected).to_have_count(0)
    expect(card(reception, "Olena")).to_contain_text("Dossier AME")
    expect(card(reception, "Olena")).to_contain_text("rendez-vous de 02:00")

    # Then three walk-ins, typed in under 15 s each.
    durations = [
        register(reception, "Karim", language="arabe"),
        register(reception, "Yonas", language="tigr", children="2"),
        register(reception, "Sara", language="persan"),
    ]
    assert max(durations) < KEYBOARD_SECONDS, durations
    expect(column(reception, "waiting").locator("li.arrival")).to_have_count(5)
    expect(card(reception, "Mariam")).to_contain_text("arabe")
    expect(card(reception, "Yonas")).to_contain_text("2 enfants")
    expect(card(reception, "Mariam")).to_contain_text("attend depuis")

    # Karim leaves before being seen.
    press(reception, "Karim", "Parti·e sans être reçu·e")
    expect(column(reception, "finished")).to_contain_text("Karim")

    # The interview volunteers take the two appointments, in parallel; the reception's board
    # shows it by itself (htmx polling), without a reload.
    ines.goto(board_url)
    malik.goto(board_url)
    take(ines, "Mariam", "Salle 1")
    take(malik, "Olena", "Salle 2")
    expect(ines.locator(".messages")).to_contain_text("Vous recevez Mariam.")
    reception.evaluate("() => { window.notReloaded = true; }")
    in_interview = column(reception, "interviews")
    expect(in_interview).to_contain_text("Mariam", timeout=POLL_MS)
    expect(in_interview).to_contain_text("Olena", timeout=POLL_MS)
    assert reception.evaluate("() => window.notReloaded === true")
    # While nothing changes, a poll answers 204 and the board stays as it is (the minute
    # turning while people wait may take one more poll).
    with reception.expect_response(
        lambda response: response.url == board_url and response.status == 204,
        timeout=2 * POLL_MS,
    ):
        pass
    assert reception.evaluate("() => window.notReloaded === true")
    expect(in_interview).to_contain_text("Olena")
    expect(card(reception, "Olena")).to_contain_text("avec Malik")
    expect(card(reception, "Olena")).to_contain_text("salle Salle 2")
    assert_no_axe_violations(reception, "the reception board during the day")

    press(ines, "Mariam", "Terminé")
    press(malik, "Olena", "Terminé")

    # Both see Yonas waiting and press "Je prends" at the same moment: one of them wins.
    for page in (ines, malik):
        page.goto(board_url)
        card(page, "Yonas").get_by_label("Salle").fill("Salle 3")
    buttons = [
        card(page, "Yonas").get_by_role("button", name="Je prends") for page in (ines, malik)
    ]
    press_both(ines, malik, buttons)
    outcomes = {
        name: page.locator(".messages").inner_text()
        for name, page in (("Inès", ines), ("Malik", malik))
    }
    winners = [name for name, text in outcomes.items() if "Vous recevez Yonas." in text]
    assert len(winners) == 1, outcomes
    loser = "Malik" if winners == ["Inès"] else "Inès"
    assert f"Déjà pris·e par {winners[0]}." in outcomes[loser], outcomes
    winner_page, loser_page = (ines, malik) if winners == ["Inès"] else (malik, ines)
    expect(card(loser_page, "Yonas")).to_contain_text(f"avec {winners[0]}")
    take(loser_page, "Sara", "Salle 4")
    press(winner_page, "Yonas", "Terminé")
    press(loser_page, "Sara", "Terminé")

    # End of the day: the summary, closing, and Karim on the call-back list.
    reception.goto(board_url)
    with reception.expect_navigation():
        reception.get_by_role("link", name="Bilan de la permanence").click()
    expect(reception.locator("#figure-received strong")).to_have_text("4")
    expect(reception.locator("#figure-left strong")).to_have_text("1")
    expect(reception.locator("#figure-children strong")).to_have_text("2")
    expect(reception.locator("#not-seen")).to_contain_text("Karim")
    with reception.expect_navigation():
        reception.get_by_role("button", name="Clore la permanence").click()
    expect(reception.locator(".messages")).to_contain_text("La permanence est close.")
    assert_no_axe_violations(reception, "the end-of-session summary")
    with reception.expect_navigation():
        reception.get_by_role("link", name="Liste des personnes à rappeler").click()
    rows = reception.locator("#call-backs tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Karim")
    expect(rows.first).to_contain_text("arabe")
    assert_no_axe_violations(reception, "the call-back list")


def test_a_typed_room_survives_the_board_refreshing(contexts, day_desk, team):
    """Inès types a room in a waiting card, then taps elsewhere; Rose registers a new arrival:
    the next poll swaps Inès's board and the room she typed (not submitted) is still there."""
    reception, ines = contexts(), contexts()
    sign_in(reception, team["reception"].email)
    sign_in(ines, team["ines"].email)
    reception.goto("/reception/")
    with reception.expect_navigation():
        reception.get_by_role("link", name="Permanence A · aujourd’hui 00:00–23:59").click()
    register(reception, "Karim")

    ines.goto(reception.url)
    room = card(ines, "Karim").get_by_label("Salle")
    room.fill("Salle 7")
    ines.locator("h1").click()  # the field loses the focus: the board is no longer in use
    expect(room).not_to_be_focused()

    register(reception, "Yonas")
    expect(card(ines, "Yonas")).to_be_visible(timeout=POLL_MS)  # the poll swapped the board
    expect(card(ines, "Karim").get_by_label("Salle")).to_have_value("Salle 7")
