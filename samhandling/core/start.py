"""The start page: one section per role the user holds, with the links that role needs first."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from samhandling.organisations.access import user_roles
from samhandling.organisations.roles import Role

# role -> (heading, [(label, url name)])
ROLE_SECTIONS = {
    Role.SYSTEM_ADMIN: (
        _("Administration"),
        [
            (_("Users and roles"), "organisations:user_list"),
            (_("Committee staffing"), "organisations:committee_problems"),
            (_("Health of the system"), "core:healthz"),
        ],
    ),
    Role.CITY_ANALYST: (
        _("Analysis and follow-up"),
        [
            (_("Indicators"), "indicators:indicator_list"),
            (_("Overview of the action plans"), "plans:overview"),
            (_("Committee staffing"), "organisations:committee_problems"),
        ],
    ),
    Role.DISTRICT_PLANNER: (
        _("Planning"),
        [
            (_("Our action plans"), "plans:plan_list"),
            (_("Method catalogue"), "catalogue:method_list"),
        ],
    ),
    Role.UNIT_MANAGER: (
        _("Unit management"),
        [
            (_("Queue of the unit"), "cases:queue"),
            (_("Action plans"), "plans:plan_list"),
            (_("Users and roles"), "organisations:user_list"),
        ],
    ),
    Role.SOCIAL_WORKER: (
        _("Case work"),
        [(_("My cases"), "cases:workload"), (_("Method catalogue"), "catalogue:method_list")],
    ),
    Role.FIELD_WORKER: (
        _("Field work"),
        [
            (_("Method catalogue"), "catalogue:method_list"),
            (_("Indicators"), "indicators:indicator_list"),
        ],
    ),
    Role.SCHOOL_STAFF: (
        _("Report a concern"),
        [(_("Report a concern about a child"), "cases:concern_report_form")],
    ),
    Role.POLICE_LIAISON: (
        _("Collaboration"),
        [
            (_("Forum cases"), "collaboration:overview"),
            (_("Method catalogue"), "catalogue:method_list"),
            (_("Indicators"), "indicators:indicator_list"),
        ],
    ),
    Role.LOG_REVIEWER: (_("Log review"), [(_("Audit log"), "audit:log_review")]),
    Role.CATALOGUE_EDITOR: (
        _("Method catalogue"),
        [(_("Method catalogue"), "catalogue:method_list")],
    ),
    Role.DATA_PROTECTION: (
        _("Data protection"),
        [(_("Register extract of every case about a person"), "cases:full_extract")],
    ),
    Role.SAFETY_COORDINATOR: (
        _("Safe places"),
        [
            (_("Places and collaborations"), "places:index"),
            (_("Violent events and crisis support"), "places:event_list"),
            (_("The safety fund"), "places:fund_overview"),
        ],
    ),
    Role.CITY_SAFETY: (
        _("Safe places"),
        [(_("The safety fund"), "places:fund_overview"), (_("Map of safe places"), "places:map")],
    ),
    Role.PLACE_PARTNER: (_("Place-based collaboration"), [(_("Our collaborations"), "places:collaboration_list")]),
    Role.WELFARE_CONTROLLER: (
        _("Welfare crime"),
        [(_("Flag queue"), "welfare:flag_queue"), (_("Suppliers"), "welfare:supplier_list")],
    ),
    Role.PROCUREMENT_OFFICER: (
        _("Welfare crime"),
        [(_("Suppliers"), "welfare:supplier_list"), (_("Integrity checks"), "welfare:check_list")],
    ),
    Role.CONTRACT_FOLLOW_UP: (_("Welfare crime"), [(_("Integrity checks"), "welfare:check_list")]),
}

# Partners in forum cases see the forums they take part in (collaboration); the defector team its queue.
_FORUM_PARTNER_SECTION = (_("Collaboration"), [(_("Forum cases"), "collaboration:overview")])
for _role in (Role.FORUM_COORDINATOR, Role.REGION_STAFF, Role.PRISON_PROBATION_STAFF, Role.LEISURE_STAFF):
    ROLE_SECTIONS[_role] = _FORUM_PARTNER_SECTION
ROLE_SECTIONS[Role.DEFECTOR_TEAM] = (_("Leaving crime"), [(_("Duty queue"), "defectors:queue")])


def start_sections(user) -> list[dict]:
    roles = user_roles(user)
    sections = []
    for role in Role:
        if role.value not in roles:
            continue
        if role not in ROLE_SECTIONS:
            continue  # a role added without a start section still gets a working start page
        heading, links = ROLE_SECTIONS[role]
        resolved = []
        for label, url_name in links:
            try:
                resolved.append({"label": label, "url": reverse(url_name)})
            except NoReverseMatch:
                continue
        sections.append({"heading": heading, "role": role.label, "links": resolved})
    return sections
