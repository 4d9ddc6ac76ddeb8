"""Writes of the helpline: call sheets, imports, the budget and the PDF of the funder report."""

import functools
import hashlib
import importlib.metadata
import uuid

from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.helpline import exports, importer
from permanence.helpline.models import (
    CallSheet,
    ImportJob,
    ImportStatus,
    RenderedReport,
    ReportBudget,
)
from permanence.helpline.report import ActivityReport
from permanence.orgs.models import Organisation

BATCH_SIZE = 5_000  # lines per transaction
STATEMENT_ROWS = 500  # lines per INSERT statement
MAX_STORED_ERRORS = 10_000


# --- Call sheets --------------------------------------------------------------------------------


def call_sheet_create(
    *, organisation: Organisation, sheet: CallSheet, by, token: uuid.UUID | None = None
) -> CallSheet:
    """Save a call sheet filled in by ``by`` (once per form token: double clicks count once)."""
    if token and (existing := CallSheet.objects.filter(creation_token=token).first()):
        return existing
    sheet.organisation = organisation
    sheet.created_by = by
    sheet.creation_token = token
    with transaction.atomic():
        sheet.save()
    return sheet


def non_data_call_create(
    *, organisation: Organisation, by, token: uuid.UUID | None = None
) -> CallSheet:
    """Count a call without object (silence, wrong number) at the current time."""
    sheet = CallSheet(called_at=timezone.now(), non_data=True, origin_region="")
    return call_sheet_create(organisation=organisation, sheet=sheet, by=by, token=token)


# --- Imports ------------------------------------------------------------------------------------


def import_job_create(
    *, organisation: Organisation, filename: str, skip_invalid: bool, by, data: bytes = b""
) -> ImportJob:
    return ImportJob.objects.create(
        organisation=organisation,
        filename=filename[:200],
        data=data,
        skip_invalid=skip_invalid,
        created_by=by,
    )


def import_job_start(
    *, organisation: Organisation, filename: str, data: bytes, skip_invalid: bool, by, request
) -> ImportJob:
    """Keep the uploaded file with a new import job and hand the job to a background task."""
    from permanence.helpline.tasks import run_import_job

    job = import_job_create(
        organisation=organisation,
        filename=filename,
        data=data,
        skip_invalid=skip_invalid,
        by=by,
    )
    audit_log(action=Action.OBJECT_CREATED, request=request, obj=job, organisation=organisation)
    run_import_job.enqueue(str(job.pk))
    return job


def _set_progress(job: ImportJob, percent: int) -> None:
    job.progress = percent
    ImportJob.objects.filter(pk=job.pk).update(progress=percent)


def _finish(job: ImportJob, status: str, message: str) -> ImportJob:
    job.status = status
    job.message = message[:300]
    job.progress = 100
    job.data = b""
    job.finished_at = timezone.now()
    job.save()
    return job


def import_job_run(*, job: ImportJob, data: bytes | None = None) -> ImportJob:
    """Check the whole file, then write its sheets in batches; all or nothing by default.

    With errors and without ``skip_invalid``, nothing is written. The file is erased from the job
    at the end. Progress: 0–50 % while checking, 50–100 % while writing.
    """
    raw = bytes(job.data if data is None else data)
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status"])
    try:
        table = importer.read_table(raw, job.filename)
        result = importer.check_rows(
            table, progress=lambda fraction: _set_progress(job, int(fraction * 50))
        )
    except importer.ImportFileError as exc:
        return _finish(job, ImportStatus.FAILED, str(exc))
    job.total = result.rows
    job.error_count = len(result.errors)
    job.errors = [error.as_dict() for error in result.errors[:MAX_STORED_ERRORS]]
    job.warnings = table.warnings
    if result.errors and not job.skip_invalid:
        message = ngettext(
            "%(count)s erreur : aucune fiche importée.",
            "%(count)s erreurs : aucune fiche importée.",
            len(result.errors),
        ) % {"count": len(result.errors)}
        return _finish(job, ImportStatus.FAILED, message)
    _write(job, result.values)
    job.imported = len(result.values)
    message = ngettext("%(count)s fiche importée.", "%(count)s fiches importées.", job.imported) % {
        "count": job.imported
    }
    if result.errors:
        message += " " + _("%(count)s ligne(s) invalide(s) ignorée(s).") % {
            "count": len({e.line for e in result.errors})
        }
    return _finish(job, ImportStatus.DONE, message)


