"""Compute an appeal deadline from a rule (``rules.py``) and the dates of a decision — pure code.

No database, no settings, no clock unless ``today`` is left out. Two dates come out:

**Safe deadline** (``safe_deadline``): the nominal date, the one volunteers are told to aim for.
It is the notification date plus the rule's duration: months are counted "de quantième à
quantième" (15 March + 1 month = 15 April), clamped to the end of a shorter month (31 January
+ 1 month = 28 February, or 29 February in a leap year; ``dateutil.relativedelta``); days are
calendar days. No "franc" day, no weekend or holiday extension, no délai de distance: every
fallback the law may grant is kept out of the date we tell people to aim for.

**Legal deadline** (``legal_deadline``): the last day on which the appeal can still be registered
(until midnight), computed as a court would:

1. nominal date, plus the rule's ``overseas_extra`` (délai de distance) when ``overseas`` is true
   (same units are added together: 1 month + 1 month = 2 months from notification);
2. "franc" counting (``counting: "franc"``): the last day is the day after that date;
   "non-franc" counting: that date itself (the 7-day deadlines, counted as CAA Lyon 24LY03013);
3. when ``extend_to_working_day``, moved to the next working day while it falls on a Saturday,
   Sunday or public holiday of the person's département (``holidays.France`` with
   ``core.lib.france.holiday_subdivision``: Good Friday and 26 December in Alsace-Moselle, the
   overseas holidays in 971-976). With no département, national holidays only (which can only
   make the legal date earlier, never later).

**Hour deadlines** (``counting: "hours"``, e.g. 48 h in rétention): the notification must be a
datetime; the deadline is that moment plus the hours, hour by hour, with no franc day and no
extension, so ``safe_deadline == legal_deadline`` (aware datetimes). Naive datetimes are read in
the département's time zone (Europe/Paris, or the overseas zone for 971-976: reading a Réunion
time as Paris time would give a deadline two or three hours too late). When a daylight-saving
change falls inside the period, the earlier of "the same wall-clock time" and "exactly N elapsed
hours" is kept.

**Implicit refusals** (``starts: "filing"``): ``notified`` is the day the complete application
was filed; the refusal is born ``implicit_after`` later (``Result.implicit_decision_on``, nominal
count, no franc day) and the appeal deadline runs from that day as above.

Bad input raises :class:`DeadlineInputError` with a French message naming the field; nothing is
computed. ``needs_check`` is true for low-confidence rules: show their warning and have a
lawyer confirm.
"""

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta

from permanence.core.lib import france
from permanence.deadlines.rules import REFORM_DATE, Duration, Rule

__all__ = [
    "EARLIEST_DATE",
    "DeadlineInputError",
    "Result",
    "compute",
    "holiday_name",
    "timezone_for",
]

PARIS: Final = ZoneInfo("Europe/Paris")
# Overseas départements do not use Paris time (and have no daylight-saving time).
_TIMEZONES: Final = {
    "971": ZoneInfo("America/Guadeloupe"),
    "972": ZoneInfo("America/Martinique"),
    "973": ZoneInfo("America/Cayenne"),
    "974": ZoneInfo("Indian/Reunion"),
    "976": ZoneInfo("Indian/Mayotte"),
}
_OVERSEAS: Final = frozenset(_TIMEZONES)

EARLIEST_DATE: Final = date(1950, 1, 1)

_WEEKDAYS_FR: Final = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_WEEKDAYS_EN: Final = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


