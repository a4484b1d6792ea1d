from django.tasks import task

from samhandling.indicators.models import ImportBatch
from samhandling.indicators.services import import_batch_run


@task()
def run_import(batch_id: int) -> str:
    """Run a queued import in the background worker; returns the batch's final status."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.is_finished:
        return "skipped"
    return import_batch_run(batch=batch).status
