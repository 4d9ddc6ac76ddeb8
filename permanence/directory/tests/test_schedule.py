"""Tests for the schedule engine (``permanence.directory.schedule``): pure Python, no database.

Expected dates are written out by hand from the 2023, 2026 and 2027 calendars and the official
school calendar of zone B (Lille, Amiens): Christmas 2025 from Saturday 20 December to Sunday
4 January, spring 2026 from 11 to 26 April, summer 2026 from 4 July to 31 August, Christmas
2026 from 19 December to 3 January. 2026 public holidays: Easter Monday 6 April, Friday 1 May,
Friday 8 May, Ascension Thursday 14 May, Whit Monday 25 May, Tuesday 14 July, Saturday
15 August; Good Friday 3 April and Saturday 26 December in Alsace-Moselle only; 27 May in
Guadeloupe only.
"""

import dataclasses
import functools
import pickle
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import opening_hours
import pytest
from django.conf import settings as django_settings
from django.utils import translation
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from vacances_scolaires_france import SchoolHolidayDates

from permanence.core.lib import france
from permanence.directory import schedule as schedule_module
from permanence.directory.schedule import (
    PARIS,
    Closure,
    ExtraSession,
    Rule,
    RuleKind,
    Schedule,
    ScheduleError,
    SchoolHolidays,
    Session,
    describe,
    is_public_holiday,
    is_school_holiday,
    next_sessions,
    parse_hhmm,
    school_holiday_data_until,
    sessions_between,
    timezone_for,
    to_opening_hours,
)

MO, TU, WE, TH, FR, SA, SU = range(7)
WEEKLY, MONTHLY, EVERY_N_WEEKS = RuleKind.WEEKLY, RuleKind.MONTHLY, RuleKind.EVERY_N_WEEKS
OUTSIDE, DURING = SchoolHolidays.OUTSIDE, SchoolHolidays.DURING
NBSP = "\u00a0"


def t(hour: int, minute: int = 0) -> time:
    return time(hour, minute)


def weekly(days, start, end, **kwargs) -> Rule:
    return Rule(WEEKLY, tuple(days), start, end, **kwargs)


def monthly(days, nths, start, end, **kwargs) -> Rule:
    return Rule(MONTHLY, tuple(days), start, end, nths=tuple(nths), **kwargs)


def every_n(days, interval, anchor, start, end, **kwargs) -> Rule:
    return Rule(EVERY_N_WEEKS, tuple(days), start, end, interval=interval, anchor=anchor, **kwargs)


def desk(*rules, departement="59", **kwargs) -> Schedule:
    zone = france.DEPARTEMENTS[departement].school_zone if departement else None
    return Schedule(rules=rules, departement=departement, school_zone=zone, **kwargs)


def show(sessions: list[Session]) -> list[str]:
    return [f"{s.start:%Y-%m-%d %H:%M}-{s.end:%H:%M}" for s in sessions]


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


# --- The schedules of the seeds (La Cimade Nord-Picardie, La Mauvaise Foix).

FOIX = desk(monthly([MO], [2, 4], t(16), t(19)), departement="09")
LILLE = desk(weekly([TU, TH], t(14), t(17)), weekly([SA], t(9), t(12)))
TOURCOING = desk(weekly([SA], t(9, 30), t(11), school_holidays=OUTSIDE))
VALENCIENNES = desk(weekly([FR], t(9, 30), t(11, 30), school_holidays=OUTSIDE))
MAUBEUGE = desk(monthly([WE], [1, 3], t(14), t(16)), monthly([SA], [2, 4], t(9), t(11)))
GRANDE_SYNTHE = desk(weekly([TH], t(14), t(16, 30)))
LENS = desk(weekly([SA], t(9), t(10, 30)), departement="62")
# "Le mardi de 14h à 16h30 (un mardi sur deux pendant les vacances)": the seed gives no
# reference date; 14 April 2026 (spring holidays of zone B) is assumed to be a real session.
AMIENS = desk(
    weekly([TU], t(14), t(16, 30), school_holidays=OUTSIDE),
    every_n([TU], 2, date(2026, 4, 14), t(14), t(16, 30), school_holidays=DURING),
    departement="80",
)
# "Un lundi sur deux": assumed to include Monday 5 January 2026.
SOISSONS = desk(
    weekly([FR], t(9, 30), t(12)),
    every_n([MO], 2, date(2026, 1, 5), t(14, 30), t(16, 30)),
    departement="02",
)
OISE = desk(weekly([TU], t(14), t(16, 30)), departement="60")
# "Les lundis après-midi (sauf le 2e lundi du mois)": afternoon assumed to be 14:00-17:00.
CALAIS = desk(weekly([MO], t(14), t(17), except_nths=(2,)), departement="62")
# "Le 2e vendredi du mois à 14h et 4e samedi à 10h": two hours each assumed.
LILLE_ASYLUM = desk(
    monthly([FR], [2], t(14), t(16), label="Accueil info asile"),
    monthly([SA], [4], t(10), t(12), label="Accueil info asile"),
)
INFO_MIGRANTS = desk(
    weekly([MO, TU, WE, TH, FR], t(9), t(13)),
    weekly([MO, TU, WE, TH, FR], t(14), t(16)),
    departement=None,
)
SEEDS = {
    "foix": FOIX,
    "lille": LILLE,
    "tourcoing": TOURCOING,
    "valenciennes": VALENCIENNES,
    "maubeuge": MAUBEUGE,
    "grande-synthe": GRANDE_SYNTHE,
    "lens": LENS,
    "amiens": AMIENS,
    "soissons": SOISSONS,
    "oise": OISE,
    "calais": CALAIS,
    "lille-asylum": LILLE_ASYLUM,
    "info-migrants": INFO_MIGRANTS,
}


# --- 1. The seed's own poster.

POSTER_2023 = [
    "2023-06-26 16:00-19:00",
    "2023-07-10 16:00-19:00",
    "2023-07-24 16:00-19:00",
    "2023-08-14 16:00-19:00",
    "2023-08-28 16:00-19:00",
    "2023-09-11 16:00-19:00",
    "2023-09-25 16:00-19:00",
]


def test_foix_poster_dates():
    # The poster of La Mauvaise Foix lists "26 juin – 10 & 24 juillet – 14 & 28 août –
    # 11 & 25 septembre": every 2nd and 4th Monday from 26 June 2023 on.
    assert show(sessions_between(FOIX, date(2023, 6, 20), date(2023, 9, 30))) == POSTER_2023
    # From 1 June, Monday 12 June 2023 (the 2nd Monday of June) comes first: the poster was
    # printed after it, the rule itself has no reason to skip it.
    assert show(sessions_between(FOIX, date(2023, 6, 1), date(2023, 9, 30))) == [
        "2023-06-12 16:00-19:00",
        *POSTER_2023,
    ]
    # No public holiday falls on those Mondays (14 July 2023 was a Friday, 15 August a
    # Tuesday), and Ariège is in zone C, which does not matter for this rule.
    sessions = sessions_between(FOIX, date(2023, 6, 20), date(2023, 9, 30))
    assert all(
        s.start.tzinfo == PARIS and s.start.utcoffset() == timedelta(hours=2) for s in sessions
    )
    assert {s.label for s in sessions} == {""} and not any(s.extra for s in sessions)


