"""Ways out for messages. E-mail goes through Django's mail backend; SMS through a pluggable
gateway named by ``PERMANENCE_SMS_GATEWAY`` (a dotted path to a subclass of ``SmsGateway``).

The default SMS gateway sends nothing: it records the message in the outbox, where coordinators
read it (and can send it by hand). To add a provider, subclass ``SmsGateway``, implement ``send``
(raise ``GatewayError`` with a short message on failure: the message is retried), and set
``PERMANENCE_SMS_GATEWAY=yourpackage.module.YourGateway`` (see docs/notifications.md).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string


class GatewayError(Exception):
    """A send failed; the message says why in a few words (never the message's content)."""


class SmsGateway:
    name = "sms"

    def send(self, *, to: str, body: str) -> None:
        raise NotImplementedError


class OutboxLogGateway(SmsGateway):
    """Sends nothing: the message stays readable in the coordinators' outbox."""

    name = "outbox"

    def send(self, *, to: str, body: str) -> None:
        return None


def sms_gateway() -> SmsGateway:
    path = getattr(
        settings, "PERMANENCE_SMS_GATEWAY", "permanence.notifications.gateways.OutboxLogGateway"
    )
    return import_string(path)()


def send_email(*, to: str, subject: str, body: str) -> None:
    try:
        EmailMessage(subject=subject, body=body, to=[to]).send()
    except Exception as exc:  # noqa: BLE001 - any transport error is a retryable failure
        raise GatewayError(type(exc).__name__) from exc
