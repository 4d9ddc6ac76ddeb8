"""Fetch the unread e-mails of an organisation's mailbox into its requests inbox.

    manage.py fetch_inbox_mail --organisation perm-foix [--desk perm-foix-lundi]

Run it every few minutes (cron, systemd timer). Settings come from the environment (docs/inbox.md).
Each message becomes one request, once: a message already fetched (same Message-ID) is skipped.
"""

import imaplib

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from permanence.directory.models import Desk
from permanence.directory.vocab import Kind
from permanence.inbox import imap, services
from permanence.orgs.models import Organisation


class Command(BaseCommand):
    help = "Fetch an organisation's unread e-mails (IMAP) into its requests inbox."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the organisation's slug")
        parser.add_argument(
            "--desk",
            default="",
            help="the desk the e-mails are for (default: the organisation's desk, if only one)",
        )

    def handle(self, *args, organisation: str, desk: str, **options):
        org = Organisation.objects.filter(slug=organisation, active=True).first()
        if org is None:
            raise CommandError(f"No active organisation {organisation!r}.")
        target = self._desk(org, desk)
        try:
            config = imap.config_from_env(org.slug)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        counts = {"new": 0, "known": 0}

        def store(mail: imap.ParsedMail) -> None:
            _request, created = services.request_from_mail(organisation=org, desk=target, mail=mail)
            counts["new" if created else "known"] += 1

        with translation.override(settings.LANGUAGE_CODE):
            try:
                imap.fetch_new_messages(**config, store=store)
            except (imaplib.IMAP4.error, OSError) as exc:
                # The server's message names no content; the password is never in it.
                raise CommandError(f"IMAP error for {org.slug}: {exc}") from exc
        self.stdout.write(f"{org.slug}: {counts['new']} new request(s), {counts['known']} known.")

    def _desk(self, organisation: Organisation, slug: str) -> Desk | None:
        desks = Desk.objects.filter(organisation=organisation, kind=Kind.DESK)
        if slug:
            found = desks.filter(slug=slug).first()
            if found is None:
                raise CommandError(f"No desk {slug!r} in {organisation.slug}.")
            return found
        only = list(desks[:2])
        return only[0] if len(only) == 1 else None