# --- 2. A table of real months.


def lille_with(**kwargs) -> Schedule:
    return desk(weekly([TU, TH], t(14), t(17)), weekly([SA], t(9), t(12)), **kwargs)


CASES = [
    pytest.param(
        LILLE,
        date(2026, 7, 1),
        date(2026, 7, 31),
        [
            "2026-07-02 14:00-17:00",
            "2026-07-04 09:00-12:00",
            "2026-07-07 14:00-17:00",
            "2026-07-09 14:00-17:00",
            "2026-07-11 09:00-12:00",
            # Tuesday 14 July: Fête nationale.
            "2026-07-16 14:00-17:00",
            "2026-07-18 09:00-12:00",
            "2026-07-21 14:00-17:00",
            "2026-07-23 14:00-17:00",
            "2026-07-25 09:00-12:00",
            "2026-07-28 14:00-17:00",
            "2026-07-30 14:00-17:00",
        ],
        id="lille-july-2026-14-july-tuesday",
    ),
    pytest.param(
        LILLE,
        date(2026, 12, 21),
        date(2026, 12, 31),
        [
            "2026-12-22 14:00-17:00",
            "2026-12-24 14:00-17:00",
            "2026-12-26 09:00-12:00",  # 26 December is a working day in the Nord.
            "2026-12-29 14:00-17:00",
            "2026-12-31 14:00-17:00",
        ],
        id="lille-christmas-2026",
    ),
    pytest.param(
        lille_with(departement="67"),
        date(2026, 12, 21),
        date(2026, 12, 31),
        [
            "2026-12-22 14:00-17:00",
            "2026-12-24 14:00-17:00",
            # Saturday 26 December: Saint-Étienne, a public holiday in Alsace.
            "2026-12-29 14:00-17:00",
            "2026-12-31 14:00-17:00",
        ],
        id="bas-rhin-christmas-2026-26-december",
    ),
    pytest.param(
        desk(weekly([FR], t(10), t(12))),
        date(2026, 3, 30),
        date(2026, 4, 12),
        ["2026-04-03 10:00-12:00", "2026-04-10 10:00-12:00"],
        id="nord-good-friday-open",
    ),
    pytest.param(
        desk(weekly([FR], t(10), t(12)), departement="67"),
        date(2026, 3, 30),
        date(2026, 4, 12),
        ["2026-04-10 10:00-12:00"],
        id="bas-rhin-good-friday-closed",
    ),
    pytest.param(
        desk(weekly([FR], t(10), t(12)), departement="57"),
        date(2026, 3, 30),
        date(2026, 4, 12),
        ["2026-04-10 10:00-12:00"],
        id="moselle-good-friday-closed",
    ),
    pytest.param(
        TOURCOING,
        date(2025, 12, 1),
        date(2026, 1, 17),
        [
            "2025-12-06 09:30-11:00",
            "2025-12-13 09:30-11:00",
            # 20 December 2025 - 4 January 2026: Christmas holidays (the Saturday counts).
            "2026-01-10 09:30-11:00",
            "2026-01-17 09:30-11:00",
        ],
        id="tourcoing-christmas-2025",
    ),
    pytest.param(
        TOURCOING,
        date(2026, 4, 1),
        date(2026, 5, 5),
        ["2026-04-04 09:30-11:00", "2026-05-02 09:30-11:00"],
        id="tourcoing-spring-2026",
    ),
    pytest.param(
        VALENCIENNES,
        date(2026, 5, 1),
        date(2026, 5, 31),
        [
            # Fridays 1 and 8 May: public holidays. Friday 15 May (Ascension bridge) is not
            # counted as school holidays.
            "2026-05-15 09:30-11:30",
            "2026-05-22 09:30-11:30",
            "2026-05-29 09:30-11:30",
        ],
        id="valenciennes-may-2026-1-may-friday",
    ),
    pytest.param(
        VALENCIENNES,
        date(2026, 8, 24),
        date(2026, 9, 12),
        ["2026-09-04 09:30-11:30", "2026-09-11 09:30-11:30"],
        id="valenciennes-back-to-school-2026",
    ),
    pytest.param(
        MAUBEUGE,
        date(2026, 9, 1),
        date(2026, 9, 30),
        [
            "2026-09-02 14:00-16:00",
            "2026-09-12 09:00-11:00",
            "2026-09-16 14:00-16:00",
            "2026-09-26 09:00-11:00",
        ],
        id="maubeuge-september-2026",
    ),
    pytest.param(
        MAUBEUGE,
        date(2026, 7, 1),
        date(2026, 7, 31),
        [
            "2026-07-01 14:00-16:00",
            "2026-07-11 09:00-11:00",
            "2026-07-15 14:00-16:00",
            "2026-07-25 09:00-11:00",
        ],
        id="maubeuge-july-2026",
    ),
    pytest.param(
        GRANDE_SYNTHE,
        date(2026, 5, 1),
        date(2026, 5, 31),
        ["2026-05-07 14:00-16:30", "2026-05-21 14:00-16:30", "2026-05-28 14:00-16:30"],
        id="grande-synthe-ascension-2026",
    ),
    pytest.param(
        LENS,
        date(2026, 8, 1),
        date(2026, 8, 31),
        [
            "2026-08-01 09:00-10:30",
            "2026-08-08 09:00-10:30",
            # Saturday 15 August: Assomption.
            "2026-08-22 09:00-10:30",
            "2026-08-29 09:00-10:30",
        ],
        id="lens-assumption-2026",
    ),
    pytest.param(
        AMIENS,
        date(2026, 4, 1),
        date(2026, 5, 5),
        [
            "2026-04-07 14:00-16:30",
            "2026-04-14 14:00-16:30",  # Spring holidays: every other Tuesday (the anchor).
            # 21 April: holidays, off week.
            "2026-04-28 14:00-16:30",
            "2026-05-05 14:00-16:30",
        ],
        id="amiens-spring-2026",
    ),
    pytest.param(
        AMIENS,
        date(2026, 7, 1),
        date(2026, 9, 8),
        [
            "2026-07-07 14:00-16:30",
            "2026-07-21 14:00-16:30",
            "2026-08-04 14:00-16:30",
            "2026-08-18 14:00-16:30",
            "2026-09-01 14:00-16:30",  # Back to school on Tuesday 1 September.
            "2026-09-08 14:00-16:30",
        ],
        id="amiens-summer-2026",
    ),
    pytest.param(
        SOISSONS,
        date(2026, 1, 1),
        date(2026, 1, 31),
        [
            "2026-01-02 09:30-12:00",
            "2026-01-05 14:30-16:30",
            "2026-01-09 09:30-12:00",
            "2026-01-16 09:30-12:00",
            "2026-01-19 14:30-16:30",
            "2026-01-23 09:30-12:00",
            "2026-01-30 09:30-12:00",
        ],
        id="soissons-january-2026",
    ),
    pytest.param(
        SOISSONS,
        date(2026, 12, 14),
        date(2027, 1, 24),
        [
            "2026-12-18 09:30-12:00",
            "2026-12-21 14:30-16:30",  # ISO week 52 of 2026.
            # Fridays 25 December and 1 January: public holidays.
            "2027-01-04 14:30-16:30",  # ISO week 1 of 2027, 14 days later (week 53 between).
            "2027-01-08 09:30-12:00",
            "2027-01-15 09:30-12:00",
            "2027-01-18 14:30-16:30",
            "2027-01-22 09:30-12:00",
        ],
        id="soissons-iso-week-53",
    ),
    pytest.param(
        OISE,
        date(2026, 7, 1),
        date(2026, 7, 31),
        ["2026-07-07 14:00-16:30", "2026-07-21 14:00-16:30", "2026-07-28 14:00-16:30"],
        id="oise-july-2026",
    ),
    pytest.param(
        dataclasses.replace(
            OISE, closures=(Closure(date(2026, 8, 1), date(2026, 8, 31), "Congés d’été"),)
        ),
        date(2026, 7, 20),
        date(2026, 9, 5),
        ["2026-07-21 14:00-16:30", "2026-07-28 14:00-16:30", "2026-09-01 14:00-16:30"],
        id="oise-summer-closure",
    ),
    pytest.param(
        CALAIS,
        date(2026, 4, 1),
        date(2026, 4, 30),
        # 6 April: Easter Monday; 13 April: 2nd Monday.
        ["2026-04-20 14:00-17:00", "2026-04-27 14:00-17:00"],
        id="calais-april-2026-easter-monday",
    ),
    pytest.param(
        CALAIS,
        date(2026, 5, 1),
        date(2026, 5, 31),
        # 11 May: 2nd Monday; 25 May: Whit Monday.
        ["2026-05-04 14:00-17:00", "2026-05-18 14:00-17:00"],
        id="calais-may-2026-whit-monday",
    ),
    pytest.param(
        CALAIS,
        date(2026, 6, 1),
        date(2026, 6, 30),
        [
            "2026-06-01 14:00-17:00",
            "2026-06-15 14:00-17:00",
            "2026-06-22 14:00-17:00",
            "2026-06-29 14:00-17:00",
        ],
        id="calais-june-2026",
    ),
    pytest.param(
        desk(weekly([MO], t(14), t(17), except_nths=(-1,)), departement="62"),
        date(2026, 6, 1),
        date(2026, 6, 30),
        [
            "2026-06-01 14:00-17:00",
            "2026-06-08 14:00-17:00",
            "2026-06-15 14:00-17:00",
            "2026-06-22 14:00-17:00",
        ],
        id="mondays-except-the-last",
    ),
    pytest.param(
        LILLE_ASYLUM,
        date(2026, 5, 1),
        date(2026, 6, 30),
        [
            # 2nd Friday of May: 8 May, a public holiday.
            "2026-05-23 10:00-12:00",
            "2026-06-12 14:00-16:00",
            "2026-06-27 10:00-12:00",
        ],
        id="lille-asylum-info-may-june-2026",
    ),
    pytest.param(
        INFO_MIGRANTS,
        date(2026, 4, 6),
        date(2026, 4, 12),
        [
            f"2026-04-{day:02d} {span}"
            for day in (7, 8, 9, 10)
            for span in ("09:00-13:00", "14:00-16:00")
        ],
        id="info-migrants-easter-week-2026",
    ),
    pytest.param(
        desk(weekly([MO, TU, WE, TH, FR], t(9), t(12)), departement="971"),
        date(2026, 5, 25),
        date(2026, 5, 29),
        # 25 May: Whit Monday; 27 May: abolition of slavery in Guadeloupe.
        ["2026-05-26 09:00-12:00", "2026-05-28 09:00-12:00", "2026-05-29 09:00-12:00"],
        id="guadeloupe-27-may",
    ),
    pytest.param(
        desk(weekly([MO, TU, WE, TH, FR], t(9), t(12))),
        date(2026, 5, 25),
        date(2026, 5, 29),
        [
            "2026-05-26 09:00-12:00",
            "2026-05-27 09:00-12:00",
            "2026-05-28 09:00-12:00",
            "2026-05-29 09:00-12:00",
        ],
        id="nord-27-may-open",
    ),
    pytest.param(
        desk(monthly([FR], [-1], t(14), t(16))),
        date(2026, 1, 1),
        date(2026, 4, 30),
        [
            "2026-01-30 14:00-16:00",
            "2026-02-27 14:00-16:00",
            "2026-03-27 14:00-16:00",
            "2026-04-24 14:00-16:00",
        ],
        id="last-friday-of-the-month",
    ),
    pytest.param(
        desk(monthly([TH], [5], t(14), t(16))),
        date(2026, 1, 1),
        date(2026, 7, 31),
        # Only January, April and July 2026 have five Thursdays.
        ["2026-01-29 14:00-16:00", "2026-04-30 14:00-16:00", "2026-07-30 14:00-16:00"],
        id="fifth-thursday",
    ),
    pytest.param(
        lille_with(extras=(ExtraSession(date(2026, 7, 14), t(10), t(12), "Spéciale"),)),
        date(2026, 7, 13),
        date(2026, 7, 15),
        ["2026-07-14 10:00-12:00"],
        id="extra-session-on-a-public-holiday-is-kept",
    ),
    pytest.param(
        lille_with(
            closures=(Closure(date(2026, 12, 20), date(2027, 1, 4), "Congés"),),
            extras=(
                ExtraSession(date(2026, 12, 23), t(10), t(12)),
                ExtraSession(date(2027, 1, 5), t(10), t(12)),
            ),
        ),
        date(2026, 12, 14),
        date(2027, 1, 9),
        [
            "2026-12-15 14:00-17:00",
            "2026-12-17 14:00-17:00",
            "2026-12-19 09:00-12:00",
            "2027-01-05 10:00-12:00",
            "2027-01-05 14:00-17:00",
            "2027-01-07 14:00-17:00",
            "2027-01-09 09:00-12:00",
        ],
        id="extra-session-inside-a-closure-is-dropped",
    ),
    pytest.param(
        desk(
            monthly(
                [MO],
                [2, 4],
                t(16),
                t(19),
                valid_from=date(2023, 6, 20),
                valid_until=date(2023, 9, 30),
            ),
            departement="09",
        ),
        date(2023, 6, 1),
        date(2023, 10, 31),
        POSTER_2023,
        id="valid-from-and-until",
    ),
    pytest.param(
        lille_with(closed_on_public_holidays=False),
        date(2026, 7, 13),
        date(2026, 7, 15),
        ["2026-07-14 14:00-17:00"],
        id="open-on-public-holidays",
    ),
]


