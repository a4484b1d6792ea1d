"""The cases demo: idempotent, with one closed case whose reporter got a letter."""

from io import StringIO

import pytest

from samhandling.cases import demo
from samhandling.cases.models import Case, ReporterFeedback
from samhandling.organisations.demo import load_demo_organisations

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_with_one_closed_case():
    load_demo_organisations()
    demo.load(StringIO())
    demo.load(StringIO())
    closed = Case.objects.get(status=Case.Status.CLOSED)
    assert closed.closed_reason == "no_investigation" and closed.status_events.count() == 1
    assert ReporterFeedback.objects.get(report__case=closed).channel == "letter"
