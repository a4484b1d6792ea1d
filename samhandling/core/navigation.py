"""The main navigation, by role. Apps add their entries here as they arrive."""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from samhandling.organisations.access import user_roles
from samhandling.organisations.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every logged-in user


NAV_ITEMS = [
    NavItem(_("Start"), "core:start"),
    NavItem(_("Method catalogue"), "catalogue:method_list"),
    NavItem(
        _("Action plans"),
        "plans:plan_list",
        frozenset({Role.CITY_ANALYST, Role.DISTRICT_PLANNER, Role.UNIT_MANAGER}),
    ),
    NavItem(_("Indicators"), "indicators:indicator_list"),
    NavItem(_("Goals and results"), "results:goal_tree"),
    NavItem(
        _("Cases"),
        "cases:workload",
        frozenset({Role.SOCIAL_WORKER, Role.UNIT_MANAGER}),
    ),
    NavItem(
        _("Forum cases"),
        "collaboration:overview",
        frozenset(
            {
                Role.SOCIAL_WORKER,
                Role.UNIT_MANAGER,
                Role.FORUM_COORDINATOR,
                Role.SCHOOL_STAFF,
                Role.POLICE_LIAISON,
                Role.LEISURE_STAFF,
                Role.REGION_STAFF,
                Role.PRISON_PROBATION_STAFF,
            }
        ),
    ),
    NavItem(
        _("Disclosures"),
        "collaboration:register",
        frozenset({Role.LOG_REVIEWER, Role.DATA_PROTECTION}),
    ),
    NavItem(
        _("Safe places"),
        "places:index",
        frozenset(
            {Role.SAFETY_COORDINATOR, Role.CITY_SAFETY, Role.PLACE_PARTNER, Role.POLICE_LIAISON, Role.CITY_ANALYST}
        ),
    ),
    NavItem(_("Defectors"), "defectors:queue", frozenset({Role.DEFECTOR_TEAM})),
    NavItem(_("Defector figures"), "defectors:figures", frozenset({Role.CITY_ANALYST})),
    NavItem(
        _("Leaving crime: register an interest"),
        "defectors:register",
        frozenset({Role.FIELD_WORKER, Role.POLICE_LIAISON, Role.PRISON_PROBATION_STAFF, Role.SOCIAL_WORKER}),
    ),
    NavItem(_("Report a concern"), "cases:concern_report_form", frozenset({Role.SCHOOL_STAFF})),
    NavItem(
        _("Welfare crime"),
        "welfare:home",
        frozenset({Role.WELFARE_CONTROLLER, Role.PROCUREMENT_OFFICER, Role.CONTRACT_FOLLOW_UP}),
    ),
    NavItem(_("Audit log"), "audit:log_review", frozenset({Role.LOG_REVIEWER})),
    NavItem(_("Reads of defector cases"), "defectors:read_report", frozenset({Role.LOG_REVIEWER})),
    NavItem(_("Emergency accesses"), "cases:emergency_access_review", frozenset({Role.LOG_REVIEWER})),
    NavItem(_("Register extracts"), "cases:full_extract", frozenset({Role.DATA_PROTECTION})),
    NavItem(_("Background tasks"), "core:task_list", frozenset({Role.SYSTEM_ADMIN})),
    NavItem(_("Users and roles"), "organisations:user_list", frozenset({Role.SYSTEM_ADMIN, Role.UNIT_MANAGER})),
    NavItem(
        _("Committee staffing"), "organisations:committee_problems", frozenset({Role.SYSTEM_ADMIN, Role.CITY_ANALYST})
    ),
]


def nav_for(user) -> list[dict]:
    """The navigation entries the user's roles open, in order."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return [
        {"label": label, "url": url} for label, url in _nav(frozenset(user_roles(user)), get_script_prefix(), urlconf)
    ]


@lru_cache(maxsize=256)
def _nav(roles: frozenset[str], script_prefix: str, urlconf: str) -> tuple[tuple[Any, str], ...]:
    """Reversed once per set of roles (and URL configuration), not on every page: the labels stay lazy
    and are translated when the page is rendered."""
    items = []
    for item in NAV_ITEMS:
        if item.roles is not None and not (roles & item.roles):
            continue
        try:
            url = reverse(item.url_name, urlconf=urlconf)
        except NoReverseMatch:
            continue  # the app behind it is not there yet
        items.append((item.label, url))
    return tuple(items)
