"""Booking an appointment through a real browser: a person books on the public page on a small
phone, in French and in Arabic (right to left), reads the confirmation and cancels with the link;
a volunteer books during a phone call in well under 30 seconds. axe-core checks the public booking
page (French, Arabic) and the confirmation page.

The module skips itself until `permanence.booking` is in INSTALLED_APPS and its URLs are wired.
"""

import time

import pytest
from django.apps import apps

if not apps.is_installed("permanence.booking"):
    pytest.skip(
        "permanence.booking is not wired yet (INSTALLED_APPS, urls)", allow_module_level=True
    )

from django.utils import translation  # noqa: E402
from django.utils.translation import gettext  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from permanence.booking import forms as booking_forms  # noqa: E402
from permanence.booking.models import Appointment, AppointmentStatus  # noqa: E402
from permanence.booking.tests.conftest import (  # noqa: E402, F401 (fixtures)
    booking_desk,
    reason,
    staff_reason,
    tomorrow_at,
)
from permanence.directory.tests.conftest import desk_a  # noqa: E402, F401 (fixture)
from tests.browser.axe import assert_no_axe_violations  # noqa: E402
from tests.browser.directory_fixtures import sign_in  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 360
PHONE_CALL_SECONDS = 30


@pytest.fixture(autouse=True)
def _slots_from_tomorrow(booking_desk):  # noqa: F811
    """Whatever the hour the suite runs, the first free slot is tomorrow at 16:00."""
    booking_desk.rules.update(valid_from=tomorrow_at(16).date())


@pytest.fixture(autouse=True)
def _links_to_the_live_server(settings, live_server):
    """Messages and the confirmation page link to PERMANENCE_BASE_URL."""
    settings.PERMANENCE_BASE_URL = live_server.url


@pytest.fixture(autouse=True)
def _quick_hands(monkeypatch):
    """Playwright types faster than any person: the minimum fill time would refuse it."""
    monkeypatch.setattr(booking_forms, "MIN_FILL_SECONDS", 0)


