"""Fixtures: a steering document with goals, an indicator with figures, a decided plan with follow-up."""

import datetime
from decimal import Decimal

import pytest

from samhandling.indicators.models import Indicator, Level, Value
from samhandling.organisations.models import District
from samhandling.plans.models import FollowUp, FollowUpRound
from samhandling.plans.tests.conftest import catalogue, hagersten, make_plan, rinkeby  # noqa: F401
from samhandling.results.models import Goal, GoalTarget, SteeringDocument


@pytest.fixture
def indicator(db):
    return Indicator.objects.create(
        code="otrygghet",
        name="Andel som känner sig otrygga",
        unit="%",
        source="Testkälla",
        direction=Indicator.Direction.LOWER,
        is_public=True,
    )


@pytest.fixture
def private_indicator(db):
    return Indicator.objects.create(
        code="intern", name="Intern indikator", unit="%", source="Testkälla", direction="lower", is_public=False
    )


def add_values(indicator, values: dict[str, str], district=None, numerator=None, denominator=None):
    for period, value in values.items():
        Value.objects.create(
            indicator=indicator,
            level=Level.DISTRICT if district else Level.CITY,
            district=district,
            period=period,
            value=Decimal(value),
            numerator=numerator,
            denominator=denominator,
        )


@pytest.fixture
def document(db):
    return SteeringDocument.objects.create(
        code="trygghet",
        title="Trygghetsprogrammet",
        kind="safety",
        source="Seed 003",
        valid_from=datetime.date(2019, 1, 1),
    )


@pytest.fixture
def goal(document):
    return Goal.objects.create(
        document=document,
        number="1",
        title="Halvera otryggheten",
        source="Seed 003",
        valid_from=datetime.date(2019, 1, 1),
    )


@pytest.fixture
def target(goal, indicator):
    add_values(indicator, {"2019": "30", "2021": "26", "2023": "22"})
    return GoalTarget.objects.create(
        goal=goal,
        indicator=indicator,
        baseline_year=2019,
        baseline_value=Decimal("30"),
        target_year=2025,
        target_value=Decimal("15"),
        source="Seed 003",
        valid_from=datetime.date(2020, 1, 1),
    )


@pytest.fixture
def district(db):
    return District.objects.get(name="Rinkeby-Kista")


@pytest.fixture
def followed_plan(make_plan, hagersten, unit_manager_hagersten):  # noqa: F811
    plan = make_plan(hagersten, status="approved", year=2025, approver=unit_manager_hagersten)
    rnd = FollowUpRound.objects.create(year=2025, period="t1", deadline=datetime.date(2025, 5, 15))
    activity = plan.activities.first()
    FollowUp.objects.create(
        activity=activity, round=rnd, status="ongoing", reached_girls=12, reached_boys=30, effect="Fler vuxna ute"
    )
    return plan
