"""Appeal deadlines through a real browser: the acceptance journey (a volunteer records an OQTF
notified yesterday to a person under house arrest, the board shows the deadline in red with its
reasoning, the legal referent acknowledges it and records the appeal), accessibility (axe-core)
and the refusal of another group's volunteer (404).
"""

import colorsys
import re
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_user
from permanence.accounts.roles import Role
from permanence.deadlines.models import Deadline, DeadlineStatus
from tests.browser.axe import assert_no_axe_violations
from tests.browser.cases_fixtures import PERSON_NAME, make_followed_person
from tests.browser.directory_fixtures import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENT_EMAIL = "referent.a@example.org"
DECISION_SAVED = "La décision a été enregistrée."
ACKNOWLEDGED = "Délai pris en compte."
CLOSED = "Le délai est clos."
NO_DEADLINE = "Aucun délai en cours."
APPEAL_NOTE = "Recours déposé au TA de Lille"
SEVEN_DAYS = "7 jours"
RED_HUE_DEGREES = 20  # a red is within this many degrees of hue 0


@pytest.fixture
def legal_referent_a(group_a):
    return make_user(REFERENT_EMAIL, group_a, Role.LEGAL_REFERENT)


@pytest.fixture
def followed_case(group_a, volunteer_a, legal_referent_a):
    """Mohammed Diallo's case, assigned to volunteer A, with group A's legal referent."""
    _person, case = make_followed_person(group_a, volunteer_a)
    case.legal_referent = legal_referent_a
    case.save(update_fields=["legal_referent"])
    return case


@pytest.fixture
def oqtf_deadline(followed_case):
    """The deadline of an OQTF notified yesterday at 10:00 under house arrest, made through the
    same service the decision form calls."""
    from django.test import RequestFactory

    from permanence.cases.models import Entry
    from permanence.deadlines import services

    yesterday = timezone.localdate() - timedelta(days=1)
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    request.user = followed_case.assignees.get()
    entry = Entry(
        kind="decision",
        decision_type="oqtf",
        decision_taken_on=yesterday,
        decision_notified_at=timezone.make_aware(datetime.combine(yesterday, time(10, 0))),
        person_situation="house-arrest",
    )
    recorded = services.decision_record(
        case=followed_case, entry=entry, token=None, request=request
    )
    assert recorded.deadline is not None
    return recorded.deadline


def rgb(css_color: str) -> tuple[int, int, int]:
    channels = re.findall(r"[\d.]+", css_color)
    assert len(channels) >= 3, f"not an rgb() colour: {css_color!r}"
    red, green, blue = (round(float(c)) for c in channels[:3])
    return red, green, blue


def is_red(css_color: str, *, min_saturation: float) -> bool:
    """A hue near 0° (red), not amber (≈ 40°) nor grey: R high, G and B lower and close."""
    red, green, blue = rgb(css_color)
    hue, saturation, _value = colorsys.rgb_to_hsv(red / 255, green / 255, blue / 255)
    degrees = hue * 360
    near_red = degrees <= RED_HUE_DEGREES or degrees >= 360 - RED_HUE_DEGREES
    return near_red and saturation >= min_saturation and red > max(green, blue)


def deadline_on_board(page):
    """The deadline of Mohammed Diallo's case on /deadlines/."""
    item = page.locator("ul.deadlines > li", has_text=PERSON_NAME)
    return item.locator("article.deadline")


def sign_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Se déconnecter").click()


# --- 1. The acceptance journey -------------------------------------------------------------------


