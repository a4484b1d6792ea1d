"""The places demo: Hägersten-Älvsjö's collaborations, seed 002's investments 2024, the 100-million fund."""

import io
from decimal import Decimal

import pytest

from samhandling.organisations.demo import load_demo_organisations
from samhandling.places import demo
from samhandling.places.models import Collaboration, CrisisEvent, FundCall, Investment, Measure

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_shows_the_coordinators_work():
    load_demo_organisations()
    out = io.StringIO()
    demo.load(out)
    counts = [m.objects.count() for m in (Collaboration, Measure, Investment, FundCall, CrisisEvent)]
    demo.load(out)
    assert [m.objects.count() for m in (Collaboration, Measure, Investment, FundCall, CrisisEvent)] == counts
    assert Collaboration.objects.filter(district__name="Hägersten-Älvsjö").count() == 4
    assert Collaboration.objects.filter(kind="light").get().place.name == "Telefonplans torg"
    assert Investment.objects.filter(year=2024).count() == 5
    assert FundCall.objects.get().budget == Decimal(100_000_000)
    lilje = Collaboration.objects.get(place__name="Liljeholmstorget")
    assert lilje.members.filter(user__username="partner.liljeholmen").exists()
    assert lilje.measures.count() == 5
