"""Demo organisations and personas. Every name here is fictitious except the city's own structure."""

import base64

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from samhandling.organisations.models import (
    Administration,
    Agency,
    District,
    Membership,
    PoliceArea,
    Unit,
)
from samhandling.organisations.reference import DISTRICT_NAMES
from samhandling.organisations.roles import Role

DEMO_PASSWORD = "Samhandling-demo-2026"

DISTRICT_UNITS = [
    ("Barn och ungdom", Unit.Kind.CHILD_AND_YOUTH),
    ("Fältgruppen", Unit.Kind.FIELD),
    ("Förebyggande och trygghet", Unit.Kind.PREVENTION),
    ("Fritid och kultur", Unit.Kind.LEISURE),
    ("Analys och planering", Unit.Kind.ANALYSIS),
    ("Sociala insatsgrupper", Unit.Kind.OTHER),
]

SOCIAL_SERVICES_UNITS = [
    ("Analys och uppföljning", Unit.Kind.ANALYSIS),
    ("Systemförvaltning", Unit.Kind.MANAGEMENT),
    ("Dataskydd och informationssäkerhet", Unit.Kind.MANAGEMENT),
    ("Metodstöd och kunskapsutveckling", Unit.Kind.OTHER),
    ("Stadens trygghetsarbete", Unit.Kind.PREVENTION),
    ("Internkontroll och välfärdsbrott", Unit.Kind.MANAGEMENT),
    ("Upphandling", Unit.Kind.MANAGEMENT),
    ("Avtalsuppföljning", Unit.Kind.MANAGEMENT),
    ("Avhopparverksamheten", Unit.Kind.OTHER),
]

# Fictitious partners outside the city with an account for place-based collaboration (code, name).
DEMO_PARTNER_AGENCIES = [("centrumagaren-liljeholmen-demo", "Centrumägaren Liljeholmen (demo)")]

# username, first name, last name, role, (administration, unit) or ("agency", code, police area code)
PERSONAS = [
    ("admin", "Alva", "Admin", Role.SYSTEM_ADMIN, ("Socialförvaltningen", "Systemförvaltning")),
    (
        "analytiker",
        "Anders",
        "Analytiker",
        Role.CITY_ANALYST,
        ("Socialförvaltningen", "Analys och uppföljning"),
    ),
    (
        "planerare.hagersten",
        "Hanna",
        "Planerare",
        Role.DISTRICT_PLANNER,
        ("Hägersten-Älvsjö stadsdelsförvaltning", "Förebyggande och trygghet"),
    ),
    (
        "planerare.rinkeby",
        "Rami",
        "Planerare",
        Role.DISTRICT_PLANNER,
        ("Rinkeby-Kista stadsdelsförvaltning", "Förebyggande och trygghet"),
    ),
    (
        "chef.hagersten",
        "Cecilia",
        "Chef",
        Role.UNIT_MANAGER,
        ("Hägersten-Älvsjö stadsdelsförvaltning", "Barn och ungdom"),
    ),
    (
        "socsek.hagersten",
        "Sara",
        "Socialsekreterare",
        Role.SOCIAL_WORKER,
        ("Hägersten-Älvsjö stadsdelsförvaltning", "Barn och ungdom"),
    ),
    (
        "socsek.rinkeby",
        "Samir",
        "Socialsekreterare",
        Role.SOCIAL_WORKER,
        ("Rinkeby-Kista stadsdelsförvaltning", "Barn och ungdom"),
    ),
    (
        "falt.hagersten",
        "Filip",
        "Fältassistent",
        Role.FIELD_WORKER,
        ("Hägersten-Älvsjö stadsdelsförvaltning", "Fältgruppen"),
    ),
    (
        "skola.hagersten",
        "Stina",
        "Lärare",
        Role.SCHOOL_STAFF,
        ("Utbildningsförvaltningen", "Västertorpsskolan (demo)"),
    ),
    ("polis.globen", "Per", "Polis", Role.POLICE_LIAISON, ("agency", "polisen", "globen")),
    (
        "granskare",
        "Greta",
        "Granskare",
        Role.LOG_REVIEWER,
        ("Socialförvaltningen", "Dataskydd och informationssäkerhet"),
    ),
    (
        "dataskydd",
        "Dina",
        "Dataskyddsombud",
        Role.DATA_PROTECTION,
        ("Socialförvaltningen", "Dataskydd och informationssäkerhet"),
    ),
    (
        "katalog",
        "Karin",
        "Katalogredaktör",
        Role.CATALOGUE_EDITOR,
        ("Socialförvaltningen", "Metodstöd och kunskapsutveckling"),
    ),
    # Partners in forum cases (collaboration).
    (
        "samordnare.hagersten",
        "Ylva",
        "Ungdomskoordinator",
        Role.FORUM_COORDINATOR,
        ("Hägersten-Älvsjö stadsdelsförvaltning", "Barn och ungdom"),
    ),
    (
        "fritid.hagersten",
        "Fredrik",
        "Fritidsledare",
        Role.LEISURE_STAFF,
        ("Hägersten-Älvsjö stadsdelsförvaltning", "Fritid och kultur"),
    ),
    ("region.stockholm", "Rut", "Region", Role.REGION_STAFF, ("agency", "region-stockholm")),
    ("kriminalvarden", "Kim", "Kriminalvård", Role.PRISON_PROBATION_STAFF, ("agency", "kriminalvarden")),
]

