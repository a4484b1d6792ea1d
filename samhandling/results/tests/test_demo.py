"""The demo: goals for the demo indicators, every fulfilment status, linked activities, survey answers."""

import io
from decimal import Decimal

import pytest

from samhandling.indicators import demo as indicator_demo
from samhandling.plans import demo as plan_demo
from samhandling.results import demo
from samhandling.results.models import ActivityLogic, GoalTarget, ReportText, SteeringDocument
from samhandling.results.report import report_data
from samhandling.results.selectors import assess_target

pytestmark = pytest.mark.django_db


def test_demo_goals_show_every_status_and_make_a_full_report(catalogue):
    out = io.StringIO()
    indicator_demo.load(out)
    plan_demo.load(out)
    demo.load(out)
    demo.load(out)  # idempotent
    assert SteeringDocument.objects.count() == 4
    halve = GoalTarget.objects.get(goal__title="Otryggheten ska ha halverats till 2025")
    assert not halve.is_fictitious and abs(halve.target_value * 2 - halve.baseline_value) <= Decimal("0.1")
    fictitious = GoalTarget.objects.exclude(pk=halve.pk)
    assert fictitious and all(t.is_fictitious and "Fiktiv" in t.source for t in fictitious)
    statuses = {assess_target(t, public=False).assessment.status for t in GoalTarget.objects.all()}
    assert statuses == {"met", "on_the_way", "not_on_the_way", "no_data"}
    assert ActivityLogic.objects.filter(goals__isnull=False).exists()
    data = report_data(demo.DEMO_YEAR)
    assert data["survey_count"] == 5 and data["survey_views"]
    assert any(e["examples"] for e in data["areas"])
    assert ReportText.objects.get(year=demo.DEMO_YEAR).reference.startswith("Demo")
