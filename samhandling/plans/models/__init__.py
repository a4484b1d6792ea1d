"""Local action plans (lokala handlingsplaner), their follow-up and the city-wide effects report.

One ActionPlan per committee and year, in versions: an approved version is read-only and a change
starts a new version (a copy) that points back at the one it replaces. The crime-prevention
process has three steps: situation picture (SituationSection), cause analysis (Problem + Cause)
and measures (Activity). Follow-up is reported per activity and FollowUpRound (T1, T2, year).

The models live in small modules by subject; this package imports them all, so that Django finds
them under the app label "plans" and `samhandling.plans.models.<name>` keeps working.
"""

from samhandling.plans.models.activity import Activity, PreventionType, Term
from samhandling.plans.models.followup import ActivityStatus, FollowUp, FollowUpRound, Period, PlanReport, ReminderSent
from samhandling.plans.models.importing import DocumentImport
from samhandling.plans.models.plan import PUBLIC_STATUSES, ActionPlan, Place, PlanStatus
from samhandling.plans.models.report import EffectsReport, SurveyReminderSent, SurveyResponse, SurveyRound
from samhandling.plans.models.situation import Cause, Problem, SituationSection, SourceKind
from samhandling.plans.models.workflow import FrozenSituation, PlanNotice

__all__ = [
    "PUBLIC_STATUSES",
    "ActionPlan",
    "Activity",
    "ActivityStatus",
    "Cause",
    "DocumentImport",
    "EffectsReport",
    "FollowUp",
    "FollowUpRound",
    "FrozenSituation",
    "Period",
    "Place",
    "PlanNotice",
    "PlanReport",
    "PlanStatus",
    "PreventionType",
    "Problem",
    "ReminderSent",
    "SituationSection",
    "SourceKind",
    "SurveyReminderSent",
    "SurveyResponse",
    "SurveyRound",
    "Term",
]
