"""Demo defector cases (fictitious): the central team on call, Hägersten's SIG, three interests.

Logins: avhopp.jour (the central defector team), avhopp.chef (its unit manager), sig.hagersten.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from samhandling.accounts.models import User
from samhandling.defectors import services
from samhandling.defectors.models import DefectorCase, DefectorTeam
from samhandling.organisations.models import District, Unit


def _teams() -> None:
    central = Unit.objects.get(administration__name="Socialförvaltningen", name="Avhopparverksamheten")
    DefectorTeam.objects.get_or_create(
        unit=central, defaults={"central": True, "shared_email": "avhopparjouren@demo.samhandling.invalid"}
    )
    hagersten = District.objects.get(name="Hägersten-Älvsjö")
    sig = Unit.objects.get(administration__committee__district=hagersten, name="Sociala insatsgrupper")
    DefectorTeam.objects.get_or_create(
        unit=sig, defaults={"district": hagersten, "shared_email": "sig.hagersten@demo.samhandling.invalid"}
    )


@transaction.atomic
def load(stdout) -> None:
    _teams()
    if DefectorCase.objects.filter(person__first_name__startswith="Demo-Avhoppare").exists():
        stdout.write("Defector demo cases already there.")
        return
    field = User.objects.get(username="socsek.hagersten")
    jour = User.objects.get(username="avhopp.jour")
    district = District.objects.get(name="Hägersten-Älvsjö")
    now = timezone.localtime()
    yesterday_2210 = (now - datetime.timedelta(days=1)).replace(hour=22, minute=10, second=0, microsecond=0)
    arrivals = [
        ("Demo-Avhoppare-Ett", now - datetime.timedelta(hours=3), "self_phone"),
        ("Demo-Avhoppare-Två", now - datetime.timedelta(hours=21), "police"),
        ("Demo-Avhoppare-Tre", now - datetime.timedelta(hours=27), "relative"),
        ("Demo-Avhoppare-Fyra", yesterday_2210, "field_workers"),
    ]
    cases = [
        services.interest_register(
            actor=field,
            received_at=received,
            channel=channel,
            district=district,
            first_name=name,
            last_name="Påhittad",
            note="Vill lämna gänget och börja om (demo).",
        )
        for name, received, channel in arrivals
    ]
    services.first_contact_record(
        actor=jour,
        case=cases[-1],
        contacted_at=min(
            cases[-1].received_at + datetime.timedelta(hours=10, minutes=50), now - datetime.timedelta(minutes=5)
        ),
        method="meeting",
        contacted_by=jour,
        motivation="Jag orkar inte vara rädd längre. Jag vill plugga och ha ett jobb (demo).",
    )
    stdout.write(f"Defector demo cases: {len(cases)}.")