@pytest.mark.parametrize(("schedule", "first", "last", "expected"), CASES)
def test_real_months(schedule, first, last, expected):
    assert show(sessions_between(schedule, first, last)) == expected


def test_table_covers_every_seed_schedule():
    used = {id(case.values[0]) for case in CASES}
    assert {name for name, sched in SEEDS.items() if id(sched) in used} == set(SEEDS) - {"foix"}
    assert len(CASES) >= 25


def test_duplicates_are_merged():
    schedule = lille_with(extras=(ExtraSession(date(2026, 7, 7), t(14), t(17), "Avocate"),))
    (session,) = sessions_between(schedule, date(2026, 7, 7), date(2026, 7, 7))
    assert (session.extra, session.message) == (False, "Avocate")
    extra_only = lille_with(extras=(ExtraSession(date(2026, 7, 8), t(14), t(17), "Avocate"),))
    (session,) = sessions_between(extra_only, date(2026, 7, 8), date(2026, 7, 8))
    assert (session.extra, session.message, session.label) == (True, "Avocate", "")


def test_labels_are_carried():
    sessions = sessions_between(LILLE_ASYLUM, date(2026, 6, 1), date(2026, 6, 30))
    assert {s.label for s in sessions} == {"Accueil info asile"}


def test_overseas_sessions_keep_local_time():
    schedule = desk(weekly([TU], t(14), t(16)), departement="971")
    (session,) = sessions_between(schedule, date(2026, 5, 26), date(2026, 5, 26))
    assert session.start.isoformat() == "2026-05-26T14:00:00-04:00"
    assert schedule.timezone == ZoneInfo("America/Guadeloupe") == timezone_for("971")
    assert timezone_for("59") == timezone_for(None) == PARIS


