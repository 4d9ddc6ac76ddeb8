"""The outbox: every e-mail and SMS the application sends, with its status and retries.

A message is queued once per ``dedupe_key`` (a unique column): two workers, or a task run twice,
cannot send the same reminder twice. Addresses and texts are encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from permanence.core.fields import EncryptedTextField
from permanence.core.lib.choices import ChoiceLabelsMixin

MAX_ATTEMPTS = 5


class MessageChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    SENDING = "sending", _("En cours d’envoi")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")
    CANCELLED = "cancelled", _("Annulé")


class Message(ChoiceLabelsMixin, models.Model):
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("canal"), max_length=5, choices=MessageChannel.choices)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to = EncryptedTextField(_("destinataire"))
    subject = EncryptedTextField(_("objet"), blank=True, default="")
    body = EncryptedTextField(_("message"))
    language = models.CharField(_("langue"), max_length=7, default="fr")
    dedupe_key = models.CharField(max_length=120, unique=True)
    send_after = models.DateTimeField(_("à envoyer à partir de"))
    status = models.CharField(
        _("statut"), max_length=9, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("essais"), default=0)
    last_error = models.CharField(_("dernière erreur"), max_length=300, blank=True)
    gateway = models.CharField(_("passerelle"), max_length=60, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the address, subject and text were blanked (``services.messages_forget``); the row
    # stays, so that its dedupe key still stops the same message being queued again.
    forgotten_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-send_after", "-id"]
        verbose_name = _("message")
        indexes = [models.Index(fields=["organisation", "-send_after"], name="message_org_time")]

    def __str__(self) -> str:
        return f"{self.channel} {self.dedupe_key} {self.status}"
