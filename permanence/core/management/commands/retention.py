"""``manage.py retention``: forget the personal data kept past its time, outside the case files.

Each installed app may define ``forget_old_data(now) -> {what: count}`` on its ``AppConfig``;
this command calls them all, in one transaction each, and prints the counts (never the data).
Run it once a day (cron or a systemd timer, docs/retention.md). It is idempotent: a second run
the same day finds nothing more.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone


class Command(BaseCommand):
    help = "Forget the personal data kept past its time (arrivals, requests, messages)."

    def handle(self, *args, **options):
        now = timezone.now()
        for config in apps.get_app_configs():
            forget = getattr(config, "forget_old_data", None)
            if forget is None:
                continue
            with transaction.atomic():
                counts = forget(now)
            for what, count in counts.items():
                self.stdout.write(f"{config.label}: {count} {what} forgotten")
