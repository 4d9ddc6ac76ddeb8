"""The figures of a statistics dashboard: one aggregate query per table (or fewer), both periods
at once.

Every table counts the organisation and all the organisations below it (a region or a network is
the sum of its groups). Each query groups with ``values().annotate(Count(...))`` and counts the
chosen period and the same period of the previous year with filtered counts, so the number of
queries does not depend on the number of rows. Nothing here reads a name or a case's content.
"""

import calendar
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from permanence.cases.models import Case, Entry
from permanence.cases.vocab import CaseOutcome, CaseTopic, ContactChannel, EntryKind
from permanence.deadlines.models import Deadline, DeadlineStatus
from permanence.helpline.models import CallSheet
from permanence.helpline.vocab import CallerType
from permanence.helpline.vocab import Topic as CallTopic
from permanence.orgs.models import Organisation

PARIS = ZoneInfo("Europe/Paris")
THRESHOLD = 5  # counts from 1 to THRESHOLD - 1 are shown as "< 5" outside the owning group
SUPPRESSED = "< 5"
MASKED = "*"  # a larger cell hidden so that a lone "< 5" cannot be found again from the total


# --- Periods ------------------------------------------------------------------------------------


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    """From ``first`` to ``last``, both days included."""

    first: date
    last: date

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def is_year(self) -> bool:
        return (self.first.month, self.first.day, self.last.month, self.last.day) == (1, 1, 12, 31)

    @property
    def label(self) -> str:
        if self.is_year and self.first.year == self.last.year:
            return str(self.first.year)
        return f"{self.first:%d/%m/%Y} – {self.last:%d/%m/%Y}"

    def previous(self) -> "Period":
        last = self.last
        if (last.month, last.day) == (2, 29) or (
            last.month == 2 and last.day == calendar.monthrange(last.year, 2)[1]
        ):
            last = date(last.year - 1, 2, calendar.monthrange(last.year - 1, 2)[1])
        else:
            last = _year_earlier(last)
        return Period(_year_earlier(self.first), last)

    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes (Paris): the first day's midnight and the midnight after the last."""
        start = datetime.combine(self.first, time(0), tzinfo=PARIS)
        end = datetime.combine(date.fromordinal(self.last.toordinal() + 1), time(0), tzinfo=PARIS)
        return start, end


def period_from(params) -> Period:
    """``?year=YYYY`` or ``?from=YYYY-MM-DD&to=YYYY-MM-DD``; the current year otherwise."""
    today = timezone.now().astimezone(PARIS).date()
    first, last = params.get("from"), params.get("to")
    if first and last:
        try:
            period = Period(date.fromisoformat(first), date.fromisoformat(last))
        except ValueError:
            period = None
        if (
            period
            and period.first <= period.last
            and 2000 <= period.first.year <= 2100
            and period.last.toordinal() - period.first.toordinal() <= 366 * 5
        ):
            return period
    try:
        year = int(params.get("year", ""))
    except ValueError:
        year = today.year
    if not 2000 <= year <= 2100:
        year = today.year
    return Period.year(year)


# --- Tables -------------------------------------------------------------------------------------


@dataclass
class Row:
    code: str
    label: str
    current: int
    previous: int
    # Filled in by ``suppress``: what is shown.
    current_shown: str = ""
    previous_shown: str = ""
    share: str = ""
    change: str = ""


@dataclass
class StatTable:
    key: str
    title: str
    first_column: str
    rows: list[Row]
    note: str = ""
    total: Row | None = None
    suppressed: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(row.current or row.previous for row in self.rows)


def _rows(choices, current: Counter, previous: Counter, *, keep_empty: bool = True) -> list[Row]:
    labels = dict(choices.choices)
    codes = [code for code in labels if keep_empty or current[code] or previous[code]]
    codes += sorted(
        code for code in set(current) | set(previous) if code not in labels and code is not None
    )
    return [
        Row(code, str(labels.get(code) or _("Non renseigné")), current[code], previous[code])
        for code in codes
    ]


def _period_q(prefix: str, period: Period, *, dates: bool) -> Q:
    if dates:
        return Q(**{f"{prefix}__gte": period.first, f"{prefix}__lte": period.last})
    start, end = period.bounds()
    return Q(**{f"{prefix}__gte": start, f"{prefix}__lt": end})


def _counts(queryset, fields: tuple[str, ...], field_name: str, periods, *, dates: bool) -> list:
    """One query: the counts in each period (``cur``, ``prev``) per combination of ``fields``."""
    current_q, previous_q = (_period_q(field_name, p, dates=dates) for p in periods)
    return list(
        queryset.filter(current_q | previous_q)
        .order_by()
        .values(*fields)
        .annotate(cur=Count("pk", filter=current_q), prev=Count("pk", filter=previous_q))
    )


def _fold(items: list, by: str) -> tuple[Counter, Counter]:
    """Counts per value of ``by``, from the rows of ``_counts``."""
    current, previous = Counter(), Counter()
    for item in items:
        value = item[by]
        if isinstance(value, list):  # a JSON list of topics: one group per combination
            for code in set(value):
                current[code] += item["cur"]
                previous[code] += item["prev"]
        else:
            current[value or ""] += item["cur"]
            previous[value or ""] += item["prev"]
    return current, previous


