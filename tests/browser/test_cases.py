"""Case files through a real browser: the interview's acceptance journey (search in any spelling,
a contact added with the keyboard only, a task, a photographed récépissé that loses its EXIF, the
next volunteer reading the timeline), the same on a small phone, accessibility (axe-core) and the
refusal of another group's volunteer (404).
"""

import io
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import formats, timezone, translation
from PIL import Image
from playwright.sync_api import expect

from conftest import make_user
from permanence.accounts.roles import Role
from permanence.cases.models import Document, Entry
from tests.browser.axe import assert_no_axe_violations
from tests.browser.cases_fixtures import (  # noqa: F401 (fixtures)
    CAMERA,
    PERSON_NAME,
    fill_timeline,
    make_followed_person,
    private_media,
    write_receipt_photo,
)
from tests.browser.directory_fixtures import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 360
SUMMARY = "Entretien : préparation du récit"
TASK = "Appeler la SPADA"
ADDED = "Ajouté au suivi."
DOCUMENT_SAVED = "Le document a été enregistré, chiffré."
MAX_TABS = 40


def is_focused(locator) -> bool:
    return locator.evaluate("(el) => el === document.activeElement")


def active_element(page) -> str:
    """The focused element, for a readable failure: tag#id[name]."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el) return "nothing";
          const name = el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : "";
          return `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${name}`;
        }"""
    )


