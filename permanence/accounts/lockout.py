"""What django-axes counts failures against: the e-mail typed, lower-cased."""


def username_from_request(request, credentials) -> str:
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login", "")
    return str(value or "").strip().lower()[:254]
