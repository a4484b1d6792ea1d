"""The workload view and the case page cost a fixed number of queries, however many rows they show.

The bounds are exact today (bench/results/speed-2026-11-27.md): a new query on either page must be
a deliberate choice, and a query per row fails the comparison of a small and a larger case or list.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samhandling.cases import services
from samhandling.cases.models import Case
from samhandling.catalogue.models import Method

from . import helpers

pytestmark = pytest.mark.django_db

# session, user, memberships; the page's own reads; the audit row (lock and last hash in one round trip,
# insert), and in a test the savepoint and its release around the audit row (a real request commits instead).
# The workload view's lists run with generic plans (core.db.generic_plans): one SET LOCAL, and in a test
# a savepoint and its release around it.
WORKLOAD_QUERIES = 16
CASE_PAGE_QUERIES = 21


def _queries(client, url: str) -> int:
    client.get(url)  # the first request renews the session; later ones do not write it
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _assigned_case(worker, serial: str, days: int) -> Case:
    r = helpers.report(
        number=helpers.luhn_number("20120101", serial),
        first_name=f"Barn{serial}",
        received_at=timezone.now() - datetime.timedelta(days=days),
    )
    r.case.assigned_to = worker
    r.case.save()
    return r.case


def test_the_workload_view_costs_the_same_queries_for_one_case_and_for_many(client_for, social_worker_hagersten):
    c = client_for(social_worker_hagersten)
    _assigned_case(social_worker_hagersten, "101", 2)
    helpers.report(number=helpers.luhn_number("20120101", "201"))  # one unassigned
    few = _queries(c, reverse("cases:workload"))
    for i, serial in enumerate(("102", "103", "104", "105")):
        _assigned_case(social_worker_hagersten, serial, i + 1)
    helpers.report(number=helpers.luhn_number("20120101", "202"))
    helpers.report(number=helpers.luhn_number("20120101", "203"))
    many = _queries(c, reverse("cases:workload"))
    assert few == many
    assert many <= WORKLOAD_QUERIES


def test_the_case_page_costs_the_same_queries_for_a_small_and_a_larger_case(client_for, social_worker_hagersten):
    c = client_for(social_worker_hagersten)
    investigation = helpers.investigation(social_worker_hagersten)
    case = investigation.case
    savry = Method.objects.get(slug="savry")

    def instrument_use() -> None:
        services.instrument_use_record(
            actor=social_worker_hagersten,
            investigation=investigation,
            method=savry,
            used_on=timezone.localdate(),
            overall_judgement="moderate",
        )

    instrument_use()
    url = reverse("cases:case_detail", args=[case.pk])
    small = _queries(c, url)
    # A second and third report about the same child join the open case; a second instrument used.
    helpers.report(received_at=timezone.now() - datetime.timedelta(days=2))
    helpers.report(received_at=timezone.now() - datetime.timedelta(days=1))
    instrument_use()
    assert case.reports.count() == 3 and investigation.instrument_uses.count() == 2
    larger = _queries(c, url)
    assert small == larger
    assert larger <= CASE_PAGE_QUERIES