def test_next_sessions_examples():
    after = datetime(2023, 6, 26, 17, 0, tzinfo=PARIS)  # During the 26 June session.
    assert show(next_sessions(FOIX, after=after, count=3)) == POSTER_2023[:3]
    after = datetime(2023, 6, 26, 17, 0, tzinfo=UTC)  # 19:00 in Foix: that session is over.
    assert show(next_sessions(FOIX, after=after, count=2)) == POSTER_2023[1:3]
    assert next_sessions(FOIX, after=after, count=0) == []
    assert next_sessions(desk(), after=after) == []
    with pytest.raises(TypeError):
        next_sessions(FOIX, after=datetime(2023, 6, 26, 17, 0))


def test_range_bounds_must_be_dates():
    with pytest.raises(TypeError):
        sessions_between(FOIX, datetime(2023, 6, 1), date(2023, 6, 30))
    assert sessions_between(FOIX, date(2023, 6, 30), date(2023, 6, 1)) == []


def test_schedule_normalisation():
    schedule = Schedule(rules=[weekly([TU], t(14), t(17))], departement="1", school_zone="A")
    assert schedule.departement == "01" and isinstance(schedule.rules, tuple)
    assert Schedule(rules=(), departement="", school_zone="").departement is None
    rule = Rule("weekly", [TH, TU, TU], t(14), t(17), school_holidays="outside")
    assert rule.weekdays == (TU, TH) and rule.kind is WEEKLY and rule.school_holidays is OUTSIDE
    assert hash(rule) == hash(weekly([TU, TH], t(14), t(17), school_holidays=OUTSIDE))
    assert monthly([MO], [-1, 3, 1], t(9), t(10)).nths == (1, 3, -1)


def test_public_holiday_helper():
    assert is_public_holiday(date(2026, 12, 26), "67")
    assert not is_public_holiday(date(2026, 12, 26), "59")
    assert not is_public_holiday(date(2026, 12, 26))
    assert is_public_holiday(date(2026, 5, 27), "971")


# --- School holidays: sources and edge days.


def test_school_holiday_edges():
    # "Vacances de Noël du samedi 20 décembre 2025 au lundi 5 janvier 2026".
    assert not is_school_holiday(date(2025, 12, 19), "B")
    assert is_school_holiday(date(2025, 12, 20), "B")
    assert is_school_holiday(date(2026, 1, 4), "B")
    assert not is_school_holiday(date(2026, 1, 5), "B")
    # Summer 2028: classes end after school on Tuesday 4 July.
    assert not is_school_holiday(date(2028, 7, 4), "A")
    assert is_school_holiday(date(2028, 7, 5), "A")
    assert is_school_holiday(date(2028, 8, 31), "C")
    # The Ascension bridge is not counted, whichever year the package lists it for.
    assert not is_school_holiday(date(2026, 5, 15), "B")
    assert not is_school_holiday(date(2027, 5, 7), "B")
    # Zones differ: winter 2026 starts on 7 February (A), 14 (B) and 21 (C).
    assert [is_school_holiday(date(2026, 2, 14), z) for z in "ABC"] == [True, True, False]


def test_school_holidays_after_the_official_data_are_projected():
    until = school_holiday_data_until()
    assert until >= date(2028, 8, 31)
    assert is_school_holiday(until, "A")
    # holidays' projection: Toussaint 2029 from Saturday 20 October, Christmas 2029 from
    # Saturday 22 December.
    assert not is_school_holiday(date(2029, 10, 19), "B")
    assert is_school_holiday(date(2029, 10, 20), "B")
    assert is_school_holiday(date(2029, 12, 22), "B")
    assert not is_school_holiday(date(2029, 12, 21), "B")


def test_unknown_zones_are_never_school_holidays():
    for zone in ("Corse", "Guadeloupe", "La Réunion", None):
        assert not is_school_holiday(date(2026, 8, 3), zone)
    corsica = desk(weekly([MO], t(9), t(12), school_holidays=OUTSIDE), departement="2A")
    assert len(sessions_between(corsica, date(2026, 8, 1), date(2026, 8, 31))) == 5
    assert not is_school_holiday(date(1985, 8, 1), "A")  # Before any data.


@functools.cache
def raw_calendar() -> SchoolHolidayDates:
    return SchoolHolidayDates()


def test_school_holidays_match_the_official_data_but_for_documented_days():
    """Differences with vacances-scolaires-france: the Ascension bridge, and the last class
    day when the package starts a period on a weekday."""
    calendar = raw_calendar()
    until = school_holiday_data_until()
    for zone in "ABC":
        day = date(2017, 1, 1)
        while day <= until:
            raw = calendar.is_holiday_for_zone(day, zone)
            if raw != is_school_holiday(day, zone):
                assert raw and not is_school_holiday(day, zone)
                name = calendar.data[day]["nom_vacances"]
                previous = day - timedelta(days=1)
                period_start = not calendar.is_holiday_for_zone(previous, zone) or (
                    calendar.data[previous]["nom_vacances"] != name
                )
                assert name == "Pont de l'Ascension" or (period_start and day.weekday() < 5)
            day += timedelta(days=1)


# --- 3. Properties.

