"""Fixtures of the browser suite: Debian's Chromium driven by Playwright against pytest-django's
live server.

Never download a browser: Chromium comes from the Debian package (scripts/install-test-deps.sh).
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Running as root needs --no-sandbox; the background-networking flags keep Chromium from calling
# home (update checks, sync, field trials) on a network that is closed.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# Short timeouts: the live server is local, so anything slower than this is a hang, not a delay.
TIMEOUT_MS = 10_000

BROWSER_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Every test of tests/browser is a browser test, even if its module forgets the marker."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the main thread, so Django takes the test body
    for async code and refuses ORM calls (SynchronousOnlyOperation). Django reads this variable at
    each call, so it is set for the browser session only: set at import time, it would also trip
    Django's async.E001 system check in the rest of the suite, which shares this process.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_allow_orm_beside_playwright):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/install-test-deps.sh (never download one)."
        )
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()


def _new_page(browser, live_server, viewport: dict, **options):
    # bypass_csp: axe-core is injected as a script the strict CSP would otherwise refuse.
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport=viewport,
        bypass_csp=options.pop("bypass_csp", True),
        **options,
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) on a desktop viewport, French first."""
    context, page = _new_page(browser, live_server, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A fresh browser context on a 360×740 phone viewport."""
    context, page = _new_page(browser, live_server, PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def strict_page(browser, live_server):
    """A page that enforces the site's CSP (no axe here): for checks of the CSP itself."""
    context, page = _new_page(browser, live_server, DESKTOP, bypass_csp=False)
    yield page
    context.close()
