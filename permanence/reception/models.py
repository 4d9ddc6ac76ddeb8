"""The desk day: dated sessions of a desk, the people who arrive, and who volunteers for what.

A ``DeskSession`` is one dated occurrence of a desk, created from the desk's schedule the first
time volunteers open it. An ``Arrival`` is one person (or family) welcomed at the reception, known
by a first name, a pseudonym or initials only, waiting and then received in a confidential
interview. A ``RotaSlot`` is a volunteer's sign-up for a role at a session.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from statistics import mean
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from permanence.core.fields import EncryptedTextField
from permanence.core.lib.choices import ChoiceLabelsMixin, choice_labels
from permanence.directory import schedule
from permanence.directory.models import Desk
from permanence.directory.vocab import LANGUAGES

REMINDER_TIME = time(18)  # volunteers are reminded the evening before a session
# A person still waiting after this long is flagged on the board: nobody should wait unseen.
LONG_WAIT_MINUTES = 45


class DeskSessionQuerySet(models.QuerySet):
    def between(self, first: datetime, last: datetime) -> "DeskSessionQuerySet":
        return self.filter(start__gte=first, start__lt=last)


class DeskSession(models.Model):
    desk = models.ForeignKey(
        Desk,
        verbose_name=_("permanence"),
        on_delete=models.CASCADE,
        related_name="reception_sessions",
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeskSessionQuerySet.as_manager()

    class Meta:
        ordering = ["start", "desk_id"]
        verbose_name = _("séance de permanence")
        verbose_name_plural = _("séances de permanence")
        constraints = [
            models.UniqueConstraint(fields=["desk", "start"], name="one_session_per_desk_start")
        ]

    def __str__(self) -> str:
        return f"{self.desk_id} {self.start:%Y-%m-%d %H:%M}"

    @property
    def timezone(self) -> ZoneInfo:
        """The desk's local time zone (overseas desks keep their own)."""
        place = self.desk.place
        return schedule.timezone_for(place.departement if place else None)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def local_start(self) -> datetime:
        return self.start.astimezone(self.timezone)

    def local_end(self) -> datetime:
        return self.end.astimezone(self.timezone)

    def reminder_time(self, now: datetime | None = None) -> datetime:
        """When volunteers are reminded: the day before at 18:00 local time, or now if past."""
        now = now or timezone.now()
        day_before = self.local_start().date() - timedelta(days=1)
        at = datetime.combine(day_before, REMINDER_TIME, tzinfo=self.timezone)
        return max(at, now)


class ArrivalStatus(models.TextChoices):
    WAITING = "waiting", _("En attente")
    IN_INTERVIEW = "in_interview", _("En entretien")
    DONE = "done", _("Reçu·e")
    LEFT = "left", _("Parti·e sans être reçu·e")
    REDIRECTED = "redirected", _("Réorienté·e")


# Which statuses each status may be reached from (the board's buttons).
TRANSITIONS: dict[str, frozenset[str]] = {
    ArrivalStatus.IN_INTERVIEW: frozenset({ArrivalStatus.WAITING}),
    ArrivalStatus.DONE: frozenset({ArrivalStatus.IN_INTERVIEW}),
    ArrivalStatus.LEFT: frozenset({ArrivalStatus.WAITING}),
    ArrivalStatus.REDIRECTED: frozenset({ArrivalStatus.WAITING, ArrivalStatus.IN_INTERVIEW}),
}
FINAL_STATUSES = (ArrivalStatus.DONE, ArrivalStatus.LEFT, ArrivalStatus.REDIRECTED)
NOT_SEEN_STATUSES = (ArrivalStatus.WAITING, ArrivalStatus.LEFT)


class Reason(models.TextChoices):
    ASYLUM = "asylum", _("Asile")
    RESIDENCE = "residence", _("Séjour, titre de séjour")
    HEALTH = "health", _("Santé (AME, PUMa, CSS)")
    SOCIAL_RIGHTS = "social_rights", _("Droits sociaux, domiciliation")
    REMOVAL = "removal", _("Éloignement (OQTF, rétention)")
    OTHER = "other", _("Autre")


# Labels by code, built once (see core/lib/choices.py for why get_FOO_display() is not enough).
_LANGUAGE_LABELS = dict(LANGUAGES)


def board_name(text: str) -> str:
    """What the board may show of a name: the first word, the other words as initials.

    "Amina Diallo" → "Amina D."; "A. D." and "Mariam" stay as they are.
    """
    words = (text or "").split()
    if not words:
        return ""
    rest = [f"{word[0].upper()}." if not word.endswith(".") else word for word in words[1:]]
    return " ".join([words[0], *rest])


