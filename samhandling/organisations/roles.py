"""Roles and what each may do.

A role is held through a Membership in a unit or an agency. Django permissions are derived
from the roles of a user's active memberships on every request (accounts.backends.RoleBackend),
so removing a membership takes effect at once. Which *records* a user may see is decided by the
apps' access.py functions from the memberships themselves.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    CITY_ANALYST = "city_analyst", _("City analyst")
    DISTRICT_PLANNER = "district_planner", _("District planner")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    FIELD_WORKER = "field_worker", _("Field worker")
    SCHOOL_STAFF = "school_staff", _("School staff (reporter)")
    POLICE_LIAISON = "police_liaison", _("Police liaison")
    LOG_REVIEWER = "log_reviewer", _("Log reviewer")
    CATALOGUE_EDITOR = "catalogue_editor", _("Catalogue editor")
    DATA_PROTECTION = "data_protection", _("Data protection officer")
    # Partners in forum cases (collaboration): they see only what a forum disclosed to them.
    FORUM_COORDINATOR = "forum_coordinator", _("Forum coordinator (youth coordinator)")
    REGION_STAFF = "region_staff", _("Region staff (health care)")
    PRISON_PROBATION_STAFF = "prison_probation_staff", _("Prison and Probation Service staff")
    LEISURE_STAFF = "leisure_staff", _("Leisure staff")
    SAFETY_COORDINATOR = "safety_coordinator", _("Safety coordinator (district)")
    CITY_SAFETY = "city_safety", _("City safety staff")
    PLACE_PARTNER = "place_partner", _("Partner in place-based collaboration")
    WELFARE_CONTROLLER = "welfare_controller", _("Welfare crime controller")
    PROCUREMENT_OFFICER = "procurement_officer", _("Procurement officer")
    CONTRACT_FOLLOW_UP = "contract_follow_up", _("Contract follow-up (administration)")
    # The defector team (avhopparverksamheten, or a district SIG that holds defector cases).
    DEFECTOR_TEAM = "defector_team", _("Defector team")


# Roles that must confirm every login with a one-time code (TOTP).
# The defector team holds the identities and whereabouts of people whose safety depends on secrecy.
TWO_FACTOR_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.LOG_REVIEWER, Role.DATA_PROTECTION, Role.DEFECTOR_TEAM})

# Roles a unit manager may give and end in their own unit. Roles with city-wide reach, rights over
# other people (system administrator, unit manager, log reviewer, data protection) or the city's
# analysis stay with the system administrator.
UNIT_MANAGER_GRANTABLE_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.FIELD_WORKER,
        Role.DISTRICT_PLANNER,
        Role.SCHOOL_STAFF,
        Role.FORUM_COORDINATOR,
        Role.LEISURE_STAFF,
        Role.SAFETY_COORDINATOR,
        Role.DEFECTOR_TEAM,
    }
)

# Role -> Django permissions ("app_label.codename"). Apps add their own codenames here when
# they define them; an unknown codename simply grants nothing.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(
        {
            "organisations.manage_organisations",
            "accounts.manage_users",
            "core.manage_tasks",
        }
    ),
    Role.CITY_ANALYST: frozenset(
        {
            "plans.view_all_plans",
            "plans.edit_effects_report",
            "plans.manage_followup_rounds",
            "indicators.manage_indicators",
            "indicators.import_values",
            "results.manage_goals",
        }
    ),
    Role.DISTRICT_PLANNER: frozenset({"plans.edit_own_plans"}),
    Role.UNIT_MANAGER: frozenset(
        {
            "plans.approve_plans",
            "cases.view_unit_cases",
            "cases.manage_unit_queue",
            "cases.work_cases",
            "cases.mark_protected_identity",
            "cases.approve_emergency_access",
        }
    ),
    Role.SOCIAL_WORKER: frozenset({"cases.work_cases"}),
    Role.FIELD_WORKER: frozenset(),
    Role.SCHOOL_STAFF: frozenset({"cases.submit_concern_reports"}),
    Role.POLICE_LIAISON: frozenset(),
    Role.LOG_REVIEWER: frozenset({"audit.review_log"}),
    Role.CATALOGUE_EDITOR: frozenset({"catalogue.edit_catalogue"}),
    # The data-protection function answers GDPR requests: a register extract of every case about
    # a person, a deliberate act audited against each case; it opens no case page.
    Role.DATA_PROTECTION: frozenset({"cases.full_register_extract", "collaboration.view_disclosure_register"}),
    Role.FORUM_COORDINATOR: frozenset({"collaboration.lead_forums"}),
    Role.REGION_STAFF: frozenset(),
    Role.PRISON_PROBATION_STAFF: frozenset(),
    Role.LEISURE_STAFF: frozenset(),
    # Which places, collaborations, events and applications a user sees and changes is decided
    # by samhandling.places.access from the memberships themselves.
    Role.SAFETY_COORDINATOR: frozenset(),
    Role.CITY_SAFETY: frozenset(),
    Role.PLACE_PARTNER: frozenset(),
    Role.WELFARE_CONTROLLER: frozenset({"welfare.control_suppliers"}),
    Role.PROCUREMENT_OFFICER: frozenset({"welfare.check_suppliers"}),
    Role.CONTRACT_FOLLOW_UP: frozenset({"welfare.view_check_results"}),
    Role.DEFECTOR_TEAM: frozenset({"defectors.work_defector_cases", "defectors.register_defector_interest"}),
}
# Social workers and unit managers lead forum cases too; the log reviewer reads the disclosure register.
ROLE_PERMISSIONS[Role.SOCIAL_WORKER] = ROLE_PERMISSIONS[Role.SOCIAL_WORKER] | {"collaboration.lead_forums"}
ROLE_PERMISSIONS[Role.UNIT_MANAGER] = ROLE_PERMISSIONS[Role.UNIT_MANAGER] | {"collaboration.lead_forums"}
ROLE_PERMISSIONS[Role.LOG_REVIEWER] = ROLE_PERMISSIONS[Role.LOG_REVIEWER] | {"collaboration.view_disclosure_register"}
# Whoever receives an expression of interest in leaving crime registers it (issue 12).
for _role in (
    Role.SOCIAL_WORKER,
    Role.UNIT_MANAGER,
    Role.FIELD_WORKER,
    Role.POLICE_LIAISON,
    Role.PRISON_PROBATION_STAFF,
):
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {"defectors.register_defector_interest"}


def permissions_for_roles(roles) -> set[str]:
    """Union of the Django permissions of the given roles."""
    perms: set[str] = set()
    for role in roles:
        perms |= ROLE_PERMISSIONS.get(role, frozenset())
    return perms
