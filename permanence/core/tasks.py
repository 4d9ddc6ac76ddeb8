"""Background work of the core app (run by ``manage.py db_worker``)."""

from django.tasks import task
from django.utils import timezone

from permanence.core import retention


@task
def retention_daily() -> dict[str, int]:
    """Forget what is kept past its time, then queue tomorrow's run (even after a failure)."""
    try:
        counts = retention.forget_old_data(timezone.now())
    finally:
        retention.schedule_daily()
    return {f"{label}.{what}": count for label, what, count in counts}
