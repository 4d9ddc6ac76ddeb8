from django.contrib.auth import SESSION_KEY
from django.utils.cache import patch_cache_control


class PrivacyHeadersMiddleware:
    """Headers that keep people's data out of caches and browsers.

    - ``Cache-Control: no-store`` on every page seen by a signed-in account;
    - ``Clear-Site-Data`` on the response that signs an account out (sign-out or expiry);
    - a ``Permissions-Policy`` that turns off what the pages never use.
    """

    PERMISSIONS_POLICY = (
        "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Placed above the authentication middleware: the session tells who was signed in.
        was_signed_in = SESSION_KEY in request.session
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in_now = user is not None and user.is_authenticated
        if was_signed_in or signed_in_now:
            patch_cache_control(response, no_store=True, private=True)
        if was_signed_in and not signed_in_now:
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response
