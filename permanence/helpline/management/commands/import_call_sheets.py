"""``manage.py import_call_sheets FILE --organisation SLUG [--skip-invalid]``.

Imports anonymous call sheets from a CSV (UTF-8, "," or ";") or XLSX file (docs/imports.md).
Every line is checked first; with any error nothing is written, unless ``--skip-invalid``
imports the valid lines and reports the others.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from permanence.helpline import services
from permanence.helpline.models import ImportStatus
from permanence.orgs.models import Organisation


class Command(BaseCommand):
    help = "Import anonymous call sheets of a helpline from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV (UTF-8, ',' or ';' separated) or XLSX file")
        parser.add_argument("--organisation", required=True, help="slug of the organisation")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid lines and report the invalid ones (default: all or nothing).",
        )

    def handle(self, *args, **options) -> None:
        organisation = Organisation.objects.filter(
            slug=options["organisation"], active=True
        ).first()
        if organisation is None:
            raise CommandError(f"No active organisation with the slug {options['organisation']!r}.")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        job = services.import_job_create(
            organisation=organisation,
            filename=path.name,
            skip_invalid=options["skip_invalid"],
            by=None,
        )
        job = services.import_job_run(job=job, data=data)
        for warning in job.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for error in job.errors:
            self.stderr.write(self.style.ERROR(error["message"]))
        if job.error_count > len(job.errors):
            self.stderr.write(f"… and {job.error_count - len(job.errors)} more error(s).")
        if job.status == ImportStatus.FAILED:
            hint = " (--skip-invalid imports the valid lines)" if job.error_count else ""
            raise CommandError(f"{job.message}{hint}")
        self.stdout.write(self.style.SUCCESS(f"{job.message} ({job.total} line(s) read)"))
