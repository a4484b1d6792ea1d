"""Teams and personas for the defector tests."""

import datetime

from django.utils import timezone

from samhandling.defectors import services
from samhandling.defectors.models import DefectorTeam
from samhandling.organisations.models import District
from samhandling.organisations.roles import Role
from samhandling.organisations.tests import factories as f


def central_team() -> DefectorTeam:
    unit = f.city_unit("Socialförvaltningen", "Avhopparverksamheten")
    team, _ = DefectorTeam.objects.get_or_create(
        unit=unit, defaults={"central": True, "shared_email": "avhopparjouren@test.samhandling.invalid"}
    )
    return team


def sig_team(district_name: str = "Hägersten-Älvsjö") -> DefectorTeam:
    unit = f.district_unit(district_name, "Sociala insatsgrupper")
    team, _ = DefectorTeam.objects.get_or_create(
        unit=unit,
        defaults={
            "district": District.objects.get(name=district_name),
            "shared_email": f"sig-{unit.pk}@test.samhandling.invalid",
        },
    )
    return team


def team_member(username: str = "avhopp-jour") -> object:
    return f.make_member(username, Role.DEFECTOR_TEAM, central_team().unit)


def team_manager() -> object:
    return f.make_member("avhopp-chef", Role.UNIT_MANAGER, central_team().unit)


def sig_member(district_name: str = "Hägersten-Älvsjö") -> object:
    return f.make_member(f"sig-{district_name.lower()}", Role.DEFECTOR_TEAM, sig_team(district_name).unit)


def interest(
    actor=None, *, hours_ago: float = 1, personal_number: str = "", district: str = "Hägersten-Älvsjö", **kwargs
):
    central_team()
    actor = actor or f.field_worker()
    return services.interest_register(
        actor=actor,
        received_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        channel=kwargs.pop("channel", "field_workers"),
        district=District.objects.get(name=district),
        personal_number=personal_number,
        first_name=kwargs.pop("first_name", "Testavhoppare"),
        last_name=kwargs.pop("last_name", "Hemlig"),
        **kwargs,
    )


def open_case(actor=None, **kwargs):
    """An interest with its first contact recorded: the case is open."""
    case = interest(hours_ago=kwargs.pop("hours_ago", 3), **kwargs)
    member = actor or team_member()
    services.first_contact_record(
        actor=member,
        case=case,
        contacted_at=timezone.now() - datetime.timedelta(hours=1),
        method="phone",
        contacted_by=member,
        motivation="Jag vill ut.",
    )
    case.refresh_from_db()
    return case
