"""The catalogue content loaded by the data migration."""

import pytest

from samhandling.catalogue.loader import load_catalogue, read_catalogue
from samhandling.catalogue.models import Factor, Method, PriorityArea, Strategy, SubArea
from samhandling.organisations.models import Committee, District

pytestmark = pytest.mark.django_db

MODELS = (Strategy, PriorityArea, SubArea, Factor, Method, District, Committee)


def test_every_database_has_the_catalogue():
    data = read_catalogue()
    assert Strategy.objects.count() == 2
    assert Method.objects.count() == len(data["methods"])
    assert Factor.objects.count() == len(data["factors"])
    current = Strategy.objects.get(code="2024-2026")
    assert [a.number for a in current.priority_areas.order_by("number")] == ["4.1", "4.2", "4.3", "4.4"]
    assert SubArea.objects.filter(priority_area__strategy=current, number="4.2.4").exists()


def test_loading_again_changes_nothing_and_keeps_slugs():
    before = {m.slug: (m.pk, m.name) for m in Method.objects.all()}
    counts = load_catalogue(*MODELS)
    assert counts == {"strategies": 2, "factors": Factor.objects.count(), "methods": len(before)}
    assert {m.slug: (m.pk, m.name) for m in Method.objects.all()} == before


def test_districts_in_committees_means_all_thirteen_district_committees():
    method = Method.objects.get(slug="oppen-forskola")
    codes = {c.code for c in method.committees.all()}
    assert len([c for c in codes if c.startswith("sdn-")]) == 13


def test_all_districts_availability_is_known_everywhere_and_partial_lists_stay_unknown():
    sams = Method.objects.get(slug="sams")
    assert sams.availability_known and sams.available_in.count() == 13
    home_visits = Method.objects.get(slug="hembesoksprogram")
    assert not home_visits.availability_known
    assert [d.name for d in home_visits.available_in.all()] == ["Rinkeby-Kista"]


def test_the_licensed_instruments_are_marked():
    assert set(Method.objects.filter(licensed_instrument=True).values_list("slug", flat=True)) == {
        "savry",
        "earl",
        "adad",
    }
