"""Messages are sent once, retried on failure, and visible to coordinators."""

from datetime import timedelta

import pytest
from django.core import mail
from django.tasks import default_task_backend
from django.utils import timezone

from permanence.notifications import gateways
from permanence.notifications.models import Message, MessageStatus
from permanence.notifications.services import message_queue, messages_queue
from permanence.notifications.tasks import deliver_message


class BrokenGateway(gateways.SmsGateway):
    name = "broken"

    def send(self, *, to, body):
        raise gateways.GatewayError("timeout")


@pytest.fixture
def queued(group_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return message_queue(
            dedupe_key="test:1",
            channel="email",
            to="volunteer@example.org",
            subject="Rappel",
            body="Échéance dans 3 jours",
            organisation=group_a,
        )


def test_a_key_queues_one_message_only(queued, group_a):
    again = message_queue(
        dedupe_key="test:1", channel="email", to="x@example.org", body="b", organisation=group_a
    )
    assert again is None and Message.objects.count() == 1
    assert len(default_task_backend.results) >= 1


def test_several_messages_queue_in_one_insert_and_keys_already_queued_are_skipped(
    queued, group_a, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    def values(key):
        return {"dedupe_key": key, "channel": "sms", "to": "+33612345678", "body": key}

    with django_capture_on_commit_callbacks() as callbacks, django_assert_max_num_queries(3):
        created = messages_queue([values("new:1"), values("new:2")])
    assert [m.dedupe_key for m in created] == ["new:1", "new:2"] and all(m.pk for m in created)
    assert len(callbacks) == 2  # one delivery task each
    with django_capture_on_commit_callbacks() as callbacks:
        again = messages_queue([values("test:1"), values("new:2"), values("new:3")])
    assert [m.dedupe_key for m in again] == ["new:3"] and len(callbacks) == 1
    assert Message.objects.count() == 4
    assert messages_queue([]) == []


def test_delivered_once_even_when_two_workers_run_it(queued):
    assert deliver_message.call(queued.pk) == "sent"
    assert deliver_message.call(queued.pk) == "skipped"
    assert len(mail.outbox) == 1
    queued.refresh_from_db()
    assert queued.status == MessageStatus.SENT and queued.attempts == 1


def test_a_message_for_later_waits(group_a):
    message = message_queue(
        dedupe_key="later",
        channel="sms",
        to="+33612345678",
        body="x",
        organisation=group_a,
        send_after=timezone.now() + timedelta(days=1),
    )
    assert deliver_message.call(message.pk) == "skipped"


def test_failing_gateway_is_retried_then_failed_and_shown(
    group_a, settings, client_for, coordinator_a
):
    settings.PERMANENCE_SMS_GATEWAY = "permanence.notifications.tests.test_outbox.BrokenGateway"
    message = message_queue(
        dedupe_key="sms:1", channel="sms", to="+33612345678", body="Rappel", organisation=group_a
    )
    assert deliver_message.call(message.pk) == "retry"
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING and message.attempts == 1
    assert message.last_error == "timeout" and message.send_after > timezone.now()
    for _ in range(4):
        Message.objects.filter(pk=message.pk).update(send_after=timezone.now())
        deliver_message.call(message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.attempts == 5
    page = client_for(coordinator_a).get("/notifications/groupe-a/").content.decode()
    assert "timeout" in page and "Renvoyer" in page
    client_for(coordinator_a).post(f"/notifications/groupe-a/{message.pk}/retry/")
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING


def test_default_sms_gateway_keeps_the_message_in_the_outbox(group_a):
    message = message_queue(
        dedupe_key="sms:2", channel="sms", to="+33612345678", body="RDV", organisation=group_a
    )
    assert deliver_message.call(message.pk) == "sent"
    message.refresh_from_db()
    assert message.gateway == "outbox"


def test_outbox_is_404_for_volunteers_and_other_groups(client_for, volunteer_a, volunteer_b):
    assert client_for(volunteer_a).get("/notifications/groupe-a/").status_code == 404
    assert client_for(volunteer_b).get("/notifications/groupe-a/").status_code == 404


def test_message_texts_are_encrypted_at_rest(queued):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to, body FROM notifications_message".replace("to,", '"to",'))
        raw = " ".join(map(str, cursor.fetchone()))
    assert "volunteer@example.org" not in raw and "Échéance" not in raw
