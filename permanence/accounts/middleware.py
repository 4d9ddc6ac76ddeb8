"""Session lifetime (inactivity and absolute) and the second-factor requirement."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from permanence.audit.models import Action
from permanence.audit.services import audit_log

SESSION_AUTH_AT = "permanence_auth_at"
SESSION_LAST_SEEN = "permanence_last_seen"
# When this session last found the account's second factor: it is looked up again after
# MFA_RECHECK_SECONDS, not on every request (two queries saved on each page and each poll).
SESSION_MFA_SEEN = "permanence_mfa_seen"
MFA_RECHECK_SECONDS = 300
# Paths an account without its second factor may still open: sign-out, MFA set-up, static files.
MFA_SETUP_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")


class SessionLifetimeMiddleware:
    """Sign out after PERMANENCE_IDLE_TIMEOUT of inactivity or PERMANENCE_SESSION_LIFETIME."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(SESSION_AUTH_AT, now)
            last_seen = session.get(SESSION_LAST_SEEN, now)
            if (
                now - last_seen > settings.PERMANENCE_IDLE_TIMEOUT
                or now - started > settings.PERMANENCE_SESSION_LIFETIME
            ):
                audit_log(action=Action.SESSION_EXPIRED, actor=user, request=request)
                logout(request)
                messages.info(request, _("Votre session a expiré : reconnectez-vous."))
                return redirect_to_login(request.get_full_path())
            session.setdefault(SESSION_AUTH_AT, now)
            if now - last_seen >= 30 or SESSION_LAST_SEEN not in session:
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class MfaRequiredMiddleware:
    """Accounts that can read case data (and the admin) must set up a second factor first.

    Once a session has found the second factor, it trusts it for MFA_RECHECK_SECONDS: a factor
    removed meanwhile is noticed within five minutes on that session (and at once on others)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not settings.PERMANENCE_DEMO
            and not request.path.startswith(MFA_SETUP_PREFIXES)
            and not _second_factor_seen_lately(request)
            and user.requires_mfa
            and not _has_second_factor(user, request)
        ):
            messages.warning(
                request,
                _(
                    "Votre rôle donne accès à des données confidentielles : activez une "
                    "double authentification pour continuer."
                ),
            )
            return redirect("mfa_index")
        return self.get_response(request)


def _second_factor_seen_lately(request) -> bool:
    seen = request.session.get(SESSION_MFA_SEEN, 0)
    return 0 <= int(time.time()) - seen < MFA_RECHECK_SECONDS


def _has_second_factor(user, request) -> bool:
    """Look the factor up; when found, note the moment in the session (the re-check window)."""
    from allauth.mfa.models import Authenticator

    found = (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )
    if found:
        request.session[SESSION_MFA_SEEN] = int(time.time())
    return found
