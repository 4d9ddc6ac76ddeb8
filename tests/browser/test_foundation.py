"""The foundation seen through a real browser: accessibility (axe-core), keyboard use, sign-in with
a second factor, the language switcher and the absence of third-party requests.

Arabic may not be translated yet: Arabic pages are checked by their `lang` and `dir`, not words.
"""

import base64
import hashlib
import hmac
import re
import struct
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the shared fixtures' authenticator (conftest.make_user)
TOTP_PERIOD = 30


def totp(secret: str, now: float | None = None, digits: int = 6) -> str:
    """RFC 6238 code (HMAC-SHA1, 30 s steps), as allauth's TOTP authenticator expects."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if now is None else now) // TOTP_PERIOD)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def fresh_totp() -> str:
    """A code that stays valid for a few seconds (allauth tolerates no clock drift by default)."""
    if TOTP_PERIOD - time.time() % TOTP_PERIOD < 3:
        time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.1)
    return totp(TOTP_SECRET)


def test_totp_matches_rfc_6238_vector():
    # RFC 6238, appendix B: SHA-1 secret "12345678901234567890", T = 59 s, 8 digits.
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp(secret, now=59, digits=8) == "94287082"


def expect_language(page, lang: str, direction: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", direction)


def switch_language(page, code: str) -> None:
    """Use the header's language switcher as a visitor would: a menu of links on public pages
    (language in the URL), a form elsewhere (sign-in page, signed-in pages)."""
    menu = page.locator("nav.language-switcher")
    if menu.count():
        menu.locator("summary").click()
        with page.expect_navigation():
            menu.locator(f"a[hreflang={code}]").click()
        return
    switcher = page.locator("form.language-switcher")
    switcher.locator("#language-select").select_option(code)
    with page.expect_navigation():
        switcher.get_by_role("button").click()


def sign_in_with_password(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    password = page.locator("input[name=password]")
    password.fill(PASSWORD)
    with page.expect_navigation():
        password.press("Enter")


# --- 1. axe-core finds no violation -------------------------------------------------------------


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize(("lang", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_home_has_no_axe_violation(request, device, lang, direction):
    page = request.getfixturevalue("page" if device == "desktop" else "phone_page")
    page.goto(f"/{lang}/")
    expect_language(page, lang, direction)
    assert_no_axe_violations(page, f"home page /{lang}/ ({device})")


@pytest.mark.parametrize(("lang", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_sign_in_page_has_no_axe_violation(page, lang, direction):
    page.goto("/accounts/login/")
    if lang != "fr":
        switch_language(page, lang)
        assert urlsplit(page.url).path == "/accounts/login/"
    expect_language(page, lang, direction)
    assert_no_axe_violations(page, f"sign-in page /accounts/login/ in {lang}")


@pytest.mark.parametrize(("lang", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_not_found_page_has_no_axe_violation(page, lang, direction):
    response = page.goto(f"/{lang}/cette-page-n-existe-pas/")
    assert response.status == 404
    expect_language(page, lang, direction)
    expect(page.locator("h1")).to_be_visible()
    assert_no_axe_violations(page, f"404 page /{lang}/cette-page-n-existe-pas/")


def test_second_factor_page_has_no_axe_violation(page, volunteer_a):
    sign_in_with_password(page, volunteer_a.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    assert_no_axe_violations(page, "second-factor page /accounts/2fa/authenticate/")


# --- 2. Keyboard --------------------------------------------------------------------------------


def outline_style(page) -> str:
    return page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/fr/")
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_text("Aller au contenu")
    expect(skip_link).to_be_in_viewport()
    assert outline_style(page) != "none", "the focused skip link has no visible outline"

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues from the main content, not from the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    assert outline_style(page) != "none", "the first focused element of main has no outline"


# --- 3. Sign-in journey with the second factor --------------------------------------------------


def test_volunteer_signs_in_with_totp_then_signs_out(page, volunteer_a, group_a):
    sign_in_with_password(page, volunteer_a.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    code = page.locator("input[name=code]")
    code.fill(fresh_totp())
    with page.expect_navigation():
        code.press("Enter")

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator("main")).to_contain_text(group_a.name)

    header = page.locator("header.site-header")
    with page.expect_navigation():
        header.get_by_role("button", name="Se déconnecter").click()
    expect(header.get_by_role("link", name="Espace bénévoles")).to_be_visible()
    expect(header.get_by_role("button", name="Se déconnecter")).to_have_count(0)

    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=(/|%2F)dashboard(/|%2F)$"))
    expect(page.locator("input[name=password]")).to_be_visible()


def sign_in_server_side(page, live_server, client_for, user, settings) -> None:
    """Give the browser a session opened by the test client: no sign-in form, no TOTP step."""
    session = client_for(user).cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def test_dashboard_has_no_axe_violation(page, live_server, client_for, volunteer_a, settings):
    sign_in_server_side(page, live_server, client_for, volunteer_a, settings)
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    assert_no_axe_violations(page, "dashboard /dashboard/")


def test_demo_mode_page_has_no_axe_violation(page, settings):
    """Demo mode (`make run`) adds a banner to every page."""
    settings.PERMANENCE_DEMO = True
    page.goto("/fr/")
    expect(page.locator(".demo-banner")).to_be_visible()
    assert_no_axe_violations(page, "home page /fr/ in demo mode")


# --- 4. Language switcher -----------------------------------------------------------------------


def test_language_switcher_goes_to_arabic(page):
    page.goto("/fr/")
    expect_language(page, "fr", "ltr")
    expect(page.locator("nav.language-switcher a[hreflang=ar]")).to_have_text("العربية")
    switch_language(page, "ar")
    expect(page).to_have_url(re.compile(r"/ar/$"))
    expect_language(page, "ar", "rtl")
    expect(page.locator("nav.language-switcher a[aria-current]")).to_have_attribute(
        "hreflang", "ar"
    )


# --- 5. Nothing leaves the site -----------------------------------------------------------------


def test_no_third_party_request(page, live_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("/fr/", "/accounts/login/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")

    own = urlsplit(live_server.url)
    foreign = [
        url
        for url in requests
        if urlsplit(url).scheme != "data"
        and (urlsplit(url).scheme, urlsplit(url).netloc) != (own.scheme, own.netloc)
    ]
    assert not foreign, "requests to another host than the live server:\n" + "\n".join(foreign)
    assert any("/static/" in url for url in requests), "no request recorded at all?"


def test_strict_csp_blocks_nothing_the_pages_need(strict_page):
    """With the real CSP enforced (no bypass), the pages load and run without a violation."""
    page = strict_page
    problems = []
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    for path in ("/fr/", "/accounts/login/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => typeof window.htmx") == "object", f"htmx did not run on {path}"
    assert not [p for p in problems if "Content Security Policy" in p], "\n".join(problems)