DEPARTEMENT_CODES = sorted(france.DEPARTEMENTS)
NTHS = st.sampled_from([1, 2, 3, 4, 5, -1])
KINDS = st.sampled_from(list(RuleKind))
ANY_SCHOOL_MODE = st.sampled_from(list(SchoolHolidays))


@st.composite
def spans(draw):
    start = draw(st.integers(6 * 60, 21 * 60))
    end = min(start + draw(st.integers(15, 240)), 23 * 60 + 59)
    return time(*divmod(start, 60)), time(*divmod(end, 60))


@st.composite
def rules(draw, school=ANY_SCHOOL_MODE):
    kind = draw(KINDS)
    weekdays = tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1, max_size=7))))
    start, end = draw(spans())
    fields = {}
    if kind is MONTHLY:
        fields["nths"] = tuple(draw(st.sets(NTHS, min_size=1, max_size=4)))
    elif kind is WEEKLY:
        fields["except_nths"] = tuple(draw(st.sets(NTHS, max_size=3)))
    else:
        fields["interval"] = draw(st.integers(2, 8))
        anchor = draw(st.dates(date(2015, 1, 1), date(2035, 12, 31)))
        weekday = draw(st.sampled_from(weekdays))
        fields["anchor"] = anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    if draw(st.booleans()):
        valid_from = draw(st.dates(date(2024, 1, 1), date(2030, 12, 31)))
        fields["valid_from"] = valid_from
        if draw(st.booleans()):
            fields["valid_until"] = valid_from + timedelta(days=draw(st.integers(0, 800)))
    elif draw(st.booleans()):
        fields["valid_until"] = draw(st.dates(date(2024, 1, 1), date(2030, 12, 31)))
    return Rule(
        kind,
        weekdays,
        start,
        end,
        school_holidays=draw(school),
        label=draw(st.sampled_from(["", "Accueil", "Info asile"])),
        **fields,
    )


@st.composite
def schedules(draw):
    departement = draw(st.one_of(st.none(), st.sampled_from(DEPARTEMENT_CODES)))
    zone = france.DEPARTEMENTS[departement].school_zone if departement else None
    school = ANY_SCHOOL_MODE if zone else st.just(SchoolHolidays.ANY)
    closures = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.dates(date(2024, 1, 1), date(2030, 12, 31)))
        closures.append(Closure(start, start + timedelta(days=draw(st.integers(0, 40))), "x"))
    extras = []
    for _ in range(draw(st.integers(0, 3))):
        start, end = draw(spans())
        extras.append(
            ExtraSession(draw(st.dates(date(2024, 1, 1), date(2030, 12, 31))), start, end)
        )
    return Schedule(
        rules=tuple(draw(st.lists(rules(school=school), max_size=3))),
        closures=tuple(closures),
        extras=tuple(extras),
        closed_on_public_holidays=draw(st.booleans()),
        departement=departement,
        school_zone=zone,
    )


def every_day(school=SchoolHolidays.ANY) -> Rule:
    return weekly(range(7), t(10), t(12), school_holidays=school)


def window(draw, first_day: date, last_day: date, length: int) -> tuple[date, date]:
    first = draw(st.dates(first_day, last_day - timedelta(days=length)))
    return first, first + timedelta(days=length)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), departement=st.sampled_from(DEPARTEMENT_CODES), year=st.integers(2024, 2030))
def test_no_session_on_public_holidays(data, departement, year):
    extra_rule = data.draw(rules(school=st.just(SchoolHolidays.ANY)))
    schedule = desk(every_day(), extra_rule, departement=departement)
    first, last = window(data.draw, date(year, 1, 1), date(year, 12, 31), 120)
    official = holidays.France(
        subdiv=france.holiday_subdivision(departement), years=range(year, year + 2)
    )
    days = {s.start.date() for s in sessions_between(schedule, first, last)}
    assert not days & set(official)
    # And nothing else is dropped: the every-day rule fills every other day.
    expected = {first + timedelta(days=n) for n in range((last - first).days + 1)}
    assert days == expected - set(official)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), zone=st.sampled_from("ABC"), during=st.booleans())
def test_school_holiday_rules(data, zone, during):
    departement = next(c for c, d in sorted(france.DEPARTEMENTS.items()) if d.school_zone == zone)
    school = DURING if during else OUTSIDE
    schedule = desk(every_day(school), departement=departement, closed_on_public_holidays=False)
    first, last = window(data.draw, date(2018, 1, 1), school_holiday_data_until(), 90)
    days = {s.start.date() for s in sessions_between(schedule, first, last)}
    expected = {
        day
        for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
        if is_school_holiday(day, zone) == during
    }
    assert days == expected
    # The raw package data agrees, apart from the first day of a period and the bridge.
    calendar = raw_calendar()
    disagreements = [d for d in days if calendar.is_holiday_for_zone(d, zone) != during]
    assert during or all(
        calendar.data[d]["nom_vacances"] == "Pont de l'Ascension" or d.weekday() < 5
        for d in disagreements
    )
    assert not during or not disagreements


@settings(max_examples=60, deadline=None)
@given(anchor=st.dates(date(2000, 1, 1), date(2040, 12, 31)), interval=st.integers(2, 8))
def test_every_n_weeks_keeps_its_rhythm_across_iso_week_53(anchor, interval):
    schedule = desk(
        every_n([anchor.weekday()], interval, anchor, t(14, 30), t(16, 30)),
        closed_on_public_holidays=False,
    )
    sessions = sessions_between(schedule, date(2026, 11, 1), date(2027, 2, 28))
    days = [s.start.date() for s in sessions]
    assert len(days) >= 119 // (7 * interval)
    assert all((b - a).days == 7 * interval for a, b in zip(days, days[1:], strict=False))
    assert all((day - anchor).days % (7 * interval) == 0 for day in days)


@settings(max_examples=60, deadline=None)
@given(anchor=st.dates(date(2000, 1, 1), date(2040, 12, 31)))
def test_every_other_week_is_14_days_apart_across_2026_2027(anchor):
    schedule = desk(every_n([anchor.weekday()], 2, anchor, t(14), t(16)), departement=None)
    sessions = sessions_between(schedule, date(2026, 12, 1), date(2027, 1, 31))
    days = [s.start.date() for s in sessions]
    # Only public holidays can leave a gap, and then exactly 28 days.
    for a, b in zip(days, days[1:], strict=False):
        assert (b - a).days == 14 or (
            (b - a).days == 28 and is_public_holiday(a + timedelta(days=14))
        )


def last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() - SU) % 7)


@settings(max_examples=60, deadline=None)
@given(
    year=st.integers(2024, 2030),
    month=st.sampled_from([3, 10]),
    span=spans(),
    departement=st.sampled_from([None, "59", "67", "2A", "09"]),
)
def test_wall_clock_time_across_daylight_saving_changes(year, month, span, departement):
    start, end = span
    schedule = desk(
        weekly(range(7), start, end), departement=departement, closed_on_public_holidays=False
    )
    change = last_sunday(year, month)
    sessions = sessions_between(schedule, change - timedelta(days=10), change + timedelta(days=10))
    assert len(sessions) == 21
    summer = (last_sunday(year, 3), last_sunday(year, 10))
    for session in sessions:
        assert (session.start.hour, session.start.minute) == (start.hour, start.minute)
        assert (session.end.hour, session.end.minute) == (end.hour, end.minute)
        offset = 2 if summer[0] <= session.start.date() < summer[1] else 1
        assert session.start.utcoffset() == timedelta(hours=offset)
        assert session.end.utcoffset() == timedelta(hours=offset)


