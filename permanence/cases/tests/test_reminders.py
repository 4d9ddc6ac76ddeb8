"""Reminders of the appointments with an administration recorded on a timeline."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.tasks import default_task_backend
from django.utils import timezone

from permanence.cases.models import Entry
from permanence.cases.services import appointment_reminders_schedule
from permanence.cases.tasks import appointment_remind
from permanence.notifications.models import Message

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _no_results():
    default_task_backend.clear()


def scheduled():
    return [r for r in default_task_backend.results if r.task.name == "appointment_remind"]


def appointment(case, author, at: datetime) -> Entry:
    return Entry.objects.create(
        case=case, kind="appointment", authority="prefecture", appointment_at=at, author=author
    )


def test_recording_an_appointment_schedules_two_reminders(
    client_for, volunteer_a, case_a, django_capture_on_commit_callbacks
):
    at = (timezone.localtime() + timedelta(days=5)).replace(hour=14, minute=30, second=0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(volunteer_a).post(
            f"/cases/{case_a.pk}/entries/appointment/",
            {
                "appointment-authority": "prefecture",
                "appointment-appointment_at": at.strftime("%Y-%m-%dT%H:%M"),
                "appointment-text": "Remise du récépissé",
            },
        )
    assert response.status_code == 302
    entry = Entry.objects.get(kind="appointment")
    results = scheduled()
    assert sorted(r.args[1] for r in results) == ["48h", "morning"]
    run_after = {r.args[1]: r.task.run_after for r in results}
    assert run_after["48h"] == entry.appointment_at - timedelta(hours=48)
    assert timezone.localtime(run_after["morning"]).hour == 8
    assert all(datetime.fromisoformat(r.args[2]) == entry.appointment_at for r in results)


def test_an_appointment_in_the_past_schedules_nothing(case_a, volunteer_a):
    entry = appointment(case_a, volunteer_a, timezone.now() - timedelta(days=1))
    assert appointment_reminders_schedule(entry=entry) == []
    assert scheduled() == []


def test_an_appointment_tomorrow_morning_only_gets_the_morning_reminder(case_a, volunteer_a):
    now = datetime(2026, 12, 7, 18, 0, tzinfo=PARIS)
    entry = appointment(case_a, volunteer_a, datetime(2026, 12, 8, 10, 0, tzinfo=PARIS))
    assert appointment_reminders_schedule(entry=entry, now=now) == ["morning"]


def test_the_reminder_goes_once_to_each_volunteer_without_the_name(
    case_a, volunteer_a, coordinator_a
):
    case_a.legal_referent = coordinator_a
    case_a.save()
    entry = appointment(case_a, volunteer_a, timezone.now() + timedelta(days=2))
    key = entry.appointment_at.isoformat()
    assert appointment_remind.call(entry.pk, "48h", key) == 2
    # A second worker running the same reminder sends nothing more.
    assert appointment_remind.call(entry.pk, "48h", key) == 0
    messages = Message.objects.filter(dedupe_key__startswith=f"case-appointment:{entry.pk}:")
    assert {m.to for m in messages} == {volunteer_a.email, coordinator_a.email}
    message = messages.first()
    assert "Préfecture" in message.subject and f"/cases/{case_a.pk}/" in message.body
    assert "Mohammed" not in message.body + message.subject
    assert "Diallo" not in message.body + message.subject
    entry.refresh_from_db()
    assert entry.reminder_sent_at is not None


def test_nobody_assigned_reminds_who_recorded_it(case_a, volunteer_a, coordinator_a):
    case_a.assignees.clear()
    entry = appointment(case_a, coordinator_a, timezone.now() + timedelta(days=2))
    assert appointment_remind.call(entry.pk, "morning", entry.appointment_at.isoformat()) == 1
    assert Message.objects.get().to == coordinator_a.email


def test_a_moved_appointment_or_a_closed_case_sends_nothing(case_a, volunteer_a):
    entry = appointment(case_a, volunteer_a, timezone.now() + timedelta(days=3))
    old = entry.appointment_at.isoformat()
    entry.appointment_at += timedelta(days=1)
    entry.save()
    assert appointment_remind.call(entry.pk, "48h", old) == 0
    case_a.status = "closed"
    case_a.save()
    assert appointment_remind.call(entry.pk, "48h", entry.appointment_at.isoformat()) == 0
    assert appointment_remind.call(999999, "48h", old) == 0
    assert not Message.objects.exists()


# Tasks ---------------------------------------------------------------------------------------


def test_a_task_reminds_its_assignee_on_the_morning_it_is_due_and_not_once_done(
    client_for, volunteer_a, case_a
):
    due = timezone.localdate() + timedelta(days=3)
    client = client_for(volunteer_a)
    client.post(
        f"/cases/{case_a.pk}/entries/task/",
        {
            "task-text": "Appeler Mme Diallo à la CAF",
            "task-task_due": due.isoformat(),
            "task-task_assignee": str(volunteer_a.pk),
        },
    )
    task = Entry.objects.get(kind="task")
    message = Message.objects.get()
    assert message.dedupe_key == f"task:{task.pk}:{due.isoformat()}:{volunteer_a.pk}"
    assert message.send_after == datetime.combine(due, datetime.min.time(), tzinfo=PARIS).replace(
        hour=8
    )
    assert message.to == volunteer_a.email and message.language == "fr"
    assert f"/cases/{case_a.pk}/" in message.body
    for secret in ("Diallo", "CAF", "Mohammed"):  # neither the task's text nor the person
        assert secret not in message.subject + message.body
    client.post(f"/cases/{case_a.pk}/tasks/{task.pk}/done/")
    message.refresh_from_db()
    assert message.status == "cancelled"


def test_no_task_reminder_without_a_due_date_an_assignee_or_a_morning_to_come(
    client_for, volunteer_a, case_a
):
    from permanence.cases.services import task_reminder_queue

    today = timezone.localdate()
    no_date = Entry.objects.create(case=case_a, kind="task", task_assignee=volunteer_a)
    nobody = Entry.objects.create(case=case_a, kind="task", task_due=today + timedelta(days=2))
    past = Entry.objects.create(
        case=case_a, kind="task", task_assignee=volunteer_a, task_due=today - timedelta(days=1)
    )
    for entry in (no_date, nobody, past):
        assert task_reminder_queue(entry=entry) is None
    volunteer_a.language = "en"
    volunteer_a.save()
    soon = Entry.objects.create(
        case=case_a, kind="task", task_assignee=volunteer_a, task_due=today + timedelta(days=1)
    )
    message = task_reminder_queue(entry=soon)
    assert message.language == "en" and "today" in message.subject
    assert task_reminder_queue(entry=soon) is None  # queued once
