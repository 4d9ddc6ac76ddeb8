"""Volunteers write down calls and messages: the quick form at /inbox/new/."""

import re

import pytest

from permanence.directory.models import Desk
from permanence.inbox.models import Channel, Request, State

CALL = {
    "channel": "phone",
    "contact": "07 45 29 68 08",
    "name": "Yonas",
    "language": "ti",
    "text": "Convocation à l’OFII jeudi, ne sait pas quoi apporter.",
}


def test_the_quick_form_starts_on_the_channel_with_the_only_desk_chosen(
    client_for, volunteer_a, desk_a
):
    page = client_for(volunteer_a).get("/inbox/new/").content.decode()
    channel = re.search(r'<select name="channel"[^>]*>', page)[0]
    assert "autofocus" in channel
    assert re.search(rf'<option value="{desk_a.pk}" selected>', page)
    assert 'value="web"' not in page  # the public form is not a channel volunteers log


def test_a_volunteer_logs_a_phone_call(client_for, volunteer_a, desk_a):
    response = client_for(volunteer_a).post("/inbox/new/", {**CALL, "desk": desk_a.pk})
    request = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inbox/{request.pk}/"
    assert (request.channel, request.contact, request.answer_channel) == (
        Channel.PHONE,
        "+33745296808",
        "phone",
    )
    assert (request.name, request.language, request.desk, request.organisation) == (
        "Yonas",
        "ti",
        desk_a,
        desk_a.organisation,
    )
    assert request.created_by == volunteer_a and request.state == State.NEW


def test_a_volunteer_can_take_what_they_log(client_for, volunteer_a, desk_a):
    client_for(volunteer_a).post("/inbox/new/", {**CALL, "channel": "signal", "take": "on"})
    request = Request.objects.get()
    assert (request.state, request.owner, request.answer_channel) == (
        State.ASSIGNED,
        volunteer_a,
        "signal",
    )


@pytest.mark.parametrize(
    ("values", "answer", "contact"),
    [
        ({"channel": "letter", "contact": "a@exemple.fr"}, "email", "a@exemple.fr"),
        ({"channel": "in_person", "contact": "0612345678"}, "phone", "+33612345678"),
        ({"channel": "sms", "contact": "a@exemple.fr"}, "email", "a@exemple.fr"),
        ({"channel": "phone", "answer_channel": "sms"}, "sms", "+33745296808"),
        ({"channel": "letter", "contact": ""}, "", ""),
    ],
)
def test_the_answer_channel_follows_the_channel_and_the_contact(
    client_for, volunteer_a, desk_a, values, answer, contact
):
    response = client_for(volunteer_a).post("/inbox/new/", {**CALL, **values})
    assert response.status_code == 302
    request = Request.objects.get()
    assert (request.answer_channel, request.contact) == (answer, contact)


def test_a_wrong_number_is_shown_again_with_everything_typed(client_for, volunteer_a, desk_a):
    response = client_for(volunteer_a).post("/inbox/new/", {**CALL, "contact": "07 45"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ce numéro de téléphone n’est pas valide." in page
    assert 'value="07 45"' in page and "Convocation à l’OFII jeudi" in page
    assert not Request.objects.exists()


def test_a_desk_of_another_group_cannot_be_chosen(client_for, volunteer_a, desk_a, group_b):
    other = Desk.objects.create(organisation=group_b, name="B", slug="b")
    response = client_for(volunteer_a).post("/inbox/new/", {**CALL, "desk": other.pk})
    assert response.status_code == 400 and not Request.objects.exists()


def test_members_of_several_groups_choose_the_desk(client_for, volunteer_a, group_b, desk_a):
    from permanence.accounts.models import Membership

    Membership.objects.create(user=volunteer_a, organisation=group_b, role="volunteer")
    client = client_for(volunteer_a)
    response = client.post("/inbox/new/", CALL)
    assert response.status_code == 400 and "Choisissez la permanence" in response.content.decode()
    assert client.post("/inbox/new/", {**CALL, "desk": desk_a.pk}).status_code == 302
