"""Background work of the helpline (run by `manage.py db_worker`): imports, report PDFs."""

from django.tasks import task
from django.utils import translation

from permanence.helpline import services
from permanence.helpline.models import ImportJob, ImportStatus
from permanence.helpline.report import build_report
from permanence.orgs.models import Organisation


@task
def run_import_job(job_id: str) -> str:
    """Run one import job. Only one worker can claim it; an unexpected error undoes it."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING
    )
    if not claimed:
        return "skipped"
    job = ImportJob.objects.get(pk=job_id)
    try:
        services.import_job_run(job=job)
    except Exception:
        services.import_job_fail(job=job)
        raise
    return job.status


@task
def prepare_report_pdf(organisation_id: int, year: int, language: str) -> str:
    """Lay out the PDF of a year's funder report and keep it (``services.report_pdf``)."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return "gone"
    with translation.override(language or None):
        services.report_pdf(report=build_report(organisation=organisation, year=year))
    return "ready"
