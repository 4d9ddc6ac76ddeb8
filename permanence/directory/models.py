"""Desks (permanences) and partner services, their channels and their schedules.

A desk's sessions are computed by ``schedule.py`` from its rules, closures and extra sessions: the
desk page, the JSON API, the iCalendar feed and the poster all read them from there.
``UpcomingSession`` is a derived copy of the coming weeks, kept for fast search ("open this week").
"""

from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db import connections, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from permanence.core.lib import phones
from permanence.directory import schedule
from permanence.directory.vocab import (
    Category,
    ChannelKind,
    Kind,
    RuleKindChoice,
    SchoolHolidaysChoice,
)
from permanence.orgs.models import Organisation, Place

UPCOMING_DAYS = 120
GENERATION_SECONDS = 5


class DeskQuerySet(models.QuerySet):
    def published(self) -> "DeskQuerySet":
        return self.filter(public=True, organisation__active=True)

    def _list_contains(self, field: str, value: str) -> Q:
        """A JSON list field that contains ``value``, on SQLite and PostgreSQL."""
        if connections[self.db].vendor == "postgresql":
            return Q(**{f"{field}__contains": [value]})
        return Q(**{f"{field}__icontains": f'"{value}"'})

    def with_topic(self, code: str) -> "DeskQuerySet":
        return self.filter(self._list_contains("topics", code))

    def with_language(self, code: str) -> "DeskQuerySet":
        return self.filter(self._list_contains("languages", code))

    def with_mode(self, code: str) -> "DeskQuerySet":
        return self.filter(self._list_contains("modes", code))

    def open_between(self, first: datetime, last: datetime) -> "DeskQuerySet":
        sessions = UpcomingSession.objects.filter(start__lt=last, end__gt=first)
        return self.filter(pk__in=sessions.values("desk_id"))

    def near(self, latitude: float, longitude: float) -> "DeskQuerySet":
        """Annotate ``distance2``: squared distance in degrees of latitude (equirectangular)."""
        import math

        k = math.cos(math.radians(latitude))
        dlat = models.F("place__latitude") - latitude
        dlon = (models.F("place__longitude") - longitude) * k
        return self.filter(place__latitude__isnull=False).annotate(
            distance2=models.ExpressionWrapper(
                dlat * dlat + dlon * dlon, output_field=models.FloatField()
            )
        )


