"""A short cache of public pages for anonymous visitors (the directory is read far more than
it is written, often on slow phones).

The key holds the full URL and a *generation* given by the caller (for the directory: the latest
change of any desk), so an edit is visible at once on every server; the timeout bounds how stale
time-dependent content ("next sessions") may get. Signed-in visitors (a session cookie) always get
a fresh page. Responses are cached only when they are 200 and set no cookie.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


def cache_public_page(*, timeout: int, generation: Callable[[], str]):
    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
                return view(request, *args, **kwargs)
            raw = (
                f"{request.get_full_path()}|{request.headers.get('HX-Request', '')}|{generation()}"
            )
            key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
            cached = cache.get(key)
            if cached is not None:
                content, content_type, extra = cached
                response = HttpResponse(content, content_type=content_type)
                for header, value in extra:
                    response[header] = value
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not response.streaming:
                extra = [(h, response[h]) for h in ("Content-Disposition",) if h in response]
                cache.set(key, (response.content, response["Content-Type"], extra), timeout)
            return response

        return wrapper

    return decorator
