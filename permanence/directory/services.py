from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.core.lib.concurrency import save_versioned
from permanence.directory import schedule
from permanence.directory.models import Desk, UpcomingSession, upcoming_window


def sessions_refresh(*, desk: Desk, today: date | None = None) -> int:
    """Recompute the derived upcoming sessions of ``desk`` from its schedule."""
    first, last = upcoming_window(today)
    try:
        sessions = schedule.sessions_between(desk.schedule(), first, last)
    except schedule.ScheduleError:
        sessions = []
    with transaction.atomic():
        UpcomingSession.objects.filter(desk=desk).delete()
        UpcomingSession.objects.bulk_create(
            UpcomingSession(desk=desk, start=s.start, end=s.end) for s in sessions
        )
    return len(sessions)


def sessions_refresh_all(*, today: date | None = None) -> int:
    desks = Desk.objects.select_related("place").prefetch_related(
        "rules", "closures", "extra_sessions"
    )
    return sum(sessions_refresh(desk=desk, today=today) for desk in desks.iterator(chunk_size=200))


@transaction.atomic
def desk_save(*, form, request) -> Desk:
    """Create or update a desk's description (raises StaleObjectError on conflict)."""
    desk = form.instance
    creating = desk._state.adding
    save_versioned(
        desk, expected_version=form.cleaned_data.get("version"), fields=form.saved_fields()
    )
    audit_log(
        action=Action.OBJECT_CREATED if creating else Action.OBJECT_UPDATED,
        request=request,
        obj=desk,
        organisation=desk.organisation,
    )
    transaction.on_commit(lambda: sessions_refresh(desk=desk))
    return desk


@transaction.atomic
def desk_texts_save(*, desk: Desk, formsets, request) -> Desk:
    """Save the translations and the contact channels of ``desk`` (formsets already valid)."""
    for formset in formsets:
        formset.save()
    desk.touch()
    audit_log(
        action=Action.OBJECT_UPDATED, request=request, obj=desk, organisation=desk.organisation
    )
    return desk


@transaction.atomic
def desk_schedule_save(*, desk: Desk, formsets, request) -> Desk:
    """Save the rules, closures and extra sessions of ``desk`` (formsets already valid)."""
    for formset in formsets:
        formset.save()
    desk.touch()
    audit_log(
        action=Action.OBJECT_UPDATED, request=request, obj=desk, organisation=desk.organisation
    )
    transaction.on_commit(lambda: sessions_refresh(desk=desk))
    return desk


def local_datetime(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())
