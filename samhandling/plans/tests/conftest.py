"""Fixtures for the plans tests: the catalogue, plans in each state, and the people around them."""

import datetime

import pytest

from samhandling.catalogue.models import Method, PriorityArea, Strategy
from samhandling.organisations.models import Committee
from samhandling.plans import services
from samhandling.plans.models import Activity


def ensure_catalogue():
    """The catalogue comes from its data migration; load it here when this database predates that."""
    if not Method.objects.exists():
        from samhandling.catalogue import models as cm
        from samhandling.catalogue.loader import load_catalogue
        from samhandling.organisations.models import District

        load_catalogue(cm.Strategy, cm.PriorityArea, cm.SubArea, cm.Factor, cm.Method, District, Committee)


@pytest.fixture
def catalogue(db):
    ensure_catalogue()
    return Strategy.objects.get(code="2024-2026")


@pytest.fixture
def hagersten(db):
    return Committee.objects.get(code="sdn-hagersten-alvsjo")


@pytest.fixture
def rinkeby(db):
    return Committee.objects.get(code="sdn-rinkeby-kista")


def add_activity(plan, title="Nattvandring i Älvsjö", slug="nattvandring", area="4.4"):
    activity = Activity.objects.create(
        plan=plan,
        title=title,
        priority_area=PriorityArea.objects.get(strategy=plan.strategy, number=area),
        prevention_type="social",
    )
    activity.methods.set(Method.objects.filter(slug=slug))
    return activity


@pytest.fixture
def make_plan(catalogue, district_planner):
    def _make(committee, status="draft", year=2025, approver=None):
        plan = services.plan_create(
            actor=district_planner, committee=committee, year=year, title=f"Handlingsplan {committee.name} {year}"
        )
        add_activity(plan)
        if status in ("submitted", "approved"):
            plan = services.plan_submit(actor=district_planner, plan=plan)
        if status == "approved":
            plan = services.plan_approve(
                actor=approver or district_planner,
                plan=plan,
                decision_date=datetime.date(year, 2, 20),
                decision_reference=f"{year}/123",
            )
        return plan

    return _make
