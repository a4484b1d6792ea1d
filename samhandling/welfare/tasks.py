"""The welfare app's background work. Each task can be run again after a lost worker.

An import saves everything in one transaction, so a run cut short saved nothing and the batch
(still "checking" or "saving") starts over; a rule run saves its flags with ON CONFLICT DO
NOTHING, so running it again adds only what is missing. When the worker gives a task up, the
batch or run is marked failed with the reason, so a controller never waits on "running".
"""

from django.tasks import task

from samhandling.core.tasks import on_give_up
from samhandling.welfare.models import ImportBatch, RuleRun


@task()
def run_import(batch_id: int) -> str:
    """Check and save a queued import in the worker; returns the batch's final status."""
    from samhandling.welfare.services import import_batch_run

    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.is_finished:
        return "skipped"
    return import_batch_run(batch=batch).status


@on_give_up(run_import)
def _import_given_up(args: list, kwargs: dict, reason: str) -> None:
    from samhandling.welfare.services import import_batch_fail

    import_batch_fail(batch_id=kwargs.get("batch_id", args[0] if args else None), reason=reason)


@task()
def run_rules(run_id: int) -> str:
    """Run the flag rules of a queued RuleRun in the worker; returns the run's final status."""
    from samhandling.welfare.services import rule_run_execute

    run = RuleRun.objects.select_related("requested_by").filter(pk=run_id).first()
    if run is None or run.is_finished:
        return "skipped"
    return rule_run_execute(run=run).status


@on_give_up(run_rules)
def _rules_given_up(args: list, kwargs: dict, reason: str) -> None:
    from samhandling.welfare.services import rule_run_fail

    rule_run_fail(run_id=kwargs.get("run_id", args[0] if args else None), reason=reason)
