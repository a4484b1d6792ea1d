"""Every write to action plans, follow-up and the effects report. Each one is audited in its transaction.

The services live in small modules by subject; this package re-exports them so that
`services.<name>` keeps working.
"""

from samhandling.plans.services.activity_import import (
    ImportedActivity,
    activities_import,
    document_import_create,
    document_import_run,
)
from samhandling.plans.services.common import PURPOSE, EditConflict, strategy_for_year
from samhandling.plans.services.followup import (
    followup_save,
    plan_report_submit,
    reminder_due,
    reportable,
    round_create,
)
from samhandling.plans.services.plan import (
    part_delete,
    part_save,
    place_create,
    plan_approve,
    plan_create,
    plan_new_version,
    plan_return,
    plan_submit,
    plan_update,
)
from samhandling.plans.services.report import effects_report_save, survey_round_save, survey_save

__all__ = [
    "PURPOSE",
    "EditConflict",
    "ImportedActivity",
    "activities_import",
    "document_import_create",
    "document_import_run",
    "effects_report_save",
    "followup_save",
    "part_delete",
    "part_save",
    "place_create",
    "plan_approve",
    "plan_create",
    "plan_new_version",
    "plan_report_submit",
    "plan_return",
    "plan_submit",
    "plan_update",
    "reminder_due",
    "reportable",
    "round_create",
    "strategy_for_year",
    "survey_round_save",
    "survey_save",
]
