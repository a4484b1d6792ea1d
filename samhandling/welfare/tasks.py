from django.tasks import task

from samhandling.welfare.models import ImportBatch


@task()
def run_import(batch_id: int) -> str:
    """Check and save a queued import in the worker; returns the batch's final status."""
    from samhandling.welfare.services import import_batch_run

    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.is_finished:
        return "skipped"
    return import_batch_run(batch=batch).status


@task()
def run_rules(year: int, user_id: int | None = None) -> dict:
    """Run the flag rules over a year in the worker."""
    from django.contrib.auth import get_user_model

    from samhandling.welfare.services import rules_run

    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return rules_run(actor=actor, year=year)
