"""Recording a decision creates its deadline and its reminders; closing needs an outcome."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases import services as case_services
from permanence.cases.models import Case, Entry
from permanence.deadlines import engine
from permanence.deadlines.models import Deadline, DeadlineStatus, effective_rules
from permanence.deadlines.rules import NoRule
from permanence.notifications.services import messages_cancel

# Reminders before the safe deadline: days for day deadlines; at once and 12 hours before for
# hour deadlines. From the second one on, the coordinator is told too while nobody acknowledged.
DAY_REMINDERS = [("7d", timedelta(days=7)), ("3d", timedelta(days=3)), ("1d", timedelta(days=1))]
HOUR_REMINDERS = [("now", None), ("12h", timedelta(hours=12))]
REMINDER_HOUR = time(9, 0)


@dataclass(frozen=True)
class Recorded:
    entry: Entry
    deadline: Deadline | None
    warning: str = ""


def case_departement(case: Case) -> str | None:
    """The département whose public holidays count: the place of the case's group."""
    place = case.organisation.places.order_by("pk").first()
    return place.departement if place else None


def compute_for(*, case: Case, entry: Entry) -> engine.Result:
    """Raises NoRule (no rule applies) or engine.DeadlineInputError (impossible dates)."""
    notified = timezone.localtime(entry.decision_notified_at)
    rule = effective_rules().find(
        entry.decision_type, entry.person_situation, entry.decision_taken_on or notified.date()
    )
    return engine.compute(
        rule=rule,
        taken_on=entry.decision_taken_on or notified.date(),
        notified=notified if rule.hourly else notified.date(),
        departement=case_departement(case),
    )


def decision_record(*, case: Case, entry: Entry, token, request) -> Recorded:
    """Record a decision on the timeline and, when a rule applies, its deadline."""
    try:
        result = compute_for(case=case, entry=entry)
        warning = result.warning_fr
    except NoRule as exc:
        result, warning = None, str(exc)
    with transaction.atomic():
        entry = case_services.entry_add(case=case, entry=entry, token=token, request=request)
        deadline = entry.deadlines.first()
        if result is not None and deadline is None:
            deadline = _deadline_create(entry=entry, result=result)
    return Recorded(entry=entry, deadline=deadline, warning=warning)


def _deadline_create(*, entry: Entry, result: engine.Result) -> Deadline:
    """The deadline of a recorded decision; its reminders are scheduled once committed."""
    deadline = Deadline.objects.create(
        entry=entry,
        case=entry.case,
        rule_code=result.rule_code,
        hourly=result.hourly,
        safe_deadline=result.safe_deadline_at(),
        legal_deadline=result.legal_deadline_at(),
        explanation=result.explanation_fr,
        explanation_en=result.explanation_en,
        needs_check=result.needs_check,
        confidence=result.confidence,
    )
    transaction.on_commit(lambda: reminders_schedule(deadline=deadline))
    return deadline


def reminder_times(deadline: Deadline, now: datetime | None = None) -> list[tuple[str, datetime]]:
    """When to remind, never in the past; if every point is past, remind at once."""
    now = now or timezone.now()
    points = []
    if deadline.hourly:
        for code, before in HOUR_REMINDERS:
            at = now if before is None else deadline.safe_deadline - before
            points.append((code, max(at, now)))
    else:
        local = timezone.localtime(deadline.safe_deadline)
        for code, before in DAY_REMINDERS:
            at = datetime.combine(local.date() - before, REMINDER_HOUR, tzinfo=local.tzinfo)
            if at > now:
                points.append((code, at))
        if not points:
            points.append((DAY_REMINDERS[-1][0], now))
    return points


def reminders_schedule(*, deadline: Deadline) -> None:
    from permanence.deadlines.tasks import deadline_remind

    for code, at in reminder_times(deadline):
        if at <= timezone.now() + timedelta(seconds=5):
            deadline_remind.enqueue(deadline.pk, code)
        else:
            deadline_remind.using(run_after=at).enqueue(deadline.pk, code)


@transaction.atomic
def deadline_acknowledge(*, deadline: Deadline, request) -> Deadline:
    if deadline.acknowledged_at is None:
        deadline.acknowledged_at = timezone.now()
        deadline.acknowledged_by = request.user
        deadline.save(update_fields=["acknowledged_at", "acknowledged_by", "updated_at"])
        audit_log(
            action=Action.OBJECT_UPDATED,
            request=request,
            obj=deadline.case,
            organisation=deadline.case.organisation,
        )
    return deadline


@transaction.atomic
def deadline_close(*, deadline: Deadline, status: str, closed_on, note: str, request) -> Deadline:
    """Close with an outcome (appeal filed on a date, handed to a lawyer, no appeal)."""
    if status == DeadlineStatus.OPEN:
        raise ValueError("A deadline is closed only with an outcome.")
    deadline.status = status
    deadline.closed_on = closed_on or timezone.localdate()
    deadline.closed_by = request.user
    deadline.outcome_note = note
    if deadline.acknowledged_at is None:
        deadline.acknowledged_at, deadline.acknowledged_by = timezone.now(), request.user
    deadline.save()
    messages_cancel(prefix=f"deadline:{deadline.pk}:")
    audit_log(
        action=Action.OBJECT_UPDATED,
        request=request,
        obj=deadline.case,
        organisation=deadline.case.organisation,
    )
    return deadline


@transaction.atomic
def rule_revise(*, code: str, rule: dict, reason: str, request):
    from permanence.deadlines.models import RuleRevision

    revision = RuleRevision.objects.create(code=code, rule=rule, reason=reason, author=request.user)
    audit_log(action=Action.OBJECT_UPDATED, request=request, obj=revision)
    return revision


def deadlines_backfill(*, cases=None) -> int:
    """Create the missing deadlines of recorded decisions (after an import or for the demo)."""
    entries = Entry.objects.filter(kind="decision", deadlines__isnull=True).exclude(
        decision_notified_at=None
    )
    if cases is not None:
        entries = entries.filter(case__in=cases)
    created = 0
    for entry in entries.select_related("case", "case__organisation"):
        try:
            result = compute_for(case=entry.case, entry=entry)
        except (NoRule, engine.DeadlineInputError):
            continue
        with transaction.atomic():
            _deadline_create(entry=entry, result=result)
        created += 1
    return created