@settings(max_examples=60, deadline=None)
@given(
    schedule=schedules(),
    after=st.datetimes(
        datetime(2024, 1, 1), datetime(2030, 6, 30), timezones=st.sampled_from([PARIS, UTC])
    ),
    count=st.integers(1, 15),
    horizon=st.integers(1, 120),
)
def test_sessions_are_sorted_and_next_sessions_agrees(schedule, after, count, horizon):
    local_day = after.astimezone(schedule.timezone).date()
    sessions = sessions_between(schedule, local_day, local_day + timedelta(days=horizon))
    keys = [(s.start, s.end) for s in sessions]
    assert keys == sorted(set(keys))
    assert all(s.start.tzinfo is schedule.timezone for s in sessions)
    expected = [s for s in sessions if s.end > after][:count]
    assert next_sessions(schedule, after=after, count=count, horizon_days=horizon) == expected


@settings(max_examples=60, deadline=None)
@given(schedule=schedules())
def test_describe_never_raises(schedule):
    french = describe(schedule, "fr")
    english = describe(schedule, "en")
    assert french and english and french.endswith(".") and english.endswith(".")
    assert describe(schedule, "de") == french
    assert describe(schedule, "en-GB") == english
    for language in SITE_LANGUAGES:
        assert describe(schedule, language).endswith((".", "።"))


SITE_LANGUAGES = [code for code, _name in django_settings.LANGUAGES]

# A schedule using every word of describe(): ranks, every n weeks, school holidays, validity,
# exceptions, closures and an extra session (their messages left empty: they are user data).
EVERY_WORD = desk(
    monthly([MO], [1, 2, 3, 4, 5], t(9), t(12, 30), valid_from=date(2027, 1, 1)),
    monthly([FR], [-1], t(14), t(17), valid_until=date(2027, 6, 30)),
    weekly([TU, TH], t(14), t(17), except_nths=(2,), school_holidays=SchoolHolidays.OUTSIDE),
    weekly([MO, TU, WE, TH, FR], t(9), t(12)),
    weekly([MO, TU, WE, TH, FR, SA, SU], t(8), t(9)),
    every_n([SA], 3, date(2026, 1, 3), t(10), t(12), school_holidays=SchoolHolidays.DURING),
    every_n([WE, SU], 2, date(2026, 1, 4), t(10), t(12)),
    closures=(
        Closure(date(2026, 12, 20), date(2027, 1, 4)),
        Closure(date(2026, 8, 3), date(2026, 8, 14)),
        Closure(date(2026, 11, 1), date(2026, 11, 1)),
    ),
    extras=(ExtraSession(date(2026, 7, 14), t(10), t(12, 30), "x"),),
)
FRENCH_WORDS = ("lundi", "mois", "sauf", "Fermé", "Permanence", "vacances", "fériés", "semaine")
ENGLISH_WORDS = ("Monday", "month", "except", "Closed", "session", "holidays", "week")


@pytest.mark.parametrize("language", [code for code in SITE_LANGUAGES if code != "fr"])
def test_every_word_of_describe_is_translated(language):
    """Each word of the French table has its own translation: a missing one would show French
    in the middle of an Arabic sentence. Pure patterns ("{day} {month} {year}") may stay."""
    schedule_module._WORDS.clear()
    french, other = schedule_module._words_for("fr"), schedule_module._words_for(language)

    def leaves(table):
        for key, value in table.items():
            items = value.items() if isinstance(value, dict) else enumerate(value)
            if isinstance(value, str):
                yield key, value
            else:
                yield from ((f"{key}[{index}]", leaf) for index, leaf in items)

    untranslated = [
        key
        for (key, word), (_key, translated) in zip(leaves(french), leaves(other), strict=True)
        if re.sub(r"\{\w+\}", "", word).strip(" \u00a0,;:().")
        and translated == word
        and key not in ("am", "pm")  # French never shows them (24-hour clock)
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", [code for code in SITE_LANGUAGES if code not in ("fr", "en")])
def test_describe_speaks_the_language_asked_for(language):
    text = describe(EVERY_WORD, language)
    assert not [word for word in FRENCH_WORDS + ENGLISH_WORDS if word.lower() in text.lower()]
    if language not in ("es", "tr"):
        assert re.findall("[A-Za-z]+", text) == ["x"]
    assert text != describe(EVERY_WORD, "fr") and text.endswith((".", "።"))


def test_describe_reads_region_codes_and_falls_back_to_french():
    dari = describe(FOIX, "fa-af")
    assert dari != describe(FOIX, "fr")
    assert describe(FOIX, "fa-AF") == describe(FOIX, "fa_AF") == describe(FOIX, "fa") == dari
    assert describe(FOIX, "en-GB") == describe(FOIX, "en")
    assert describe(FOIX, "de") == describe(FOIX, "") == describe(FOIX, "fr")


@settings(max_examples=60, deadline=None)
@given(schedule=schedules(), on=st.dates(date(2024, 1, 1), date(2030, 12, 31)))
def test_opening_hours_always_parses(schedule, on):
    text = to_opening_hours(schedule, on=on)
    opening_hours.OpeningHours(text)
    assert opening_hours.validate(text)


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    rule_list=st.lists(rules(school=st.just(SchoolHolidays.ANY)), min_size=1, max_size=3),
)
def test_opening_hours_evaluates_like_the_engine(data, rule_list):
    """Without holidays (which the evaluator does not know), opening-hours-py opens exactly
    during our sessions, within one ISO year for every-N-weeks rules."""
    assume(all(-1 not in r.except_nths or r.except_nths == (-1,) for r in rule_list))
    schedule = desk(*rule_list, departement=None, closed_on_public_holidays=False)
    first = data.draw(st.dates(date(2024, 1, 1), date(2030, 11, 1)))
    first = max(first, date.fromisocalendar(first.isocalendar().year, 1, 1))
    last = min(
        first + timedelta(days=45), date.fromisocalendar(first.isocalendar().year + 1, 1, 1)
    ) - timedelta(days=1)
    evaluator = opening_hours.OpeningHours(to_opening_hours(schedule, on=first))
    sessions = sessions_between(schedule, first, last)
    for session in sessions:
        middle = session.start + (session.end - session.start) / 2
        assert evaluator.is_open(middle.replace(tzinfo=None))
    held = {(s.start.date(), s.start.time(), s.end.time()) for s in sessions}
    for rule in rule_list:
        day = first
        while day <= last:
            if (day, rule.start, rule.end) not in held:
                middle = (
                    datetime.combine(day, rule.start)
                    + (datetime.combine(day, rule.end) - datetime.combine(day, rule.start)) / 2
                )
                if not any(
                    s.start.date() == day and s.start.time() <= middle.time() < s.end.time()
                    for s in sessions
                ):
                    assert evaluator.is_closed(middle)
            day += timedelta(days=1)


