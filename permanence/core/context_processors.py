from urllib.parse import unquote, urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import get_language, get_language_bidi, override

_CODES = {code for code, _name in settings.LANGUAGES}


def _language_links(request) -> list[tuple[str, str, str]]:
    """On public pages (language in the URL), the same page in every language: plain links,
    so that the page holds no form token and can be cached."""
    first = request.path.split("/")[1:2]
    if not first or first[0] not in _CODES:
        return []
    return _translations(request.get_full_path())


def _translations(url: str) -> list[tuple[str, str, str]]:
    """Django's translate_url() for every language, resolving the path once (not ten times)."""
    parsed = urlsplit(url)
    try:
        match = resolve(unquote(parsed.path))
    except Resolver404:
        return [(code, name, url) for code, name in settings.LANGUAGES]
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    links = []
    for code, language in settings.LANGUAGES:
        translated = url
        with override(code):
            try:
                path = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                pass
            else:
                translated = urlunsplit(
                    (parsed.scheme, parsed.netloc, path, parsed.query, parsed.fragment)
                )
        links.append((code, language, translated))
    return links


def site(request):
    """What every page needs: demo flag, text direction and the language list for the switcher."""
    return {
        "PERMANENCE_DEMO": settings.PERMANENCE_DEMO,
        "LANGUAGE_DIR": "rtl" if get_language_bidi() else "ltr",
        "HTML_LANG": (get_language() or settings.LANGUAGE_CODE),
        "SITE_LANGUAGES": settings.LANGUAGES,
        "LANGUAGE_LINKS": _language_links(request),
    }
