"""Keeping robots out of the public request form without a CAPTCHA (which would also keep out
people on old phones, with a screen reader or who do not read French).

Three checks: a honeypot field people never see (``hidden``), a signed timestamp of when the form
was shown (filled in under ``MIN_FILL_SECONDS``: sent again by a person, never by a robot that
does not wait), and a limit of ``RATE_LIMIT`` submissions per address per ``RATE_WINDOW`` seconds,
counted in Django's cache. The address is hashed before it becomes a cache key.
"""

import hashlib
import time

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from permanence.audit.services import client_ip

MIN_FILL_SECONDS = 3
# Shelters and reception centres share one address among many people: stay generous.
RATE_LIMIT = 20
RATE_WINDOW = 3600
_SALT = "permanence.inbox.form-started"


def started_token(at: float | None = None) -> str:
    """A signed timestamp to put in the form when it is shown."""
    return signing.dumps({"t": time.time() if at is None else at}, salt=_SALT)


def filled_too_fast(token: str, now: float | None = None) -> bool:
    """True when the token is missing, forged, or the form came back too quickly."""
    try:
        started = float(signing.loads(token or "", salt=_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return True
    return (time.time() if now is None else now) - started < MIN_FILL_SECONDS


def _key(request: HttpRequest) -> str:
    address = client_ip(request) or "unknown"
    return "inbox:rate:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def over_limit(request: HttpRequest) -> bool:
    """Count one submission from this address; True once it is over the limit."""
    key = _key(request)
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > RATE_LIMIT
