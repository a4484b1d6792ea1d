"""Demo content for safe places: Hägersten-Älvsjö's place-based collaborations, safety investments 2024
(seed 002), a call of the safety fund (seed 003: 100 million kronor) and a fictitious violent event.

Everything beyond what seed 002 and 003 say is marked fictitious; no person is named. Idempotent.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from samhandling.accounts.models import User
from samhandling.organisations.models import District, Neighbourhood, PoliceArea
from samhandling.places import services
from samhandling.places.models import AlertList, Collaboration, CrisisEvent, FundCall, Investment
from samhandling.plans.models import Place

# Seed 002: continuous place-based collaboration in three areas and a "light" one in Telefonplan.
COLLABORATIONS = [
    ("Liljeholmstorget", "Liljeholmen", Place.Kind.CENTRE, (59.3104, 18.0224), "full",
     "Platssamverkan Liljeholmen"),
    ("Fruängens centrum", "Fruängen", Place.Kind.CENTRE, (59.2855, 17.9650), "full",
     "Platssamverkan Fruängen/Västertorp/Hägerstensåsen"),
    ("Älvsjö resecentrum", "Älvsjö", Place.Kind.STATION, (59.2790, 18.0102), "full",
     "Platssamverkan Älvsjö/Solberga"),
    ("Telefonplans torg", "Hägerstensåsen", Place.Kind.SQUARE, (59.2983, 17.9972), "light",
     "Platssamverkan light Telefonplan"),
]  # fmt: skip

# Seed 002: "Trygghetsinvesteringar 2024" (costs are fictitious demo figures).
INVESTMENTS_2024 = [
    ("Öka belysning och sikt och aktivera platsen vid Mälarhöjdens IP", "lighting", "Mälarhöjden",
     "Mälarhöjdens IP", Place.Kind.SPORTS, 420_000),
    ("Anlägga belyst parkväg vid Hägerstensåsens BP", "path", "Hägerstensåsen", "Hägerstensåsens BP",
     Place.Kind.PARK, 650_000),
    ("Belysning vid BP i parkleken Vippan", "lighting", "Västertorp", "Parkleken Vippan", Place.Kind.PARK, 280_000),
    ("Omläggning till höggräs vid Årsta ängsväg och Älvsjö IP", "grass", "Älvsjö", "Älvsjö IP",
     Place.Kind.SPORTS, 90_000),
    ("Utbyggnad av utegymmet i Trekantsparken", "gym", "Liljeholmen", "Trekantsparken", Place.Kind.PARK, 510_000),
]  # fmt: skip


def _place(name, hood_name, kind, point, actor):
    hood = Neighbourhood.objects.filter(name=hood_name).first()
    if hood is None:
        return None
    place, _ = Place.objects.get_or_create(neighbourhood=hood, name=name, defaults={"kind": kind, "created_by": actor})
    if place.latitude is None and point:
        Place.objects.filter(pk=place.pk).update(latitude=Decimal(str(point[0])), longitude=Decimal(str(point[1])))
        place.refresh_from_db()
    return place


@transaction.atomic
def load(stdout=None) -> None:
    """Create the demo collaborations, investments, fund call and event (once)."""
    coordinator = User.objects.filter(username="trygghet.hagersten").first()
    city = User.objects.filter(username="trygghet.staden").first()
    partner = User.objects.filter(username="partner.liljeholmen").first()
    police = User.objects.filter(username="polis.skarholmen").first()
    if coordinator is None or city is None:
        return
    hagersten = District.objects.get(name="Hägersten-Älvsjö")
    year = timezone.localdate().year
    collaborations = {}
    for name, hood, kind, point, ckind, title in COLLABORATIONS:
        place = _place(name, hood, kind, point, coordinator)
        if place is None:
            continue
        collaboration = Collaboration.objects.filter(place=place, title=title).first()
        if collaboration is None:
            collaboration = services.collaboration_start(
                actor=coordinator, place=place, title=title, kind=ckind, started_on=datetime.date(2024, 2, 1),
                aim="Seed 002: samverkansgruppen följer upp och har möten tills lägesbilden har förbättrats.",
            )  # fmt: skip
            services.member_add(
                actor=coordinator, collaboration=collaboration, organisation="Polisen, LPO Skärholmen",
                org_kind="police", user=police,
            )  # fmt: skip
            services.member_add(
                actor=coordinator, collaboration=collaboration, organisation="Trafikkontoret", org_kind="transport"
            )
        collaborations[name] = collaboration
    lilje = collaborations.get("Liljeholmstorget")
    if lilje is not None and not lilje.measures.exists():
        services.member_add(
            actor=coordinator, collaboration=lilje, organisation="Centrumägaren Liljeholmen (demo)",
            org_kind="owner", user=partner,
        )  # fmt: skip
        services.observation_add(
            actor=coordinator, place=lilje.place, collaboration=lilje, observed_on=datetime.date(2024, 2, 1),
            source="owners", text="Fiktiv: butiker rapporterar oro och stök vid entréerna kvällstid.",
        )  # fmt: skip
        for kind, text, who, status in [
            ("contact", "Kontaktvägar till SDF och polis och sätt att anmäla", "Stadsdelsförvaltningen", "done"),
            ("police", "Polisen prioriterar platsen och ökar närvaron", "Polisen", "ongoing"),
            ("field", "Fältassistenterna prioriterar platsen", "Fältgruppen", "ongoing"),
            ("perimeter", "Centrumägaren ser över skalskyddet", "Centrumägaren", "planned"),
            ("physical", "Förbättrad belysning och siktlinjer vid entrén", "Trafikkontoret", "planned"),
        ]:
            services.measure_add(
                actor=coordinator, collaboration=lilje, kind=kind, description=text, responsible=who, status=status
            )
    for title, kind, hood, place_name, place_kind, cost in INVESTMENTS_2024:
        if Investment.objects.filter(district=hagersten, year=2024, title=title).exists():
            continue
        place = _place(place_name, hood, place_kind, None, coordinator)
        services.investment_create(
            actor=coordinator, district=hagersten, year=2024, kind=kind, title=title, place=place,
            cost_estimate=Decimal(cost), status="done", outcome="Seed 002: Trygghetsinvesteringar 2024.",
        )  # fmt: skip
    call = FundCall.objects.filter(name=f"Trygghetsfonden {year}").first() or services.fund_call_create(
        actor=city, name=f"Trygghetsfonden {year}", budget=Decimal(100_000_000),
        opens_on=datetime.date(year, 1, 1), closes_on=datetime.date(year, 12, 31),
        source="Seed 003: en fond på 100 miljoner kronor för trygghetsfrämjande investeringar",
    )  # fmt: skip
    if lilje is not None and not call.applications.exists():
        services.application_create(
            actor=coordinator, call=call, district=hagersten, applicant="Hägersten-Älvsjö stadsdelsförvaltning",
            title="Fiktiv: belysning och siktlinjer vid Liljeholmstorget", kind="lighting",
            purpose="Öka den upplevda tryggheten kvällstid.", measures="Ny belysning vid tre entréer.",
            place=lilje.place, collaboration=lilje, amount=Decimal(450_000), co_financing=Decimal(150_000),
        )  # fmt: skip
    AlertList.objects.get_or_create(
        district=hagersten, defaults={"addresses": "krisstod.hagersten@demo.samhandling.invalid"}
    )
    if lilje is not None and not CrisisEvent.objects.filter(district=hagersten).exists():
        services.event_register(
            actor=coordinator, district=hagersten, kind="explosion",
            occurred_at=timezone.now() - datetime.timedelta(days=3), place=lilje.place,
            police_area=PoliceArea.objects.filter(code="skarholmen").first(),
            location="Fiktiv: trapphus nära Liljeholmstorget",
            known="Fiktiv: detonation i ett trapphus natt mot lördag, inga personskador kända.",
        )  # fmt: skip
    if stdout is not None:
        stdout.write("Trygga platser: demo för Hägersten-Älvsjö laddad.")
