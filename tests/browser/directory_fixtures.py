"""Fixtures and helpers of the directory's browser tests (imported by test_directory.py).

The demo data (`manage.py demo`) is the directory's most realistic data set: the real seed desks
(Perm de Foix, La Cimade Lille…) and about 34 partner services around Lille and Foix, with their
upcoming sessions refreshed from today.
"""

import base64
import hashlib
import hmac
import io
import struct
import time
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the shared fixtures' authenticator (conftest.make_user)
TOTP_PERIOD = 30
GROUP_A_DESK = "permanence-groupe-a"


def load_demo() -> None:
    """Load the demo directory (idempotent); takes a second or two."""
    call_command("demo", stdout=io.StringIO())


@pytest.fixture
def demo_data(db):
    load_demo()


@pytest.fixture
def desk_of_group_a(group_a):
    """A public desk of group A (Lille), with no schedule yet."""
    from permanence.directory.models import Desk

    return Desk.objects.create(
        organisation=group_a,
        place=group_a.places.first(),
        name="Permanence du Groupe A",
        slug=GROUP_A_DESK,
        topics=["residence"],
        languages=["fr", "ar"],
        modes=["walk_in"],
    )


def _totp(secret: str, now: float) -> str:
    """RFC 6238 code (HMAC-SHA1, 30 s steps, 6 digits), as allauth's TOTP authenticator expects."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(now // TOTP_PERIOD)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**6).zfill(6)


def fresh_totp() -> str:
    """A code that stays valid for a few seconds (allauth tolerates no clock drift by default)."""
    if TOTP_PERIOD - time.time() % TOTP_PERIOD < 3:
        time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.1)
    return _totp(TOTP_SECRET, time.time())


def sign_in(page, email: str) -> None:
    """Sign in through /accounts/login/ as a person would, typing the second factor if asked."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    password = page.locator("input[name=password]")
    password.fill(PASSWORD)
    with page.expect_navigation():
        password.press("Enter")
    if urlsplit(page.url).path.startswith("/accounts/2fa/authenticate"):
        code = page.locator("input[name=code]")
        code.fill(fresh_totp())
        with page.expect_navigation():
            code.press("Enter")
