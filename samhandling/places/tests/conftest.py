import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from samhandling.organisations.models import District, Neighbourhood, PoliceArea
from samhandling.organisations.tests import factories as f
from samhandling.places import services
from samhandling.places.models import AlertList
from samhandling.plans.models import Place


def token():
    return uuid.uuid4()


@pytest.fixture
def hagersten():
    return District.objects.get(name="Hägersten-Älvsjö")


@pytest.fixture
def rinkeby():
    return District.objects.get(name="Rinkeby-Kista")


@pytest.fixture
def centre(db):
    """Liljeholmstorget, a centre in Hägersten-Älvsjö."""
    return Place.objects.create(
        name="Liljeholmstorget",
        kind=Place.Kind.CENTRE,
        neighbourhood=Neighbourhood.objects.get(name="Liljeholmen"),
        latitude=Decimal("59.310500"),
        longitude=Decimal("18.022500"),
    )


@pytest.fixture
def rinkeby_square(db):
    return Place.objects.create(
        name="Rinkebytorget", kind=Place.Kind.SQUARE, neighbourhood=Neighbourhood.objects.get(name="Rinkeby")
    )


@pytest.fixture
def collaboration(centre, safety_coordinator_hagersten):
    return services.collaboration_start(
        actor=safety_coordinator_hagersten,
        place=centre,
        title="Platssamverkan Liljeholmstorget",
        kind="full",
        aim="Oro kring ungdomsgrupper vid centrumets entréer kvällstid.",
        started_on=datetime.date(2025, 3, 1),
    )


@pytest.fixture
def member_partner(collaboration, place_partner, safety_coordinator_hagersten):
    services.member_add(
        actor=safety_coordinator_hagersten,
        collaboration=collaboration,
        organisation="Centrumägaren Liljeholmen AB",
        org_kind="owner",
        user=place_partner,
    )
    return place_partner


@pytest.fixture
def other_partner(db):
    return f.place_partner("Bostadsbolaget i Rinkeby (test)")


@pytest.fixture
def rinkeby_collaboration(rinkeby_square, safety_coordinator_rinkeby, other_partner):
    c = services.collaboration_start(
        actor=safety_coordinator_rinkeby,
        place=rinkeby_square,
        title="Platssamverkan Rinkebytorget",
        kind="light",
        aim="Trygghet på torget.",
        started_on=datetime.date(2025, 1, 10),
    )
    services.member_add(
        actor=safety_coordinator_rinkeby, collaboration=c, organisation="Bostadsbolaget", org_kind="housing",
        user=other_partner,
    )  # fmt: skip
    return c


@pytest.fixture
def measure(collaboration, safety_coordinator_hagersten):
    return services.measure_add(
        actor=safety_coordinator_hagersten,
        collaboration=collaboration,
        kind="physical",
        description="Bättre belysning vid entrén mot Lövholmsvägen",
        responsible="Trafikkontoret",
    )


@pytest.fixture
def walk(collaboration, safety_coordinator_hagersten):
    return services.walk_add(
        actor=safety_coordinator_hagersten,
        collaboration=collaboration,
        walked_on=datetime.date(2025, 3, 20),
        walkers="Stadsdelsförvaltningen, polisen, centrumägaren",
        route=services.parse_route("59.3104, 18.0221\n59.3108, 18.0230"),
    )


@pytest.fixture
def fund_call(city_safety):
    today = timezone.localdate()
    return services.fund_call_create(
        actor=city_safety,
        name="Trygghetsfonden 2025",
        budget=Decimal(100_000_000),
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
        source="Kommunfullmäktiges budget",
    )


@pytest.fixture
def application(fund_call, hagersten, centre, collaboration, safety_coordinator_hagersten):
    return services.application_create(
        actor=safety_coordinator_hagersten,
        call=fund_call,
        district=hagersten,
        applicant="Hägersten-Älvsjö stadsdelsförvaltning",
        title="Belysning Liljeholmstorget",
        kind="lighting",
        purpose="Öka tryggheten kvällstid.",
        measures="Ny belysning vid tre entréer.",
        place=centre,
        collaboration=collaboration,
        amount=Decimal(450_000),
        co_financing=Decimal(150_000),
    )


@pytest.fixture
def investment(hagersten, centre, safety_coordinator_hagersten):
    return services.investment_create(
        actor=safety_coordinator_hagersten,
        district=hagersten,
        year=2024,
        kind="lighting",
        title="Belysning vid BP i parkleken Vippan",
        place=centre,
        cost_estimate=Decimal(320_000),
        status="planned",
    )


@pytest.fixture
def event(hagersten, centre, safety_coordinator_hagersten, django_capture_on_commit_callbacks):
    AlertList.objects.create(district=hagersten, addresses="krisstod@hagersten.test.invalid")
    with django_capture_on_commit_callbacks(execute=False):
        return services.event_register(
            actor=safety_coordinator_hagersten,
            district=hagersten,
            kind="shooting",
            occurred_at=timezone.now() - datetime.timedelta(hours=2),
            police_area=PoliceArea.objects.get(code="skarholmen"),
            place=centre,
            location="Liljeholmstorget, norra entrén",
            known="Skottlossning utomhus, polisen på plats.",
        )
