"""The workload view is paginated in the database, the earliest deadline first, and each page is audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases import selectors

from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_cases(social_worker_hagersten):
    cases = []
    for i, days in enumerate((5, 1, 3)):
        r = helpers.report(
            number=helpers.luhn_number("20120101", f"10{i}"),
            first_name=f"Barn{i}",
            received_at=timezone.now() - datetime.timedelta(days=days),
        )
        r.case.assigned_to = social_worker_hagersten
        r.case.save()
        cases.append(r.case)
    return cases


def test_a_page_holds_the_earliest_deadlines_first(social_worker_hagersten, three_cases):
    page, rows = selectors.workload_page(social_worker_hagersten, 1, per_page=2)
    assert page.paginator.count == 3 and page.paginator.num_pages == 2
    # Received 5 and 3 days ago: their initial assessments are due first.
    assert [r.case for r in rows] == [three_cases[0], three_cases[2]]
    _, rest = selectors.workload_page(social_worker_hagersten, 2, per_page=2)
    assert [r.case for r in rest] == [three_cases[1]]
    assert [r.case for r in selectors.workload(social_worker_hagersten)] == [three_cases[i] for i in (0, 2, 1)]


def test_the_workload_view_links_the_next_page(client_for, social_worker_hagersten, three_cases, monkeypatch):
    monkeypatch.setattr(selectors, "WORKLOAD_PAGE_SIZE", 2)
    c = client_for(social_worker_hagersten)
    html = c.get(reverse("cases:workload")).text
    assert "Sida 1 av 2 (3 ärenden)" in html and "?sida=2" in html
    assert "Barn0" in html and "Barn1" not in html
    html = c.get(reverse("cases:workload") + "?sida=2").text
    assert "Barn1" in html and "Barn0" not in html
    event = AuditEvent.objects.filter(verb="cases.workload.view").latest("id")
    assert event.details == {"count": 3, "page": 2}


def test_a_page_costs_the_same_queries_however_many_rows_and_masks_a_protected_child(
    social_worker_hagersten, three_cases
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    child = three_cases[0].person
    child.protected_identity = True
    child.save(update_fields=["protected_identity"])
    selectors.workload_page(social_worker_hagersten, 1)  # the user's memberships are read once, then cached
    with CaptureQueriesContext(connection) as one_row:
        selectors.workload_page(social_worker_hagersten, 1, per_page=1)
    with CaptureQueriesContext(connection) as three_rows:
        _, rows = selectors.workload_page(social_worker_hagersten, 1, per_page=3)
    # Whether a row's person is protected is looked up for the whole page at once, not row by row.
    assert len(three_rows) == len(one_row)
    names = {row.case: row.name for row in rows}
    assert "Barn0" not in names[three_cases[0]]
    assert names[three_cases[1]].startswith("Barn1") and names[three_cases[2]].startswith("Barn2")
