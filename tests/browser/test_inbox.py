"""The requests inbox through a real browser: a person writes to the desk from the public form on
a phone, in French and then in Arabic (right to left); a volunteer finds both requests in
/inbox/, takes one and turns it into a case; a call is logged with the keyboard alone in under
30 seconds. axe-core checks the public form, the inbox and a request page.

Skipped until ``permanence.inbox`` is in INSTALLED_APPS (docs/inbox.md, "Wiring").
"""

import time

import pytest
from django.apps import apps
from playwright.sync_api import expect

from permanence.directory.tests.conftest import desk_a  # noqa: F401 (fixture)
from tests.browser.axe import assert_no_axe_violations
from tests.browser.directory_fixtures import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not apps.is_installed("permanence.inbox"):
    pytest.skip("permanence.inbox is not installed yet", allow_module_level=True)

FORM = "/{language}/desks/permanence-a/request/"
MIN_FILL_SECONDS = 3.2  # antispam.MIN_FILL_SECONDS, and a little more
FRENCH_TEXT = "Bonjour, mon récépissé expire le 3 mars et la préfecture ne répond pas."
ARABIC_TEXT = "مرحبا، لدي موعد في المحافظة ولا أعرف ما هي الوثائق المطلوبة."
KEYBOARD_SECONDS = 30


def send_request(page, language: str, *, text: str, answer: str, contact: str, name: str):
    """Fill the public form as a person would on a phone, then send it."""
    page.goto(FORM.format(language=language))
    opened = time.monotonic()
    form = page.locator("form.request-form")
    form.locator("textarea[name=text]").fill(text)
    form.locator(f"input[name=answer_channel][value={answer}]").check()
    form.locator("input[name=contact]").fill(contact)
    form.locator("input[name=name]").fill(name)
    expect(form.locator("select[name=language]")).to_have_value(language)
    assert_no_axe_violations(page, f"the public request form ({language})")
    time.sleep(max(0.0, MIN_FILL_SECONDS - (time.monotonic() - opened)))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("#when-answer")).to_be_visible()


def test_a_request_from_the_public_form_becomes_a_case(phone_page, page, desk_a, volunteer_a):  # noqa: F811
    from permanence.cases.models import Case
    from permanence.inbox.models import Request, State

    # A person writes from a phone, in French…
    send_request(
        phone_page,
        "fr",
        text=FRENCH_TEXT,
        answer="sms",
        contact="06 12 34 56 78",
        name="Amina",
    )
    expect(phone_page.locator("h1")).to_have_text("Votre demande est envoyée")
    expect(phone_page.locator("#when-answer")).to_contain_text(
        "Nous répondons en général lors de la prochaine permanence, le lundi"
    )
    # … and someone else in Arabic: the page reads right to left.
    send_request(
        phone_page,
        "ar",
        text=ARABIC_TEXT,
        answer="whatsapp",
        contact="+33 6 98 76 54 32",
        name="مريم",
    )
    expect(phone_page.locator("html")).to_have_attribute("dir", "rtl")
    assert Request.objects.count() == 2

    # A volunteer of the group sees both in the inbox.
    sign_in(page, volunteer_a.email)
    page.goto("/inbox/")
    cards = page.locator("#results li.card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("مريم")  # newest first
    expect(page.locator("#results")).to_contain_text("récépissé expire le 3 mars")
    assert_no_axe_violations(page, "the inbox")

    # Takes Amina's request…
    with page.expect_navigation():
        page.get_by_role("link", name="Amina").click()
    expect(page.locator("blockquote")).to_contain_text(FRENCH_TEXT)
    expect(page.locator("a[href='sms:+33612345678']")).to_have_text("+33 6 12 34 56 78")
    assert_no_axe_violations(page, "a request page")
    with page.expect_navigation():
        page.get_by_role("button", name="Je m’en occupe").click()
    expect(page.locator(".messages")).to_contain_text("Vous vous occupez de cette demande.")
    expect(page.locator("#owner")).to_have_text(str(volunteer_a))

    # … and turns it into a case for a new person.
    with page.expect_navigation():
        page.get_by_role("link", name="Ouvrir un dossier").click()
    expect(page.locator("#results")).to_contain_text("Personne ne correspond.")
    with page.expect_navigation():
        page.get_by_role("link", name="C’est une nouvelle personne").click()
    expect(page.locator("input[name=new_name]")).to_have_value("Amina")
    page.get_by_label("Séjour : renouvellement").check()
    assert_no_axe_violations(page, "the case form of a request")
    with page.expect_navigation():
        page.get_by_role("button", name="Ouvrir le dossier").click()
    # Straight to the new case, where a task or a document is added next.
    expect(page.locator(".messages")).to_contain_text("Le dossier est ouvert")
    expect(page.locator("main")).to_contain_text("récépissé expire le 3 mars")
    page.go_back()
    page.reload()
    expect(page.locator("#state")).to_have_text("Dossier ouvert")
    expect(page.locator("#case-link")).to_be_visible()

    request = Request.objects.get(channel="web", answer_channel="sms")
    case = Case.objects.get()
    assert (request.state, request.case, request.owner) == (State.CASE, case, volunteer_a)
    assert case.person.name == "Amina" and case.topics == ["residence_renewal"]


def test_a_call_is_logged_with_the_keyboard_in_under_30_seconds(page, desk_a, volunteer_a):  # noqa: F811
    from permanence.inbox.models import Request

    sign_in(page, volunteer_a.email)
    page.goto("/inbox/new/")
    started = time.monotonic()
    expect(page.locator("select[name=channel]")).to_be_focused()
    page.keyboard.type("SMS")  # type-ahead in the closed select
    page.keyboard.press("Tab")
    page.keyboard.type("07 45 29 68 08")
    page.keyboard.press("Tab")  # answer: the same channel
    page.keyboard.press("Tab")
    page.keyboard.type("Yonas")
    page.keyboard.press("Tab")
    page.keyboard.type("tigr")
    page.keyboard.press("Tab")
    page.keyboard.type("Convocation OFII jeudi : que faut-il apporter ?")
    page.keyboard.press("Tab")  # the desk: the group's only one is already chosen
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # "Je m'en occupe"
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert time.monotonic() - started < KEYBOARD_SECONDS
    expect(page.locator(".messages")).to_contain_text("La demande est enregistrée.")
    request = Request.objects.get()
    assert (request.channel, request.contact, request.language, request.owner) == (
        "sms",
        "+33745296808",
        "ti",
        volunteer_a,
    )
    assert_no_axe_violations(page, "a request logged by a volunteer")
