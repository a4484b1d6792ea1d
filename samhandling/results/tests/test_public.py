"""The public results page and open data: only public indicators, small numbers suppressed."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest

from samhandling.results.models import GoalTarget
from samhandling.results.tests.conftest import add_values

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_public_targets_with_their_fulfilment(client, target):
    body = client.get("/resultat/").content.decode()
    assert "Halvera otryggheten" in body
    assert "Andel som känner sig otrygga" in body
    # 22 in 2023 is worse than the path (20 expected): not on the way.
    assert "Inte på väg" in body


def test_a_non_public_indicator_is_hidden_from_the_public_and_shown_to_staff(
    client, client_for, social_worker_hagersten, goal, private_indicator
):
    add_values(private_indicator, {"2019": "10", "2022": "8"})
    GoalTarget.objects.create(
        goal=goal,
        indicator=private_indicator,
        baseline_year=2019,
        baseline_value=10,
        target_year=2025,
        target_value=5,
        source="s",
        valid_from=datetime.date(2020, 1, 1),
    )
    assert "Intern indikator" not in client.get(f"/resultat/mal/{goal.pk}/").content.decode()
    assert "Intern indikator" not in client.get("/resultat/oppna-data.json").content.decode()
    assert "Intern indikator" in client_for(social_worker_hagersten).get(f"/resultat/mal/{goal.pk}/").content.decode()


def test_a_small_district_figure_is_no_data_in_public_and_a_figure_for_staff(
    client, client_for, city_analyst, goal, indicator, district
):
    indicator.kind = "count"
    indicator.save()
    add_values(indicator, {"2019": "8"}, district=district)
    add_values(indicator, {"2023": "3"}, district=district)
    GoalTarget.objects.create(
        goal=goal,
        indicator=indicator,
        district=district,
        baseline_year=2019,
        baseline_value=8,
        target_year=2025,
        target_value=4,
        source="s",
        valid_from=datetime.date(2020, 1, 1),
    )
    rows = json.loads(client.get("/resultat/oppna-data.json").content)["targets"]
    row = next(r for r in rows if r["area"] == district.code)
    assert row["fulfilment"] == "no_data" and row["latest_value"] is None
    staff = client_for(city_analyst).get(f"/resultat/mal/{goal.pk}/").content.decode()
    assert "Uppfyllt" in staff


def test_open_data_csv_neutralises_formulas(client, target):
    target.source = '=HYPERLINK("http://x")'
    target.save()
    raw = client.get("/resultat/oppna-data.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw), delimiter=";"))
    assert rows[0]["target_source"].startswith("'=")
    assert rows[0]["fulfilment"] in {"met", "on_the_way", "not_on_the_way", "no_data"}
    assert Decimal(rows[0]["target_value"]) == Decimal("15")
