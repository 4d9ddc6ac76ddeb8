from datetime import datetime

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
    send_after = send_after or timezone.now()
    try:
        with transaction.atomic():
            message = Message.objects.create(
                dedupe_key=dedupe_key[:120],
                channel=channel,
                to=to,
                subject=subject,
                body=body,
                language=language,
                organisation=organisation,
                recipient_user=recipient_user,
                send_after=send_after,
            )
    except IntegrityError:
        return None
    run_after = send_after if send_after > timezone.now() else None
    transaction.on_commit(
        lambda: (
            deliver_message.using(run_after=run_after).enqueue(message.pk)
            if run_after
            else deliver_message.enqueue(message.pk)
        )
    )
    return message


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
