"""Requests received between sessions: by the public form, phone, SMS, WhatsApp, Signal, e-mail,
letter or in person, and the thread of what the group did about each one.

A ``Request`` belongs to an organisation (and usually to one of its desks). The name, the contact
and the text are personal data: encrypted at rest. Nothing is deleted from the interface: a
request is answered, turned into a case or closed (docs/inbox.md says how long they are kept).
State changes are conditional updates on ``version`` (optimistic locking, ``services.py``).
"""

import uuid

import phonenumbers
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from permanence.core.fields import EncryptedTextField
from permanence.core.lib.choices import ChoiceLabelsMixin
from permanence.directory.vocab import LANGUAGES

TEXT_MAX = 5000  # characters of a request's text
NAME_MAX = 100
CONTACT_MAX = 254
EXCERPT_LENGTH = 140


class Channel(models.TextChoices):
    """How the request reached the group."""

    WEB = "web", _("Formulaire du site")
    PHONE = "phone", _("Appel téléphonique")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SIGNAL = "signal", _("Signal")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Courrier")
    IN_PERSON = "in_person", _("De vive voix")


class AnswerChannel(models.TextChoices):
    """How the person wants to be answered."""

    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SIGNAL = "signal", _("Signal")
    PHONE = "phone", _("Appel téléphonique")
    EMAIL = "email", _("E-mail")


PHONE_ANSWERS = frozenset(
    {AnswerChannel.SMS, AnswerChannel.WHATSAPP, AnswerChannel.SIGNAL, AnswerChannel.PHONE}
)


class State(models.TextChoices):
    NEW = "new", _("Nouvelle")
    ASSIGNED = "assigned", _("Prise en charge")
    ANSWERED = "answered", _("Répondue")
    CASE = "case", _("Dossier ouvert")
    CLOSED = "closed", _("Close")


OPEN_STATES = (State.NEW, State.ASSIGNED)


class RequestQuerySet(models.QuerySet):
    def open(self) -> "RequestQuerySet":
        return self.filter(state__in=OPEN_STATES)

    def owned_by(self, user) -> "RequestQuerySet":
        return self.filter(owner=user)

    def unassigned(self) -> "RequestQuerySet":
        return self.filter(owner__isnull=True)


class Request(ChoiceLabelsMixin, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("groupe"),
        on_delete=models.PROTECT,
        related_name="inbox_requests",
    )
    desk = models.ForeignKey(
        "directory.Desk",
        verbose_name=_("permanence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbox_requests",
    )
    channel = models.CharField(_("reçue par"), max_length=10, choices=Channel.choices)
    name = EncryptedTextField(_("prénom ou pseudonyme"), blank=True, default="")
    contact = EncryptedTextField(_("numéro ou adresse e-mail"), blank=True, default="")
    answer_channel = models.CharField(
        _("réponse souhaitée par"), max_length=10, choices=AnswerChannel.choices, blank=True
    )
    language = models.CharField(_("langue"), max_length=7, blank=True)
    text = EncryptedTextField(_("demande"))
    attachment_count = models.PositiveSmallIntegerField(_("pièces jointes"), default=0)
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.NEW)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prise en charge par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbox_requests",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # A keyed hash of the e-mail's Message-ID: the same e-mail never makes two requests.
    message_id_hash = models.CharField(max_length=32, blank=True, default="", editable=False)
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "id"]
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        indexes = [
            models.Index(fields=["organisation", "state", "-received_at"], name="inbox_org_state"),
            models.Index(fields=["organisation", "-received_at"], name="inbox_org_received"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "message_id_hash"],
                condition=~Q(message_id_hash=""),
                name="inbox_one_request_per_message",
            )
        ]

    def __str__(self) -> str:
        return str(self.pk)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def shown_name(self) -> str:
        return self.name or gettext("Sans nom")

    @property
    def excerpt(self) -> str:
        """The beginning of the text on one line, for the list."""
        text = " ".join((self.text or "").split())
        return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"

    def language_label(self) -> str:
        return str(dict(LANGUAGES).get(self.language, self.language))

    def contact_display(self) -> str:
        """Phone numbers in international form (+33 7 45 29 68 08), addresses as they are."""
        if not self.contact.startswith("+"):
            return self.contact
        try:
            number = phonenumbers.parse(self.contact, None)
        except phonenumbers.NumberParseException:
            return self.contact
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    def contact_href(self) -> str:
        """The link that opens the answer channel on a phone or a computer."""
        value = self.contact
        if not value:
            return ""
        if self.answer_channel == AnswerChannel.EMAIL and "@" in value:
            return f"mailto:{value}"
        if not value.startswith("+"):
            return ""
        return {
            AnswerChannel.PHONE: f"tel:{value}",
            AnswerChannel.SMS: f"sms:{value}",
            AnswerChannel.WHATSAPP: f"https://wa.me/{value.lstrip('+')}",
            AnswerChannel.SIGNAL: f"https://signal.me/#p/{value}",
        }.get(self.answer_channel, f"tel:{value}")


class NoteKind(models.TextChoices):
    NOTE = "note", _("Note")
    TAKEN = "taken", _("Prise en charge")
    ANSWERED = "answered", _("Répondue")
    CLOSED = "closed", _("Close")
    REOPENED = "reopened", _("Rouverte")
    CASE = "case", _("Dossier ouvert")


class RequestNote(models.Model):
    """One line of a request's thread: a note, or what was done (taken, answered, closed…)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=NoteKind.choices, default=NoteKind.NOTE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = EncryptedTextField(_("note"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("note de suivi")
        verbose_name_plural = _("notes de suivi")

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"
