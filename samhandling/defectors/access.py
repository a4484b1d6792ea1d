"""Who may see and do what with defector cases. Every view, list and task goes through here.

A defector's identity and whereabouts are the most protected data in the system. A defector case
is seen only by the members of the team that holds it (the defector-team role in the team's
unit) and the unit manager of that unit; everyone else gets 404, including social workers in
other units who have a case about the same person, the police, partners and the log reviewer
(who reads the audit log, not the case). The person is always shown masked: "Skyddad identitet"
and the case reference, never a name, number or address (cases.access.display_name).

Registering an interest is open to whoever receives one (social services, field workers,
police, prison and probation); the one who registered sees a receipt with the reference and the
time first contact is due, nothing more.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from samhandling.audit.services import record
from samhandling.cases.models import Person
from samhandling.core.annotations import Actor, Viewer
from samhandling.defectors.models import DefectorCase, DefectorTeam, Handover
from samhandling.organisations.access import units_with_role
from samhandling.organisations.models import Unit
from samhandling.organisations.roles import Role

PURPOSE = "defector case work"


def can_register_interest(user: Viewer) -> bool:
    return user.is_authenticated and user.has_perm("defectors.register_defector_interest")


def team_units(user: Viewer) -> QuerySet[Unit]:
    """The units whose defector cases the user works on: defector-team members and the unit's manager."""
    return units_with_role(user, Role.DEFECTOR_TEAM, Role.UNIT_MANAGER).filter(defector_team__isnull=False)


def user_teams(user: Viewer) -> QuerySet[DefectorTeam]:
    if not user.is_authenticated:
        return DefectorTeam.objects.none()
    return DefectorTeam.objects.filter(unit__in=team_units(user))


def is_team_member(user: Viewer) -> bool:
    return user_teams(user).exists()


def visible_defector_cases(user: Viewer) -> QuerySet[DefectorCase]:
    """The cases held by the user's teams, and those being handed to them: the only door to a defector case."""
    teams = user_teams(user)
    incoming = Handover.objects.filter(to_team__in=teams, completed_at__isnull=True).values("case_id")
    return DefectorCase.objects.filter(Q(team__in=teams) | Q(id__in=incoming))


def get_defector_case_for_user(
    user: Viewer, case_id: int, *, purpose: str = PURPOSE, write: bool = False
) -> DefectorCase:
    """The case if the user's team holds it (404 otherwise; 403 for a write to a closed case); the look is audited."""
    case = visible_defector_cases(user).select_related("team__unit", "district", "person").filter(id=case_id).first()
    if case is None:
        raise Http404
    if write and case.status == DefectorCase.Status.CLOSED:
        raise PermissionDenied
    record(
        actor=user,
        verb="defectors.case.open_for_change" if write else "defectors.case.view",
        target=case,
        purpose=purpose,
    )
    return case


def get_receipt_for_user(user: Actor, case_id: int) -> DefectorCase:
    """The registrant's receipt: only the one who registered it (404 for everyone else); audited."""
    case = DefectorCase.objects.filter(id=case_id, received_by=user).first()
    if case is None:
        raise Http404
    record(actor=user, verb="defectors.case.view_receipt", target=case, purpose=PURPOSE)
    return case


def identity_grant_authority(actor: Actor, person: Person, user: Viewer) -> str | None:
    """Registered with cases: the manager of a defector team may authorise a member of the same team to see
    the protected identity of a person whose defector case (not closed) the team holds. Nobody else."""
    if not (actor.is_authenticated and user.is_authenticated) or user.pk == actor.pk:
        return None
    managed = units_with_role(actor, Role.UNIT_MANAGER).filter(defector_team__isnull=False)
    member_of = units_with_role(user, Role.DEFECTOR_TEAM).filter(defector_team__isnull=False)
    holding = (
        DefectorCase.objects.filter(person=person, team__unit__in=managed)
        .filter(team__unit__in=member_of)
        .exclude(status=DefectorCase.Status.CLOSED)
    )
    return "defectors" if holding.exists() else None


def can_grant_identity(user: Viewer, case: DefectorCase) -> bool:
    """The manager of the team that holds the case (the others in the team see the page, not this step)."""
    return case.status != DefectorCase.Status.CLOSED and (
        units_with_role(user, Role.UNIT_MANAGER).filter(pk=case.team.unit_id).exists()
    )
