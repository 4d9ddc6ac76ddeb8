"""The demo accounts listed in README.md: all with the password `demo-permanence`."""

from django.contrib.auth import get_user_model

from permanence.accounts.models import Membership
from permanence.accounts.roles import Role
from permanence.orgs.models import Organisation

DEMO_PASSWORD = "demo-permanence"  # noqa: S105 (documented demo password)

# (e-mail, display name, organisation slug, role)
ACCOUNTS = [
    ("benevole.lille@example.org", "Bénévole Lille", "cimade-lille", Role.VOLUNTEER),
    ("referent.lille@example.org", "Référente Lille", "cimade-lille", Role.LEGAL_REFERENT),
    ("coordination.lille@example.org", "Coordination Lille", "cimade-lille", Role.COORDINATOR),
    ("benevole.amiens@example.org", "Bénévole Amiens", "cimade-amiens", Role.VOLUNTEER),
    ("benevole.foix@example.org", "Bénévole Foix", "perm-de-foix", Role.VOLUNTEER),
    ("ecoute@example.org", "Écoutante Info Migrants", "info-migrants", Role.HELPLINE_OPERATOR),
    ("reseau@example.org", "Chargée de réseau", "la-cimade", Role.NETWORK_OFFICER),
    ("admin@example.org", "Administration technique", "la-cimade", Role.TECH_ADMIN),
]


def seed_accounts(organisations: dict[str, Organisation]) -> None:
    user_model = get_user_model()
    for email, name, slug, role in ACCOUNTS:
        user = user_model.objects.filter(email=email).first()
        if user is None:
            user = user_model.objects.create_user(email=email, display_name=name)
        is_admin = role == Role.TECH_ADMIN
        user.display_name = name
        user.is_staff = user.is_superuser = is_admin
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.update_or_create(
            user=user, organisation=organisations[slug], defaults={"role": role}
        )
