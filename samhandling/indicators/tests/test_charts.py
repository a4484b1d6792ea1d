import re
from decimal import Decimal

import pytest

from samhandling.core import charts
from samhandling.indicators.models import Level, Value
from samhandling.indicators.selectors import draw_map, map_rows
from samhandling.organisations.models import District, Neighbourhood

pytestmark = pytest.mark.django_db


def test_the_map_draws_all_13_districts_with_titles(rate_indicator):
    for n, district in enumerate(District.objects.all()):
        if district.name != "Östermalm":
            Value.objects.create(
                indicator=rate_indicator, level=Level.DISTRICT, district=district, period="2024", value=Decimal(60 + n)
            )
    rows = map_rows(rate_indicator, period="2024")
    result = draw_map(rate_indicator, rows, period="2024")
    svg = str(result.svg)
    assert result.areas_drawn == 13
    assert len(re.findall(r"<path d=\"M", svg)) == 13
    assert len(set(re.findall(r'data-code="([^"]+)"', svg))) == 13
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "<title>Östermalm: uppgift saknas</title>" in svg
    assert re.search(r"<title>Bromma: \d+,0 %</title>", svg)
    # Five classes plus "no figure".
    assert len(result.legend) == 6 and result.legend[-1].pattern


def test_the_neighbourhood_map_draws_those_with_data_on_the_districts(count_indicator):
    hoods = list(Neighbourhood.objects.filter(district__name="Skärholmen"))
    for hood in hoods:
        Value.objects.create(
            indicator=count_indicator,
            level=Level.NEIGHBOURHOOD,
            district=hood.district,
            neighbourhood=hood,
            period="2024",
            value=Decimal(12),
        )
    rows = [r for r in map_rows(count_indicator, period="2024", level=Level.NEIGHBOURHOOD) if r.value is not None]
    result = draw_map(count_indicator, rows, period="2024", level=Level.NEIGHBOURHOOD)
    assert result.areas_drawn == len(hoods)
    # The 13 districts are drawn underneath as a background.
    assert str(result.svg).count('aria-hidden="true"/>') == 13


def test_the_line_chart_is_accessible_and_skips_missing_years():
    svg = str(
        charts.line_chart(
            title="Otrygghet <test>",
            desc="Beskrivning",
            periods=["2022", "2023", "2024"],
            series=[
                charts.Series("Stockholm", [Decimal("20.5"), None, Decimal("19")], "city"),
                charts.Series("Bromma", [10, 11, 12], "highlight"),
            ],
            unit="%",
        )
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "Otrygghet &lt;test&gt;" in svg  # escaped
    assert "<title>Stockholm 2022: 20,5</title>" in svg
    assert svg.count("<polyline") == 3  # Stockholm broken by the missing year, Bromma whole
    assert "style=" not in svg  # presentation attributes only (strict CSP)


def test_the_bar_chart_shows_a_reference_line_and_missing_notes():
    svg = str(
        charts.bar_chart(
            title="Behörighet",
            desc="Per stadsdelsområde",
            bars=[charts.Bar("Bromma", 91.5, True), charts.Bar("Kista", None, note="för få")],
            reference=("Staden", 85),
        )
    )
    assert "Bromma: 91,5" in svg and "för få" in svg and "Staden 85" in svg
