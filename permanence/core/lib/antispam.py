"""Keeping robots out of the public forms (remote requests, bookings) without a CAPTCHA, which
would also keep out people on old phones, with a screen reader or who do not read French.

The pieces each form combines with its own policy: a signed stamp of the moment the form was
shown (robots send at once, or replay an old page), and a counter per address in Django's cache
(the address is a keyed blind index before it becomes a cache key: never stored in clear).
"""

import time

from django.core import signing
from django.core.cache import cache

from permanence.core.lib import crypto


def stamp(*, salt: str, at: float | None = None) -> str:
    """The signed moment a form is shown, to put in a hidden field."""
    return signing.dumps({"t": round(time.time() if at is None else at, 3)}, salt=salt)


def age(token: str, *, salt: str, now: float | None = None) -> float | None:
    """Seconds since the form carrying ``token`` was shown; None if missing or forged."""
    try:
        shown = float(signing.loads(token or "", salt=salt)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (time.time() if now is None else now) - shown


def address_key(address: str, *, purpose: str) -> str:
    """The cache key of one client address for one counter."""
    return f"antispam:{purpose}:" + crypto.blind_index(address, purpose=f"antispam.{purpose}")


def count(key: str, *, window: int) -> int:
    """Count one more hit under ``key`` for ``window`` seconds; the new count."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        return 1


def hits(key: str) -> int:
    """The hits counted under ``key`` in its current window."""
    return cache.get(key, 0)
