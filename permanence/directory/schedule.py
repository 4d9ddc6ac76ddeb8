"""The schedule engine: when a desk (a "permanence") actually holds its sessions.

Pure Python, no Django model and no database: a :class:`Schedule` is a frozen value built from
recurring :class:`Rule` objects, :class:`Closure` periods and :class:`ExtraSession` dates, and
every public function is a deterministic function of its arguments (plus the calendars shipped
with the ``holidays`` and ``vacances-scolaires-france`` packages). The desk page, the JSON API,
the iCalendar feed and the printed poster are all generated from it.

Rules
-----
* ``RuleKind.WEEKLY``: every given weekday, optionally skipping some nth weekdays of the month
  (``except_nths``, e.g. Calais: "les lundis sauf le 2e lundi du mois");
* ``RuleKind.MONTHLY``: the nth weekdays of the month (``nths``: 1 to 5, and -1 for the last);
  a 5th weekday that does not exist in a month simply produces nothing that month;
* ``RuleKind.EVERY_N_WEEKS``: every ``interval`` weeks, counted from ``anchor`` (the date of one
  real session), never from ISO week numbers: ISO parity breaks in 53-week years (2026 has a
  week 53, so "even weeks" would give two sessions one week apart around New Year).

A date produced by a rule is dropped when it is a public holiday (if the desk closes on them),
falls in a closure, is outside the rule's ``valid_from``/``valid_until``, or contradicts the
rule's school-holiday condition. Extra sessions are always kept, even on a public holiday or
during school holidays, except inside a closure. Sessions with the same start and end are
merged. Sessions never cross midnight.

Time zones
----------
Sessions are aware datetimes built with ``datetime.combine(day, time, tzinfo=zone)``, so they
keep their wall-clock time across daylight-saving changes. The zone is ``Europe/Paris``, except
for the overseas départements, whose desks keep their own local time (971 Guadeloupe
``America/Guadeloupe``, 972 ``America/Martinique``, 973 ``America/Cayenne``, 974
``Indian/Reunion``, 976 ``Indian/Mayotte``): "le mardi de 14 h à 16 h" in Pointe-à-Pitre is
14:00 in Pointe-à-Pitre. See :attr:`Schedule.timezone`.

Public holidays
---------------
``holidays.France(subdiv=france.holiday_subdivision(departement))``: national holidays (Whit
Monday included), plus Good Friday and 26 December in Alsace-Moselle (57, 67, 68) and the
overseas départements' own days (e.g. 27 May in Guadeloupe). No département: national only.

School holidays (:func:`is_school_holiday`)
--------------------------------------------
Only the metropolitan zones A, B and C are known. A school holiday is a day between the last
class day and the return day, both excluded, as French calendars print it: "vacances de Noël
du samedi 20 décembre 2025 au lundi 5 janvier 2026" means 20 December to 4 January. Sources:

1. the official calendar shipped with ``vacances-scolaires-france`` up to
   :func:`school_holiday_data_until` (the end of the 2027-2028 summer holidays), with two
   corrections: when a period starts on a weekday (summer holidays that begin "après les cours
   du mardi 4 juillet 2028"), that first day is a class day and is not counted; and the
   "pont de l'Ascension" is not counted as school holidays (the package only lists it for
   some years, and desks "hors vacances scolaires" mean the five real holiday periods);
2. after that date, the rule-based projection of ``holidays.France(categories=("school",),
   subdiv="Zone X")`` (which already starts periods after the last class day; the Ascension
   bridge is left out too), an estimate until the Ministry publishes the calendar:
   interfaces should warn about dates after :func:`school_holiday_data_until`;
3. anything else (Corse, overseas académies, dates before 1990) is unknown and treated as
   NOT a school holiday.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from vacances_scolaires_france import SchoolHolidayDates

from permanence.core.lib import france
from permanence.directory import vocab

__all__ = [
    "PARIS",
    "Closure",
    "ExtraSession",
    "Rule",
    "RuleKind",
    "Schedule",
    "ScheduleError",
    "SchoolHolidays",
    "Session",
    "describe",
    "is_public_holiday",
    "is_school_holiday",
    "next_sessions",
    "parse_hhmm",
    "school_holiday_data_until",
    "sessions_between",
    "timezone_for",
    "to_opening_hours",
]

PARIS: Final = ZoneInfo("Europe/Paris")

_OVERSEAS_TIMEZONES: Final[dict[str, ZoneInfo]] = {
    "971": ZoneInfo("America/Guadeloupe"),
    "972": ZoneInfo("America/Martinique"),
    "973": ZoneInfo("America/Cayenne"),
    "974": ZoneInfo("Indian/Reunion"),
    "976": ZoneInfo("Indian/Mayotte"),
}

_ASCENSION_BRIDGE: Final = "Pont de l'Ascension"
_NTH_VALUES: Final = frozenset({1, 2, 3, 4, 5, -1})
_MIN_INTERVAL: Final = 2
_MAX_INTERVAL: Final = 8


# --------------------------------------------------------------------------------------------
# Errors and enums.


class ScheduleError(ValueError):
    """An invalid schedule. ``message`` is a sentence for volunteers, in the language active
    when the schedule was checked; ``field`` the name of the faulty attribute (``"end"``,
    ``"anchor"``...) or ``None``."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __reduce__(self):
        return (_rebuild_error, (self.message, self.field))


def _rebuild_error(message: str, field: str | None) -> ScheduleError:
    return ScheduleError(message, field=field)