# --- describe() and to_opening_hours() examples.


def test_describe_examples():
    assert (
        plain(describe(FOIX)) == "Les 2e et 4e lundis du mois, de 16 h à 19 h, sauf jours fériés."
    )
    assert "16\u00a0h" in describe(FOIX)
    assert describe(FOIX, "en") == (
        "2nd and 4th Monday of the month, 4:00 pm–7:00 pm, except public holidays."
    )
    soissons_monday = desk(
        every_n([MO], 2, date(2026, 1, 5), t(14, 30), t(16, 30)), closed_on_public_holidays=False
    )
    assert plain(describe(soissons_monday)) == (
        "Un lundi sur deux (à partir du 5 janvier 2026), de 14 h 30 à 16 h 30."
    )
    assert describe(soissons_monday, "en") == (
        "Every other Monday (from 5 January 2026), 2:30 pm–4:30 pm."
    )
    assert plain(describe(AMIENS)) == (
        "Le mardi, de 14 h à 16 h 30, hors vacances scolaires ; un mardi sur deux "
        "(à partir du 14 avril 2026) pendant les vacances scolaires, de 14 h à 16 h 30, "
        "sauf jours fériés."
    )
    assert plain(describe(CALAIS)) == (
        "Le lundi, de 14 h à 17 h, sauf le 2e lundi du mois, sauf jours fériés."
    )
    assert describe(CALAIS, "en") == (
        "Every Monday, 2:00 pm–5:00 pm, except the 2nd Monday of the month, except public holidays."
    )
    assert plain(describe(LILLE)) == (
        "Le mardi et le jeudi, de 14 h à 17 h ; le samedi, de 9 h à 12 h, sauf jours fériés."
    )
    assert plain(describe(INFO_MIGRANTS)) == (
        "Du lundi au vendredi, de 9 h à 13 h et de 14 h à 16 h, sauf jours fériés."
    )
    assert describe(INFO_MIGRANTS, "en") == (
        "Monday to Friday, 9:00 am–1:00 pm and 2:00 pm–4:00 pm, except public holidays."
    )
    assert plain(describe(MAUBEUGE)) == (
        "Les 1er et 3e mercredis du mois, de 14 h à 16 h ; les 2e et 4e samedis du mois, "
        "de 9 h à 11 h, sauf jours fériés."
    )
    assert plain(describe(LILLE_ASYLUM)) == (
        "Le 2e vendredi du mois, de 14 h à 16 h (Accueil info asile) ; le 4e samedi du mois, "
        "de 10 h à 12 h (Accueil info asile), sauf jours fériés."
    )
    assert plain(
        describe(desk(monthly([FR], [-1], t(9), t(12)), closed_on_public_holidays=False))
    ) == ("Le dernier vendredi du mois, de 9 h à 12 h.")


def test_describe_closures_extras_and_validity():
    schedule = desk(
        monthly(
            [MO], [2, 4], t(16), t(19), valid_from=date(2023, 6, 1), valid_until=date(2023, 9, 30)
        ),
        closures=(
            Closure(date(2026, 12, 20), date(2027, 1, 4), "congés"),
            Closure(date(2026, 8, 3), date(2026, 8, 14)),
            Closure(date(2026, 11, 2), date(2026, 11, 2)),
        ),
        extras=(ExtraSession(date(2026, 7, 14), t(10), t(12, 30), "accueil spécial"),),
    )
    assert plain(describe(schedule)) == (
        "Les 2e et 4e lundis du mois, de 16 h à 19 h, du 1er juin au 30 septembre 2023, "
        "sauf jours fériés. Fermé du 3 au 14 août 2026. Fermé le 2 novembre 2026. "
        "Fermé du 20 décembre 2026 au 4 janvier 2027 : congés. "
        "Permanence exceptionnelle le 14 juillet 2026, de 10 h à 12 h 30 : accueil spécial."
    )
    assert describe(schedule, "en") == (
        "2nd and 4th Monday of the month, 4:00 pm–7:00 pm, from 1 June to 30 September 2023, "
        "except public holidays. Closed from 3 to 14 August 2026. Closed on 2 November 2026. "
        "Closed from 20 December 2026 to 4 January 2027: congés. "
        "Extra session on 14 July 2026, 10:00 am–12:30 pm: accueil spécial."
    )
    assert describe(Schedule(rules=())) == "Pas de permanence régulière."
    assert describe(Schedule(rules=()), "en") == "No regular sessions."


def test_opening_hours_examples():
    assert to_opening_hours(FOIX) == "Mo[2,4] 16:00-19:00; PH off"
    assert to_opening_hours(TOURCOING) == "Sa 09:30-11:00; SH off; PH off"
    assert to_opening_hours(LILLE) == "Tu,Th 14:00-17:00; Sa 09:00-12:00; PH off"
    assert to_opening_hours(INFO_MIGRANTS) == "Mo-Fr 09:00-13:00,14:00-16:00; PH off"
    assert to_opening_hours(CALAIS) == "Mo[1,3,4,5] 14:00-17:00; PH off"
    # 5 January 2026 is in ISO week 2; 4 January 2027, 52 weeks later, in week 1 of 2027.
    assert to_opening_hours(SOISSONS, on=date(2026, 6, 1)) == (
        "Fr 09:30-12:00; week 02-53/2 Mo 14:30-16:30; PH off"
    )
    assert to_opening_hours(SOISSONS, on=date(2027, 6, 1)) == (
        "Fr 09:30-12:00; week 01-53/2 Mo 14:30-16:30; PH off"
    )
    assert to_opening_hours(AMIENS, on=date(2026, 6, 1)) == (
        "Tu 14:00-16:30; SH off; week 02-53/2 SH Tu 14:00-16:30; PH off"
    )
    with_dates = lille_with(
        closures=(Closure(date(2026, 12, 20), date(2027, 1, 4)),),
        extras=(ExtraSession(date(2026, 7, 14), t(10), t(12)),),
    )
    assert to_opening_hours(with_dates) == (
        "Tu,Th 14:00-17:00; Sa 09:00-12:00; PH off, 2026 Jul 14 10:00-12:00; "
        "2026 Dec 20-2027 Jan 04 off"
    )
    assert to_opening_hours(Schedule(rules=())) == "off"


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_opening_hours_of_every_seed_parses(name):
    opening_hours.OpeningHours(to_opening_hours(SEEDS[name], on=date(2026, 1, 1)))


# --- 4. Bad input.

