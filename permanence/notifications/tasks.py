"""Background delivery of messages (run by `manage.py db_worker`)."""

from datetime import timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from permanence.notifications.gateways import GatewayError, send_email, sms_gateway
from permanence.notifications.models import MAX_ATTEMPTS, Message, MessageChannel, MessageStatus


@task
def deliver_message(message_id: int) -> str:
    """Send one message. Only one worker can claim it; failures are retried with a backoff."""
    claimed = Message.objects.filter(
        pk=message_id, status=MessageStatus.PENDING, send_after__lte=timezone.now()
    ).update(status=MessageStatus.SENDING)
    if not claimed:
        return "skipped"
    message = Message.objects.get(pk=message_id)
    try:
        if message.channel == MessageChannel.EMAIL:
            send_email(to=message.to, subject=message.subject, body=message.body)
            gateway = "email"
        else:
            sms = sms_gateway()
            sms.send(to=message.to, body=message.body)
            gateway = sms.name
    except GatewayError as exc:
        return _failed(message, str(exc))
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        attempts=message.attempts + 1,
        gateway=gateway,
        last_error="",
    )
    return "sent"


def _failed(message: Message, error: str) -> str:
    attempts = message.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        status = MessageStatus.FAILED
        retry_at = None
    else:
        status = MessageStatus.PENDING
        retry_at = timezone.now() + timedelta(minutes=2**attempts)
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            status=status,
            attempts=attempts,
            last_error=error[:300],
            send_after=retry_at or message.send_after,
        )
        if retry_at:
            transaction.on_commit(
                lambda: deliver_message.using(run_after=retry_at).enqueue(message.pk)
            )
    return "retry" if retry_at else "failed"
