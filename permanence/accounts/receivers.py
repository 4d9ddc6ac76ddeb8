"""Sign-in, lockout and second-factor events go to the audit journal.

These are the only signal receivers of the project: the events come from Django, allauth and axes,
which offer no other hook.
"""

import time

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from permanence.accounts.lockout import username_from_request
from permanence.accounts.middleware import SESSION_AUTH_AT, SESSION_LAST_SEEN
from permanence.audit.models import Action
from permanence.audit.services import audit_log


def _user_by_email(email: str):
    if not email:
        return None
    return get_user_model().objects.filter(email__iexact=email).first()


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_AUTH_AT] = now
        request.session[SESSION_LAST_SEEN] = now
    audit_log(action=Action.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_log(action=Action.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The address typed is personal data: only the account it belongs to, if any, is recorded.
    actor = _user_by_email(username_from_request(request, credentials))
    audit_log(action=Action.LOGIN_FAILED, actor=actor, request=request)


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    audit_log(action=Action.LOCKOUT, actor=_user_by_email(username or ""), request=request)


@receiver(authenticator_added)
def on_mfa_added(sender, request, user, authenticator, **kwargs):
    audit_log(action=Action.MFA_ADDED, actor=user, request=request, obj=authenticator)


@receiver(authenticator_removed)
def on_mfa_removed(sender, request, user, authenticator, **kwargs):
    audit_log(action=Action.MFA_REMOVED, actor=user, request=request, obj=authenticator)


@receiver(authenticator_reset)
def on_mfa_reset(sender, request, user, authenticator, **kwargs):
    audit_log(action=Action.MFA_CODES_RESET, actor=user, request=request, obj=authenticator)


@receiver(password_changed)
def on_password_changed(sender, request, user, **kwargs):
    audit_log(action=Action.PASSWORD_CHANGED, actor=user, request=request)


@receiver(password_reset)
def on_password_reset(sender, request, user, **kwargs):
    audit_log(action=Action.PASSWORD_RESET, actor=user, request=request)
