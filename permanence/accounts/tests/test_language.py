"""The interface language chosen while signed in is kept on the account, and the reminders sent
to that person are written in it (French by default)."""

from datetime import datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_user
from permanence.accounts.roles import Role
from permanence.cases.models import Case, Entry
from permanence.cases.tests.conftest import person_a  # noqa: F401 (fixture)
from permanence.deadlines.models import Deadline
from permanence.deadlines.tasks import deadline_remind
from permanence.directory.schedule import PARIS
from permanence.directory.tests.conftest import desk_a  # noqa: F401 (fixture)
from permanence.notifications.models import Message
from permanence.reception.models import DeskSession

pytestmark = pytest.mark.django_db


def switch(client, language):
    return client.post("/i18n/setlang/", {"language": language, "next": "/dashboard/"})


def test_the_switch_keeps_the_choice_on_the_account(client_for, volunteer_a):
    client = client_for(volunteer_a)
    assert volunteer_a.message_language == "fr"
    assert switch(client, "ar").status_code == 302
    volunteer_a.refresh_from_db()
    assert volunteer_a.language == "ar" and volunteer_a.message_language == "ar"
    switch(client, "klingon")  # not one of ours: Django keeps the language, so do we
    volunteer_a.refresh_from_db()
    assert volunteer_a.language == "ar"
    assert switch(Client(), "en").status_code == 302  # anonymous: the cookie only


def test_a_rota_reminder_is_written_in_the_volunteers_language(
    client_for,
    volunteer_a,
    desk_a,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    day = timezone.localdate() + timedelta(days=10)
    session = DeskSession.objects.create(
        desk=desk_a,
        start=datetime.combine(day, time(16, 30), tzinfo=PARIS),
        end=datetime.combine(day, time(19), tzinfo=PARIS),
    )
    client = client_for(volunteer_a)
    switch(client, "en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reception/sessions/{session.pk}/rota/", {"role": "reception"})
    message = Message.objects.get()
    assert message.language == "en"
    assert message.subject == "Reminder: help desk Permanence A tomorrow at 16:30, role: reception"


def test_a_deadline_reminder_is_written_in_each_recipients_language(
    volunteer_a,
    group_a,
    person_a,  # noqa: F811
):
    volunteer_a2 = make_user("volunteer.a2@example.org", group_a, Role.VOLUNTEER)
    case = Case.objects.create(person=person_a, organisation=group_a)
    case.assignees.add(volunteer_a, volunteer_a2)
    volunteer_a2.language = "ar"
    volunteer_a2.save()
    entry = Entry.objects.create(case=case, kind="decision", decision_type="oqtf")
    now = timezone.now()
    deadline = Deadline.objects.create(
        entry=entry,
        case=case,
        rule_code="oqtf-free",
        safe_deadline=now + timedelta(days=10),
        legal_deadline=now + timedelta(days=11),
        explanation="notifiée → 1 mois",
        confidence="high",
    )
    assert deadline_remind.call(deadline.pk, "7d") == 2
    french = Message.objects.get(recipient_user=volunteer_a)
    arabic = Message.objects.get(recipient_user=volunteer_a2)
    assert (french.language, arabic.language) == ("fr", "ar")
    assert french.subject == "Permanence : délai de recours à surveiller"
    assert arabic.subject == "Permanence: موعد نهائي للطعن يجب متابعته"
    assert "Un délai de recours" in french.body and "Un délai de recours" not in arabic.body