def _write(job: ImportJob, rows: list[tuple]) -> None:
    """Insert in committed batches (other writers never wait for long); undo on failure.

    PostgreSQL: one ``COPY … FROM STDIN`` per batch, about 2.5 times faster than
    ``bulk_create``, which builds a model per line and quotes its ``UNNEST`` arrays in Python
    (100,000 lines: 6.5 s instead of 15 s; bench/stats_bench.py). SQLite: Django compiles every
    value of a ``bulk_create`` one by one, five times slower than multi-row INSERTs of the checked
    tuples. Either way each value that needs it is prepared by its field (``get_db_prep_save``).
    """
    insert = _copy_rows if connection.vendor == "postgresql" else _insert_rows
    total = len(rows)
    try:
        for start in range(0, total, BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            with transaction.atomic():
                insert(job, batch)
            _set_progress(job, 50 + int(50 * (start + len(batch)) / total))
    except DatabaseError:
        CallSheet.objects.filter(import_job=job).delete()
        _finish(job, ImportStatus.FAILED, _("Erreur de la base de données : rien n’a été importé."))
        raise


def _job_values(job: ImportJob) -> dict:
    """The values every sheet of an import shares, by attribute name."""
    return {
        "organisation_id": job.organisation_id,
        "non_data": False,
        "answer": "",
        "referral": "",
        "import_job_id": job.pk,
        "created_by_id": job.created_by_id,
        "created_at": timezone.now(),
    }


def _prepared(job: ImportJob) -> tuple[list, list, tuple]:
    """The fields written (imported ones, then shared ones), how to prepare each imported value
    (None: as it is), and the shared values, prepared."""
    shared = _job_values(job)
    imported = [CallSheet._meta.get_field(name) for name in importer.IMPORTED_FIELDS]
    others = [CallSheet._meta.get_field(name) for name in shared]
    constants = tuple(
        field.get_db_prep_save(value, connection)
        for field, value in zip(others, shared.values(), strict=True)
    )
    prepare = [f.get_db_prep_save if isinstance(f, _ADAPTED) else None for f in imported]
    return imported + others, prepare, constants


def _copy_rows(job: ImportJob, rows: list[tuple]) -> None:
    fields, prepare, constants = _prepared(job)
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(  # noqa: S608 (names from the model)
        quote(CallSheet._meta.db_table), ", ".join(quote(field.column) for field in fields)
    )
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(sql) as copy,
    ):
        for row in rows:
            copy.write_row(
                [
                    value if adapt is None else adapt(value, connection)
                    for adapt, value in zip(prepare, row, strict=True)
                ]
                + list(constants)
            )


def _insert_rows(job: ImportJob, rows: list[tuple]) -> None:
    fields, prepare, constants = _prepared(job)
    per_statement = max(1, min(STATEMENT_ROWS, connection.ops.bulk_batch_size(fields, rows)))
    with connection.cursor() as cursor:
        for first in range(0, len(rows), per_statement):
            chunk = rows[first : first + per_statement]
            params = []
            for row in chunk:
                params += [
                    value if adapt is None else adapt(value, connection)
                    for adapt, value in zip(prepare, row, strict=True)
                ]
                params += constants
            cursor.execute(_insert_sql(fields, len(chunk)), params)


def _insert_sql(fields: list, count: int) -> str:
    quote = connection.ops.quote_name
    row = "({})".format(", ".join(["%s"] * len(fields)))
    return "INSERT INTO {} ({}) VALUES {}".format(  # noqa: S608 (names from the model)
        quote(CallSheet._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join([row] * count),
    )


_ADAPTED = (models.DateTimeField, models.JSONField)


def import_job_fail(*, job: ImportJob) -> ImportJob:
    """Mark a job that stopped on an unexpected error, undoing what it had written."""
    CallSheet.objects.filter(import_job=job).delete()
    return _finish(job, ImportStatus.FAILED, _("Erreur inattendue : rien n’a été importé."))


# --- Report budget ------------------------------------------------------------------------------


@transaction.atomic
def report_budget_save(*, form, formset, request) -> ReportBudget:
    """Save the budget of a year's funder report and its lines (forms of ``forms.py``)."""
    budget = form.save()
    formset.instance = budget
    formset.save()
    audit_log(
        action=Action.OBJECT_UPDATED,
        request=request,
        obj=budget,
        organisation=budget.organisation,
    )
    return budget


# --- The PDF of the funder report, rendered once per state of its figures ------------------------


@functools.cache
def _renderer_version() -> str:
    return importlib.metadata.version("weasyprint")


def _pdf_digest(html: str) -> str:
    return hashlib.sha256(f"weasyprint {_renderer_version()}\n{html}".encode()).hexdigest()


def _rendered(report: ActivityReport, digest: str) -> bytes | None:
    content = (
        RenderedReport.objects.filter(organisation=report.organisation, format="pdf", digest=digest)
        .values_list("content", flat=True)
        .first()
    )
    return None if content is None else bytes(content)


def report_pdf(*, report: ActivityReport) -> bytes:
    """The report as PDF: the file kept for these very figures, or rendered now and kept.

    The key is the digest of the HTML the PDF is laid out from, so a change of figures, budget,
    language or template can never serve an old file. Older files of the same report and
    language are dropped when a new one is kept.
    """
    html = exports.report_html(report)
    digest = _pdf_digest(html)
    cached = _rendered(report, digest)
    if cached is not None:
        return cached
    content = exports.pdf_from_html(html)
    language = get_language() or ""
    try:
        with transaction.atomic():
            RenderedReport.objects.create(
                organisation=report.organisation,
                year=report.year,
                format="pdf",
                language=language,
                digest=digest,
                content=content,
            )
    except IntegrityError:
        pass  # another worker kept the same file meanwhile
    RenderedReport.objects.filter(
        organisation=report.organisation, year=report.year, format="pdf", language=language
    ).exclude(digest=digest).delete()
    return content


def report_pdf_prepare(*, report: ActivityReport, tables: list[dict] | None = None) -> bool:
    """Whether the PDF of these figures is ready; if not, ask the background worker for it.

    The report page calls this, so that the PDF is usually laid out before anyone clicks on it.
    """
    from permanence.helpline.tasks import prepare_report_pdf

    digest = _pdf_digest(exports.report_html(report, tables))
    if RenderedReport.objects.filter(
        organisation=report.organisation, format="pdf", digest=digest
    ).exists():
        return True
    prepare_report_pdf.enqueue(report.organisation.pk, report.year, get_language() or "")
    return False
