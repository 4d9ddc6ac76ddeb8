from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from permanence.notifications.models import Message, MessageStatus
from permanence.notifications.tasks import deliver_message


def message_queue(
    *,
    dedupe_key: str,
    channel: str,
    to: str,
    body: str,
    subject: str = "",
    language: str = "fr",
    organisation=None,
    recipient_user=None,
    send_after: datetime | None = None,
) -> Message | None:
    """Queue a message once per ``dedupe_key``; returns None when it was already queued."""
    message = _message(
        dedupe_key=dedupe_key,
        channel=channel,
        to=to,
        subject=subject,
        body=body,
        language=language,
        organisation=organisation,
        recipient_user=recipient_user,
        send_after=send_after,
    )
    try:
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        return None
    _deliver_on_commit(message)
    return message


def messages_queue(messages: list[dict]) -> list[Message]:
    """Queue several messages (the keyword arguments of ``message_queue`` each) in one insert;
    returns those queued. Keys already queued are skipped, as ``message_queue`` does, one by
    one then: the single insert is for new keys (an appointment just booked)."""
    if not messages:
        return []
    rows = [_message(**values) for values in messages]
    try:
        with transaction.atomic():
            Message.objects.bulk_create(rows)
    except IntegrityError:
        return [m for values in messages if (m := message_queue(**values)) is not None]
    for message in rows:
        _deliver_on_commit(message)
    return rows


def _message(*, dedupe_key: str, send_after: datetime | None = None, **values) -> Message:
    return Message(dedupe_key=dedupe_key[:120], send_after=send_after or timezone.now(), **values)


def _deliver_on_commit(message: Message) -> None:
    run_after = message.send_after if message.send_after > timezone.now() else None
    transaction.on_commit(
        lambda: (
            deliver_message.using(run_after=run_after).enqueue(message.pk)
            if run_after
            else deliver_message.enqueue(message.pk)
        )
    )


@transaction.atomic
def message_retry(*, message: Message) -> None:
    """Send a failed message again (from the outbox page)."""
    Message.objects.filter(pk=message.pk, status=MessageStatus.FAILED).update(
        status=MessageStatus.PENDING, send_after=timezone.now(), attempts=0
    )
    transaction.on_commit(lambda: deliver_message.enqueue(message.pk))


def messages_cancel(*, prefix: str) -> int:
    """Cancel the pending messages whose key starts with ``prefix`` (a closed deadline…)."""
    return Message.objects.filter(
        dedupe_key__startswith=prefix, status=MessageStatus.PENDING
    ).update(status=MessageStatus.CANCELLED)


FINISHED = (MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.CANCELLED)


def messages_forget(*, now: datetime) -> int:
    """Blank the address, subject and text of the messages sent, failed or cancelled more than
    ``PERMANENCE_KEEP_MESSAGES_DAYS`` ago; return how many. The row stays in the outbox (channel,
    status, attempts, dates): its dedupe key still stops the same message being queued again."""
    cutoff = now - timedelta(days=settings.PERMANENCE_KEEP_MESSAGES_DAYS)
    return Message.objects.filter(
        forgotten_at__isnull=True, status__in=FINISHED, send_after__lt=cutoff
    ).update(to="", subject="", body="", last_error="", forgotten_at=now)
