"""`manage.py retention` in the outbox: old messages lose their address and text, not their row."""

from datetime import timedelta

from django.utils import timezone

from permanence.notifications.models import Message, MessageStatus
from permanence.notifications.services import message_queue, messages_forget


def make_message(group, key, status, days_ago):
    message = message_queue(
        dedupe_key=key,
        channel="sms",
        to="+33639980001",
        body="Rappel : rendez-vous lundi à 14 h, Amina",
        organisation=group,
    )
    Message.objects.filter(pk=message.pk).update(
        status=status, send_after=timezone.now() - timedelta(days=days_ago)
    )
    return message


def test_old_finished_messages_are_blanked_and_still_block_their_key(settings, group_a):
    settings.PERMANENCE_KEEP_MESSAGES_DAYS = 90
    sent = make_message(group_a, "a:1", MessageStatus.SENT, 100)
    failed = make_message(group_a, "a:2", MessageStatus.FAILED, 100)
    pending = make_message(group_a, "a:3", MessageStatus.PENDING, 100)
    recent = make_message(group_a, "a:4", MessageStatus.SENT, 10)

    assert messages_forget(now=timezone.now()) == 2
    for message in (sent, failed):
        message.refresh_from_db()
        assert (message.to, message.subject, message.body) == ("", "", "")
        assert message.forgotten_at is not None
    assert Message.objects.get(pk=sent.pk).status == MessageStatus.SENT
    assert Message.objects.get(pk=pending.pk).body.startswith("Rappel")
    assert Message.objects.get(pk=recent.pk).to == "+33639980001"
    again = message_queue(dedupe_key="a:1", channel="sms", to="+33639980001", body="Rappel")
    assert again is None  # the key still holds: the reminder is not sent twice
    assert messages_forget(now=timezone.now()) == 0
