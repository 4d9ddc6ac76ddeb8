from django.core.management.base import BaseCommand
from django.db import transaction

from permanence.demo.accounts import ACCOUNTS, DEMO_PASSWORD, seed_accounts
from permanence.demo.directory import seed_directory
from permanence.demo.organisations import seed_organisations
from permanence.demo.people import seed_people
from permanence.directory.services import sessions_refresh_all


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it again updates rather than duplicates)."

    def handle(self, *args, **options):
        with transaction.atomic():
            organisations = seed_organisations()
            seed_accounts(organisations)
            desks = seed_directory(organisations)
            people = seed_people(organisations)
        sessions = sessions_refresh_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {len(organisations)} organisations, {len(desks)} desks and "
                f"services, {sessions} upcoming sessions, {people} fictional people."
            )
        )
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, _name, slug, role in ACCOUNTS:
            self.stdout.write(f"  {email:34} {role.label} — {slug}")
