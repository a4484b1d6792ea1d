from django.tasks import task

from samhandling.indicators.models import ImportBatch, ProfileExport
from samhandling.indicators.services import import_batch_run, profile_export_run


@task()
def run_import(batch_id: int) -> str:
    """Run a queued import in the background worker; returns the batch's final status."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.is_finished:
        return "skipped"
    return import_batch_run(batch=batch).status


@task()
def build_profile_pdf(job_id: int) -> str:
    """Make a large district profile PDF in the background worker; returns the job's final status."""
    job = ProfileExport.objects.filter(pk=job_id).defer("content").select_related("district", "requested_by").first()
    if job is None or job.is_finished:
        return "skipped"
    return profile_export_run(job=job).status
