from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_bidi

_CODES = {code for code, _name in settings.LANGUAGES}


def _language_links(request) -> list[tuple[str, str, str]]:
    """On public pages (language in the URL), the same page in every language: plain links,
    so that the page holds no form token and can be cached."""
    first = request.path.split("/")[1:2]
    if not first or first[0] not in _CODES:
        return []
    path = request.get_full_path()
    return [(code, name, translate_url(path, code)) for code, name in settings.LANGUAGES]


def site(request):
    """What every page needs: demo flag, text direction and the language list for the switcher."""
    return {
        "PERMANENCE_DEMO": settings.PERMANENCE_DEMO,
        "LANGUAGE_DIR": "rtl" if get_language_bidi() else "ltr",
        "HTML_LANG": (get_language() or settings.LANGUAGE_CODE),
        "SITE_LANGUAGES": settings.LANGUAGES,
        "LANGUAGE_LINKS": _language_links(request),
    }