TOTP_USERS = ("admin", "granskare", "dataskydd", "avhopp.jour", "sig.hagersten")
PERSONAS += [
    (
        "trygghet.hagersten",
        "Tove",
        "Trygghetssamordnare",
        Role.SAFETY_COORDINATOR,
        ("Hägersten-Älvsjö stadsdelsförvaltning", "Förebyggande och trygghet"),
    ),
    (
        "trygghet.staden",
        "Tage",
        "Trygghetsstrateg",
        Role.CITY_SAFETY,
        ("Socialförvaltningen", "Stadens trygghetsarbete"),
    ),
    ("partner.liljeholmen", "Cia", "Centrumchef", Role.PLACE_PARTNER, ("agency", "centrumagaren-liljeholmen-demo")),
    ("polis.skarholmen", "Pia", "Polis", Role.POLICE_LIAISON, ("agency", "polisen", "skarholmen")),
    (
        "kontrollant",
        "Kim",
        "Kontrollant",
        Role.WELFARE_CONTROLLER,
        ("Socialförvaltningen", "Internkontroll och välfärdsbrott"),
    ),
    ("upphandlare", "Ulla", "Upphandlare", Role.PROCUREMENT_OFFICER, ("Socialförvaltningen", "Upphandling")),
    (
        "avtalsuppfoljare",
        "Ali",
        "Avtalsuppföljare",
        Role.CONTRACT_FOLLOW_UP,
        ("Socialförvaltningen", "Avtalsuppföljning"),
    ),
]

PERSONAS += [
    # The defector process (issue 12): the on-call central team, its manager, and Hägersten's SIG.
    ("avhopp.jour", "Ali", "Avhopparjour", Role.DEFECTOR_TEAM, ("Socialförvaltningen", "Avhopparverksamheten")),
    ("avhopp.chef", "Agnes", "Avhopparchef", Role.UNIT_MANAGER, ("Socialförvaltningen", "Avhopparverksamheten")),
    (
        "sig.hagersten",
        "Sigrid",
        "Insatsgrupp",
        Role.DEFECTOR_TEAM,
        ("Hägersten-Älvsjö stadsdelsförvaltning", "Sociala insatsgrupper"),
    ),
]


def totp_secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(bytes.fromhex(device.key)).decode("ascii").rstrip("=")


@transaction.atomic
def load_demo_organisations() -> dict[str, str]:
    """Create demo units and personas (idempotent). Returns username -> TOTP secret for TOTP users."""
    for name in DISTRICT_NAMES:
        district = District.objects.get(name=name)
        admin = Administration.objects.get(committee__district=district)
        for unit_name, kind in DISTRICT_UNITS:
            Unit.objects.update_or_create(
                administration=admin, name=unit_name, defaults={"kind": kind, "district": district}
            )
    social = Administration.objects.get(name="Socialförvaltningen")
    for unit_name, kind in SOCIAL_SERVICES_UNITS:
        Unit.objects.update_or_create(administration=social, name=unit_name, defaults={"kind": kind, "district": None})
    Unit.objects.update_or_create(
        administration=Administration.objects.get(name="Utbildningsförvaltningen"),
        name="Västertorpsskolan (demo)",
        defaults={
            "kind": Unit.Kind.SCHOOL,
            "district": District.objects.get(name="Hägersten-Älvsjö"),
        },
    )

    for code, name in DEMO_PARTNER_AGENCIES:
        Agency.objects.update_or_create(code=code, defaults={"name": name, "kind": Agency.Kind.OTHER})

    secrets = {}
    for username, first, last, role, where in PERSONAS:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.samhandling.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if where[0] == "agency":
            agency = Agency.objects.get(code=where[1])
            area = PoliceArea.objects.get(code=where[2]) if len(where) > 2 else None
            Membership.objects.get_or_create(
                user=user, role=role, agency=agency, unit=None, defaults={"police_area": area}
            )
        else:
            unit = Unit.objects.get(administration__name=where[0], name=where[1])
            Membership.objects.get_or_create(user=user, role=role, unit=unit, agency=None)
        if username in TOTP_USERS:
            device, _ = TOTPDevice.objects.get_or_create(user=user, name="demo", defaults={"confirmed": True})
            secrets[username] = totp_secret_base32(device)
    return secrets
