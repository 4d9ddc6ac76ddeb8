"""Background imports of call sheets (run by `manage.py db_worker`)."""

from django.tasks import task

from permanence.helpline import services
from permanence.helpline.models import ImportJob, ImportStatus


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
