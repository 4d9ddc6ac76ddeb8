from django.conf import settings
from django.utils.translation import get_language, get_language_bidi


def site(request):
    """What every page needs: demo flag, text direction and the language list for the switcher."""
    return {
        "PERMANENCE_DEMO": settings.PERMANENCE_DEMO,
        "LANGUAGE_DIR": "rtl" if get_language_bidi() else "ltr",
        "HTML_LANG": (get_language() or settings.LANGUAGE_CODE),
        "SITE_LANGUAGES": settings.LANGUAGES,
    }
