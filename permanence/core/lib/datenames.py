"""Day and month names, marked for translation in our own catalogues, and ``long_date``.

Django ships no day or month names for Pashto and Tigrinya (and Iranian names for Dari): our
catalogues provide them, and Django's date formatting picks them up since project translations
come first. The lists below only mark the strings.
"""

from django.utils import formats, translation
from django.utils.translation import gettext, gettext_noop, pgettext_lazy

# A day and a month name of Django's catalogues (variables: not extracted again here).
_DATE_WORDS = ("Monday", "March")

WEEKDAYS = [
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
]
MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
MONTHS_ALT = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]


def long_date(moment) -> str:
    """ "jeudi 7 mars 2030" in the active language (in its usual order: "7 марта 2030 г."), or
    digits ("07/03/2030") while its catalogue lacks day or month names (they would be French)."""
    language = translation.get_language() or "fr"
    if language.startswith("fr"):
        return formats.date_format(moment, "l j F Y")
    own = [gettext(word) for word in _DATE_WORDS]
    with translation.override("fr"):
        if any(gettext(word) == text for word, text in zip(_DATE_WORDS, own, strict=True)):
            return formats.date_format(moment, "d/m/Y")
    has_formats = any(True for _module in formats.iter_format_modules(language))
    order = formats.get_format("DATE_FORMAT") if has_formats else "j F Y"
    return formats.date_format(moment, "l " + order)


def long_datetime(moment) -> str:
    """ "lundi 8 juin 2026 à 14:30" in French; ``long_date`` and "14:30" in the other languages
    (the reminders sent to volunteers)."""
    if (translation.get_language() or "fr").startswith("fr"):
        return formats.date_format(moment, "l j F Y à H:i")
    return f"{long_date(moment)} {formats.time_format(moment, 'H:i')}"
