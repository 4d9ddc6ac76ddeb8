"""The nightly retention run: queued after migrate, once, and queuing its own next run."""

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from permanence.core import retention
from permanence.core.tasks import retention_daily
from permanence.directory.tests.conftest import desk_a  # noqa: F401 (fixture)
from permanence.reception.models import Arrival, DeskSession
from permanence.reception.tests.conftest import arrive

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    """The production task backend (the tests' own is the dummy one; Django's setting_changed
    receiver drops the backends built from the old TASKS)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def waiting():
    return DBTaskResult.objects.filter(
        task_path=retention_daily.module_path, status=TaskResultStatus.READY
    )


def local(*args):
    return timezone.make_aware(datetime(*args))


def test_the_next_run_is_the_next_night_at_3_17_local_time():
    assert retention.next_run(local(2026, 12, 7, 20, 0)) == local(2026, 12, 8, 3, 17)
    assert retention.next_run(local(2026, 12, 8, 1, 0)) == local(2026, 12, 8, 3, 17)
    assert retention.next_run(local(2026, 12, 8, 3, 17)) == local(2026, 12, 9, 3, 17)
    # The night the clocks go back (Europe/Paris, 25 October 2026): still 3:17 local.
    assert retention.next_run(local(2026, 10, 24, 23, 0)) == local(2026, 10, 25, 3, 17)


def test_migrate_queues_one_nightly_run_and_a_second_migrate_no_other(database_queue):
    assert not waiting().exists()
    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)
    assert waiting().count() == 1
    assert waiting().get().run_after > timezone.now()
    assert not retention.schedule_daily()


def test_the_run_forgets_then_queues_the_next_night(database_queue, settings, desk_a):  # noqa: F811
    settings.PERMANENCE_KEEP_ARRIVALS_DAYS = 30
    start = timezone.now() - timedelta(days=40)
    old = DeskSession.objects.create(desk=desk_a, start=start, end=start + timedelta(hours=3))
    arrival = arrive(old, "Amina Haddad")
    counts = retention_daily.call()
    assert counts["reception.arrivals"] == 1
    assert Arrival.objects.get(pk=arrival.pk).forgotten_at is not None
    assert waiting().count() == 1
    assert waiting().get().run_after == retention.next_run(timezone.now())
    assert "Amina" not in str(counts)


def test_nothing_is_queued_when_cron_runs_it_or_without_the_database_queue(
    database_queue, settings
):
    settings.PERMANENCE_RETENTION_DAILY = False
    assert not retention.schedule_daily()
    settings.PERMANENCE_RETENTION_DAILY = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    assert not retention.schedule_daily()
    assert not waiting().exists()
