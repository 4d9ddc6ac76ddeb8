"""Second factor, session lifetime, lockout, re-authentication."""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from conftest import make_user
from permanence.accounts.middleware import (
    MFA_RECHECK_SECONDS,
    SESSION_AUTH_AT,
    SESSION_LAST_SEEN,
    SESSION_MFA_SEEN,
)
from permanence.accounts.roles import Role
from permanence.audit.models import Action, AuditEvent

PASSWORD = "correct horse battery staple"


def test_volunteer_without_second_factor_is_sent_to_set_one_up(client_for, volunteer_a):
    Authenticator.objects.filter(user=volunteer_a).delete()
    response = client_for(volunteer_a).get("/orgs/groupe-a/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"


def test_a_removed_second_factor_is_noticed_within_the_recheck_window(client_for, volunteer_a):
    client = client_for(volunteer_a)
    assert client.get("/orgs/groupe-a/").status_code == 200  # the factor is found, and kept
    Authenticator.objects.filter(user=volunteer_a).delete()
    assert client.get("/orgs/groupe-a/").status_code == 200  # within five minutes
    session = client.session
    session[SESSION_MFA_SEEN] = int(time.time()) - MFA_RECHECK_SECONDS
    session.save()
    response = client.get("/orgs/groupe-a/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/"
    assert client_for(volunteer_a).get("/orgs/groupe-a/").status_code == 302  # a new session


def test_a_clock_set_back_does_not_extend_the_window(client_for, volunteer_a):
    client = client_for(volunteer_a)
    Authenticator.objects.filter(user=volunteer_a).delete()
    session = client.session
    session[SESSION_MFA_SEEN] = int(time.time()) + 3600  # written by a server an hour ahead
    session.save()
    assert client.get("/orgs/groupe-a/").status_code == 302


def test_demo_mode_relaxes_the_second_factor(client_for, volunteer_a, settings):
    settings.PERMANENCE_DEMO = True
    Authenticator.objects.filter(user=volunteer_a).delete()
    assert client_for(volunteer_a).get("/orgs/groupe-a/").status_code == 200


def test_network_officer_reads_no_case_data_and_needs_no_second_factor(client_for, network):
    officer = make_user("officer2@example.org", network, Role.NETWORK_OFFICER)
    assert not Authenticator.objects.filter(user=officer).exists()
    assert client_for(officer).get("/orgs/").status_code == 200


def test_mfa_setup_pages_stay_reachable(client_for, volunteer_a):
    Authenticator.objects.filter(user=volunteer_a).delete()
    client = client_for(volunteer_a, reauthenticated=True)
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


def test_password_then_totp_is_required_to_sign_in(client, volunteer_a):
    response = client.post("/accounts/login/", {"login": volunteer_a.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/dashboard/").status_code == 302


def _age_session(client, *, auth_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[SESSION_AUTH_AT] = now - auth_ago
    session[SESSION_LAST_SEEN] = now - seen_ago
    session.save()


def test_inactive_session_is_signed_out(client_for, volunteer_a, settings):
    client = client_for(volunteer_a)
    _age_session(client, auth_ago=60, seen_ago=settings.PERMANENCE_IDLE_TIMEOUT + 5)
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/dashboard/").status_code == 302
    assert AuditEvent.objects.filter(action=Action.SESSION_EXPIRED, actor=volunteer_a).exists()


def test_session_has_an_absolute_lifetime_even_when_active(client_for, volunteer_a, settings):
    client = client_for(volunteer_a)
    _age_session(client, auth_ago=settings.PERMANENCE_SESSION_LIFETIME + 5, seen_ago=1)
    assert client.get("/dashboard/").status_code == 302


def test_active_session_goes_on(client_for, volunteer_a):
    client = client_for(volunteer_a)
    _age_session(client, auth_ago=600, seen_ago=60)
    assert client.get("/dashboard/").status_code == 200


def test_repeated_failures_lock_the_account_and_are_recorded(db, volunteer_a, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.ACCOUNT_RATE_LIMITS = False
    client = Client()
    for _ in range(3):
        client.post("/accounts/login/", {"login": volunteer_a.email, "password": "wrong" * 3})
    response = client.post("/accounts/login/", {"login": volunteer_a.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "verrouillé" in response.content.decode()
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED, actor=volunteer_a).count() >= 3
    assert AuditEvent.objects.filter(action=Action.LOCKOUT, actor=volunteer_a).exists()


def test_failed_sign_in_for_unknown_address_records_no_address(db):
    Client().post("/accounts/login/", {"login": "nobody@example.org", "password": "x" * 12})
    event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert event.actor_id is None
    assert "nobody" not in str(vars(event))


def test_member_management_asks_to_reauthenticate(client_for, coordinator_a):
    response = client_for(coordinator_a).get("/orgs/groupe-a/members/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


@pytest.mark.parametrize("password", ["short", "password1234", "123456789012"])
def test_weak_passwords_are_refused(password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password)