def expect_language(page, lang: str, direction: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", direction)


def assert_fits_the_phone(page, where: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{where} scrolls sideways on a {PHONE_WIDTH} px phone ({width})"


def in_(language: str, text: str) -> str:
    """``text`` as the site shows it in ``language`` (whichever catalogue translates it)."""
    with translation.override(language):
        return gettext(text)


def book_the_first_slot(page, *, language: str, first_name: str, phone: str) -> None:
    page.locator(".slot-list label").first.click()
    page.get_by_role("textbox", name=in_(language, "Prénom")).fill(first_name)
    page.get_by_role("textbox", name=in_(language, "Téléphone portable")).fill(phone)
    with page.expect_navigation():
        page.get_by_role("button", name=in_(language, "Confirmer le rendez-vous")).click()


def test_a_person_books_on_a_phone_in_french_and_cancels_with_the_link(phone_page, reason):  # noqa: F811
    page = phone_page
    page.goto("/fr/desks/permanence-a/book/")
    expect_language(page, "fr", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Prendre rendez-vous")
    assert_fits_the_phone(page, "the booking page")
    assert_no_axe_violations(page, "the public booking page (French, phone)")

    book_the_first_slot(page, language="fr", first_name="Amina", phone="06 12 34 56 78")
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre rendez-vous est confirmé")
    expect(page.locator("dl.facts")).to_contain_text("16:00")
    expect(page.locator("dl.facts")).to_contain_text("9 bd de la Moselle")
    assert_fits_the_phone(page, "the confirmation page")
    assert_no_axe_violations(page, "the confirmation page (French, phone)")
    appointment = Appointment.objects.get()
    assert (appointment.slot.start, appointment.language) == (tomorrow_at(16), "fr")

    page.locator(".link-box a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre rendez-vous")
    page.get_by_role("button", name="Annuler mon rendez-vous").click()
    expect(page.get_by_role("status")).to_contain_text("Votre rendez-vous est annulé")
    expect(page.get_by_role("button", name="Annuler mon rendez-vous")).to_have_count(0)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_a_person_books_in_arabic_right_to_left(phone_page, reason):  # noqa: F811
    page = phone_page
    page.goto("/ar/desks/permanence-a/book/")
    expect_language(page, "ar", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text(in_("ar", "Prendre rendez-vous"))
    expect(page.get_by_label(in_("ar", "Langue des messages"))).to_have_value("ar")
    assert_fits_the_phone(page, "the Arabic booking page")
    assert_no_axe_violations(page, "the public booking page (Arabic, phone)")

    book_the_first_slot(page, language="ar", first_name="أمينة", phone="06 12 34 56 78")
    confirmed = in_("ar", "Votre rendez-vous est confirmé")
    assert confirmed != "Votre rendez-vous est confirmé"  # the page is in Arabic
    expect(page.get_by_role("heading", level=1)).to_have_text(confirmed)
    expect_language(page, "ar", "rtl")
    assert_no_axe_violations(page, "the confirmation page (Arabic, phone)")
    appointment = Appointment.objects.get()
    assert (appointment.first_name, appointment.language) == ("أمينة", "ar")

    page.locator(".link-box a").click()
    page.get_by_role("button", name=in_("ar", "Annuler mon rendez-vous")).click()
    cancelled = in_("ar", "Votre rendez-vous est annulé. Merci de nous avoir prévenus.")
    expect(page.get_by_role("status")).to_contain_text(cancelled)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_a_mistake_is_explained_and_nothing_is_lost(phone_page, reason):  # noqa: F811
    page = phone_page
    page.goto("/fr/desks/permanence-a/book/")
    book_the_first_slot(page, language="fr", first_name="Amina", phone="12345")
    expect(page.get_by_text("Ce numéro de téléphone n’est pas valide")).to_be_visible()
    expect(page.get_by_role("textbox", name="Prénom")).to_have_value("Amina")
    assert page.locator(".slot-list input:checked").count() == 1
    assert_no_axe_violations(page, "the booking page with an error")
    assert not Appointment.objects.exists()


def test_a_volunteer_books_during_a_phone_call_in_under_30_seconds(
    page,
    volunteer_a,
    reason,  # noqa: F811
    staff_reason,  # noqa: F811
):
    sign_in(page, volunteer_a.email)
    page.goto("/booking/permanence-a/")
    started = time.monotonic()
    page.get_by_label("Premier rendez-vous séjour").check()  # htmx brings the slots
    page.locator("#slots .slot-list label").first.click()
    page.get_by_role("textbox", name="Prénom").fill("Youssef")
    page.get_by_role("textbox", name="Téléphone portable").fill("07 45 29 68 09")
    page.get_by_label("Langue des messages").select_option("ar")
    page.get_by_role("button", name="Réserver").click()
    expect(page.get_by_role("status")).to_contain_text("Rendez-vous pris")
    assert time.monotonic() - started < PHONE_CALL_SECONDS
    assert_no_axe_violations(page, "the volunteers' booking page")
    appointment = Appointment.objects.get()
    assert appointment.booked_by == volunteer_a and appointment.language == "ar"

    page.goto(f"/booking/permanence-a/day/?date={tomorrow_at(16).date().isoformat()}")
    row = page.locator(f"#appointment-{appointment.pk}")
    row.get_by_role("button", name="Reçu·e").click()  # htmx swaps the row
    expect(row.locator("p.status-seen")).to_have_text("Reçu·e")
    assert_no_axe_violations(page, "the day's appointments")


def test_a_coordinator_adds_a_reason_with_its_arabic_label(
    page,
    coordinator_a,
    reason,  # noqa: F811
):
    sign_in(page, coordinator_a.email)
    page.goto("/booking/permanence-a/reasons/")
    assert_no_axe_violations(page, "the reasons of a desk")
    page.locator("#id_label").fill("Préparation OFPRA")
    page.locator("#id_duration_minutes").fill("60")
    page.locator("#id_public").check()
    page.locator("details summary").click()
    page.locator("#id_label_ar").fill("التحضير لمقابلة أوفبرا")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Le motif a été enregistré.")
    page.goto("/ar/desks/permanence-a/book/")
    expect(page.get_by_role("link", name="التحضير لمقابلة أوفبرا")).to_be_visible()