BAD = [
    pytest.param(
        lambda: weekly([MO], t(16), t(14)),
        "end",
        "L’heure de fin (14:00) doit être après l’heure de début (16:00).",
        id="end-before-start",
    ),
    pytest.param(
        lambda: weekly([MO], t(16), t(16)),
        "end",
        "L’heure de fin (16:00) doit être après l’heure de début (16:00).",
        id="end-equals-start",
    ),
    pytest.param(
        lambda: ExtraSession(date(2026, 7, 14), t(12), t(10)),
        "end",
        "L’heure de fin (10:00) doit être après l’heure de début (12:00).",
        id="extra-end-before-start",
    ),
    pytest.param(
        lambda: Closure(date(2026, 12, 20), date(2026, 12, 3)),
        "end",
        "La fermeture se termine (3 décembre 2026) avant de commencer (20 décembre 2026).",
        id="closure-ends-before-it-starts",
    ),
    pytest.param(
        lambda: every_n([MO], 2, date(2026, 1, 6), t(14), t(16)),
        "anchor",
        "ne tombe pas un des jours choisis",
        id="anchor-weekday",
    ),
    pytest.param(
        lambda: every_n([MO], 2, None, t(14), t(16)), "anchor", "séance réelle", id="no-anchor"
    ),
    pytest.param(
        lambda: monthly([MO], [6], t(14), t(16)),
        "nths",
        "Rang dans le mois invalide : 6",
        id="nth-6",
    ),
    pytest.param(lambda: monthly([MO], [0], t(14), t(16)), "nths", "invalide : 0", id="nth-0"),
    pytest.param(
        lambda: monthly([MO], [], t(14), t(16)), "nths", "Indiquez", id="monthly-without-nths"
    ),
    pytest.param(
        lambda: weekly([MO], t(14), t(16), nths=(2,)), "nths", "mensuelle", id="nths-on-weekly"
    ),
    pytest.param(
        lambda: monthly([MO], [2], t(14), t(16), except_nths=(1,)),
        "except_nths",
        "hebdomadaire",
        id="except-on-monthly",
    ),
    pytest.param(
        lambda: weekly([MO], t(14), t(16), except_nths=(1, 2, 3, 4, 5)),
        "except_nths",
        "aucune permanence",
        id="except-everything",
    ),
    pytest.param(
        lambda: every_n([MO], 0, date(2026, 1, 5), t(14), t(16)),
        "interval",
        "entre 2 et 8 semaines (reçu : 0)",
        id="interval-0",
    ),
    pytest.param(
        lambda: every_n([MO], 9, date(2026, 1, 5), t(14), t(16)),
        "interval",
        "reçu : 9",
        id="interval-9",
    ),
    pytest.param(
        lambda: Rule(WEEKLY, (MO,), t(14), t(16), interval=2),
        "interval",
        "N semaines",
        id="interval-on-weekly",
    ),
    pytest.param(lambda: weekly([], t(14), t(16)), "weekdays", "au moins un jour", id="no-weekday"),
    pytest.param(lambda: weekly([7], t(14), t(16)), "weekdays", "inconnu : 7", id="weekday-7"),
    pytest.param(lambda: Rule("daily", (MO,), t(14), t(16)), "kind", "inconnu", id="unknown-kind"),
    pytest.param(lambda: weekly([MO], time(14, 0, 30), t(16)), "start", "minute", id="seconds"),
    pytest.param(
        lambda: weekly(
            [MO], t(14), t(16), valid_from=date(2026, 6, 1), valid_until=date(2026, 5, 1)
        ),
        "valid_until",
        "La fin de validité (1er mai 2026) est avant le début (1er juin 2026).",
        id="valid-until-before-from",
    ),
    pytest.param(
        lambda: Schedule(rules=(weekly([SA], t(9), t(11), school_holidays=OUTSIDE),)),
        "school_zone",
        "Indiquez la zone de vacances scolaires",
        id="outside-without-zone",
    ),
    pytest.param(
        lambda: Schedule(
            rules=(weekly([SA], t(9), t(11), school_holidays=DURING),), departement="59"
        ),
        "school_zone",
        "zone B pour le département 59",
        id="during-without-zone",
    ),
    pytest.param(
        lambda: Schedule(rules=(), departement="59", school_zone="A"),
        "school_zone",
        "ne correspond pas",
        id="zone-of-another-departement",
    ),
    pytest.param(
        lambda: Schedule(rules=(), school_zone="D"), "school_zone", "inconnue", id="zone-d"
    ),
    pytest.param(
        lambda: Schedule(rules=(), departement="20"), "departement", "inconnu", id="departement-20"
    ),
    pytest.param(lambda: parse_hhmm("25:00"), "time", "n’est pas une heure valide", id="hhmm-25"),
]


@pytest.mark.parametrize(("build", "field", "message"), BAD)
def test_bad_input(build, field, message):
    with pytest.raises(ScheduleError) as caught:
        build()
    assert caught.value.field == field
    assert message in caught.value.message
    assert str(caught.value) == caught.value.message
    assert isinstance(caught.value, ValueError)


def test_schedule_error_survives_pickling():
    error = pickle.loads(pickle.dumps(ScheduleError("Message.", field="end")))  # noqa: S301
    assert (error.message, error.field) == ("Message.", "end")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16:00", t(16)),
        ("9:30", t(9, 30)),
        ("09h30", t(9, 30)),
        ("14h", t(14)),
        ("16 h 30", t(16, 30)),
        (f"16{NBSP}h{NBSP}30", t(16, 30)),
        ("16.30", t(16, 30)),
        ("8", t(8)),
        (" 23:59 ", t(23, 59)),
    ],
)
def test_parse_hhmm(text, expected):
    assert parse_hhmm(text) == expected


@pytest.mark.parametrize("text", ["", "24:00", "16:60", "16:5", "midi", "16h30h", "-1"])
def test_parse_hhmm_rejects(text):
    with pytest.raises(ScheduleError) as caught:
        parse_hhmm(text, field="start")
    assert caught.value.field == "start"


def test_schedule_errors_speak_the_volunteer_language():
    """The engine judges the desk form's rules: its messages follow the interface's language,
    dates and weekdays included."""
    with translation.override("en"), pytest.raises(ScheduleError) as error:
        weekly([MO], t(10), t(9))
    assert error.value.message == "The end time (09:00) must be after the start time (10:00)."
    assert error.value.field == "end"
    with translation.override("en"), pytest.raises(ScheduleError) as error:
        every_n([MO], 2, date(2026, 1, 6), t(10), t(12))
    assert error.value.message == (
        "The reference date (Tuesday 6 January 2026) does not fall on one of the chosen days "
        "(Monday)."
    )
    with translation.override("ar"), pytest.raises(ScheduleError) as error:
        every_n([MO], 2, date(2026, 1, 6), t(10), t(12))
    assert not re.search("[A-Za-z]", error.value.message)
    with pytest.raises(ScheduleError) as error:
        every_n([MO], 2, date(2026, 1, 6), t(10), t(12))
    assert error.value.message == (
        "La date de référence (mardi 6 janvier 2026) ne tombe pas un des jours choisis (lundi)."
    )
