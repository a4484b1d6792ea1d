"""The demo: seed 002 as Hägersten-Älvsjö's plan, activity by activity, fictitious plans elsewhere."""

import io

import pytest

from samhandling.plans import demo
from samhandling.plans.models import ActionPlan, Place
from samhandling.plans.seed002 import SEED_002

pytestmark = pytest.mark.django_db


def test_demo_loads_seed_002_and_fictitious_plans_idempotently(catalogue, hagersten):
    out = io.StringIO()
    demo.load(out)
    demo.load(out)
    plan = ActionPlan.objects.get(committee=hagersten, year=demo.DEMO_YEAR)
    assert not plan.is_demo and plan.activities.count() == len(SEED_002)
    night = plan.activities.get(title="Riktad nattvandring")
    assert list(night.methods.values_list("slug", flat=True)) == [
        "nattvandring"
    ] or "nattvandring" in night.methods.values_list("slug", flat=True)
    assert {n.name for n in night.neighbourhoods.all()} == {"Älvsjö", "Solberga"}
    assert "Älvsjö AIK" in night.other_partners
    camera = plan.activities.get(title="Kamerabevakning")
    assert camera.prevention_type == "situational"
    # seed 002's places are Place rows in their neighbourhoods, linked to the activity
    assert {(p.name, p.neighbourhood.name) for p in camera.places.all()} == {
        ("Liljeholmstorget", "Liljeholmen"),
        ("Trekantsparken", "Liljeholmen"),
        ("Liljeholmskajen", "Liljeholmen"),
    }
    investments = plan.activities.get(title="Trygghetsinvesteringar 2024")
    assert "Trekantsparken" in investments.places.values_list("name", flat=True)
    assert Place.objects.filter(name="Trekantsparken").count() == 1  # shared, not duplicated
    assert plan.activities.get(title="Trefas").place_note == "LPO Globen och LPO Skärholmen"
    section = plan.situation_sections.get()
    assert "Liljeholmstorget" in section.places.values_list("name", flat=True)
    others = ActionPlan.objects.filter(year=demo.DEMO_YEAR).exclude(pk=plan.pk)
    assert others.count() == 18 and all(p.is_demo and p.title.startswith("Fiktiv") for p in others)
