"""Every write of the collaboration app (see the modules for each part)."""

from samhandling.collaboration.services.consent import (
    consent_complete,
    consent_record,
    consent_withdraw,
    consents_covering,
    coverage_recompute,
    in_force,
    legal_bases_in_force,
    legal_basis_check,
    required_givers,
    rule_for,
)
from samhandling.collaboration.services.disclosures import disclosure_record, plan_snapshot
from samhandling.collaboration.services.forums import (
    EditConflict,
    action_add,
    action_update,
    forum_activate,
    forum_create,
    forum_end,
    meeting_create,
    meeting_save,
    member_add,
    member_remove,
    plan_update,
)

__all__ = [
    "EditConflict",
    "action_add",
    "action_update",
    "consent_complete",
    "consent_record",
    "consent_withdraw",
    "consents_covering",
    "coverage_recompute",
    "disclosure_record",
    "forum_activate",
    "forum_create",
    "forum_end",
    "in_force",
    "legal_basis_check",
    "legal_bases_in_force",
    "meeting_create",
    "meeting_save",
    "member_add",
    "member_remove",
    "plan_snapshot",
    "plan_update",
    "required_givers",
    "rule_for",
]