def tab_until(page, target, *, within=None, limit: int = MAX_TABS) -> int:
    """Press Tab until ``target`` has the focus; each step must stay inside ``within`` if given.
    Returns the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if is_focused(target):
            return presses
        if within is not None:
            assert within.evaluate("(el) => el.contains(document.activeElement)"), (
                f"Tab left the form before reaching the next field: on {active_element(page)}"
            )
    pytest.fail(f"{limit} Tab presses never reached the field (focus on {active_element(page)})")


def search_and_open_case(page, case) -> None:
    """From /people/: type "mohamed", open Mohammed Diallo, then his case."""
    page.goto("/people/")
    box = page.locator("#id_q")
    expect(box).to_be_focused()  # autofocus: the volunteer types at once
    with page.expect_response(
        lambda r: "q=mohamed" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        page.keyboard.type("mohamed")
    person_link = page.locator("#results").get_by_role("link", name=PERSON_NAME)
    expect(person_link).to_be_visible()
    expect(page).to_have_url(re.compile(r"/people/\?q=mohamed$"))
    expect(box).to_be_focused()  # the live results swap in without stealing the focus
    expect(box).to_have_value("mohamed")
    with page.expect_navigation():
        person_link.click()
    expect(page.locator("h1")).to_have_text(PERSON_NAME)
    with page.expect_navigation():
        page.locator(f"a[href='/cases/{case.pk}/']").click()
    assert urlsplit(page.url).path == f"/cases/{case.pk}/"
    expect(page.locator("h1")).to_have_text(PERSON_NAME)


def assert_no_horizontal_scroll(page, where: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    wide = page.evaluate(
        """(limit) => [...document.body.querySelectorAll("*")]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
          .slice(0, limit)
          .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                       + (el.className ? "." + String(el.className).split(" ").join(".") : ""))""",
        5,
    )
    assert width <= PHONE_WIDTH, (
        f"{where} scrolls horizontally on a {PHONE_WIDTH} px phone (scrollWidth {width}): "
        + "; ".join(wide)
    )


# --- 1. The acceptance journey -------------------------------------------------------------------


@pytest.mark.usefixtures("private_media")
def test_interview_journey_and_the_next_volunteer_reads_the_timeline(
    page, group_a, volunteer_a, tmp_path
):
    """During an interview, a volunteer finds "Mohammed" by typing "mohamed", adds a contact and a
    task, uploads a récépissé, and the next volunteer sees them on the timeline."""
    _person, case = make_followed_person(group_a, volunteer_a)
    volunteer_a2 = make_user("volunteer.a2@example.org", group_a, Role.VOLUNTEER)

    sign_in(page, volunteer_a.email)
    search_and_open_case(page, case)

    # The contact form, open by default, with the keyboard only: Tab from the top of the page.
    form = page.locator("#form-contact")
    expect(form.locator("xpath=ancestor::details[1]")).to_have_attribute("open", "")
    when = form.locator("#id_contact-occurred_at")
    channel = form.locator("#id_contact-channel")
    duration = form.locator("#id_contact-duration_minutes")
    text = form.locator("#id_contact-text")
    submit = form.get_by_role("button", name="Ajouter le contact")
    expect(when).not_to_have_value("")  # now, by default
    tab_until(page, when)
    tab_until(page, channel, within=form)  # the date and time parts are tab stops of their own
    page.keyboard.type("Perm")  # type-ahead in the closed select
    expect(channel).to_have_value("desk")
    page.keyboard.press("Tab")
    expect(duration).to_be_focused()
    page.keyboard.type("30")
    page.keyboard.press("Tab")
    expect(text).to_be_focused()
    page.keyboard.type(SUMMARY)
    page.keyboard.press("Tab")
    expect(submit).to_be_focused()
    # No trap: Tab goes on to the next kind of entry, Shift+Tab comes back.
    page.keyboard.press("Tab")
    expect(page.locator("details summary", has_text="Une tâche")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(submit).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text(ADDED)
    assert urlsplit(page.url).fragment == "timeline"
    contact = Entry.objects.get(case=case, kind="contact")
    assert (contact.channel, contact.duration_minutes, contact.text) == ("desk", 30, SUMMARY)
    assert contact.author == volunteer_a

    # The task: open its <details>, fill it, send it.
    due = timezone.localdate() + timedelta(days=7)
    task_details = page.locator("details", has=page.locator("summary", has_text="Une tâche"))
    task_details.locator("summary").click()
    expect(task_details).to_have_attribute("open", "")
    task_details.get_by_label("Tâche à faire").fill(TASK)
    task_details.locator("#id_task-task_due").fill(due.isoformat())
    with page.expect_navigation():
        task_details.get_by_role("button", name="Ajouter la tâche").click()
    expect(page.locator(".messages")).to_contain_text(ADDED)
    assert Entry.objects.get(case=case, kind="task").task_due == due

    # The récépissé, photographed with a phone that wrote its GPS position.
    photo = write_receipt_photo(tmp_path)
    doc_details = page.locator("details", has=page.locator("#id_file"))
    doc_details.locator("summary").click()
    doc_details.get_by_label("Type de document").select_option(label="Récépissé")
    doc_details.get_by_label("Fichier").set_input_files(photo)
    with page.expect_navigation():
        doc_details.get_by_role("button", name="Envoyer le document").click()
    expect(page.locator(".messages")).to_contain_text(DOCUMENT_SAVED)
    assert Document.objects.get(case=case).doc_type == "receipt"

    # Sign out: the case is no longer reachable.
    with page.expect_navigation():
        page.get_by_role("button", name="Se déconnecter").click()
    page.goto(f"/cases/{case.pk}/")
    assert urlsplit(page.url).path.startswith("/accounts/login"), page.url

    # The next volunteer of the group reads the timeline.
    sign_in(page, volunteer_a2.email)
    page.goto(f"/cases/{case.pk}/")
    timeline = page.locator("#timeline")
    contact_item = timeline.locator("li.entry-contact")
    expect(contact_item).to_contain_text(SUMMARY)
    expect(contact_item).to_contain_text("Permanence")
    expect(contact_item).to_contain_text("30 min")
    task_item = timeline.locator("li.entry-task")
    expect(task_item).to_contain_text(TASK)
    with translation.override("fr"):
        expect(task_item).to_contain_text(formats.date_format(due, "SHORT_DATE_FORMAT"))
    document_item = timeline.locator("li.entry-document")
    expect(document_item).to_have_count(1)
    download_link = document_item.get_by_role("link", name="Télécharger le document")
    expect(download_link).to_be_visible()
    documents = page.locator("section[aria-labelledby=docs-title] > ul:not(.checklist)")
    expect(documents).to_contain_text("Récépissé")

    with page.expect_download() as caught:
        download_link.click()
    download = caught.value
    assert download.failure() is None
    assert download.suggested_filename.lower().endswith((".jpg", ".jpeg"))
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xff\xd8\xff"), content[:16]
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG"
        assert not dict(image.getexif()), f"EXIF left in the download: {dict(image.getexif())}"
        assert "exif" not in image.info
    assert CAMERA.encode() not in content


# --- 2. The same on a small phone ----------------------------------------------------------------


def test_journey_on_a_phone(phone_page, group_a, volunteer_a):
    page = phone_page
    _person, case = make_followed_person(group_a, volunteer_a)
    sign_in(page, volunteer_a.email)
    search_and_open_case(page, case)
    page.wait_for_load_state("networkidle")
    assert_no_horizontal_scroll(page, f"the case page /cases/{case.pk}/")

    form = page.locator("#form-contact")
    form.get_by_label("Canal").select_option("desk")
    form.locator("#id_contact-duration_minutes").fill("30")
    form.get_by_label("Résumé").fill(SUMMARY)
    with page.expect_navigation():
        form.get_by_role("button", name="Ajouter le contact").tap()
    expect(page.locator(".messages")).to_contain_text(ADDED)
    expect(page.locator("#timeline li.entry-contact")).to_contain_text(SUMMARY)
    page.wait_for_load_state("networkidle")
    assert_no_horizontal_scroll(page, f"the case page /cases/{case.pk}/ with a contact")


def test_the_case_list_reads_as_cards_on_a_phone(phone_page, group_a, volunteer_a):
    """Every column on screen, under its name, with nothing to scroll sideways (and axe-clean)."""
    page = phone_page
    _person, case = make_followed_person(group_a, volunteer_a)
    sign_in(page, volunteer_a.email)
    page.goto("/cases/")
    row = page.locator("#results tbody tr").first
    expect(row).to_contain_text(PERSON_NAME)
    assert_no_horizontal_scroll(page, "/cases/")
    for column in ("Statut", "Prochaine tâche", "Dernier contact"):
        label = row.locator(".cell-label", has_text=column)
        expect(label).to_be_visible()
        box = label.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, column
    assert_no_axe_violations(page, "/cases/ on a phone")


# --- 3. axe-core ---------------------------------------------------------------------------------


def open_people_search(page, case) -> str:
    page.goto("/people/?q=mohamed")
    expect(page.locator("#results").get_by_role("link", name=PERSON_NAME)).to_be_visible()
    return "/people/?q=mohamed (with results)"


def open_person(page, case) -> str:
    page.goto(f"/people/{case.person.pk}/")
    expect(page.locator("h1")).to_have_text(PERSON_NAME)
    return "the person page"


def open_case(page, case) -> str:
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#timeline li.entry")).to_have_count(5)  # 4 entries and the document
    closed = page.locator("section.add-entry details:not([open])")
    for _ in range(closed.count()):
        closed.first.locator("summary").click()
    expect(closed).to_have_count(0)
    # The forms other than the contact one arrive by htmx when their <details> opens.
    expect(page.locator("section.add-entry form.entry-form")).to_have_count(7)
    return "the case page (timeline, every form open and loaded)"


def open_entry_form_page(page, case) -> str:
    page.goto(f"/cases/{case.pk}/entries/referral/")  # the form's page without JavaScript
    expect(page.locator("#form-referral")).to_be_visible()
    return "an entry form on a page of its own"


def open_case_list(page, case) -> str:
    page.goto("/cases/")
    expect(page.locator("#results").get_by_role("link", name=PERSON_NAME)).to_be_visible()
    return "/cases/"


@pytest.mark.parametrize(
    "open_page",
    [open_people_search, open_person, open_case, open_case_list, open_entry_form_page],
    ids=["people-search", "person", "case", "case-list", "entry-form"],
)
@pytest.mark.usefixtures("private_media")
def test_case_pages_have_no_axe_violation(page, group_a, volunteer_a, open_page):
    _person, case = make_followed_person(group_a, volunteer_a)
    fill_timeline(case, volunteer_a)
    sign_in(page, volunteer_a.email)
    where = open_page(page, case)
    assert_no_axe_violations(page, where)


def test_case_page_with_a_message_has_no_axe_violation(page, group_a, volunteer_a):
    _person, case = make_followed_person(group_a, volunteer_a)
    sign_in(page, volunteer_a.email)
    page.goto(f"/cases/{case.pk}/")
    form = page.locator("#form-contact")
    form.get_by_label("Canal").select_option("desk")
    form.get_by_label("Résumé").fill(SUMMARY)
    with page.expect_navigation():
        form.get_by_role("button", name="Ajouter le contact").click()
    expect(page.locator(".messages")).to_contain_text(ADDED)
    assert_no_axe_violations(page, "the case page after adding a contact (flash message)")


# --- 4. Another group's volunteer ----------------------------------------------------------------


def test_volunteer_of_another_group_gets_the_404_page(page, group_a, volunteer_a, volunteer_b):
    person, case = make_followed_person(group_a, volunteer_a)
    sign_in(page, volunteer_b.email)
    for path in (f"/cases/{case.pk}/", f"/people/{person.pk}/"):
        response = page.goto(path)
        assert response.status == 404, f"{path}: {response.status}"
        expect(page.locator("h1")).to_have_text("Page introuvable")
        assert PERSON_NAME not in page.content()
    page.goto("/people/?q=mohamed")
    expect(page.locator("#results")).to_contain_text("Personne ne correspond")