def _grouped(queryset, by: str, field_name: str, periods, *, dates: bool) -> tuple[Counter, ...]:
    """One query: counts per value of ``by`` in each period."""
    return _fold(_counts(queryset, (by,), field_name, periods, dates=dates), by)


def _total_row(current: int, previous: int) -> Row:
    return Row("total", _("Total"), current, previous)


def cases_opened_by_topic(ids, periods) -> StatTable:
    cases = Case.objects.filter(organisation_id__in=ids)
    items = _counts(cases, ("topics",), "opened_on", periods, dates=True)
    current, previous = _fold(items, "topics")
    total = _total_row(sum(i["cur"] for i in items), sum(i["prev"] for i in items))  # 1 per case
    return StatTable(
        key="case_topics",
        title=_("Dossiers ouverts, par thème"),
        first_column=_("Thème"),
        rows=_rows(CaseTopic, current, previous, keep_empty=False),
        note=_("Un dossier peut porter sur plusieurs thèmes."),
        total=total,
    )


def cases_closed_by_outcome(ids, periods) -> StatTable:
    cases = Case.objects.filter(organisation_id__in=ids, closed_on__isnull=False)
    current, previous = _grouped(cases, "outcome", "closed_on", periods, dates=True)
    rows = _rows(CaseOutcome, current, previous)
    return StatTable(
        key="case_outcomes",
        title=_("Dossiers clos, par issue"),
        first_column=_("Issue"),
        rows=rows,
        total=_total_row(sum(r.current for r in rows), sum(r.previous for r in rows)),
    )


def contacts_by_channel(ids, periods) -> StatTable:
    entries = Entry.objects.filter(case__organisation_id__in=ids, kind=EntryKind.CONTACT)
    current, previous = _grouped(entries, "channel", "occurred_at", periods, dates=False)
    rows = _rows(ContactChannel, current, previous, keep_empty=False)
    return StatTable(
        key="contacts",
        title=_("Contacts, par canal"),
        first_column=_("Canal"),
        rows=rows,
        total=_total_row(sum(r.current for r in rows), sum(r.previous for r in rows)),
    )


DEADLINE_ROWS = ("met", "missed", "open", "no_appeal")


def deadlines(ids, periods, *, now: datetime | None = None) -> StatTable:
    """Deadlines whose legal date falls in the period: met, missed, still open, no appeal.

    Met: an appeal was filed (or the case given to a lawyer) on or before the legal date.
    Missed: filed after it, or still open once it has passed.
    """
    now = now or timezone.now()
    acted = Q(status__in=[DeadlineStatus.APPEAL_FILED, DeadlineStatus.LAWYER])
    outcomes = {
        "met": acted & Q(closed_on__lte=F("legal_day")),
        "missed": (acted & Q(closed_on__gt=F("legal_day")))
        | Q(status=DeadlineStatus.OPEN, legal_deadline__lt=now),
        "open": Q(status=DeadlineStatus.OPEN, legal_deadline__gte=now),
        "no_appeal": Q(status=DeadlineStatus.NO_APPEAL),
    }
    period_qs = [_period_q("legal_deadline", p, dates=False) for p in periods]
    aggregates = {
        f"{key}_{index}": Count("pk", filter=condition & period_q)
        for key, condition in outcomes.items()
        for index, period_q in enumerate(period_qs)
    }
    counts = (
        Deadline.objects.filter(case__organisation_id__in=ids)
        .filter(period_qs[0] | period_qs[1])
        .annotate(legal_day=TruncDate("legal_deadline", tzinfo=PARIS))
        .aggregate(**aggregates)
    )
    labels = {
        "met": _("Respectés"),
        "missed": _("Manqués"),
        "open": _("En cours"),
        "no_appeal": _("Pas de recours"),
    }
    rows = [Row(k, str(labels[k]), counts[f"{k}_0"], counts[f"{k}_1"]) for k in DEADLINE_ROWS]
    return StatTable(
        key="deadlines",
        title=_("Délais de recours"),
        first_column=_("Suite"),
        rows=rows,
        note=_("Délais dont la date limite légale tombe dans la période."),
        total=_total_row(sum(r.current for r in rows), sum(r.previous for r in rows)),
    )


def call_sheets(ids, periods) -> list[StatTable]:
    sheets = CallSheet.objects.filter(organisation_id__in=ids, non_data=False)
    if not CallSheet.objects.filter(organisation_id__in=ids).exists():
        return []
    # One pass over the sheets of both periods for the two tables.
    items = _counts(sheets, ("caller_type", "topics"), "called_at", periods, dates=False)
    types = _rows(CallerType, *_fold(items, "caller_type"))
    total = _total_row(sum(r.current for r in types), sum(r.previous for r in types))
    current, previous = _fold(items, "topics")
    return [
        StatTable(
            key="call_callers",
            title=_("Appels, par type d’appelant"),
            first_column=_("Appelant·e"),
            rows=types,
            note=_("Les appels sans objet ne sont pas comptés."),
            total=total,
        ),
        StatTable(
            key="call_topics",
            title=_("Appels, par thème"),
            first_column=_("Thème"),
            rows=_rows(CallTopic, current, previous, keep_empty=False),
            note=_("Un appel peut porter sur plusieurs thèmes."),
            total=_total_row(total.current, total.previous),
        ),
    ]


