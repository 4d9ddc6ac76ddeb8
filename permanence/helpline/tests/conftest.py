import pytest

from conftest import make_user
from permanence.accounts.roles import Role
from permanence.orgs.models import Organisation, OrganisationKind


@pytest.fixture
def immediate_tasks(settings):
    """Background tasks run at once, inside the request (Django's immediate backend)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def helpline_coordinator(helpline_org):
    return make_user("coordinator.ligne@example.org", helpline_org, Role.COORDINATOR)


@pytest.fixture
def other_helpline(db):
    return Organisation.objects.create(
        name="Autre ligne", slug="autre-ligne", kind=OrganisationKind.ASSOCIATION
    )


@pytest.fixture
def other_operator(other_helpline):
    return make_user("operator.autre@example.org", other_helpline, Role.HELPLINE_OPERATOR)


def normalise(text: str) -> str:
    """Non-breaking and narrow spaces as plain spaces, typographic apostrophes as straight ones."""
    return text.replace("\u202f", " ").replace("\u00a0", " ").replace("’", "'")