def minutes_label(minutes: int) -> str:
    """25 → "25 min", 70 → "1 h 10"."""
    if minutes < 60:
        return gettext("%(minutes)d min") % {"minutes": minutes}
    return gettext("%(hours)d h %(minutes)02d") % {"hours": minutes // 60, "minutes": minutes % 60}


class ArrivalQuerySet(models.QuerySet):
    def waiting(self) -> "ArrivalQuerySet":
        return self.filter(status=ArrivalStatus.WAITING)

    def to_call_back(self) -> "ArrivalQuerySet":
        return self.filter(call_back=True, called_back_at__isnull=True)


class Arrival(ChoiceLabelsMixin, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(DeskSession, on_delete=models.CASCADE, related_name="arrivals")
    first_name = EncryptedTextField(
        _("prénom, pseudonyme ou initiales"),
        help_text=_("Jamais le nom complet : il reste à l’accueil."),
    )
    language = models.CharField(_("langue"), max_length=7, blank=True)
    reason = models.CharField(
        _("motif"), max_length=16, choices=Reason.choices, default=Reason.OTHER
    )
    reason_note = EncryptedTextField(_("précision sur le motif"), blank=True, default="")
    children = models.PositiveSmallIntegerField(_("enfants présents"), default=0)
    interpreter_needed = models.BooleanField(_("besoin d’interprète"), default=False)
    arrived_at = models.DateTimeField(_("arrivée"), default=timezone.now)
    status = models.CharField(
        _("statut"), max_length=12, choices=ArrivalStatus.choices, default=ArrivalStatus.WAITING
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bénévole de l’entretien"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    room = models.CharField(_("salle"), max_length=40, blank=True)
    interview_started_at = models.DateTimeField(_("début de l’entretien"), null=True, blank=True)
    ended_at = models.DateTimeField(_("fin"), null=True, blank=True)
    person = models.ForeignKey(
        "cases.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The appointment this person came for (booking), once per appointment.
    appointment = models.OneToOneField(
        "booking.Appointment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="arrival",
        editable=False,
    )
    call_back = models.BooleanField(_("à rappeler"), default=False)
    called_back_at = models.DateTimeField(_("rappelé·e le"), null=True, blank=True)
    # When the first name and the note were blanked (``services.arrivals_forget``).
    forgotten_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    creation_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ArrivalQuerySet.as_manager()

    class Meta:
        ordering = ["arrived_at", "id"]
        verbose_name = _("arrivée")
        verbose_name_plural = _("arrivées")
        indexes = [
            models.Index(fields=["session", "status"], name="arrival_session_status"),
            models.Index(
                fields=["call_back", "called_back_at"],
                name="arrival_call_back",
                condition=models.Q(call_back=True),
            ),
        ]

    def __str__(self) -> str:
        return str(self.pk)

    @property
    def shown_name(self) -> str:
        return board_name(self.first_name) or gettext("Sans nom")

    @property
    def search_name(self) -> str:
        """The first word of the name, to pre-fill the people search."""
        return (self.first_name or "").split(" ")[0]

    def waited_minutes(self, now: datetime | None = None) -> int:
        """Minutes spent waiting: until the interview, until leaving, or until now."""
        end = self.interview_started_at or self.ended_at or now or timezone.now()
        return max(0, int((end - self.arrived_at).total_seconds() // 60))

    @property
    def waiting_label(self) -> str:
        return minutes_label(self.waited_minutes())

    @property
    def waits_long(self) -> bool:
        """Still waiting after ``LONG_WAIT_MINUTES``: the board flags the card."""
        return self.status == ArrivalStatus.WAITING and self.waited_minutes() >= LONG_WAIT_MINUTES

    def language_label(self) -> str:
        return str(_LANGUAGE_LABELS.get(self.language, self.language))


@dataclass
class SessionSummary:
    """The end-of-session figures, computed from the session's arrivals."""

    arrivals: list[Arrival]
    now: datetime
    counts: dict[str, int] = field(init=False)
    topics: list[tuple[str, int]] = field(init=False)
    not_seen: list[Arrival] = field(init=False)
    average_wait: int | None = field(init=False)
    max_wait: int | None = field(init=False)

    def __post_init__(self) -> None:
        self.counts = dict.fromkeys(ArrivalStatus.values, 0)
        for arrival in self.arrivals:
            self.counts[arrival.status] += 1
        topics: dict[str, int] = {}
        for arrival in self.arrivals:
            topics[arrival.reason] = topics.get(arrival.reason, 0) + 1
        self.topics = sorted(
            ((str(choice_labels(Reason).get(code, code)), n) for code, n in topics.items()),
            key=lambda item: (-item[1], item[0]),
        )
        self.not_seen = [a for a in self.arrivals if a.status in NOT_SEEN_STATUSES]
        waits = [arrival.waited_minutes(self.now) for arrival in self.arrivals]
        self.average_wait = round(mean(waits)) if waits else None
        self.max_wait = max(waits) if waits else None

    @property
    def received(self) -> int:
        return self.counts[ArrivalStatus.DONE]

    @property
    def left(self) -> int:
        return self.counts[ArrivalStatus.LEFT]

    @property
    def redirected(self) -> int:
        return self.counts[ArrivalStatus.REDIRECTED]

    @property
    def waiting(self) -> int:
        return self.counts[ArrivalStatus.WAITING]

    @property
    def in_interview(self) -> int:
        return self.counts[ArrivalStatus.IN_INTERVIEW]

    @property
    def children(self) -> int:
        return sum(arrival.children for arrival in self.arrivals)

    def average_wait_label(self) -> str:
        return minutes_label(self.average_wait) if self.average_wait is not None else "—"

    def max_wait_label(self) -> str:
        return minutes_label(self.max_wait) if self.max_wait is not None else "—"


class RotaRole(models.TextChoices):
    RECEPTION = "reception", _("accueil")
    INTERVIEW = "interview", _("entretiens")
    CHILDREN = "children", _("enfants")


class RotaSlot(ChoiceLabelsMixin, models.Model):
    session = models.ForeignKey(DeskSession, on_delete=models.CASCADE, related_name="rota")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rota_slots"
    )
    role = models.CharField(_("rôle"), max_length=10, choices=RotaRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "created_at", "id"]
        verbose_name = _("inscription au planning")
        verbose_name_plural = _("planning")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user", "role"], name="one_slot_per_user_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.user_id} {self.role}"

    @property
    def reminder_key(self) -> str:
        # The trailing colon keeps slot 1's prefix from matching slot 12's key.
        return f"rota:{self.pk}:"
