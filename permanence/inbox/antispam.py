"""The public request form's policy against robots, on ``core.lib.antispam``.

Three checks: a honeypot field people never see (``hidden``), a signed timestamp of when the form
was shown (filled in under ``MIN_FILL_SECONDS``: sent again by a person, never by a robot that
does not wait), and a limit of ``RATE_LIMIT`` submissions per address per ``RATE_WINDOW`` seconds.
"""

from django.http import HttpRequest

from permanence.audit.services import client_ip
from permanence.core.lib import antispam

MIN_FILL_SECONDS = 3
# Shelters and reception centres share one address among many people: stay generous.
RATE_LIMIT = 20
RATE_WINDOW = 3600
_SALT = "permanence.inbox.form-started"


def started_token(at: float | None = None) -> str:
    """A signed timestamp to put in the form when it is shown."""
    return antispam.stamp(salt=_SALT, at=at)


def filled_too_fast(token: str, now: float | None = None) -> bool:
    """True when the token is missing, forged, or the form came back too quickly."""
    age = antispam.age(token, salt=_SALT, now=now)
    return age is None or age < MIN_FILL_SECONDS


def over_limit(request: HttpRequest) -> bool:
    """Count one submission from this address; True once it is over the limit."""
    key = antispam.address_key(client_ip(request) or "unknown", purpose="inbox")
    return antispam.count(key, window=RATE_WINDOW) > RATE_LIMIT
