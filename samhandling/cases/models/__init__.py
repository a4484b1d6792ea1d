"""The child's case: people, concern reports, statutory steps, assessments and decisions.

Deadlines and retention are data (DeadlineRule, RetentionRule) with their legal reference and
the date from which they apply, because the Social Services Act changed on 1 July 2025 and
further changes are proposed. Nothing here scores, ranks or predicts anything about a child.
"""

from samhandling.cases.models.base import Entry, User
from samhandling.cases.models.decisions import InterventionDecision, InterventionFollowUp, PoliceRequest
from samhandling.cases.models.emergency import EmergencyAccessRule, EmergencyReason
from samhandling.cases.models.intake import Case, ConcernReport, Consultation, EmergencyAccess, ReporterFeedback
from samhandling.cases.models.lifecycle import CaseAlert, CaseStatusEvent
from samhandling.cases.models.people import GuardianRegistration, Person, PersonChange, ProtectedIdentityGrant
from samhandling.cases.models.rules import DeadlineRule, RetentionException, RetentionRule
from samhandling.cases.models.steps import (
    ChildViews,
    FactorAssessment,
    InitialAssessment,
    InstrumentUse,
    Investigation,
    InvestigationExtension,
    ProtectionAssessment,
)

__all__ = [
    "Case",
    "CaseAlert",
    "CaseStatusEvent",
    "ChildViews",
    "ConcernReport",
    "Consultation",
    "DeadlineRule",
    "EmergencyAccess",
    "EmergencyAccessRule",
    "EmergencyReason",
    "Entry",
    "FactorAssessment",
    "GuardianRegistration",
    "InitialAssessment",
    "InstrumentUse",
    "InterventionDecision",
    "InterventionFollowUp",
    "Investigation",
    "InvestigationExtension",
    "Person",
    "PersonChange",
    "PoliceRequest",
    "ProtectedIdentityGrant",
    "ProtectionAssessment",
    "ReporterFeedback",
    "RetentionException",
    "RetentionRule",
    "User",
]
