from django.tasks import task

from samhandling.core.tasks import on_give_up
from samhandling.indicators.models import ImportBatch, ProfileExport
from samhandling.indicators.services import (
    import_batch_fail,
    import_batch_run,
    profile_export_fail,
    profile_export_run,
)


@task()
def run_import(batch_id: int) -> str:
    """Run a queued import in the background worker; returns the batch's final status.

    Run again after a lost worker, it starts over: the values are saved in one transaction, so a
    run cut short saved nothing.
    """
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.is_finished:
        return "skipped"
    return import_batch_run(batch=batch).status


@on_give_up(run_import)
def _import_given_up(args, kwargs, reason):
    import_batch_fail(batch_id=kwargs.get("batch_id", args[0] if args else None), reason=reason)


@task()
def build_profile_pdf(job_id: int) -> str:
    """Make a large district profile PDF in the background worker; returns the job's final status."""
    job = ProfileExport.objects.filter(pk=job_id).defer("content").select_related("district", "requested_by").first()
    if job is None or job.is_finished:
        return "skipped"
    done = profile_export_run(job=job)
    # None: the job was deleted while it ran.
    return done.status if done is not None else "skipped"


@on_give_up(build_profile_pdf)
def _profile_given_up(args, kwargs, reason):
    profile_export_fail(job_id=kwargs.get("job_id", args[0] if args else None), reason=reason)
