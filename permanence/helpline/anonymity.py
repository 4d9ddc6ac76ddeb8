"""Call sheets are anonymous: the few free texts refuse phone numbers and e-mail addresses."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ANONYMITY_MESSAGE = _(
    "Pas de numéro de téléphone ni d’adresse e-mail : la fiche d’appel est anonyme."
)

_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# Eight digits or more, possibly grouped with spaces, dots or dashes ("06 12 34 56 78",
# "7503123456"): phone numbers the library does not recognise, and file or foreigner numbers.
_DIGITS = re.compile(r"\d(?:[ .\-]?\d){7,}")


def contains_contact(text: str) -> bool:
    """Whether ``text`` holds something that reaches a person: a phone number or an e-mail."""
    if not text:
        return False
    if _EMAIL.search(text) or _DIGITS.search(text):
        return True
    matcher = phonenumbers.PhoneNumberMatcher(text, "FR", leniency=phonenumbers.Leniency.POSSIBLE)
    return matcher.has_next()


def validate_anonymous(text: str) -> None:
    if contains_contact(text):
        raise ValidationError(ANONYMITY_MESSAGE, code="not_anonymous")
