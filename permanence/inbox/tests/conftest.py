import pytest

from conftest import make_user
from permanence.accounts.roles import Role
from permanence.cases.tests.conftest import case_a, person_a  # noqa: F401 (fixtures)
from permanence.directory.tests.conftest import desk_a  # noqa: F401 (fixture)


@pytest.fixture
def volunteer_a2(group_a):
    return make_user("volunteer.a2@example.org", group_a, Role.VOLUNTEER)


def make_request(organisation, desk=None, **values):
    from permanence.inbox.models import Channel, Request

    values.setdefault("channel", Channel.WEB)
    values.setdefault("name", "Amina")
    values.setdefault("contact", "+33612345678")
    values.setdefault("answer_channel", "whatsapp")
    values.setdefault("language", "ar")
    values.setdefault("text", "Mon récépissé expire le 3 mars, la préfecture ne répond pas.")
    return Request.objects.create(organisation=organisation, desk=desk, **values)


@pytest.fixture
def request_a(group_a, desk_a):  # noqa: F811
    return make_request(group_a, desk_a)


@pytest.fixture
def request_b(group_b):
    return make_request(group_b, name="Boris", language="ru")
