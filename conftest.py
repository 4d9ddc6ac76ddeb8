"""Shared people of the test suite (STYLE.md): two local groups of one region, and who is who.

- group A (Lille) and group B (Amiens), both under the Nord-Picardie region of the network;
- volunteer and coordinator of group A, volunteer of group B, a helpline operator,
  the network officer, the technical administrator, and the anonymous visitor.
Accounts that need a second factor get one, as they would in production.
"""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from permanence.accounts.models import Membership, User
from permanence.accounts.roles import Role
from permanence.orgs.models import Organisation, OrganisationKind, Place


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (public pages are cached)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _french_by_default():
    """Every test starts in French: a request through the test client leaves its language active
    in the thread, and a later test would read its messages in that language."""
    from django.utils import translation

    translation.activate("fr")  # settings.LANGUAGE_CODE
    yield
    translation.deactivate()


def make_user(email: str, organisation: Organisation | None = None, role: str | None = None):
    user = User.objects.create_user(email=email, password="correct horse battery staple")
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    if user.requires_mfa:
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
        )
    user.forget_memberships()  # tests add memberships to the returned object
    return user


@pytest.fixture
def network(db):
    return Organisation.objects.create(name="Réseau", slug="reseau", kind=OrganisationKind.NETWORK)


@pytest.fixture
def region(network):
    return Organisation.objects.create(
        name="Région", slug="region", kind=OrganisationKind.REGION, parent=network
    )


@pytest.fixture
def group_a(region):
    org = Organisation.objects.create(
        name="Groupe A", slug="groupe-a", kind=OrganisationKind.GROUP, parent=region
    )
    Place.objects.create(
        organisation=org,
        name="Local A",
        address="9 bd de la Moselle",
        postcode="59000",
        commune="Lille",
        insee_code="59350",
        departement="59",
        school_zone="B",
        latitude="50.6366",
        longitude="3.0456",
    )
    return org


@pytest.fixture
def group_b(region):
    return Organisation.objects.create(
        name="Groupe B", slug="groupe-b", kind=OrganisationKind.GROUP, parent=region
    )


@pytest.fixture
def helpline_org(db):
    return Organisation.objects.create(
        name="Ligne", slug="ligne", kind=OrganisationKind.ASSOCIATION
    )


@pytest.fixture
def volunteer_a(group_a):
    return make_user("volunteer.a@example.org", group_a, Role.VOLUNTEER)


@pytest.fixture
def coordinator_a(group_a):
    return make_user("coordinator.a@example.org", group_a, Role.COORDINATOR)


@pytest.fixture
def volunteer_b(group_b):
    return make_user("volunteer.b@example.org", group_b, Role.VOLUNTEER)


@pytest.fixture
def helpline_operator(helpline_org):
    return make_user("operator@example.org", helpline_org, Role.HELPLINE_OPERATOR)


@pytest.fixture
def network_officer(network):
    return make_user("officer@example.org", network, Role.NETWORK_OFFICER)


@pytest.fixture
def tech_admin(network):
    user = make_user("admin@example.org", network, Role.TECH_ADMIN)
    return user


@pytest.fixture
def client_for(db):
    """``client_for(user)``: a test client signed in as ``user``."""

    def make(user, *, reauthenticated: bool = False) -> Client:
        client = Client()
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        if reauthenticated:
            # What allauth records when a password was just typed again (re-authentication).
            session = client.session
            session["account_authentication_methods"] = [
                {"method": "password", "at": time.time(), "reauthenticated": True}
            ]
            session["account_authentication_methods_user"] = str(user.pk)
            session.save()
        return client

    return make