class Desk(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="desks"
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="desks",
        help_text=_("Laisser vide pour une permanence à distance (téléphone, messagerie)."),
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.DESK)
    category = models.CharField(
        _("catégorie"), max_length=20, choices=Category.choices, default=Category.LEGAL_DESK
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant court"), max_length=100, unique=True)
    summary = models.CharField(_("en une phrase"), max_length=300, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    offers = models.TextField(_("ce que nous proposons"), blank=True)
    does_not_offer = models.TextField(
        _("ce que nous ne proposons pas"),
        blank=True,
        help_text=_("Par exemple : « pas d’aide alimentaire ni de logement : nous réorientons »."),
    )
    how_to_come = models.TextField(_("comment venir, comment nous joindre"), blank=True)
    audiences = models.JSONField(_("pour qui"), default=list, blank=True)
    topics = models.JSONField(_("thèmes"), default=list, blank=True)
    modes = models.JSONField(_("modalités"), default=list, blank=True)
    languages = models.JSONField(_("langues parlées"), default=list, blank=True)
    interpreters = models.BooleanField(_("interprètes disponibles"), default=False)
    children_welcome = models.BooleanField(_("enfants bienvenus"), default=False)
    free_of_charge = models.BooleanField(_("gratuit"), default=True)
    accessibility = models.TextField(_("accessibilité"), blank=True)
    closed_on_public_holidays = models.BooleanField(_("fermé les jours fériés"), default=True)
    public = models.BooleanField(_("publié dans l’annuaire"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = DeskQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("permanence ou service")
        verbose_name_plural = _("permanences et services")

    def __str__(self) -> str:
        return self.name

    def touch(self) -> None:
        """Mark the desk as changed (its public pages are cached by last change)."""
        self.updated_at = timezone.now()
        Desk.objects.filter(pk=self.pk).update(updated_at=self.updated_at)

    # --- Texts in the reader's language, with a visible fallback to French.
    def text(self, field: str, language: str | None = None) -> tuple[str, bool]:
        """(text, is_fallback): the translation of ``field`` or the French text."""
        language = (language or get_language() or "fr").lower()
        if language.split("-")[0] != "fr":
            # The full code first ("fa-af", Dari, as the desk form saves it), then its base.
            texts = {t.language.lower(): t for t in self.texts.all()}
            for code in (language, language.split("-")[0]):
                translation = texts.get(code)
                if translation is not None and getattr(translation, field):
                    return getattr(translation, field), False
            return getattr(self, field), bool(getattr(self, field))
        return getattr(self, field), False

    # --- Schedules.
    def schedule(self) -> schedule.Schedule:
        rules = [r.as_rule() for r in self.rules.all() if r.channel_id is None]
        return schedule.Schedule(
            rules=tuple(rules),
            closures=tuple(c.as_closure() for c in self.closures.all()),
            extras=tuple(e.as_extra() for e in self.extra_sessions.all()),
            closed_on_public_holidays=self.closed_on_public_holidays,
            departement=self.place.departement if self.place else None,
            school_zone=self.place.school_zone if self.place else None,
        )

    def next_sessions(self, count: int = 10, *, after: datetime | None = None):
        return schedule.next_sessions(self.schedule(), after=after or timezone.now(), count=count)

    def current_closures(self, today: date | None = None):
        today = today or timezone.localdate()
        return [c for c in self.closures.all() if c.end >= today]


class DeskText(models.Model):
    """The public texts of a desk in another language than French."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("langue"), max_length=7)
    name = models.CharField(_("nom"), max_length=200, blank=True)
    summary = models.CharField(_("en une phrase"), max_length=300, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    offers = models.TextField(_("ce que nous proposons"), blank=True)
    does_not_offer = models.TextField(_("ce que nous ne proposons pas"), blank=True)
    how_to_come = models.TextField(_("comment venir, comment nous joindre"), blank=True)

    class Meta:
        verbose_name = _("traduction")
        constraints = [
            models.UniqueConstraint(fields=["desk", "language"], name="one_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.desk_id} [{self.language}]"


class Channel(models.Model):
    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("canal"), max_length=12, choices=ChannelKind.choices)
    value = models.CharField(_("numéro, adresse ou lien"), max_length=255, blank=True)
    label = models.CharField(_("précision"), max_length=200, blank=True)
    for_booking = models.BooleanField(_("pour prendre rendez-vous"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("canal de contact")
        verbose_name_plural = _("canaux de contact")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"

    def href(self) -> str:
        """The link that opens the channel on a phone: tel:, sms:, WhatsApp, Signal, mailto:."""
        value = self.value.strip()
        if self.kind in {
            ChannelKind.PHONE,
            ChannelKind.SMS,
            ChannelKind.WHATSAPP,
            ChannelKind.SIGNAL,
        }:
            number = phones.to_e164(value) or (value if phones.is_short_code(value) else None)
            if number is None:
                return ""
            return {
                ChannelKind.PHONE: f"tel:{number}",
                ChannelKind.SMS: f"sms:{number}",
                ChannelKind.WHATSAPP: f"https://wa.me/{number.lstrip('+')}",
                ChannelKind.SIGNAL: f"https://signal.me/#p/{number}",
            }[self.kind]
        if self.kind == ChannelKind.EMAIL and value:
            return f"mailto:{value}"
        if self.kind in {ChannelKind.WEBSITE, ChannelKind.SOCIAL} and value.startswith("https://"):
            return value
        return ""

    def schedule(self) -> schedule.Schedule | None:
        rules = [r.as_rule() for r in self.desk.rules.all() if r.channel_id == self.pk]
        if not rules:
            return None
        place = self.desk.place
        return schedule.Schedule(
            rules=tuple(rules),
            closed_on_public_holidays=True,
            departement=place.departement if place else None,
            school_zone=place.school_zone if place else None,
        )


class ScheduleRule(models.Model):
    """One recurring pattern of a desk's sessions, or of a channel's hours."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="rules")
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("horaires du canal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rules",
    )
    kind = models.CharField(_("récurrence"), max_length=16, choices=RuleKindChoice.choices)
    weekdays = models.JSONField(_("jours"), default=list)
    nths = models.JSONField(_("rangs dans le mois"), default=list, blank=True)
    except_nths = models.JSONField(_("sauf les"), default=list, blank=True)
    interval = models.PositiveSmallIntegerField(_("toutes les … semaines"), default=1)
    anchor = models.DateField(_("à partir d’une séance le"), null=True, blank=True)
    start = models.TimeField(_("début"))
    end = models.TimeField(_("fin"))
    valid_from = models.DateField(_("valable du"), null=True, blank=True)
    valid_until = models.DateField(_("valable jusqu’au"), null=True, blank=True)
    school_holidays = models.CharField(
        _("vacances scolaires"),
        max_length=8,
        choices=SchoolHolidaysChoice.choices,
        default=SchoolHolidaysChoice.ANY,
    )
    label = models.CharField(_("intitulé"), max_length=120, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("règle d’horaire")
        verbose_name_plural = _("règles d’horaire")

    def __str__(self) -> str:
        return f"{self.kind} {self.weekdays} {self.start}-{self.end}"

    def as_rule(self) -> schedule.Rule:
        return schedule.Rule(
            kind=schedule.RuleKind(self.kind),
            weekdays=tuple(sorted(set(self.weekdays))),
            start=self.start,
            end=self.end,
            nths=tuple(self.nths or ()),
            except_nths=tuple(self.except_nths or ()),
            interval=self.interval or 1,
            anchor=self.anchor,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            school_holidays=schedule.SchoolHolidays(self.school_holidays),
            label=self.label,
        )


class Closure(models.Model):
    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="closures")
    start = models.DateField(_("fermé du"))
    end = models.DateField(_("au"))
    message = models.CharField(_("message public"), max_length=300, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("fermeture")

    def __str__(self) -> str:
        return f"{self.start} – {self.end}"

    def as_closure(self) -> schedule.Closure:
        return schedule.Closure(start=self.start, end=self.end, message=self.message)


class ExtraSession(models.Model):
    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="extra_sessions")
    day = models.DateField(_("date"))
    start = models.TimeField(_("début"))
    end = models.TimeField(_("fin"))
    message = models.CharField(_("message public"), max_length=300, blank=True)

    class Meta:
        ordering = ["day", "start"]
        verbose_name = _("séance exceptionnelle")

    def __str__(self) -> str:
        return f"{self.day} {self.start}"

    def as_extra(self) -> schedule.ExtraSession:
        return schedule.ExtraSession(
            day=self.day, start=self.start, end=self.end, message=self.message
        )


class UpcomingSession(models.Model):
    """The desk's sessions of the next UPCOMING_DAYS days, derived from its schedule."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="upcoming")
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["start", "end"], name="upcoming_start_end")]

    def __str__(self) -> str:
        return f"{self.desk_id} {self.start:%Y-%m-%d %H:%M}"


def directory_generation() -> str:
    """Changes whenever a desk, a place or an organisation changes (cache keys of the public
    pages). Services that change a desk's texts, channels or schedule call ``Desk.touch()``.
    Read at most every few seconds per process, so cached pages cost no query."""

    def compute() -> str:
        desks = Desk.objects.aggregate(latest=models.Max("updated_at"), count=models.Count("id"))
        places = Place.objects.aggregate(latest=models.Max("updated_at"))
        organisations = Organisation.objects.aggregate(latest=models.Max("updated_at"))
        return f"{desks}|{places}|{organisations}"

    return cache.get_or_set("directory-generation", compute, GENERATION_SECONDS)


def upcoming_window(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today, today + timedelta(days=UPCOMING_DAYS)
