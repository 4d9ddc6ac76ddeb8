"""Appointments at desks "sur rendez-vous": reasons, slots derived from the desk's sessions, and
the appointments people book (by phone with a volunteer, or on the public page).

A ``Slot`` is one bookable time of one reason (a session of 16:00–19:00 and a 30-minute reason
give six slots). Slots are created lazily from ``directory.schedule`` when someone lists them.
``Slot.booked_count`` is the number of live appointments; the capacity is enforced by a
conditional update in ``services.appointment_book`` and, as a last resort, by a check constraint.
"""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from permanence.core.fields import EncryptedTextField
from permanence.core.lib.choices import ChoiceLabelsMixin
from permanence.directory import schedule
from permanence.directory.models import Desk

MAX_DURATION = 240
MAX_CAPACITY = 50
MAX_DAYS_AHEAD = 120
# Contact details are blanked this long after the appointment (tasks.appointment_forget).
FORGET_AFTER = timedelta(days=30)


def receives_sms(number: str) -> bool:
    """Whether an E.164 number may receive SMS (not a landline)."""
    try:
        kind = phonenumbers.number_type(phonenumbers.parse(number))
    except phonenumbers.NumberParseException:
        return False
    return kind != phonenumbers.PhoneNumberType.FIXED_LINE


def desk_timezone(desk: Desk) -> ZoneInfo:
    """The desk's local time zone (overseas desks keep their own)."""
    place = desk.place
    return schedule.timezone_for(place.departement if place else None)


def slot_times(start: datetime, end: datetime, minutes: int) -> list[tuple[datetime, datetime]]:
    """The slots of ``minutes`` that fit in a session, from its start: 16:00–19:00 and 30 → 6."""
    if minutes <= 0:
        raise ValueError("minutes must be positive.")
    step = timedelta(minutes=minutes)
    times = []
    at = start
    while at + step <= end:
        times.append((at, at + step))
        at += step
    return times


class BookingReasonQuerySet(models.QuerySet):
    def active(self) -> "BookingReasonQuerySet":
        return self.filter(active=True)

    def bookable_by_public(self) -> "BookingReasonQuerySet":
        """Active public reasons of published desks that take appointments."""
        desks = Desk.objects.published().with_mode("appointment")
        return self.filter(active=True, public=True, desk__in=desks)


class BookingReason(models.Model):
    desk = models.ForeignKey(
        Desk,
        verbose_name=_("permanence"),
        on_delete=models.CASCADE,
        related_name="booking_reasons",
    )
    label = models.CharField(
        _("motif"), max_length=120, help_text=_("Par exemple : « Premier rendez-vous séjour »")
    )
    translations = models.JSONField(_("traductions du motif"), default=dict, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(MAX_DURATION)],
    )
    capacity = models.PositiveSmallIntegerField(
        _("personnes par créneau"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    public = models.BooleanField(
        _("réservable en ligne par le public"),
        default=False,
        help_text=_("Sinon, seul·es les bénévoles prennent ces rendez-vous (au téléphone)."),
    )
    max_days_ahead = models.PositiveSmallIntegerField(
        _("réservable jusqu’à (jours)"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS_AHEAD)],
    )
    active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingReasonQuerySet.as_manager()

    class Meta:
        ordering = ["desk_id", "-active", "label", "pk"]
        verbose_name = _("motif de rendez-vous")
        verbose_name_plural = _("motifs de rendez-vous")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="booking_reason_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5), name="booking_reason_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_days_ahead__gte=1), name="booking_reason_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def label_in(self, language: str | None) -> tuple[str, bool]:
        """(label, is_fallback): the translation for ``language`` or the French label."""
        language = (language or "fr").lower()
        if language.startswith("fr"):
            return self.label, False
        for code in (language, language.split("-")[0]):
            text = (self.translations or {}).get(code, "")
            if isinstance(text, str) and text.strip():
                return text.strip(), False
        return self.label, True

    @property
    def timezone(self) -> ZoneInfo:
        return desk_timezone(self.desk)


class SlotQuerySet(models.QuerySet):
    def free(self) -> "SlotQuerySet":
        return self.filter(booked_count__lt=F("capacity"))

    def starting_after(self, moment: datetime) -> "SlotQuerySet":
        return self.filter(start__gt=moment)


