"""The public directory through a real browser: the acceptance journey on a small phone (search,
desk page, poster), accessibility (axe-core), htmx under the real CSP and without JavaScript,
the keyboard and the language menu, and the coordinators' live preview of a schedule.

Arabic may not be translated yet: Arabic pages are checked by their URL, `lang` and `dir`.
"""

import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from permanence.directory.models import Desk
from tests.browser.axe import assert_no_axe_violations
from tests.browser.directory_fixtures import (  # noqa: F401 (fixtures)
    GROUP_A_DESK,
    demo_data,
    desk_of_group_a,
    load_demo,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 360
FOIX = "/desks/perm-de-foix/"


def expect_language(page, lang: str, direction: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", direction)


def widest_elements(page, limit: int = 5) -> list[str]:
    """The elements that stick out of the viewport on the right (for a readable failure)."""
    return page.evaluate(
        """(limit) => {
          const width = window.innerWidth;
          const out = [];
          for (const el of document.body.querySelectorAll("*")) {
            const box = el.getBoundingClientRect();
            if (box.right > width + 0.5 || box.left < -0.5) {
              const id = el.id ? "#" + el.id : "";
              const cls = el.classList.length ? "." + [...el.classList].join(".") : "";
              out.push(`${el.tagName.toLowerCase()}${id}${cls} [${box.left|0}, ${box.right|0}]`);
            }
          }
          return out.slice(0, limit);
        }""",
        limit,
    )


def assert_no_horizontal_scroll(page, where: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, (
        f"{where} scrolls horizontally on a {PHONE_WIDTH} px phone (scrollWidth {width}): "
        + "; ".join(widest_elements(page))
    )


def foreign_requests(requests: list[str], base_url: str) -> list[str]:
    own = urlsplit(base_url)
    return [
        url
        for url in requests
        if urlsplit(url).scheme not in ("data", "blob", "about")
        and (urlsplit(url).scheme, urlsplit(url).netloc) != (own.scheme, own.netloc)
    ]


# --- 1. The acceptance journey on a small phone -------------------------------------------------


def lille_arabic_open_this_week() -> int:
    """How many desks the journey's search should find, as the server sees them now."""
    from permanence.directory import search

    where = search.resolve_where("Lille")
    return search.search(where=where, language="ar", open_this_week=True).count()


def test_journey_search_desk_poster_on_a_phone(phone_page, live_server):
    load_demo()
    if not lille_arabic_open_this_week():
        # "Ouvert cette semaine" ends on Sunday night: late on Sunday nothing is left to find.
        pytest.skip("no session left this week in the demo data around Lille (Sunday evening)")
    page = phone_page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto("/fr/")
    expect_language(page, "fr", "ltr")
    form = page.get_by_role("search")
    form.get_by_label("Ville, code postal ou département").fill("Lille")
    form.locator("details.filters > summary").click()
    expect(form.locator("details.filters")).to_have_attribute("open", "")
    language = form.get_by_label("Langue parlée")
    language.select_option("ar")
    expect(language.locator("option:checked")).to_have_text("arabe")
    form.get_by_label("Ouvert cette semaine").check()
    form.get_by_role("button", name="Chercher").click()

    # htmx swaps #results in place and pushes the query into the address bar.
    expect(page).to_have_url(re.compile(r"week=on"))
    # Django reads the last value of a repeated parameter (see the test of the pushed URL below).
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"][-1] == "Lille"
    assert query["language"][-1] == "ar"
    results = page.locator("section#results li.result")
    expect(results.first).to_be_visible()
    expect(page.locator("#results-title")).to_contain_text("Lille")
    assert results.count() >= 1
    expect(results.first.locator("time")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    assert_no_horizontal_scroll(page, "the search results /fr/?q=Lille")

    first = results.first.get_by_role("link").first
    href = first.get_attribute("href")
    assert re.fullmatch(r"/fr/desks/[-a-z0-9]+/", href), href
    with page.expect_navigation():
        first.click()
    assert urlsplit(page.url).path == href

    # The desk page: its next date falls within the week the filter asked for.
    dates = page.locator("ol.sessions time")
    expect(dates.first).to_be_visible()
    first_start = datetime.fromisoformat(dates.first.get_attribute("datetime"))
    now = timezone.now()
    assert first_start.tzinfo is not None
    assert timezone.localdate(now) <= timezone.localtime(first_start).date(), first_start
    assert first_start <= now + timedelta(days=7), first_start
    page.wait_for_load_state("networkidle")
    assert_no_horizontal_scroll(page, f"the desk page {href}")

    # The poster, in French and Arabic. Chromium opens an inline PDF in its viewer, which hides
    # the bytes from Playwright: a pass-through route keeps a copy of the real response.
    pdf_bodies: list[bytes] = []

    def keep_pdf(route):
        fetched = route.fetch()
        pdf_bodies.append(fetched.body())
        route.fulfill(response=fetched)

    page.route("**/poster.pdf?*", keep_pdf)
    poster = page.locator("form[action$='/poster.pdf']")
    poster.locator("select[name=first]").select_option("fr")
    poster.locator("select[name=second]").select_option("ar")
    with page.expect_response(lambda r: "/poster.pdf" in r.url) as caught:
        poster.get_by_role("button", name="Télécharger l’affiche (PDF)").click()
    response = caught.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert urlsplit(response.url).path == href + "poster.pdf"
    assert parse_qs(urlsplit(response.url).query) == {"first": ["fr"], "second": ["ar"]}
    assert len(pdf_bodies) == 1
    assert pdf_bodies[0].startswith(b"%PDF"), pdf_bodies[0][:100]

    foreign = foreign_requests(requests, live_server.url)
    assert not foreign, "requests to another host than the live server:\n" + "\n".join(foreign)


@pytest.mark.usefixtures("demo_data")
def test_desk_page_links_open_the_phone_and_the_map(phone_page):
    page = phone_page
    page.goto("/fr" + FOIX)
    channels = page.locator("ul.channels")
    expect(channels.locator("a[href='tel:+33745296808']")).to_be_visible()
    expect(channels.locator("a[href='sms:+33745296808']")).to_be_visible()
    osm = page.locator("a[href^='https://www.openstreetmap.org/?mlat=']")
    expect(osm).to_have_count(1)
    expect(osm).to_have_attribute("rel", re.compile(r"\bnoopener\b"))
    # Perm de Foix opens on the 2nd and 4th Mondays, 16:00–19:00.
    for start in page.locator("ol.sessions time").evaluate_all(
        "(times) => times.map((t) => t.getAttribute('datetime'))"
    ):
        local = timezone.localtime(datetime.fromisoformat(start))
        assert (local.weekday(), local.hour, (local.day - 1) // 7 + 1) in {(0, 16, 2), (0, 16, 4)}


@pytest.mark.usefixtures("demo_data")
def test_public_pages_do_not_scroll_sideways_on_a_phone(phone_page):
    page = phone_page
    problems = []
    for path in ("/fr/", "/ar/", "/ar/?q=Lille&week=on", "/fr" + FOIX, "/ar" + FOIX):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if page.locator("details.filters").count():
            page.locator("details.filters > summary").click()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE_WIDTH:
            problems.append(f"{path}: scrollWidth {width}: " + "; ".join(widest_elements(page)))
    assert not problems, "pages wider than the phone:\n" + "\n".join(problems)


def test_the_language_menu_opens_on_screen_one_language_a_line_on_a_phone(phone_page):
    page = phone_page
    for path in ("/fr/", "/ar/", "/fr" + FOIX):
        page.goto(path)
        page.locator("header .language-switcher summary").click()
        boxes = page.locator("header .language-switcher ul a").evaluate_all(
            "(links) => links.map((a) => a.getBoundingClientRect().toJSON())"
        )
        assert len(boxes) == 10, path
        outside = [b for b in boxes if b["left"] < 0 or b["right"] > PHONE_WIDTH]
        assert not outside, f"{path}: languages off the screen: {outside}"
        assert len({round(b["top"]) for b in boxes}) == len(boxes), f"{path}: two on a line"


# --- 2. axe-core --------------------------------------------------------------------------------

AXE_PAGES = [
    ("/fr/", "fr"),
    ("/ar/", "ar"),
    ("/fr/?q=Lille&language=ar", "fr"),
    ("/ar/?q=Lille", "ar"),
    ("/fr" + FOIX, "fr"),
    ("/ar" + FOIX, "ar"),
]


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize(("path", "lang"), AXE_PAGES)
def test_directory_pages_have_no_axe_violation(page, path, lang):
    response = page.goto(path)
    assert response.status == 200
    expect_language(page, lang, "rtl" if lang == "ar" else "ltr")
    if "?q=" in path or FOIX in path:
        # The search really found something, the desk page really shows dates: axe sees them.
        selector = "#results li.result" if "?q=" in path else "ol.sessions li"
        expect(page.locator(selector).first).to_be_visible()
    assert_no_axe_violations(page, f"{path} (desktop)")


@pytest.mark.usefixtures("demo_data")
def test_search_on_a_phone_has_no_axe_violation(phone_page):
    page = phone_page
    page.goto("/fr/?q=Lille&language=ar")
    page.locator("details.filters > summary").click()
    expect(page.locator("#results li.result").first).to_be_visible()
    assert_no_axe_violations(page, "/fr/?q=Lille&language=ar (phone, filters open)")


# --- 3. htmx under the real CSP, and without JavaScript -----------------------------------------


@pytest.mark.usefixtures("demo_data")
def test_htmx_search_updates_results_in_place_under_the_real_csp(strict_page):
    page = strict_page
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto("/fr/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => typeof window.htmx") == "object", "htmx did not run"
    title = page.locator("#results-title")
    before = title.inner_text()
    page.evaluate("window.__marker = 1")

    page.locator("details.filters > summary").click()
    with page.expect_response(
        lambda r: "topic=asylum" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        page.get_by_label("Thème").select_option("asylum")

    expect(page).to_have_url(re.compile(r"[?&]topic=asylum(&|$)"))
    expect(title).not_to_have_text(before)
    expect(page.locator("#results li.result").first).to_be_visible()
    assert page.evaluate("() => window.__marker") == 1, "the page was reloaded, not swapped"
    # hx-select keeps exactly one results section (no nesting).
    expect(page.locator("section#results")).to_have_count(1)
    assert not [p for p in problems if "Content Security Policy" in p], "\n".join(problems)


def results_count(page) -> int:
    return int(re.match(r"\d+", page.locator("#results-title").inner_text().strip()).group())


@pytest.mark.usefixtures("demo_data")
def test_htmx_search_pushes_only_the_form_query(strict_page):
    page = strict_page
    page.goto("/fr/")
    page.wait_for_load_state("networkidle")
    everything = results_count(page)
    page.locator("details.filters > summary").click()
    week = page.get_by_label("Ouvert cette semaine")

    week.check()
    expect(page).to_have_url(re.compile(r"week=on"))
    expect(page.locator("#results-title")).not_to_contain_text(f"{everything} ")
    this_week = results_count(page)
    assert this_week < everything

    ticked = page.url
    week.uncheck()
    expect(page).not_to_have_url(ticked)
    query = parse_qs(urlsplit(page.url).query, keep_blank_values=True)
    repeated = {name: values for name, values in query.items() if len(values) > 1}
    assert not repeated, f"the pushed URL repeats parameters: {page.url}"
    assert "week" not in query, f"the unticked filter stays in the URL: {page.url}"
    assert results_count(page) == everything, "unticking 'Ouvert cette semaine' kept the filter"


@pytest.mark.usefixtures("demo_data")
def test_search_works_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/fr/")
        page.get_by_label("Ville, code postal ou département").fill("Lille")
        with page.expect_navigation():
            page.get_by_role("button", name="Chercher").click()
        assert urlsplit(page.url).path == "/fr/"
        assert parse_qs(urlsplit(page.url).query)["q"] == ["Lille"]
        expect(page.locator("#results-title")).to_contain_text("Lille")
        expect(page.locator("#results li.result").first).to_be_visible()
    finally:
        context.close()


# --- 4. Keyboard: the language menu -------------------------------------------------------------


@pytest.mark.usefixtures("demo_data")
def test_language_menu_works_with_the_keyboard(page):
    page.goto("/fr" + FOIX)
    expect_language(page, "fr", "ltr")
    menu = page.locator("header .language-switcher details")
    summary = menu.locator("summary")

    # Reach the summary with Tab from the top of the page, as a keyboard user would.
    for _ in range(30):
        page.keyboard.press("Tab")
        if summary.evaluate("(el) => el === document.activeElement"):
            break
    expect(summary).to_be_focused()

    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    page.keyboard.press("Enter")
    expect(menu).not_to_have_attribute("open", "")
    page.keyboard.press("Space")
    expect(menu).to_have_attribute("open", "")

    # Tab goes from the summary into the menu's links, in order, up to العربية.
    links = menu.get_by_role("link")
    arabic = menu.locator("a[hreflang=ar]")
    expect(arabic).to_have_text("العربية")
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    for _ in range(links.count()):
        if arabic.evaluate("(el) => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
        assert menu.evaluate("(el) => el.contains(document.activeElement)"), "Tab left the menu"
    expect(arabic).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/ar" + FOIX
    expect_language(page, "ar", "rtl")


# --- 5. The coordinators' schedule editor: live preview -----------------------------------------


@pytest.mark.usefixtures("desk_of_group_a")
def test_schedule_editor_previews_rules_before_saving(page, settings, coordinator_a):
    settings.PERMANENCE_DEMO = True  # no second factor to set up first
    desk = Desk.objects.get(slug=GROUP_A_DESK)
    sign_in(page, coordinator_a.email)
    page.goto(f"/directory/{desk.slug}/schedule/")
    preview = page.locator("#preview")
    expect(preview.locator("ol li")).to_have_count(1)  # "Aucune date."

    rule = page.locator("fieldset.formset-row").first
    kind = rule.locator("select[name=rules-0-kind]")
    kind.select_option("monthly")
    expect(kind.locator("option:checked")).to_contain_text("Certains jours du mois")
    rule.locator("input[name=rules-0-weekdays][value='0']").check()
    rule.locator("input[name=rules-0-nths][value='2']").check()
    rule.locator("input[name=rules-0-nths][value='4']").check()
    rule.locator("input[name=rules-0-start]").fill("16:00")
    rule.locator("input[name=rules-0-end]").fill("19:00")

    # Without saving: the preview describes the rule and lists its next ten dates.
    expect(preview.locator("p").first).to_contain_text("lundis")
    expect(preview.locator("ol li")).to_have_count(10)
    expect(preview.locator("ol li time").first).to_have_attribute("datetime", re.compile("T16:00"))
    assert desk.rules.count() == 0

    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer les horaires").click()
    expect(page.locator(".messages")).to_contain_text("Les horaires ont été enregistrés.")
    assert desk.rules.count() == 1
