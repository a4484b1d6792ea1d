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


# Roles that must confirm every login with a one-time code (TOTP).
TWO_FACTOR_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.LOG_REVIEWER})

# Role -> Django permissions ("app_label.codename"). Apps add their own codenames here when
# they define them; an unknown codename simply grants nothing.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(
        {
            "organisations.manage_organisations",
            "accounts.manage_users",
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
        }
    ),
    Role.SOCIAL_WORKER: frozenset({"cases.work_cases"}),
    Role.FIELD_WORKER: frozenset(),
    Role.SCHOOL_STAFF: frozenset({"cases.submit_concern_reports"}),
    Role.POLICE_LIAISON: frozenset(),
    Role.LOG_REVIEWER: frozenset({"audit.review_log"}),
    Role.CATALOGUE_EDITOR: frozenset({"catalogue.edit_catalogue"}),
}


def permissions_for_roles(roles) -> set[str]:
    """Union of the Django permissions of the given roles."""
    perms: set[str] = set()
    for role in roles:
        perms |= ROLE_PERMISSIONS.get(role, frozenset())
    return perms
