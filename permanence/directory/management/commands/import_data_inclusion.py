"""``manage.py import_data_inclusion FILE [--skip-invalid] [--dry-run] [--schema v0|v1]``.

Imports data·inclusion structures and services (v0 or v1, detected from the fields) as
associations and partner desks. Every record is checked first; with any error nothing is written,
unless ``--skip-invalid`` imports the valid records and reports the others. See
docs/data-inclusion.md.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from permanence.directory import datainclusion


class Command(BaseCommand):
    help = "Import data·inclusion structures and services (JSON, schema v0 or v1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON file: {structures, services} or a list of records")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid records and report the invalid ones (default: all or nothing).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, but write nothing."
        )
        parser.add_argument(
            "--schema",
            choices=datainclusion.VERSIONS,
            help="Schema version of the file (default: detected from its fields).",
        )

    def handle(self, *args, **options) -> None:
        try:
            version, structures, services = datainclusion.load_file(
                options["file"], version=options["schema"]
            )
        except datainclusion.DataInclusionFileError as exc:
            raise CommandError(str(exc)) from None
        report = datainclusion.import_records(
            structures=structures,
            services=services,
            version=version,
            skip_invalid=options["skip_invalid"],
            dry_run=options["dry_run"],
        )
        self.stdout.write(
            f"data·inclusion {version}: {len(structures)} structure(s), {len(services)} service(s)."
        )
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        for error in report.errors:
            self.stderr.write(self.style.ERROR(str(error)))
        if report.errors and report.imported == 0:
            invalid = len({(e.kind, e.index) for e in report.errors})
            hint = "" if options["skip_invalid"] else " (or use --skip-invalid to import the rest)"
            raise CommandError(
                f"{invalid} invalid record(s), {len(report.errors)} error(s): nothing was "
                f"imported{hint}."
            )
        verb = "would be" if report.dry_run else "were"
        self.stdout.write(
            f"Structures {verb} created: {report.structures_created}, updated: "
            f"{report.structures_updated}. Services {verb} created: {report.services_created}, "
            f"updated: {report.services_updated}."
        )
        if report.dry_run:
            self.stdout.write("Dry run: nothing was written.")
        elif report.errors:
            self.stdout.write(
                self.style.WARNING(f"{len(report.errors)} error(s): invalid records skipped.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Import done."))
