"""``manage.py retention``: forget the personal data kept past its time, outside the case files.

Each installed app may define ``forget_old_data(now) -> {what: count}`` on its ``AppConfig``;
this command calls them all, in one transaction each (``core.retention.forget_old_data``), and
prints the counts (never the data). The task worker also runs it every night on its own
(``core.tasks.retention_daily``); cron or a systemd timer can run this command instead
(docs/retention.md). It is idempotent: a second run the same day finds nothing more.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from permanence.core.retention import forget_old_data


class Command(BaseCommand):
    help = "Forget the personal data kept past its time (arrivals, requests, messages)."

    def handle(self, *args, **options):
        for label, what, count in forget_old_data(timezone.now()):
            self.stdout.write(f"{label}: {count} {what} forgotten")
