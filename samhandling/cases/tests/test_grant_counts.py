"""'How often it is granted' on the catalogue's method page: city-wide, last 12 months, under 5 suppressed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samhandling.cases.models import InterventionDecision
from samhandling.cases.selectors import grant_counts_for_method
from samhandling.catalogue.models import Method

from . import helpers

pytestmark = pytest.mark.django_db


def _decisions(worker, method, n, *, days_ago=10):
    case = helpers.report().case
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    InterventionDecision.objects.bulk_create(
        InterventionDecision(
            case=case,
            method=method,
            provider="Stadsdelsförvaltningen",
            basis="consent",
            decided_on=day,
            decided_by=worker,
            start_on=day,
            follow_up_on=day,
        )
        for _ in range(n)
    )


@pytest.fixture
def method():
    return Method.objects.get(slug="familjehem")


def test_the_count_covers_the_last_12_months_only(social_worker_hagersten, method):
    _decisions(social_worker_hagersten, method, 6)
    _decisions(social_worker_hagersten, method, 3, days_ago=400)
    result = grant_counts_for_method(method)
    assert result.count == 6 and not result.suppressed


def test_under_five_is_suppressed(social_worker_hagersten, method):
    _decisions(social_worker_hagersten, method, 4)
    result = grant_counts_for_method(method)
    assert result.count is None and result.suppressed
    assert grant_counts_for_method(Method.objects.get(slug="hvb")).suppressed  # none at all


def test_the_method_page_shows_the_count_to_logged_in_users(
    client_for, district_planner, social_worker_hagersten, method
):
    _decisions(social_worker_hagersten, method, 7)
    page = client_for(district_planner).get(reverse("catalogue:method_detail", args=[method.slug])).text
    assert "Hur ofta den beviljas" in page
    assert "7 insatsbeslut i hela staden de senaste 12 månaderna" in page
    assert "Testbarn" not in page


def test_the_method_page_says_fewer_than_5(client_for, district_planner, social_worker_hagersten, method):
    _decisions(social_worker_hagersten, method, 3)
    page = client_for(district_planner).get(reverse("catalogue:method_detail", args=[method.slug])).text
    assert "Färre än 5 insatsbeslut" in page
    assert "3 insatsbeslut" not in page


def test_anonymous_visitors_do_not_see_the_figures(client, social_worker_hagersten, method):
    _decisions(social_worker_hagersten, method, 7)
    page = client.get(reverse("catalogue:method_detail", args=[method.slug]))
    assert page.status_code == 200
    assert "Hur ofta den beviljas" not in page.text and "insatsbeslut" not in page.text
