"""Forgetting the personal data kept past its time, outside the case files (docs/retention.md).

Each installed app may define ``forget_old_data(now) -> {what: count}`` on its ``AppConfig``.
``forget_old_data`` here calls them all, one transaction each. ``manage.py retention`` runs it
once; the task ``core.tasks.retention_daily`` runs it every night at ``DAILY_AT`` and queues its
own next run, so that a small desk that never set up cron still forgets. ``schedule_daily`` is
called after every ``migrate`` (a deployment, ``make run``) and queues the first run.
"""

from datetime import datetime, time, timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

DAILY_AT = time(3, 17)  # local time: nobody is at a desk, and cron jobs prefer round hours


def forget_old_data(now: datetime) -> list[tuple[str, str, int]]:
    """Every app's ``forget_old_data(now)``: (app label, what, count) for each thing forgotten."""
    counts = []
    for config in apps.get_app_configs():
        forget = getattr(config, "forget_old_data", None)
        if forget is None:
            continue
        with transaction.atomic():
            forgotten = forget(now)
        counts += [(config.label, what, count) for what, count in forgotten.items()]
    return counts


def next_run(now: datetime) -> datetime:
    """The first ``DAILY_AT`` (local time) strictly after ``now``."""
    local = timezone.localtime(now)
    day = local.date() if local.time() < DAILY_AT else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, DAILY_AT))


def _queued_in_database() -> bool:
    """True when the default task backend is django-tasks-db's (a worker runs the queue)."""
    from django.tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def schedule_daily(*, now: datetime | None = None) -> bool:
    """Queue the next nightly run unless one is already waiting. False when nothing is queued:
    turned off (``PERMANENCE_RETENTION_DAILY=0``, cron runs it instead), another backend than
    the database queue (the tests'), or a run already waiting."""
    if not settings.PERMANENCE_RETENTION_DAILY or not _queued_in_database():
        return False
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from permanence.core.tasks import retention_daily

    waiting = DBTaskResult.objects.filter(
        task_path=retention_daily.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return False
    retention_daily.using(run_after=next_run(now or timezone.now())).enqueue()
    return True


def schedule_after_migrate(sender, using="default", **kwargs) -> None:
    """``post_migrate`` of the core app: make sure a nightly run is queued."""
    if using == "default":
        schedule_daily()
