"""Violent events feed an indicator series (per district and city) and the effects report, suppressed in public."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.indicators.models import Value
from samhandling.places.models import CrisisEvent
from samhandling.places.services.event_indicator import INDICATOR_CODE, event_indicator_update

pytestmark = pytest.mark.django_db


def more_like(event, n: int) -> None:
    for _ in range(n):
        event.pk = None
        event.save()


def value(level: str, district=None) -> int:
    year = str(timezone.localdate().year)
    row = Value.objects.get(indicator__code=INDICATOR_CODE, level=level, district=district, period=year)
    return int(row.value)


def test_event_counts_become_an_indicator_series_and_a_rerun_changes_nothing(event, hagersten):
    more_like(CrisisEvent.objects.get(pk=event.pk), 3)
    year = timezone.localdate().year
    created, corrected, unchanged = event_indicator_update(actor=None, years=[year])
    assert created > 1 and corrected == 0
    assert value("district", hagersten) == 4
    assert value("city") == 4
    other = Value.objects.filter(indicator__code=INDICATOR_CODE, level="district").exclude(district=hagersten)
    assert other.exists() and {int(v.value) for v in other} == {0}  # no events reads as zero, not as missing
    assert event_indicator_update(actor=None, years=[year]) == (0, 0, created)
    CrisisEvent.objects.filter(pk=event.pk).delete()
    call_command("places_event_indicator", "--year", str(year))
    assert value("district", hagersten) == 3
    assert AuditEvent.objects.filter(verb="places.event_indicator.update").count() == 3


def test_the_effects_report_shows_event_counts_with_small_counts_hidden(event, hagersten):
    from samhandling.results.report import violent_events

    year = timezone.localdate().year
    rows = violent_events(year)
    assert [r["district"] for r in rows] == [hagersten.name]
    assert rows[0]["kinds"][0]["count"] is None  # one shooting: under three, hidden
    more_like(CrisisEvent.objects.get(pk=event.pk), 2)
    assert violent_events(year)[0]["kinds"][0]["count"] == 3
    assert violent_events(year - 1) == []


def test_the_walk_form_has_a_map_to_draw_the_route_on_and_the_typed_route_stays(
    client_for, collaboration, safety_coordinator_hagersten, member_partner, place_partner
):
    page = client_for(safety_coordinator_hagersten).get(f"/platser/samverkan/{collaboration.pk}/").content.decode()
    assert 'data-route-for="id_walk-route_text"' in page and "data-projection=" in page
    assert 'id="id_walk-route_text"' in page  # the keyboard way: type the points
    assert "places/route-draw.js" in page
    # A partner records no walks, so gets no drawing map.
    partner_page = client_for(place_partner).get(f"/platser/samverkan/{collaboration.pk}/").content.decode()
    assert "data-route-for" not in partner_page


def test_linked_indicators_show_their_latest_value_in_the_situation_picture_with_small_numbers_hidden(
    client_for, safety_coordinator_hagersten, collaboration, hagersten
):
    from decimal import Decimal

    from samhandling.indicators.models import Indicator

    def indicator(code: str, name: str, values: dict) -> Indicator:
        ind = Indicator.objects.create(
            code=code, name=name, kind="count", unit="antal", multiplier=1, source="Test", direction="lower"
        )
        for period, n in values.items():
            Value.objects.create(indicator=ind, level="district", district=hagersten, period=period, value=Decimal(n))
        return ind

    many = indicator("anmalda-brott-test", "Anmälda brott (test)", {"2024": 40, "2025": 57})
    few = indicator("skadegorelse-test", "Skadegörelse (test)", {"2025": 2})
    client = client_for(safety_coordinator_hagersten)
    url = f"/platser/samverkan/{collaboration.pk}/andra/"
    assert "Anmälda brott (test)" in client.get(url).content.decode()
    data = {"version": 1, "title": collaboration.title, "kind": "full", "aim": collaboration.aim}
    assert client.post(url, data | {"indicators": [many.pk, few.pk]}).status_code == 302
    collaboration.refresh_from_db()
    assert set(collaboration.indicators.all()) == {many, few} and collaboration.version == 2
    assert AuditEvent.objects.filter(verb="places.collaboration_indicators").count() == 1
    page = client.get(f"/platser/samverkan/{collaboration.pk}/").content.decode()
    assert "Anmälda brott (test)" in page and "57 antal" in page and "2025" in page
    assert "Skadegörelse (test)" in page and "dold (litet antal)" in page
    assert "2 antal" not in page


def test_registering_an_event_queues_the_indicator_refresh_for_its_year(
    hagersten, centre, safety_coordinator_hagersten, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from samhandling.core.worker import Worker
    from samhandling.organisations.models import PoliceArea
    from samhandling.places import services

    with django_capture_on_commit_callbacks(execute=True):
        services.event_register(
            actor=safety_coordinator_hagersten,
            district=hagersten,
            kind="shooting",
            occurred_at=timezone.now(),
            police_area=PoliceArea.objects.get(code="skarholmen"),
            place=centre,
            location="Liljeholmstorget",
            known="Skottlossning utomhus.",
        )
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_event_indicator").count() == 1
    Worker(worker_id="test-worker").run_until_idle()
    assert value("district", hagersten) == 1 and value("city") == 1