def test_oqtf_under_house_arrest_is_urgent_then_acknowledged_and_appealed(
    page, followed_case, volunteer_a, legal_referent_a
):
    case = followed_case
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)

    # Volunteer A records the decision from the case page.
    sign_in(page, volunteer_a.email)
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("h1")).to_have_text(PERSON_NAME)
    expect(page.locator("section.deadlines-now")).to_have_count(0)
    details = page.locator("details", has=page.locator("summary", has_text="Une décision reçue"))
    details.locator("summary", has_text="Une décision reçue").click()
    expect(details).to_have_attribute("open", "")
    form = details.locator("#form-decision")
    form.locator("#id_decision-decision_type").select_option(label="OQTF")
    form.locator("#id_decision-decision_taken_on").fill(yesterday.isoformat())
    form.locator("#id_decision-decision_notified_at").fill(f"{yesterday.isoformat()}T10:00")
    form.locator("#id_decision-person_situation").select_option(label="Assigné·e à résidence")
    with page.expect_navigation():
        form.get_by_role("button", name="Enregistrer la décision").click()
    assert urlsplit(page.url).path == f"/cases/{case.pk}/"
    expect(page.locator(".messages")).to_contain_text(DECISION_SAVED)
    section = page.locator("section.deadlines-now")
    expect(section.get_by_role("heading", name="Délais de recours en cours")).to_be_visible()
    expect(section.locator("article.deadline")).to_have_count(1)
    expect(section.locator("article.deadline")).to_have_class(re.compile(r"\bdeadline-critical\b"))
    expect(section.locator(".deadline-urgency")).to_contain_text("Urgent")
    expect(section.locator(".deadline-why")).to_contain_text(SEVEN_DAYS)

    deadline = Deadline.objects.get(case=case)
    assert deadline.status == DeadlineStatus.OPEN
    assert deadline.rule_code == "oqtf-restricted"
    assert deadline.entry.author == volunteer_a

    # The board: urgent, in red, said in words, with the reasoning.
    page.goto("/deadlines/")
    article = deadline_on_board(page)
    expect(article).to_have_count(1)
    expect(article).to_have_class(re.compile(r"\bdeadline-critical\b"))
    expect(article.locator(".deadline-urgency")).to_contain_text("Urgent")
    expect(article.locator(".deadline-why")).to_contain_text(SEVEN_DAYS)
    expect(article.locator(".deadline-why")).to_contain_text("Notifiée le")
    border = article.evaluate("(el) => getComputedStyle(el).borderInlineStartColor")
    background = article.evaluate("(el) => getComputedStyle(el).backgroundColor")
    assert is_red(border, min_saturation=0.5), f"the urgent deadline's border is {border}"
    assert is_red(background, min_saturation=0.03), f"the urgent deadline's fill is {background}"
    sign_out(page)

    # The legal referent acknowledges it, then records the appeal.
    sign_in(page, legal_referent_a.email)
    page.goto("/deadlines/")
    article = deadline_on_board(page)
    expect(article).to_have_count(1)
    with page.expect_navigation():
        article.get_by_role("button", name="Je prends en compte").click()
    expect(page.locator(".messages")).to_contain_text(ACKNOWLEDGED)
    article = deadline_on_board(page)
    expect(article.get_by_role("button", name="Je prends en compte")).to_have_count(0)
    expect(article.locator(".actions")).to_contain_text("Pris en compte par")
    deadline.refresh_from_db()
    assert deadline.acknowledged_by == legal_referent_a
    assert deadline.status == DeadlineStatus.OPEN

    with page.expect_navigation():
        article.get_by_role("link", name="Clore avec la suite donnée").click()
    assert urlsplit(page.url).path == f"/deadlines/{deadline.pk}/close/"
    page.get_by_label("Recours déposé").check()
    page.locator("#id_closed_on").fill(today.isoformat())
    page.locator("#id_note").fill(APPEAL_NOTE)
    with page.expect_navigation():
        page.get_by_role("button", name="Clore le délai").click()
    assert urlsplit(page.url).path == "/deadlines/"
    expect(page.locator(".messages")).to_contain_text(CLOSED)
    expect(page.locator("ul.deadlines")).to_contain_text(NO_DEADLINE)
    expect(page.locator("ul.deadlines")).not_to_contain_text(PERSON_NAME)

    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.APPEAL_FILED
    assert deadline.closed_on == today
    assert deadline.closed_by == legal_referent_a
    assert deadline.outcome_note == APPEAL_NOTE


# --- 2. axe-core ---------------------------------------------------------------------------------


def open_board(page, deadline) -> str:
    page.goto("/deadlines/")
    expect(deadline_on_board(page)).to_have_count(1)
    return "/deadlines/ (with an urgent deadline)"


def open_close_form(page, deadline) -> str:
    page.goto(f"/deadlines/{deadline.pk}/close/")
    expect(page.get_by_label("Recours déposé")).to_be_visible()
    return f"the close form /deadlines/{deadline.pk}/close/"


@pytest.mark.parametrize("open_page", [open_board, open_close_form], ids=["board", "close"])
def test_deadline_pages_have_no_axe_violation(page, legal_referent_a, oqtf_deadline, open_page):
    sign_in(page, legal_referent_a.email)
    where = open_page(page, oqtf_deadline)
    assert_no_axe_violations(page, where)


def test_public_rules_page_has_no_axe_violation(page, db):
    response = page.goto("/fr/deadlines/rules/")
    assert response.status == 200
    expect(page.locator("h1")).to_have_text("Règles des délais de recours")
    expect(page.locator("tr#oqtf-restricted")).to_be_visible()
    assert_no_axe_violations(page, "/fr/deadlines/rules/ (public)")


# --- 3. Another group's volunteer ----------------------------------------------------------------


def test_volunteer_of_another_group_sees_no_deadline_and_gets_the_404_page(
    page, oqtf_deadline, volunteer_b
):
    sign_in(page, volunteer_b.email)
    page.goto("/deadlines/")
    expect(page.locator("ul.deadlines")).to_contain_text(NO_DEADLINE)
    expect(page.locator("article.deadline")).to_have_count(0)
    assert PERSON_NAME not in page.content()

    path = f"/deadlines/{oqtf_deadline.pk}/close/"
    response = page.goto(path)
    assert response.status == 404, f"{path}: {response.status}"
    expect(page.locator("h1")).to_have_text("Page introuvable")
    assert PERSON_NAME not in page.content()
    oqtf_deadline.refresh_from_db()
    assert oqtf_deadline.status == DeadlineStatus.OPEN
