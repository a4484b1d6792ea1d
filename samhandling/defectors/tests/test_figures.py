import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samhandling.defectors import services
from samhandling.defectors.figures import MIN_CELL, Row, _suppress, city_figures
from samhandling.defectors.tests import helpers as h
from samhandling.organisations.tests import factories as f

pytestmark = pytest.mark.django_db


def test_small_cells_are_hidden_and_one_hidden_cell_takes_the_smallest_other_with_it():
    rows = [Row("A", 40), Row("B", 3), Row("C", 12), Row("D", 9)]
    _suppress(rows)
    assert [r.name for r in rows if r.suppressed] == ["B", "D"]
    rows = [Row("A", 40), Row("B", 2), Row("C", 2), Row("D", 9)]
    _suppress(rows)
    assert [r.name for r in rows if r.suppressed] == ["B", "C", "D"]  # 2 + 2 < 5 would show a tiny group


def test_the_figures_count_contacts_within_the_time_and_the_median():
    member = h.team_member()
    for i in range(MIN_CELL):
        case = h.interest(hours_ago=30)
        hours = 2 if i < 3 else 26
        services.first_contact_record(
            actor=member,
            case=case,
            contacted_at=case.received_at + datetime.timedelta(hours=hours),
            method="phone",
            contacted_by=member,
            motivation="Ut.",
        )
    rows, total = city_figures(timezone.now().year)
    hagersten = next(r for r in rows if r.name == "Hägersten-Älvsjö")
    assert (hagersten.interests, hagersten.share_within, hagersten.median_hours) == (5, 60, 2.0)
    assert total.interests == 5
    # every other district has none: hidden, and with it nothing can be worked out
    assert hagersten.suppressed is False or sum(r.suppressed for r in rows) > 1


def test_the_figures_page_is_for_city_analysts_and_defector_managers(client_for):
    h.interest()
    url = reverse("defectors:figures")
    assert client_for(f.city_analyst()).get(url + "?ar=2026").status_code == 200
    assert client_for(h.team_manager()).get(url).status_code == 200
    assert client_for(h.team_member("avhopp-annan")).get(url).status_code == 403
    assert client_for(f.unit_manager()).get(url).status_code == 403
    response = client_for(f.city_analyst()).get(url)
    assert "Testavhoppare" not in response.text
