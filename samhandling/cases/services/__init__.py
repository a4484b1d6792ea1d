"""Every write to cases: keyword-only, in a transaction, with its audit event in the same transaction.

Audit details carry ids and kinds of action only, never names or personal numbers. The services
live in small modules by subject; this package re-exports them so `services.<name>` keeps working.
"""

from samhandling.cases.services.common import EMERGENCY_ACCESS_MAX_HOURS, EditConflict, child_unit
from samhandling.cases.services.decisions import (
    intervention_decide,
    intervention_follow_up_record,
    police_request_answer,
    police_request_record,
)
from samhandling.cases.services.grants import (
    IDENTITY_GRANT_MAX_DAYS,
    emergency_access_decide,
    emergency_access_mark_reviewed,
    emergency_access_open,
    emergency_reasons,
    emergency_rule,
    identity_grant_create,
    register_identity_grant_authority,
)
from samhandling.cases.services.intake import (
    ReportInput,
    case_assign,
    concern_report_confirm_reporter,
    concern_report_submit,
    consultation_advise,
    consultation_ask,
    feedback_outcome,
    person_find_or_create,
    reporter_feedback_record,
)
from samhandling.cases.services.lifecycle import case_alert_mark_handled, case_close, case_reopen, intervention_close
from samhandling.cases.services.people import guardian_add, guardian_remove, person_change_record, person_update
from samhandling.cases.services.protection import identity_grant_withdraw, person_protection_set
from samhandling.cases.services.steps import (
    child_views_record,
    extension_limit,
    factor_assessment_save,
    initial_assessment_decide,
    instrument_use_record,
    investigation_complete,
    investigation_extend,
    protection_assessment_record,
)

__all__ = [
    "EMERGENCY_ACCESS_MAX_HOURS",
    "EditConflict",
    "IDENTITY_GRANT_MAX_DAYS",
    "ReportInput",
    "case_alert_mark_handled",
    "case_assign",
    "case_close",
    "case_reopen",
    "feedback_outcome",
    "intervention_close",
    "child_unit",
    "child_views_record",
    "concern_report_confirm_reporter",
    "concern_report_submit",
    "consultation_advise",
    "consultation_ask",
    "emergency_access_decide",
    "emergency_access_mark_reviewed",
    "emergency_reasons",
    "emergency_rule",
    "emergency_access_open",
    "extension_limit",
    "factor_assessment_save",
    "guardian_add",
    "guardian_remove",
    "identity_grant_create",
    "register_identity_grant_authority",
    "identity_grant_withdraw",
    "initial_assessment_decide",
    "instrument_use_record",
    "intervention_decide",
    "intervention_follow_up_record",
    "investigation_complete",
    "investigation_extend",
    "person_change_record",
    "person_find_or_create",
    "person_protection_set",
    "person_update",
    "police_request_answer",
    "police_request_record",
    "protection_assessment_record",
    "reporter_feedback_record",
]
