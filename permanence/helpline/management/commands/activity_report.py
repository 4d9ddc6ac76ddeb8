"""``manage.py activity_report --organisation SLUG --year YYYY --format text|pdf|xlsx|ods
[--output FILE]``: the yearly funder report of a helpline (docs/helpline.md).

``text`` prints the sentences and the tables; the other formats are written to ``--output``, or
to standard output when it is redirected to a file or a pipe.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from permanence.helpline import exports
from permanence.helpline.report import build_report
from permanence.orgs.models import Organisation


class Command(BaseCommand):
    help = "Write the yearly activity report of a helpline (text, PDF, XLSX or ODS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="slug of the organisation")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--format", choices=list(exports.FORMATS), default="text")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, **options) -> None:
        organisation = Organisation.objects.filter(
            slug=options["organisation"], active=True
        ).first()
        if organisation is None:
            raise CommandError(f"No active organisation with the slug {options['organisation']!r}.")
        if not 2000 <= options["year"] <= 2100:
            raise CommandError("--year must be between 2000 and 2100.")
        report = build_report(organisation=organisation, year=options["year"])
        content = exports.render(report, options["format"])
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"Written to {options['output']} ({len(content)} bytes).")
        elif options["format"] == "text":
            self.stdout.write(content.decode(), ending="")
        else:
            stream = getattr(self.stdout._out, "buffer", None)
            if stream is None or self.stdout.isatty():
                raise CommandError(
                    f"--format {options['format']} is binary: give --output FILE or redirect "
                    "standard output to a file."
                )
            stream.write(content)
            stream.flush()
