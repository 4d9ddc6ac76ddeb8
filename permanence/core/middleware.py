from django.utils.cache import patch_cache_control


class PrivacyHeadersMiddleware:
    """Headers that keep people's data out of caches and browsers.

    - ``Cache-Control: no-store`` on every page seen by a signed-in account;
    - ``Clear-Site-Data`` on the response that signs an account out (sign-out or expiry);
    - a ``Permissions-Policy`` that turns off what the pages never use.
    """

    PERMISSIONS_POLICY = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        was_signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if was_signed_in or request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        if was_signed_in and not request.user.is_authenticated:
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        response.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response
