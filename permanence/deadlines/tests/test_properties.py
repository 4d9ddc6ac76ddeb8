"""Properties every deadline must have, for every shipped rule (hypothesis)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from permanence.deadlines.engine import compute, holiday_name
from permanence.deadlines.rules import REFORM_DATE, default_rules

RULES = list(default_rules())
DEPARTEMENTS = [None, "75", "59", "57", "67", "68", "2A", "971", "972", "973", "974", "976"]
TODAY = date(2100, 1, 1)  # so that no generated date counts as "too far in the future"
PROPERTIES = settings(max_examples=300, deadline=None, database=None)


def _taken_range(rule) -> tuple[date, date]:
    if rule.regime == "before-2024-07-15":
        return date(1990, 1, 1), REFORM_DATE - timedelta(days=1)
    if rule.regime == "from-2024-07-15":
        return REFORM_DATE, date(2040, 12, 31)
    return date(1990, 1, 1), date(2040, 12, 31)


@st.composite
def situations(draw):
    rule = draw(st.sampled_from(RULES))
    low, high = _taken_range(rule)
    taken = draw(st.dates(min_value=low, max_value=high))
    offsets = sorted(draw(st.lists(st.integers(0, 500), min_size=2, max_size=2)))
    departement = draw(st.sampled_from(DEPARTEMENTS))
    overseas = draw(st.booleans())
    if rule.hourly:
        # Instants (not wall-clock times), so that "later" is unambiguous across DST changes.
        start = datetime(taken.year, taken.month, taken.day, 12, tzinfo=UTC)
        minutes = sorted(draw(st.lists(st.integers(0, 500 * 24 * 60), min_size=2, max_size=2)))
        notified = [start + timedelta(minutes=m) for m in minutes]
    else:
        notified = [taken + timedelta(days=offset) for offset in offsets]
    return rule, taken, notified, departement, overseas


def _comparable(value):
    """Aware datetimes compared in UTC (Python ignores ``fold`` between datetimes of one zone)."""
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _compute(rule, taken, notified, departement, overseas):
    return compute(
        rule=rule,
        taken_on=taken,
        notified=notified,
        departement=departement,
        overseas=overseas,
        today=TODAY,
    )


@PROPERTIES
@given(situations())
def test_deadlines_never_precede_notification_and_legal_is_never_before_safe(case):
    rule, taken, (notified, _), departement, overseas = case
    result = _compute(rule, taken, notified, departement, overseas)
    if rule.hourly:
        assert result.safe_deadline == result.legal_deadline
        elapsed = result.safe_deadline.astimezone(UTC) - notified
        assert elapsed > timedelta(0)
        hours = rule.duration.value * (24 if rule.duration.unit == "days" else 1)
        # Hour by hour: exactly the hours, or one hour less across a daylight-saving change.
        assert timedelta(hours=hours - 1) <= elapsed <= timedelta(hours=hours)
    else:
        start = result.implicit_decision_on or notified
        assert result.safe_deadline > start >= notified
        assert result.legal_deadline >= result.safe_deadline
        # Even after a long weekend of holidays, the legal day stays close to the nominal one
        # (plus the distance extension, at most one month here).
        assert result.legal_deadline - result.safe_deadline <= timedelta(days=31 + 8)
    assert _comparable(result.safe_deadline_at()) <= _comparable(result.legal_deadline_at())


@PROPERTIES
@given(situations())
def test_a_later_notification_never_gives_an_earlier_deadline(case):
    rule, taken, (earlier, later), departement, overseas = case
    first = _compute(rule, taken, earlier, departement, overseas)
    second = _compute(rule, taken, later, departement, overseas)
    assert _comparable(first.safe_deadline) <= _comparable(second.safe_deadline)
    assert _comparable(first.legal_deadline) <= _comparable(second.legal_deadline)


@PROPERTIES
@given(situations())
def test_extended_legal_deadlines_fall_on_a_working_day_of_the_departement(case):
    rule, taken, (notified, _), departement, overseas = case
    result = _compute(rule, taken, notified, departement, overseas)
    if rule.extend_to_working_day:
        assert result.legal_deadline.weekday() < 5
        assert holiday_name(result.legal_deadline, departement) is None


@PROPERTIES
@given(situations())
def test_explanations_are_given_in_both_languages(case):
    rule, taken, (notified, _), departement, overseas = case
    result = _compute(rule, taken, notified, departement, overseas)
    assert result.explanation_fr.startswith(("Notifiée le", "Demande complète déposée le"))
    assert result.explanation_en.startswith(("Notified", "Complete application filed"))
    assert rule.where in result.explanation_fr


@pytest.mark.parametrize("code", [rule.code for rule in RULES if rule.hourly])
def test_hour_deadlines_are_monotonic_minute_by_minute_across_daylight_saving(code):
    """Notifications every minute around the two DST changes of 2026 (the deadline falls in the
    skipped or repeated hour)."""
    rule = default_rules().get(code)
    paris = ZoneInfo("Europe/Paris")
    hours = rule.duration.value * (24 if rule.duration.unit == "days" else 1)
    for change in (datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)):
        start = change - timedelta(hours=hours + 2)
        previous = None
        for minute in range(0, 4 * 60, 7):
            notified = (start + timedelta(minutes=minute)).astimezone(paris)
            taken = date(2024, 7, 1) if rule.regime == "before-2024-07-15" else date(2026, 3, 1)
            result = _compute(rule, taken, notified, "75", False)
            deadline = result.safe_deadline.astimezone(UTC)
            if previous is not None:
                assert deadline >= previous
            previous = deadline
