from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from permanence.deadlines.services import deadlines_backfill
from permanence.demo.accounts import ACCOUNTS, DEMO_PASSWORD, seed_accounts
from permanence.demo.booking import seed_bookings
from permanence.demo.directory import seed_directory
from permanence.demo.inbox import seed_requests
from permanence.demo.organisations import seed_organisations
from permanence.demo.people import seed_people
from permanence.demo.reception import seed_desk_days, seed_rota
from permanence.directory.services import sessions_refresh_all
from permanence.helpline.demo import seed_call_sheets, seed_report_budget


def close_past_deadlines() -> None:
    """Old demo decisions were dealt with long ago: their deadlines are closed with an appeal."""
    from datetime import timedelta

    from django.utils import timezone

    from permanence.deadlines.models import Deadline, DeadlineStatus
    from permanence.notifications.services import messages_cancel

    past = Deadline.objects.filter(
        status=DeadlineStatus.OPEN, legal_deadline__lt=timezone.now() - timedelta(days=1)
    )
    for deadline in past:
        messages_cancel(prefix=f"deadline:{deadline.pk}:")
    past.update(status=DeadlineStatus.APPEAL_FILED, closed_on=timezone.localdate())


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it again updates rather than duplicates)."

    def handle(self, *args, **options):
        with transaction.atomic():
            organisations = seed_organisations()
            seed_accounts(organisations)
            desks = seed_directory(organisations)
            people = seed_people(organisations)
            deadlines = deadlines_backfill()
            close_past_deadlines()
            helpline = organisations["info-migrants"]
            year = timezone.localdate().year - 1
            seed_call_sheets(helpline, year, seed=year)
            seed_report_budget(helpline, year)
            visits = seed_desk_days()
            appointments = seed_bookings()
            requests = seed_requests()
            seed_rota()
        sessions = sessions_refresh_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {len(organisations)} organisations, {len(desks)} desks and "
                f"services, {sessions} upcoming sessions, {people} fictional people, "
                f"{deadlines} appeal deadlines, {visits} past visits, {appointments} "
                f"appointments, {requests} requests in the inboxes."
            )
        )
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, _name, slug, role in ACCOUNTS:
            self.stdout.write(f"  {email:34} {role.label} — {slug}")
