from django.core.management.base import BaseCommand
from django.db import transaction

from permanence.demo.accounts import ACCOUNTS, DEMO_PASSWORD, seed_accounts
from permanence.demo.organisations import seed_organisations


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it again updates rather than duplicates)."

    def handle(self, *args, **options):
        with transaction.atomic():
            organisations = seed_organisations()
            seed_accounts(organisations)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data loaded: {len(organisations)} organisations.")
        )
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, _name, slug, role in ACCOUNTS:
            self.stdout.write(f"  {email:34} {role.label} — {slug}")