class DeadlineInputError(ValueError):
    """Input that cannot give a trustworthy deadline. ``field`` names the parameter
    (``taken_on``, ``notified``, ``departement``); the message is in French."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, kw_only=True)
class Result:
    """A computed deadline. Dates for day rules, aware datetimes for hour rules."""

    rule_code: str
    safe_deadline: date | datetime
    legal_deadline: date | datetime
    explanation_fr: str
    explanation_en: str
    needs_check: bool
    confidence: str
    sources: tuple[str, ...]
    hourly: bool
    timezone: str
    implicit_decision_on: date | None = None
    warning_fr: str = ""
    warning_en: str = ""

    def _at(self, value: date | datetime) -> datetime:
        if isinstance(value, datetime):
            return value
        # A day deadline lasts until midnight, local time.
        return datetime.combine(value, time(23, 59, 59), tzinfo=ZoneInfo(self.timezone))

    def safe_deadline_at(self) -> datetime:
        """The safe deadline as an aware datetime (end of the day for day rules)."""
        return self._at(self.safe_deadline)

    def legal_deadline_at(self) -> datetime:
        """The legal deadline as an aware datetime (end of the day for day rules)."""
        return self._at(self.legal_deadline)


def timezone_for(departement: str | None) -> ZoneInfo:
    """The time zone of a (canonical) département; Europe/Paris when unknown."""
    return _TIMEZONES.get(departement or "", PARIS)


@functools.cache
def _holidays(subdiv: str | None, year: int, language: str) -> dict[date, str]:
    calendar = holidays.France(subdiv=subdiv, years=year, language=language)
    return dict(calendar.items())


def holiday_name(day: date, departement: str | None, language: str = "fr") -> str | None:
    """The name of the public holiday on ``day`` in the département, or None."""
    subdiv = france.holiday_subdivision(departement) if departement else None
    return _holidays(subdiv, day.year, "en_US" if language == "en" else "fr").get(day)


# --- Input checks.


def _fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _check_departement(departement: str | None) -> str | None:
    if departement is None or not str(departement).strip():
        return None
    try:
        return france.normalise_departement(str(departement))
    except ValueError:
        raise DeadlineInputError(
            "departement",
            f"Département « {departement} » inconnu : indiquez son numéro (ex. 59, 2A, 974).",
        ) from None


def _local_day(value: date | datetime, tz: ZoneInfo) -> date:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(tz)
        return value.date()
    return value


def _aware(value: datetime, tz: ZoneInfo) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _check_range(field: str, label: str, day: date, today: date) -> None:
    if day < EARLIEST_DATE:
        raise DeadlineInputError(
            field, f"{label} ({_fr(day)}) est antérieure à 1950 : vérifiez l’année."
        )
    if day > today + relativedelta(years=1):
        raise DeadlineInputError(
            field,
            f"{label} ({_fr(day)}) est à plus d’un an dans le futur : vérifiez l’année.",
        )


def _check_type(field: str, label: str, value: object) -> None:
    if not isinstance(value, date):
        raise DeadlineInputError(field, f"{label} : une date est attendue, pas {value!r}.")


# --- Arithmetic.


def _add(day: date, duration: Duration) -> date:
    if duration.unit == "months":
        return day + relativedelta(months=duration.value)
    if duration.unit == "days":
        return day + timedelta(days=duration.value)
    raise ValueError(f"Cannot add {duration.unit} to a date.")


def _add_legal(day: date, duration: Duration, extra: Duration | None) -> date:
    if extra is None:
        return _add(day, duration)
    if extra.unit == duration.unit:
        return _add(day, Duration(duration.value + extra.value, duration.unit))
    return _add(_add(day, duration), extra)


def _non_working_reason(day: date, departement: str | None) -> tuple[str, str] | None:
    if day.weekday() >= 5:
        return (f"un {_WEEKDAYS_FR[day.weekday()]}", f"a {_WEEKDAYS_EN[day.weekday()]}")
    name_fr = holiday_name(day, departement, "fr")
    if name_fr is not None:
        name_en = holiday_name(day, departement, "en") or name_fr
        return (f"férié ({name_fr})", f"a public holiday ({name_en})")
    return None


def _next_working_day(day: date, departement: str | None) -> tuple[date, list[str], list[str]]:
    """Move ``day`` forward past weekends and holidays; say why in French and English."""
    steps_fr: list[str] = []
    steps_en: list[str] = []
    while (reason := _non_working_reason(day, departement)) is not None:
        steps_fr.append(f"le {_fr(day)} est {reason[0]}")
        steps_en.append(f"{_fr(day)} is {reason[1]}")
        day += timedelta(days=1)
    return day, steps_fr, steps_en


def _wall_clock_plus(start: datetime, hours: int, tz: ZoneInfo) -> datetime:
    """``start`` plus ``hours`` on the wall clock; a time skipped by a daylight-saving change
    becomes the first instant after the skip, an ambiguous one its first occurrence."""
    naive = start.astimezone(tz).replace(tzinfo=None) + timedelta(hours=hours)
    candidate = naive.replace(tzinfo=tz, fold=0)
    if candidate.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive:
        return candidate
    low = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if low > high:
        low, high = high, low
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).replace(tzinfo=None) >= naive:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0).astimezone(tz)


# --- Explanations.


def _day_fr(day: date) -> str:
    return f"{_WEEKDAYS_FR[day.weekday()]} {_fr(day)}"


def _day_en(day: date) -> str:
    return f"{_WEEKDAYS_EN[day.weekday()]} {_fr(day)}"


def _moment_fr(moment: datetime) -> str:
    return f"{_day_fr(moment.date())} à {moment.strftime('%H:%M')}"


def _moment_en(moment: datetime) -> str:
    return f"{_day_en(moment.date())} at {moment.strftime('%H:%M')}"


def _zone_fr(tz: ZoneInfo) -> str:
    return "heure de Paris" if tz is PARIS else f"heure locale, {tz.key}"


def _zone_en(tz: ZoneInfo) -> str:
    return "Paris time" if tz is PARIS else f"local time, {tz.key}"


def _closing_notes(
    rule: Rule, departement: str | None, overseas: bool
) -> tuple[list[str], list[str]]:
    fr: list[str] = [f"Recours devant : {rule.where}."]
    en: list[str] = [f"Appeal to: {rule.where}."]
    if rule.gracieux_extends:
        fr.append("Un recours gracieux ou hiérarchique formé dans le délai le conserve.")
        en.append("A recours gracieux or hiérarchique filed within the deadline keeps it alive.")
    else:
        fr.append("Un recours gracieux ou hiérarchique ne prolonge PAS ce délai.")
        en.append("A recours gracieux or hiérarchique does NOT extend this deadline.")
    if rule.suspensive is False:
        fr.append("Le recours n’est pas suspensif.")
        en.append("The appeal is not suspensive.")
    if rule.warning_fr:
        fr.append(f"Attention : {rule.warning_fr}")
        en.append(f"Warning: {rule.warning_en}")
    if rule.extend_to_working_day and departement is None:
        fr.append("Département non indiqué : seuls les jours fériés nationaux sont pris en compte.")
        en.append("No département given: only national public holidays are taken into account.")
    if overseas and rule.overseas_extra is None:
        fr.append(
            "Aucun délai de distance n’est ajouté : il est supposé ne pas s’appliquer à ce délai "
            "(non vérifié)."
        )
        en.append(
            "No distance extension is added: it is assumed not to apply to this deadline "
            "(not verified)."
        )
    if not overseas and rule.overseas_extra is not None and departement in _OVERSEAS:
        extra_fr, extra_en = rule.overseas_extra.fr(), rule.overseas_extra.en()
        fr.append(
            f"Si la personne réside outre-mer et que le recours va devant une juridiction située "
            f"ailleurs, un délai de distance de {extra_fr} peut s’ajouter (non compté ici)."
        )
        en.append(
            f"If the person lives overseas and the appeal goes to a court elsewhere, a distance "
            f"extension of {extra_en} may apply (not counted here)."
        )
    if departement in _OVERSEAS and rule.suspensive and rule.decision != "ofpra-rejection":
        fr.append(
            "Outre-mer : dans certains territoires (Guyane, Mayotte, Guadeloupe…), le recours "
            "contre une mesure d’éloignement peut ne pas être suspensif (régime spécial non "
            "vérifié) : contactez un·e juriste."
        )
        en.append(
            "Overseas: in some territories (Guyane, Mayotte, Guadeloupe…) an appeal against a "
            "removal measure may not be suspensive (special regime not verified): contact a "
            "lawyer."
        )
    return fr, en


# --- Computation.


def compute(
    *,
    rule: Rule,
    taken_on: date,
    notified: date | datetime,
    departement: str | None,
    overseas: bool = False,
    today: date | None = None,
) -> Result:
    """Compute the deadline of ``rule`` for a decision taken on ``taken_on`` and notified at
    ``notified`` (for ``starts: "filing"`` rules: the day the complete application was filed).

    ``overseas``: the person lives overseas and the appeal goes to a court elsewhere (délai de
    distance, added to the legal deadline only). ``today`` defaults to the current date in the
    département's time zone; dates more than a year after it are refused.
    """
    filing = rule.starts == "filing"
    notified_label = (
        "La date de dépôt de la demande complète" if filing else "La date de notification"
    )
    taken_label = "La date de la décision"
    dep = _check_departement(departement)
    tz = timezone_for(dep)
    today = today or datetime.now(tz).date()

    _check_type("taken_on", taken_label, taken_on)
    _check_type("notified", notified_label, notified)
    taken_day = _local_day(taken_on, tz)
    _check_range("taken_on", taken_label, taken_day, today)
    if rule.hourly and not isinstance(notified, datetime):
        raise DeadlineInputError(
            "notified",
            f"Délai de {rule.duration.fr()}, compté heure par heure : indiquez aussi l’heure de "
            f"la notification (ex. {_fr(notified)} à 18:00, soit {notified.isoformat()}T18:00). "
            "L’heure figure sur le procès-verbal de notification ; si elle est inconnue, "
            "demandez-la sans attendre et retenez, par prudence, l’heure la plus tôt possible.",
        )
    notified_day = _local_day(notified, tz)
    _check_range("notified", notified_label, notified_day, today)
    if notified_day < taken_day:
        raise DeadlineInputError(
            "notified",
            f"{notified_label} ({_fr(notified_day)}) est antérieure à {taken_label.lower()} "
            f"({_fr(taken_day)}) : vérifiez les deux dates.",
        )
    if not rule.covers_regime(taken_day):
        when = "avant le" if rule.regime == "before-2024-07-15" else "à partir du"
        raise DeadlineInputError(
            "taken_on",
            f"La règle « {rule.code} » ne vaut que pour les décisions prises {when} "
            f"{_fr(REFORM_DATE)} ; la décision est du {_fr(taken_day)}.",
        )
    if rule.hourly:
        assert isinstance(notified, datetime)
        return _compute_hours(rule, _aware(notified, tz), dep, tz, overseas)
    return _compute_days(rule, notified_day, dep, tz, overseas)


def _result(rule: Rule, tz: ZoneInfo, **values) -> Result:
    return Result(
        rule_code=rule.code,
        needs_check=rule.needs_check,
        confidence=rule.confidence,
        sources=rule.sources,
        hourly=rule.hourly,
        timezone=tz.key,
        warning_fr=rule.warning_fr,
        warning_en=rule.warning_en,
        **values,
    )


def _compute_hours(
    rule: Rule, start: datetime, departement: str | None, tz: ZoneInfo, overseas: bool
) -> Result:
    hours = rule.duration.value * (24 if rule.duration.unit == "days" else 1)
    elapsed = start.astimezone(UTC) + timedelta(hours=hours)
    # Compare in UTC: Python compares two datetimes of the same zone by wall-clock time,
    # ignoring ``fold``, which is wrong inside the repeated hour of autumn.
    deadline = min(elapsed, _wall_clock_plus(start, hours, tz).astimezone(UTC)).astimezone(tz)
    length_fr = rule.duration.fr()
    length_en = rule.duration.en()
    if rule.duration.unit == "days":
        length_fr += f" ({hours} heures)"
        length_en += f" ({hours} hours)"
    fr = [
        f"Notifiée le {_moment_fr(start)} → {length_fr}, comptées heure par heure, sans report "
        f"pour week-end ni jour férié → {_moment_fr(deadline)} ({_zone_fr(tz)})."
    ]
    en = [
        f"Notified {_moment_en(start)} → {length_en}, counted hour by hour, no extension for "
        f"weekends or public holidays → {_moment_en(deadline)} ({_zone_en(tz)})."
    ]
    if deadline.utcoffset() != start.utcoffset():
        fr.append("Changement d’heure pendant le délai : l’heure la plus tôt est retenue.")
        en.append("Daylight-saving change during the period: the earlier time is kept.")
    fr.append(
        f"Date limite : {_moment_fr(deadline)} ; le recours doit être enregistré avant. "
        "Agissez tout de suite."
    )
    en.append(
        f"Deadline: {_moment_en(deadline)}; the appeal must be registered before then. Act at once."
    )
    notes_fr, notes_en = _closing_notes(rule, departement, overseas)
    return _result(
        rule,
        tz,
        safe_deadline=deadline,
        legal_deadline=deadline,
        explanation_fr=" ".join(fr + notes_fr),
        explanation_en=" ".join(en + notes_en),
    )


def _compute_days(
    rule: Rule, notified: date, departement: str | None, tz: ZoneInfo, overseas: bool
) -> Result:
    implicit_on: date | None = None
    if rule.starts == "filing":
        assert rule.implicit_after is not None
        implicit_on = _add(notified, rule.implicit_after)
        chain_fr = [
            f"Demande complète déposée le {_day_fr(notified)}",
            f"{rule.implicit_after.fr()} de silence",
            f"refus implicite né le {_day_fr(implicit_on)}",
        ]
        chain_en = [
            f"Complete application filed {_day_en(notified)}",
            f"{rule.implicit_after.en()} of silence",
            f"implicit refusal born {_day_en(implicit_on)}",
        ]
        start = implicit_on
    else:
        chain_fr = [f"Notifiée le {_day_fr(notified)}"]
        chain_en = [f"Notified {_day_en(notified)}"]
        start = notified

    safe = _add(start, rule.duration)
    chain_fr += [rule.duration.fr(), f"{_day_fr(safe)} (date à viser)"]
    chain_en += [rule.duration.en(), f"{_day_en(safe)} (date to aim for)"]
    steps_fr = [" → ".join(chain_fr)]
    steps_en = [" → ".join(chain_en)]

    legal = safe
    extra = rule.overseas_extra if overseas else None
    if extra is not None:
        legal = _add_legal(start, rule.duration, extra)
        steps_fr.append(f"délai de distance outre-mer + {extra.fr()} → {_day_fr(legal)}")
        steps_en.append(f"overseas distance extension + {extra.en()} → {_day_en(legal)}")
    if rule.counting == "franc":
        legal += timedelta(days=1)
        steps_fr.append(f"délai franc (le dernier jour est le lendemain) → {_day_fr(legal)}")
        steps_en.append(f"'franc' deadline (the last day is the day after) → {_day_en(legal)}")
    else:
        steps_fr.append("délai non franc (le dernier jour est cette date)")
        steps_en.append("not a 'franc' deadline (that date is the last day)")
    if rule.extend_to_working_day:
        moved, why_fr, why_en = _next_working_day(legal, departement)
        if moved != legal:
            steps_fr.append(f"{', '.join(why_fr)} → {_day_fr(moved)}")
            steps_en.append(f"{', '.join(why_en)} → {_day_en(moved)}")
        legal = moved

    fr = [" ; ".join(steps_fr) + "."]
    en = ["; ".join(steps_en) + "."]
    fr.append(
        f"À viser : {_day_fr(safe)}. Date limite légale : {_day_fr(legal)}, jusqu’à minuit ; le "
        "recours doit être enregistré avant."
    )
    en.append(
        f"Aim for: {_day_en(safe)}. Legal deadline: {_day_en(legal)}, until midnight; the "
        "appeal must be registered by then."
    )
    notes_fr, notes_en = _closing_notes(rule, departement, overseas)
    return _result(
        rule,
        tz,
        safe_deadline=safe,
        legal_deadline=legal,
        implicit_decision_on=implicit_on,
        explanation_fr=" ".join(fr + notes_fr),
        explanation_en=" ".join(en + notes_en),
    )