def reception_installed() -> bool:
    return apps.is_installed("permanence.reception")


def visits(ids, periods) -> list[StatTable]:
    """Arrivals at the desks' reception, by reason (only when the reception app is installed)."""
    if not reception_installed():
        return []
    from permanence.reception.models import Arrival, Reason  # an optional app

    arrivals = Arrival.objects.filter(session__desk__organisation_id__in=ids)
    current, previous = _grouped(arrivals, "reason", "arrived_at", periods, dates=False)
    rows = _rows(Reason, current, previous)
    return [
        StatTable(
            key="visits",
            title=_("Passages à l’accueil, par motif"),
            first_column=_("Motif"),
            rows=rows,
            total=_total_row(sum(r.current for r in rows), sum(r.previous for r in rows)),
        )
    ]


# --- Suppression and display --------------------------------------------------------------------


def _small(n: int) -> bool:
    return 0 < n < THRESHOLD


def _round(value: float) -> int:
    """Half away from zero (12.5 → 13), as people expect in a report."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def _percent(part: int, whole: int) -> str:
    if not whole:
        return ""
    return f"{_round(100 * part / whole)} %"


def _change(current: int, previous: int) -> str:
    if not previous:
        return ""
    value = _round(100 * (current - previous) / previous)
    return f"{value:+d} %".replace("-", "−")


def _hidden_codes(rows: list[Row], attr: str, total: int) -> dict[str, str]:
    """Small cells, plus the next smallest when a lone one could be found from the total.

    (Topic tables are not strictly additive — a case may have several topics — but most cases
    have one, so they are treated the same way.)
    """
    hidden = {row.code: SUPPRESSED for row in rows if _small(getattr(row, attr))}
    if len(hidden) == 1 and not _small(total):
        others = sorted(
            (getattr(row, attr), row.code)
            for row in rows
            if row.code not in hidden and getattr(row, attr)
        )
        if others:
            hidden[others[0][1]] = MASKED
    return hidden


def present(table: StatTable, *, exact: bool) -> StatTable:
    """Fill in what is shown: exact counts, or small counts as "< 5" and no share built on them."""
    table.suppressed = not exact
    total = table.total or _total_row(0, 0)
    hidden: dict[str, dict[str, str]] = {"current": {}, "previous": {}}
    if not exact:
        for attr in hidden:
            hidden[attr] = _hidden_codes(table.rows, attr, getattr(total, attr))
    total_hidden = {attr: not exact and _small(getattr(total, attr)) for attr in hidden}
    for row in table.rows:
        current_hidden = row.code in hidden["current"]
        previous_hidden = row.code in hidden["previous"]
        row.current_shown = hidden["current"].get(row.code, str(row.current))
        row.previous_shown = hidden["previous"].get(row.code, str(row.previous))
        row.share = (
            ""
            if current_hidden or total_hidden["current"]
            else _percent(row.current, total.current)
        )
        row.change = "" if current_hidden or previous_hidden else _change(row.current, row.previous)
    if table.total is not None:
        t = table.total
        t.current_shown = SUPPRESSED if total_hidden["current"] else str(t.current)
        t.previous_shown = SUPPRESSED if total_hidden["previous"] else str(t.previous)
        t.share = "" if total_hidden["current"] or not t.current else "100 %"
        t.change = (
            ""
            if total_hidden["current"] or total_hidden["previous"]
            else _change(t.current, t.previous)
        )
    return table


# --- Entry point --------------------------------------------------------------------------------


@dataclass
class Dashboard:
    organisation: Organisation
    period: Period
    previous: Period
    exact: bool
    group_count: int
    tables: list[StatTable]


def counted_ids(organisation: Organisation) -> list[int]:
    return sorted(
        Organisation.objects.with_descendants([organisation.pk]).values_list("id", flat=True)
    )


def build_dashboard(
    organisation: Organisation, period: Period, *, exact: bool, ids: list[int] | None = None
) -> Dashboard:
    ids = ids if ids is not None else counted_ids(organisation)
    periods = (period, period.previous())
    tables = [
        cases_opened_by_topic(ids, periods),
        cases_closed_by_outcome(ids, periods),
        contacts_by_channel(ids, periods),
        deadlines(ids, periods),
        *call_sheets(ids, periods),
        *visits(ids, periods),
    ]
    return Dashboard(
        organisation=organisation,
        period=period,
        previous=periods[1],
        exact=exact,
        group_count=len(ids),
        tables=[present(table, exact=exact) for table in tables],
    )