class Slot(models.Model):
    reason = models.ForeignKey(
        BookingReason, verbose_name=_("motif"), on_delete=models.CASCADE, related_name="slots"
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    capacity = models.PositiveSmallIntegerField(_("places"), default=1)
    booked_count = models.PositiveSmallIntegerField(_("places prises"), default=0)

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["start", "reason_id"]
        verbose_name = _("créneau")
        verbose_name_plural = _("créneaux")
        constraints = [
            models.UniqueConstraint(fields=["reason", "start"], name="one_slot_per_reason_start"),
            models.CheckConstraint(
                condition=Q(booked_count__gte=0) & Q(booked_count__lte=F("capacity")),
                name="slot_booked_within_capacity",
            ),
        ]
        indexes = [models.Index(fields=["start"], name="booking_slot_start")]

    def __str__(self) -> str:
        return f"{self.reason_id} {self.start:%Y-%m-%d %H:%M}"

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked_count, 0)


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Prévu")
    SEEN = "seen", _("Reçu·e")
    EXCUSED = "excused", _("Excusé·e")
    NO_SHOW = "no_show", _("Absent·e")
    CANCELLED = "cancelled", _("Annulé")


# Which statuses each status may be reached from (the buttons of the day's list). A cancellation
# frees the place and is final; the other outcomes may be corrected.
TRANSITIONS: dict[str, frozenset[str]] = {
    AppointmentStatus.BOOKED: frozenset(
        {AppointmentStatus.SEEN, AppointmentStatus.EXCUSED, AppointmentStatus.NO_SHOW}
    ),
    AppointmentStatus.SEEN: frozenset(
        {AppointmentStatus.BOOKED, AppointmentStatus.EXCUSED, AppointmentStatus.NO_SHOW}
    ),
    AppointmentStatus.EXCUSED: frozenset(
        {AppointmentStatus.BOOKED, AppointmentStatus.SEEN, AppointmentStatus.NO_SHOW}
    ),
    AppointmentStatus.NO_SHOW: frozenset(
        {AppointmentStatus.BOOKED, AppointmentStatus.SEEN, AppointmentStatus.EXCUSED}
    ),
    AppointmentStatus.CANCELLED: frozenset({AppointmentStatus.BOOKED}),
}


class AppointmentQuerySet(models.QuerySet):
    def of_desk(self, desk: Desk) -> "AppointmentQuerySet":
        return self.filter(slot__reason__desk=desk)

    def between(self, first: datetime, last: datetime) -> "AppointmentQuerySet":
        return self.filter(slot__start__gte=first, slot__start__lt=last)

    def booked(self) -> "AppointmentQuerySet":
        return self.filter(status=AppointmentStatus.BOOKED)


class Appointment(ChoiceLabelsMixin, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slot = models.ForeignKey(
        Slot, verbose_name=_("créneau"), on_delete=models.PROTECT, related_name="appointments"
    )
    first_name = EncryptedTextField(_("prénom"))
    phone = EncryptedTextField(_("téléphone"), blank=True, default="")
    email = EncryptedTextField(_("adresse e-mail"), blank=True, default="")
    language = models.CharField(_("langue des messages"), max_length=7, default="fr")
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    reminders_opt_out = models.BooleanField(_("pas de rappel"), default=False)
    # The random token of the person's link to see or cancel the appointment.
    cancel_token = models.CharField(max_length=64, unique=True, editable=False)
    # One record per form display: a double submission books once.
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Blind index of the phone or e-mail (limits of public bookings per person), never the value.
    contact_index = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pris par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["slot__start", "created_at"]
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")

    def __str__(self) -> str:
        return f"{self.pk} {self.status}"

    @property
    def message_prefix(self) -> str:
        """The start of the dedupe keys of this appointment's messages (ends with a colon)."""
        return f"appointment:{self.pk}:"

    @property
    def channel(self) -> str:
        """Where messages go: SMS to a mobile number, else e-mail, else nowhere ("")."""
        if self.phone and receives_sms(self.phone):
            return "sms"
        return "email" if self.email else ""

    @property
    def recipient(self) -> str:
        return {"sms": self.phone, "email": self.email}.get(self.channel, "")

    @property
    def is_booked(self) -> bool:
        return self.status == AppointmentStatus.BOOKED

    def can_move_to(self, status: str) -> bool:
        return self.status in TRANSITIONS.get(status, frozenset())

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        """The statuses the day's list offers as buttons."""
        return [
            (value, label) for value, label in AppointmentStatus.choices if self.can_move_to(value)
        ]

    @property
    def language_label(self) -> str:
        return dict(settings.LANGUAGES).get(self.language, self.language)

    @property
    def masked_recipient(self) -> str:
        """Where messages go, half hidden: "+33 6•• •• •• 78", "a•••@example.org"."""
        if self.channel == "sms":
            return f"{self.phone[:4]}••••••{self.phone[-2:]}"
        local, _at, domain = self.recipient.partition("@")
        return f"{local[:1]}•••@{domain}" if domain else ""