class RuleKind(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    EVERY_N_WEEKS = "every_n_weeks"


class SchoolHolidays(StrEnum):
    ANY = "any"
    OUTSIDE = "outside"
    DURING = "during"


# --------------------------------------------------------------------------------------------
# Dates and weekdays in error messages, in the active language (describe()'s words).


def _local_date(day: date) -> str:
    return _Words(_language(translation.get_language() or "fr")).date(day)


def _local_weekday(weekday: int) -> str:
    """The weekday's name alone, as the desk form lists it (describe()'s may be declined to
    fit its patterns)."""
    return str(dict(vocab.WEEKDAYS)[weekday])


def _hhmm(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


# --------------------------------------------------------------------------------------------
# Validation helpers.


def _check_time(value: object, field: str, what: str) -> time:
    if not isinstance(value, time):
        raise ScheduleError(
            _("%(what)s doit être une heure, par exemple 14:30.") % {"what": what}, field=field
        )
    if value.tzinfo is not None:
        raise ScheduleError(
            _("%(what)s ne doit pas comporter de fuseau horaire.") % {"what": what}, field=field
        )
    if value.second or value.microsecond:
        raise ScheduleError(
            _("%(what)s se donne à la minute près (%(value)s reçu).")
            % {"what": what, "value": value.isoformat()},
            field=field,
        )
    return value


def _check_day(value: object, field: str, what: str, *, optional: bool = False) -> date | None:
    if value is None and optional:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ScheduleError(_("%(what)s doit être une date.") % {"what": what}, field=field)
    return value


def _check_span(start: time, end: time) -> None:
    if end <= start:
        raise ScheduleError(
            _("L’heure de fin (%(end)s) doit être après l’heure de début (%(start)s).")
            % {"end": _hhmm(end), "start": _hhmm(start)},
            field="end",
        )


def _check_text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ScheduleError(_("Ce texte doit être une chaîne de caractères."), field=field)
    return value


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _nth_key(nth: int) -> int:
    """Sort key putting "last" (-1) after the 5th."""
    return 6 if nth == -1 else nth


def _check_nths(values: object, field: str) -> tuple[int, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ScheduleError(_("Les rangs dans le mois doivent être une liste."), field=field)
    result = set()
    for value in values:
        if not _is_int(value) or value not in _NTH_VALUES:
            raise ScheduleError(
                _(
                    "Rang dans le mois invalide : %(value)s (valeurs possibles : 1 à 5, ou -1 "
                    "pour le dernier)."
                )
                % {"value": repr(value)},
                field=field,
            )
        result.add(value)
    return tuple(sorted(result, key=_nth_key))


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


# --------------------------------------------------------------------------------------------
# Data.


@dataclass(frozen=True, slots=True)
class Rule:
    """A recurring pattern of sessions. See the module docstring for the three kinds.

    ``weekdays``: 0 = Monday ... 6 = Sunday (normalised to a sorted tuple without duplicates);
    ``nths``: MONTHLY only, 1..5 and -1 for the last; ``except_nths``: WEEKLY only, the nth
    weekdays of the month to skip; ``interval`` and ``anchor``: EVERY_N_WEEKS only (2 to 8
    weeks, counted from the date of one real session); ``valid_from``/``valid_until``:
    inclusive bounds; ``school_holidays``: whether the rule applies outside or during school
    holidays only (the schedule then needs a ``school_zone``); ``label``: shown with sessions.
    """

    kind: RuleKind
    weekdays: tuple[int, ...]
    start: time
    end: time
    nths: tuple[int, ...] = ()
    except_nths: tuple[int, ...] = ()
    interval: int = 1
    anchor: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    school_holidays: SchoolHolidays = SchoolHolidays.ANY
    label: str = ""

    def __post_init__(self) -> None:
        try:
            _set(self, "kind", RuleKind(self.kind))
        except ValueError:
            raise ScheduleError(
                _("Type de règle inconnu : %(kind)s.") % {"kind": repr(self.kind)}, field="kind"
            ) from None
        try:
            _set(self, "school_holidays", SchoolHolidays(self.school_holidays))
        except ValueError:
            raise ScheduleError(
                _("Choix inconnu pour les vacances scolaires : %(value)s.")
                % {"value": repr(self.school_holidays)},
                field="school_holidays",
            ) from None
        self._check_weekdays()
        _check_time(self.start, "start", _("L’heure de début"))
        _check_time(self.end, "end", _("L’heure de fin"))
        _check_span(self.start, self.end)
        self._check_nths()
        self._check_interval_and_anchor()
        _check_day(self.valid_from, "valid_from", _("Le début de validité"), optional=True)
        _check_day(self.valid_until, "valid_until", _("La fin de validité"), optional=True)
        if (
            self.valid_from is not None
            and self.valid_until is not None
            and self.valid_until < self.valid_from
        ):
            raise ScheduleError(
                _("La fin de validité (%(until)s) est avant le début (%(from)s).")
                % {"until": _local_date(self.valid_until), "from": _local_date(self.valid_from)},
                field="valid_until",
            )
        _check_text(self.label, "label")

    def _check_weekdays(self) -> None:
        weekdays = self.weekdays
        if isinstance(weekdays, str | bytes) or not isinstance(weekdays, Iterable):
            raise ScheduleError(_("Les jours doivent être une liste."), field="weekdays")
        values = set()
        for value in weekdays:
            if not _is_int(value) or not 0 <= value <= 6:
                raise ScheduleError(
                    _("Jour de la semaine inconnu : %(value)s (0 = lundi … 6 = dimanche).")
                    % {"value": repr(value)},
                    field="weekdays",
                )
            values.add(value)
        if not values:
            raise ScheduleError(_("Choisissez au moins un jour de la semaine."), field="weekdays")
        _set(self, "weekdays", tuple(sorted(values)))

    def _check_nths(self) -> None:
        nths = _check_nths(self.nths, "nths")
        except_nths = _check_nths(self.except_nths, "except_nths")
        _set(self, "nths", nths)
        _set(self, "except_nths", except_nths)
        if self.kind is RuleKind.MONTHLY:
            if not nths:
                raise ScheduleError(
                    _("Indiquez quels jours du mois (par exemple le 2e et le 4e lundi)."),
                    field="nths",
                )
        elif nths:
            raise ScheduleError(
                _("Les rangs dans le mois (1er, 2e…) ne s’utilisent qu’avec une règle mensuelle."),
                field="nths",
            )
        if except_nths:
            if self.kind is not RuleKind.WEEKLY:
                raise ScheduleError(
                    _(
                        "Les exceptions « sauf le 2e… du mois » ne s’utilisent qu’avec une "
                        "règle hebdomadaire."
                    ),
                    field="except_nths",
                )
            if {1, 2, 3, 4, 5} <= set(except_nths):
                raise ScheduleError(
                    _(
                        "Ces exceptions excluent toutes les semaines du mois : il ne resterait "
                        "aucune permanence."
                    ),
                    field="except_nths",
                )

    def _check_interval_and_anchor(self) -> None:
        if not _is_int(self.interval):
            raise ScheduleError(
                _("L’intervalle doit être un nombre de semaines."), field="interval"
            )
        if self.kind is RuleKind.EVERY_N_WEEKS:
            if not _MIN_INTERVAL <= self.interval <= _MAX_INTERVAL:
                raise ScheduleError(
                    _(
                        "L’intervalle doit être compris entre %(min)s et %(max)s semaines "
                        "(reçu : %(value)s)."
                    )
                    % {"min": _MIN_INTERVAL, "max": _MAX_INTERVAL, "value": self.interval},
                    field="interval",
                )
            if self.anchor is None:
                raise ScheduleError(
                    _(
                        "Indiquez la date d’une séance réelle pour caler le rythme « une "
                        "semaine sur %(n)s »."
                    )
                    % {"n": self.interval},
                    field="anchor",
                )
            _check_day(self.anchor, "anchor", _("La date de référence"))
            if self.anchor.weekday() not in self.weekdays:
                comma = _Words(_language(translation.get_language() or "fr"))["comma"]
                chosen = comma.join(_local_weekday(d) for d in self.weekdays)
                raise ScheduleError(
                    _(
                        "La date de référence (%(weekday)s %(date)s) ne tombe pas un des jours "
                        "choisis (%(chosen)s)."
                    )
                    % {
                        "weekday": _local_weekday(self.anchor.weekday()),
                        "date": _local_date(self.anchor),
                        "chosen": chosen,
                    },
                    field="anchor",
                )
        else:
            if self.interval != 1:
                raise ScheduleError(
                    _("L’intervalle ne s’utilise qu’avec une règle « toutes les N semaines »."),
                    field="interval",
                )
            if self.anchor is not None:
                raise ScheduleError(
                    _(
                        "La date de référence ne s’utilise qu’avec une règle « toutes les N "
                        "semaines »."
                    ),
                    field="anchor",
                )

    def matches(self, day: date) -> bool:
        """Whether the pattern produces ``day`` (holidays and closures not considered)."""
        if day.weekday() not in self.weekdays:
            return False
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_until is not None and day > self.valid_until:
            return False
        if self.kind is RuleKind.WEEKLY:
            return not self.except_nths or not _nth_matches(day, self.except_nths)
        if self.kind is RuleKind.MONTHLY:
            return _nth_matches(day, self.nths)
        assert self.anchor is not None  # Checked by __post_init__.
        reference = self.anchor - timedelta(days=self.anchor.weekday())
        monday = day - timedelta(days=day.weekday())
        return ((monday - reference).days // 7) % self.interval == 0


def _nth_matches(day: date, nths: tuple[int, ...]) -> bool:
    if (day.day - 1) // 7 + 1 in nths:
        return True
    return -1 in nths and (day + timedelta(days=7)).month != day.month


@dataclass(frozen=True, slots=True)
class Closure:
    """The desk is closed from ``start`` to ``end``, both included."""

    start: date
    end: date
    message: str = ""

    def __post_init__(self) -> None:
        _check_day(self.start, "start", _("Le début de la fermeture"))
        _check_day(self.end, "end", _("La fin de la fermeture"))
        if self.end < self.start:
            raise ScheduleError(
                _("La fermeture se termine (%(end)s) avant de commencer (%(start)s).")
                % {"end": _local_date(self.end), "start": _local_date(self.start)},
                field="end",
            )
        _check_text(self.message, "message")

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class ExtraSession:
    """A one-off session, held even on a public holiday (but not inside a closure)."""

    day: date
    start: time
    end: time
    message: str = ""

    def __post_init__(self) -> None:
        _check_day(self.day, "day", _("La date de la séance"))
        _check_time(self.start, "start", _("L’heure de début"))
        _check_time(self.end, "end", _("L’heure de fin"))
        _check_span(self.start, self.end)
        _check_text(self.message, "message")


@dataclass(frozen=True, slots=True)
class Schedule:
    """Everything needed to compute a desk's sessions.

    ``departement``: code of the desk's département (public holidays and time zone; ``None``:
    national holidays, Paris time); ``school_zone``: "A", "B", "C" (or "Corse"/an overseas
    académie, whose school holidays are unknown), required by rules that depend on school
    holidays. Empty strings count as ``None``.
    """

    rules: tuple[Rule, ...]
    closures: tuple[Closure, ...] = ()
    extras: tuple[ExtraSession, ...] = ()
    closed_on_public_holidays: bool = True
    departement: str | None = None
    school_zone: str | None = None

    def __post_init__(self) -> None:
        for name, kind in (("rules", Rule), ("closures", Closure), ("extras", ExtraSession)):
            value = getattr(self, name)
            if isinstance(value, str | bytes) or not isinstance(value, Iterable):
                raise ScheduleError(_("Cette liste est mal formée."), field=name)
            items = tuple(value)
            if not all(isinstance(item, kind) for item in items):
                raise ScheduleError(_("Cette liste contient un élément inattendu."), field=name)
            _set(self, name, items)
        if not isinstance(self.closed_on_public_holidays, bool):
            raise ScheduleError(_("Valeur oui/non attendue."), field="closed_on_public_holidays")
        departement = self.departement or None
        if departement is not None:
            try:
                departement = france.normalise_departement(departement)
            except (TypeError, ValueError):
                raise ScheduleError(
                    _("Département inconnu : « %(value)s ».") % {"value": self.departement},
                    field="departement",
                ) from None
        _set(self, "departement", departement)
        zone = self.school_zone or None
        if zone is not None and zone not in france.SCHOOL_ZONES:
            raise ScheduleError(
                _("Zone de vacances scolaires inconnue : « %(zone)s ».") % {"zone": zone},
                field="school_zone",
            )
        if zone is not None and departement is not None:
            expected = france.DEPARTEMENTS[departement].school_zone
            if zone != expected:
                raise ScheduleError(
                    _(
                        "La zone de vacances scolaires (%(zone)s) ne correspond pas au "
                        "département %(departement)s (%(expected)s)."
                    )
                    % {
                        "zone": zone,
                        "departement": departement,
                        "expected": _zone_name(expected),
                    },
                    field="school_zone",
                )
        _set(self, "school_zone", zone)
        if zone is None:
            for rule in self.rules:
                if rule.school_holidays is not SchoolHolidays.ANY:
                    message = _(
                        "Indiquez la zone de vacances scolaires : une règle dépend des vacances "
                        "scolaires."
                    )
                    if departement is not None:
                        expected = france.DEPARTEMENTS[departement].school_zone
                        message = _(
                            "Indiquez la zone de vacances scolaires (%(expected)s pour le "
                            "département %(departement)s) : une règle dépend des vacances "
                            "scolaires."
                        ) % {"expected": _zone_name(expected), "departement": departement}
                    raise ScheduleError(message, field="school_zone")

    @property
    def timezone(self) -> ZoneInfo:
        """The local time zone of the desk's sessions."""
        return timezone_for(self.departement)


def _zone_name(zone: str) -> str:
    if zone in france.METROPOLITAN_SCHOOL_ZONES:
        return _("zone %(zone)s") % {"zone": zone}
    return zone


@dataclass(frozen=True, order=True, slots=True)
class Session:
    """One real session: aware ``start`` and ``end`` in the desk's local time zone.

    ``label``: the rule's label; ``message``: the extra session's message; ``extra``: whether
    the session comes only from extra sessions. Sessions sort by start, then end.
    """

    start: datetime
    end: datetime
    label: str = ""
    message: str = ""
    extra: bool = False


def timezone_for(departement: str | None) -> ZoneInfo:
    """The local time zone of a département: Europe/Paris, or the overseas département's own."""
    if not departement:
        return PARIS
    return _OVERSEAS_TIMEZONES.get(france.normalise_departement(departement), PARIS)


def parse_hhmm(text: str, *, field: str = "time") -> time:
    """Parse "14:30", "14h30", "14 h 30", "9h", "09.30" or "16" into a ``time``."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*(?:[:hH.]\s*(\d{2})?)?\s*", text or "")
    if match:
        hours, minutes = int(match[1]), int(match[2] or 0)
        if hours <= 23 and minutes <= 59:
            return time(hours, minutes)
    raise ScheduleError(
        _("« %(text)s » n’est pas une heure valide : écrivez par exemple 9:30, 14h ou 16 h 30.")
        % {"text": text},
        field=field,
    )


# --------------------------------------------------------------------------------------------
# Calendars.


@functools.cache
def _public_holidays(subdivision: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.France(subdiv=subdivision, years=year, language="fr"))


def is_public_holiday(day: date, departement: str | None = None) -> bool:
    """Whether ``day`` is a public holiday in ``departement`` (national ones if ``None``)."""
    subdivision = france.holiday_subdivision(departement) if departement else None
    return day in _public_holidays(subdivision, day.year)


@functools.cache
def _official_calendar() -> SchoolHolidayDates:
    return SchoolHolidayDates()


def _without_first_class_day(days: dict[date, str]) -> frozenset[date]:
    """Drop the Ascension bridge and, for each period starting on a weekday, that first day."""
    kept = set()
    previous: date | None = None
    previous_name = ""
    for day in sorted(days):
        name = days[day]
        if name == _ASCENSION_BRIDGE:
            continue
        starts_period = previous is None or (day - previous).days != 1 or name != previous_name
        previous, previous_name = day, name
        if starts_period and day.weekday() < 5:
            # "Fin des cours : mardi 4 juillet après la classe": that Tuesday is a class day.
            continue
        kept.add(day)
    return frozenset(kept)


@functools.cache
def _official_school_days(zone: str) -> frozenset[date]:
    calendar = _official_calendar()
    days: dict[date, str] = {}
    for year in range(calendar.min_year, calendar.max_year + 1):
        for day, row in calendar.holidays_for_year_and_zone(year, zone).items():
            days[day] = row["nom_vacances"]
    return _without_first_class_day(days)


@functools.cache
def _official_range() -> tuple[date, date]:
    calendar = _official_calendar()
    last = max(calendar.holidays_for_year(calendar.max_year))
    return date(calendar.min_year, 1, 1), last


@functools.cache
def _projected_school_days(zone: str, year: int) -> frozenset[date]:
    # The projection already starts each period on the day after the last class day.
    calendar = holidays.France(
        years=year, categories=("school",), subdiv=f"Zone {zone}", language="fr"
    )
    return frozenset(
        day for day, name in calendar.items() if set(name.split("; ")) != {_ASCENSION_BRIDGE}
    )


def school_holiday_data_until() -> date:
    """The last day covered by the official school calendar (currently 31 August 2028).

    Later dates use the ``holidays`` package's rule-based projection, an estimate until the
    Ministry publishes the calendar: interfaces should warn about them.
    """
    return _official_range()[1]


def is_school_holiday(day: date, zone: str | None) -> bool:
    """Whether ``day`` is a school holiday in ``zone`` (see the module docstring).

    Zones other than A, B and C, and dates no source knows, count as not a school holiday.
    """
    if zone not in france.METROPOLITAN_SCHOOL_ZONES:
        return False
    first, last = _official_range()
    if first <= day <= last:
        return day in _official_school_days(zone)
    return day in _projected_school_days(zone, day.year)


# --------------------------------------------------------------------------------------------
# Sessions.


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _check_range_bound(value: object, name: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}.")
    return value


def sessions_between(schedule: Schedule, first: date, last: date) -> list[Session]:
    """All sessions whose day is between ``first`` and ``last`` (inclusive), sorted."""
    _check_range_bound(first, "first")
    _check_range_bound(last, "last")
    zone = schedule.timezone
    subdivision = france.holiday_subdivision(schedule.departement) if schedule.departement else None
    found: dict[tuple[datetime, datetime], list[tuple[str, str, bool]]] = {}

    def add(day: date, start: time, end: time, label: str, message: str, extra: bool) -> None:
        key = (
            datetime.combine(day, start, tzinfo=zone),
            datetime.combine(day, end, tzinfo=zone),
        )
        found.setdefault(key, []).append((label, message, extra))

    def closed(day: date) -> bool:
        return any(day in closure for closure in schedule.closures)

    if schedule.rules:
        for day in _days(first, last):
            candidates = [rule for rule in schedule.rules if rule.matches(day)]
            if not candidates or closed(day):
                continue
            if schedule.closed_on_public_holidays and day in _public_holidays(
                subdivision, day.year
            ):
                continue
            school_holiday: bool | None = None
            for rule in candidates:
                if rule.school_holidays is not SchoolHolidays.ANY:
                    if school_holiday is None:
                        school_holiday = is_school_holiday(day, schedule.school_zone)
                    if school_holiday != (rule.school_holidays is SchoolHolidays.DURING):
                        continue
                add(day, rule.start, rule.end, rule.label, "", False)
    for extra in schedule.extras:
        if first <= extra.day <= last and not closed(extra.day):
            add(extra.day, extra.start, extra.end, "", extra.message, True)
    return sorted(_merge(key, sources) for key, sources in found.items())


def _merge(key: tuple[datetime, datetime], sources: list[tuple[str, str, bool]]) -> Session:
    labels = list(dict.fromkeys(label for label, _m, _e in sources if label))
    messages = list(dict.fromkeys(message for _l, message, _e in sources if message))
    return Session(
        start=key[0],
        end=key[1],
        label=" / ".join(labels),
        message=" / ".join(messages),
        extra=all(extra for _l, _m, extra in sources),
    )


def next_sessions(
    schedule: Schedule, *, after: datetime, count: int = 10, horizon_days: int = 400
) -> list[Session]:
    """The first ``count`` sessions ending after ``after`` (an aware datetime), looking at
    most ``horizon_days`` days after the local date of ``after``."""
    if not isinstance(after, datetime) or after.utcoffset() is None:
        raise TypeError("after must be a timezone-aware datetime.")
    if count <= 0:
        return []
    start_day = after.astimezone(schedule.timezone).date()
    last_day = start_day + timedelta(days=horizon_days)
    result: list[Session] = []
    chunk_start = start_day
    while chunk_start <= last_day and len(result) < count:
        chunk_end = min(chunk_start + timedelta(days=62), last_day)
        result.extend(
            s for s in sessions_between(schedule, chunk_start, chunk_end) if s.end > after
        )
        chunk_start = chunk_end + timedelta(days=1)
    return result[:count]


# --------------------------------------------------------------------------------------------
# describe(): the schedule in plain words, in the language asked for. Every word goes through
# gettext with the context "schedule"; the msgids are the French texts, and the catalogues of
# locale/ carry the other languages (English included). Patterns name their fields, so that a
# translation may reorder them.


def _words_table() -> dict[str, object]:
    """describe()'s words in the active language."""
    return {
        "weekdays": (
            pgettext("schedule", "lundi"),
            pgettext("schedule", "mardi"),
            pgettext("schedule", "mercredi"),
            pgettext("schedule", "jeudi"),
            pgettext("schedule", "vendredi"),
            pgettext("schedule", "samedi"),
            pgettext("schedule", "dimanche"),
        ),
        # Translators: the weekdays after a plural rank, as in "les 2e et 4e lundis du mois".
        "weekdays_plural": (
            pgettext("schedule, plural", "lundis"),
            pgettext("schedule, plural", "mardis"),
            pgettext("schedule, plural", "mercredis"),
            pgettext("schedule, plural", "jeudis"),
            pgettext("schedule, plural", "vendredis"),
            pgettext("schedule, plural", "samedis"),
            pgettext("schedule, plural", "dimanches"),
        ),
        # Translators: months as written after a day number ("le 3 mars 2027").
        "months": (
            pgettext("schedule, after a day number", "janvier"),
            pgettext("schedule, after a day number", "février"),
            pgettext("schedule, after a day number", "mars"),
            pgettext("schedule, after a day number", "avril"),
            pgettext("schedule, after a day number", "mai"),
            pgettext("schedule, after a day number", "juin"),
            pgettext("schedule, after a day number", "juillet"),
            pgettext("schedule, after a day number", "août"),
            pgettext("schedule, after a day number", "septembre"),
            pgettext("schedule, after a day number", "octobre"),
            pgettext("schedule, after a day number", "novembre"),
            pgettext("schedule, after a day number", "décembre"),
        ),
        # Translators: ranks of a weekday in the month ("le 1er lundi", "le dernier vendredi").
        "ordinals": {
            1: pgettext("schedule, rank in the month", "1er"),
            2: pgettext("schedule, rank in the month", "2e"),
            3: pgettext("schedule, rank in the month", "3e"),
            4: pgettext("schedule, rank in the month", "4e"),
            5: pgettext("schedule, rank in the month", "5e"),
            -1: pgettext("schedule, rank in the month", "dernier"),
        },
        # Translators: {n} in "un lundi sur {n}" (every other Monday, every third Monday…).
        "numbers": {
            2: pgettext("schedule, every n weeks", "deux"),
            3: pgettext("schedule, every n weeks", "trois"),
            4: pgettext("schedule, every n weeks", "quatre"),
            5: pgettext("schedule, every n weeks", "cinq"),
            6: pgettext("schedule, every n weeks", "six"),
            7: pgettext("schedule, every n weeks", "sept"),
            8: pgettext("schedule, every n weeks", "huit"),
        },
        # Translators: the number of the first day of a month in a date ("le 1er juin").
        "first_day": pgettext("schedule, first day of a month", "1er"),
        "date": pgettext("schedule", "{day} {month} {year}"),
        "date_without_year": pgettext("schedule", "{day} {month}"),
        # Translators: a time on the hour. Fields: {hour} (0–23), {hour12} (1–12), {ampm}.
        # French puts no-break spaces around "h".
        # xgettext:no-python-brace-format (a translation may use fields French does not)
        "time_on_the_hour": pgettext("schedule", "{hour} h"),
        # Translators: a time. Fields: {hour} (0–23), {hour12} (1–12), {minute} (two digits),
        # {ampm}.
        # xgettext:no-python-brace-format (a translation may use fields French does not)
        "time": pgettext("schedule", "{hour} h {minute}"),
        # Translators: {ampm} before noon, for languages using a 12-hour clock.
        "am": pgettext("schedule, 12-hour clock", "am"),
        # Translators: {ampm} from noon, for languages using a 12-hour clock.
        "pm": pgettext("schedule, 12-hour clock", "pm"),
        "time_span": pgettext("schedule", "de {start} à {end}"),
        # Translators: the end of a sentence (Tigrinya: "።").
        "full_stop": pgettext("schedule", "."),
        # Translators: between the items of a list, and between the parts of a sentence.
        "comma": pgettext("schedule", ", "),
        "and": pgettext("schedule", "{items} et {last}"),
        # Translators: between two rules of a schedule ("le lundi de 9 h à 12 h ; le jeudi…").
        "rule_separator": pgettext("schedule", " ; "),
        "every_day": pgettext("schedule", "tous les jours"),
        # Translators: a range of weekdays ("du lundi au vendredi").
        "weekday_range": pgettext("schedule, weekdays", "du {first} au {last}"),
        # Translators: one weekday of a weekly rule, as in "le lundi et le jeudi".
        "one_weekday": pgettext("schedule", "le {day}"),
        # Translators: a weekly rule's days ({days}: "le lundi et le jeudi").
        "weekly": pgettext("schedule", "{days}"),
        # Translators: one rank of a weekday ("le 1er lundi"; {nths} is one rank).
        "nth_item_one": pgettext("schedule", "le {nths} {day}"),
        # Translators: several ranks of a weekday ("les 2e et 4e lundis"): {nths} is the ranks,
        # {days} the plural weekday, {day} the singular one.
        # xgettext:no-python-brace-format (a translation may use fields French does not)
        "nth_item_many": pgettext("schedule", "les {nths} {days}"),
        "monthly": pgettext("schedule", "{items} du mois"),
        # Translators: "un lundi sur deux" (every other Monday); {n} is a number word above.
        "every_n_one": pgettext("schedule", "un {day} sur {n}"),
        # Translators: several days every n weeks ("le lundi et le jeudi, une semaine sur deux").
        "every_n_many": pgettext("schedule", "{days}, une semaine sur {n}"),
        # Translators: the date from which "every n weeks" is counted.
        "anchor": pgettext("schedule", "(à partir du {date})"),
        "during": pgettext("schedule", "pendant les vacances scolaires"),
        "outside": pgettext("schedule", "hors vacances scolaires"),
        # Translators: a range of dates ("du 20 au 24 décembre 2026").
        "from_to": pgettext("schedule, dates", "du {first} au {last}"),
        "from": pgettext("schedule", "à partir du {date}"),
        "until": pgettext("schedule", "jusqu’au {date}"),
        # Translators: ranks left out ("sauf le 5e lundi du mois").
        "except": pgettext("schedule", "sauf {items} du mois"),
        "public_holidays": pgettext("schedule", "sauf jours fériés"),
        "no_rules": pgettext("schedule", "Pas de permanence régulière"),
        # Translators: {span} is "le 24 décembre 2026" or "du 20 au 24 décembre 2026".
        "closure": pgettext("schedule", "Fermé {span}"),
        "on_day": pgettext("schedule", "le {date}"),
        "extra": pgettext("schedule", "Permanence exceptionnelle le {date}, {time}"),
        # Translators: a closure or an extra session followed by the desk's own message.
        "with_message": pgettext("schedule", "{text} : {message}"),
    }


_WORDS: dict[str, dict[str, object]] = {}


def _words_for(language: str) -> dict[str, object]:
    """The table of one language, read from the catalogues once per process."""
    table = _WORDS.get(language)
    if table is None:
        with translation.override(language):
            table = _WORDS[language] = _words_table()
    return table


class _Words:
    """Formatting helpers for one language of describe()."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.texts = _words_for(language)

    def __getitem__(self, key: str):
        return self.texts[key]

    def join(self, items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return self["and"].format(items=self["comma"].join(items[:-1]), last=items[-1])

    def time(self, value: time) -> str:
        pattern = self["time"] if value.minute else self["time_on_the_hour"]
        return pattern.format(
            hour=value.hour,
            hour12=value.hour % 12 or 12,
            minute=f"{value.minute:02d}",
            ampm=self["am"] if value.hour < 12 else self["pm"],
        )

    def span(self, start: time, end: time) -> str:
        return self["time_span"].format(start=self.time(start), end=self.time(end))

    def date(self, day: date, *, year: bool = True, month: bool = True) -> str:
        number = self["first_day"] if day.day == 1 else str(day.day)
        if not month:
            return number
        pattern = self["date"] if year else self["date_without_year"]
        return pattern.format(day=number, month=self["months"][day.month - 1], year=day.year)

    def date_range(self, first: date, last: date) -> str:
        """ "du 1er juin au 30 septembre 2023", "from 20 to 24 December 2026"..."""
        same_year = first.year == last.year
        same_month = same_year and first.month == last.month
        return self["from_to"].format(
            first=self.date(first, year=not same_year, month=not same_month),
            last=self.date(last),
        )

    def ordinal(self, nth: int) -> str:
        return self["ordinals"][nth]

    def weekly_days(self, weekdays: tuple[int, ...], *, prefix: bool) -> str:
        names = self["weekdays"]
        if len(weekdays) == 7:
            return self["every_day"]
        if len(weekdays) >= 3 and weekdays[-1] - weekdays[0] == len(weekdays) - 1:
            return self["weekday_range"].format(first=names[weekdays[0]], last=names[weekdays[-1]])
        days = self.join([self["one_weekday"].format(day=names[d]) for d in weekdays])
        return self["weekly"].format(days=days) if prefix else days

    def nth_days(self, weekdays: tuple[int, ...], nths: tuple[int, ...]) -> str:
        """ "les 2e et 4e lundis" / "le dernier vendredi" / "2nd and 4th Monday"."""
        ordinals = self.join([self.ordinal(n) for n in nths])
        key = "nth_item_many" if len(nths) > 1 else "nth_item_one"
        return self.join(
            [
                self[key].format(
                    nths=ordinals, day=self["weekdays"][d], days=self["weekdays_plural"][d]
                )
                for d in weekdays
            ]
        )

    def capitalise(self, text: str) -> str:
        first = "İ" if text[0] == "i" and self.language == "tr" else text[0].upper()
        return first + text[1:]


def _language(language: str) -> str:
    """The language of ``settings.LANGUAGES`` closest to a code ("en-GB" → "en", "fa" → "fa-af"),
    else French."""
    code = (language or "fr").replace("_", "-").lower()
    site = [site_code for site_code, _name in settings.LANGUAGES]
    base = code.split("-")[0]
    for candidate in (code, base):
        if candidate in site:
            return candidate
    return next((site_code for site_code in site if site_code.split("-")[0] == base), "fr")


def _rule_days(rule: Rule, words: _Words) -> str:
    if rule.kind is RuleKind.MONTHLY:
        text = words["monthly"].format(items=words.nth_days(rule.weekdays, rule.nths))
    elif rule.kind is RuleKind.EVERY_N_WEEKS:
        number = words["numbers"][rule.interval]
        if len(rule.weekdays) == 1:
            day = words["weekdays"][rule.weekdays[0]]
            text = words["every_n_one"].format(day=day, n=number)
        else:
            days = words.weekly_days(rule.weekdays, prefix=False)
            text = words["every_n_many"].format(days=days, n=number)
        assert rule.anchor is not None
        text += " " + words["anchor"].format(date=words.date(rule.anchor))
    else:
        text = words.weekly_days(rule.weekdays, prefix=True)
    if rule.school_holidays is SchoolHolidays.DURING:
        text += " " + words["during"]
    return text


def _rule_sentence(rule: Rule, spans: list[tuple[time, time]], words: _Words) -> str:
    parts = [_rule_days(rule, words), words.join([words.span(s, e) for s, e in spans])]
    if rule.valid_from is not None and rule.valid_until is not None:
        parts.append(words.date_range(rule.valid_from, rule.valid_until))
    elif rule.valid_from is not None:
        parts.append(words["from"].format(date=words.date(rule.valid_from)))
    elif rule.valid_until is not None:
        parts.append(words["until"].format(date=words.date(rule.valid_until)))
    if rule.except_nths:
        parts.append(words["except"].format(items=words.nth_days(rule.weekdays, rule.except_nths)))
    if rule.school_holidays is SchoolHolidays.OUTSIDE:
        parts.append(words["outside"])
    sentence = words["comma"].join(parts)
    return f"{sentence} ({rule.label})" if rule.label else sentence


def _grouped_rules(rules: tuple[Rule, ...]) -> list[tuple[Rule, list[tuple[time, time]]]]:
    """Rules that differ only by their times, together (first occurrence order)."""
    groups: dict[Rule, list[tuple[time, time]]] = {}
    for rule in rules:
        key = Rule(**{**_rule_fields(rule), "start": time(0), "end": time(0, 1)})
        spans = groups.setdefault(key, [])
        if (rule.start, rule.end) not in spans:
            spans.append((rule.start, rule.end))
    return [(key, sorted(spans)) for key, spans in groups.items()]


def _rule_fields(rule: Rule) -> dict[str, object]:
    return {name: getattr(rule, name) for name in Rule.__dataclass_fields__}


def describe(schedule: Schedule, language: str = "fr") -> str:
    """The schedule in plain words, e.g. "Les 2e et 4e lundis du mois, de 16 h à 19 h, sauf
    jours fériés." or "2nd and 4th Monday of the month, 4:00 pm–7:00 pm, except public
    holidays."

    One clause per rule (rules differing only by their times are merged), joined with " ; ",
    then the closures and extra sessions, one sentence each. In every language of
    ``settings.LANGUAGES`` ("en-GB" reads English); other codes fall back to French. The words
    come from the catalogues (context "schedule"). French text follows French typography: the
    spaces in "16 h 30" and before ";" and ":" are no-break spaces (U+00A0), so that a poster
    never breaks "16" from "h".
    """
    words = _Words(_language(language))
    sentences = []
    if schedule.rules:
        clauses = [
            _rule_sentence(rule, spans, words) for rule, spans in _grouped_rules(schedule.rules)
        ]
        text = words["rule_separator"].join(clauses)
        if schedule.closed_on_public_holidays:
            text += words["comma"] + words["public_holidays"]
        sentences.append(words.capitalise(text) + words["full_stop"])
    elif not schedule.extras:
        sentences.append(words["no_rules"] + words["full_stop"])
    for closure in sorted(schedule.closures, key=lambda c: (c.start, c.end)):
        if closure.start == closure.end:
            span = words["on_day"].format(date=words.date(closure.start))
        else:
            span = words.date_range(closure.start, closure.end)
        text = words["closure"].format(span=span)
        if closure.message:
            text = words["with_message"].format(
                text=text, message=closure.message.strip().rstrip(".")
            )
        sentences.append(text + words["full_stop"])
    for extra in sorted(schedule.extras, key=lambda e: (e.day, e.start, e.end)):
        text = words["extra"].format(
            date=words.date(extra.day), time=words.span(extra.start, extra.end)
        )
        if extra.message:
            text = words["with_message"].format(
                text=text, message=extra.message.strip().rstrip(".")
            )
        sentences.append(text + words["full_stop"])
    return " ".join(sentences)


# --------------------------------------------------------------------------------------------
# to_opening_hours(): OpenStreetMap syntax, best effort.

_OSM_DAYS: Final = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_OSM_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def _osm_date(day: date) -> str:
    return f"{day.year} {_OSM_MONTHS[day.month - 1]} {day.day:02d}"


def _osm_weekdays(weekdays: Iterable[int]) -> str:
    runs: list[list[int]] = []
    for day in sorted(weekdays):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{_OSM_DAYS[run[0]]}-{_OSM_DAYS[run[-1]]}")
        else:
            parts.extend(_OSM_DAYS[d] for d in run)
    return ",".join(parts)


def _osm_nth(weekdays: tuple[int, ...], nths: Iterable[int]) -> str:
    inside = ",".join(str(n) for n in nths)
    return ",".join(f"{_OSM_DAYS[d]}[{inside}]" for d in weekdays)


def _osm_selector(rule: Rule, on: date) -> str:
    parts = []
    if rule.valid_from is not None and rule.valid_until is not None:
        parts.append(f"{_osm_date(rule.valid_from)}-{_osm_date(rule.valid_until)}")
    elif rule.valid_from is not None:
        parts.append(f"{_osm_date(rule.valid_from)}+")
    elif rule.valid_until is not None:
        parts.append(f"1900 Jan 01-{_osm_date(rule.valid_until)}")
    if rule.kind is RuleKind.EVERY_N_WEEKS:
        assert rule.anchor is not None
        week_one = date.fromisocalendar(on.isocalendar().year, 1, 1)
        reference = rule.anchor - timedelta(days=rule.anchor.weekday())
        first_week = 1 + (-((week_one - reference).days // 7)) % rule.interval
        parts.append(f"week {first_week:02d}-53/{rule.interval}")
    if rule.school_holidays is SchoolHolidays.DURING:
        parts.append("SH")
    if rule.kind is RuleKind.MONTHLY:
        parts.append(_osm_nth(rule.weekdays, rule.nths))
    elif rule.except_nths:
        positive = [n for n in range(1, 6) if n not in rule.except_nths]
        if rule.except_nths == (-1,):
            # Every weekday but the last one of the month: the 2nd to 5th from the end.
            parts.append(_osm_nth(rule.weekdays, (-5, -4, -3, -2)))
        else:
            parts.append(_osm_nth(rule.weekdays, positive))
    else:
        parts.append(_osm_weekdays(rule.weekdays))
    return " ".join(parts)


def to_opening_hours(schedule: Schedule, *, on: date | None = None) -> str:
    """The schedule in OpenStreetMap ``opening_hours`` syntax, for exchange (best effort).

    E.g. ``"Mo[2,4] 16:00-19:00; PH off"`` or ``"Sa 09:30-11:00; SH off; PH off"``. The output
    always parses with ``opening_hours.OpeningHours``. Limitations, because the syntax cannot
    say more:

    * every-N-weeks rules become ``week 02-53/2 Mo 14:30-16:30``: ISO week numbers whose
      parity matches the anchor in the ISO year of ``on`` (default: today). It is exact for
      that year only: after a 53-week year (2026, 2032...) or at the end of a year whose
      number of weeks is not a multiple of the interval, the rhythm shifts, which is why this
      module never uses week numbers itself;
    * "during school holidays" is written ``SH Tu`` (the specification's "school holiday and
      Tuesday"); some evaluators, opening-hours-py included, read it as "school holiday or
      Tuesday";
    * "except the nth weekday" mixing "last" with other ranks is approximated by the other
      ranks; ``PH`` and ``SH`` mean whatever the consumer's calendars say (Alsace-Moselle,
      overseas départements, Ascension bridge...);
    * extra sessions and closures are written as dated rules; labels and messages are left
      out.
    """
    on = on or date.today()
    groups: dict[tuple[str, SchoolHolidays], list[tuple[time, time]]] = {}
    weekdays: dict[tuple[str, SchoolHolidays], set[int]] = {}
    for rule in schedule.rules:
        key = (_osm_selector(rule, on), rule.school_holidays)
        spans = groups.setdefault(key, [])
        if (rule.start, rule.end) not in spans:
            spans.append((rule.start, rule.end))
        weekdays.setdefault(key, set()).update(rule.weekdays)

    def fragment(key: tuple[str, SchoolHolidays]) -> str:
        spans = ",".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in sorted(groups[key]))
        return f"{key[0]} {spans}"

    parts: list[str] = []

    def add(text: str, *, additive: bool = False) -> None:
        if parts:
            parts.append(", " if additive else "; ")
        parts.append(text)

    # Days open outside / during school holidays so far, to choose between "; " (a rule that
    # replaces the times of the days it selects) and ", " (a rule that adds times).
    open_outside: set[int] = set()
    open_during: set[int] = set()
    by_mode = {
        mode: [key for key in groups if key[1] is mode]
        for mode in (SchoolHolidays.OUTSIDE, SchoolHolidays.ANY, SchoolHolidays.DURING)
    }
    for key in by_mode[SchoolHolidays.OUTSIDE]:
        add(fragment(key), additive=bool(weekdays[key] & open_outside))
        open_outside |= weekdays[key]
    if by_mode[SchoolHolidays.OUTSIDE]:
        add("SH off")
    for key in by_mode[SchoolHolidays.ANY]:
        add(fragment(key), additive=bool(weekdays[key] & (open_outside | open_during)))
        open_outside |= weekdays[key]
        open_during |= weekdays[key]
    for key in by_mode[SchoolHolidays.DURING]:
        add(fragment(key), additive=bool(weekdays[key] & open_during))
        open_during |= weekdays[key]
    if parts and schedule.closed_on_public_holidays:
        add("PH off")
    if not parts:
        add("off")
    for extra in sorted(schedule.extras, key=lambda e: (e.day, e.start, e.end)):
        add(f"{_osm_date(extra.day)} {_hhmm(extra.start)}-{_hhmm(extra.end)}", additive=True)
    for closure in sorted(schedule.closures, key=lambda c: (c.start, c.end)):
        if closure.start == closure.end:
            add(f"{_osm_date(closure.start)} off")
        else:
            add(f"{_osm_date(closure.start)}-{_osm_date(closure.end)} off")
    return "".join(parts)
