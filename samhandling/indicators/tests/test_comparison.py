"""Comparisons that mean something: rates against the city, counts against the district's own history."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from samhandling.indicators.models import Gender, Level, Value
from samhandling.indicators.selectors import district_profile, district_profile_context
from samhandling.indicators.templatetags.indicator_numbers import figure
from samhandling.organisations.models import District

pytestmark = pytest.mark.django_db


def _add(indicator, value, *, district=None, period="2025", numerator=None, denominator=None):
    Value.objects.create(
        indicator=indicator,
        level=Level.DISTRICT if district else Level.CITY,
        district=district,
        period=period,
        gender=Gender.TOTAL,
        value=Decimal(value),
        numerator=numerator,
        denominator=denominator,
    )


def test_a_count_is_not_judged_against_the_citys_count_only_against_its_own_history(count_indicator):
    district = District.objects.get(name="Rinkeby-Kista")
    _add(count_indicator, 200, district=district, period="2024")
    _add(count_indicator, 184, district=district)
    _add(count_indicator, 1400, period="2024")
    _add(count_indicator, 1355)
    (row,) = district_profile(district)
    assert row.against_city == "not_compared"  # 184 is far below 1 355 only because a district is smaller
    assert row.difference is None
    assert row.trend == "better"  # 184 after 200, and lower is better

    with translation.override("sv"):
        html = render_to_string("indicators/_district_profile.html", district_profile_context(district))
    assert "184" in html and "1\xa0355" in html
    assert "184,0" not in html and "1\xa0355,0" not in html
    assert "bättre" in html  # the trend
    assert "jämförs inte" in html


def test_a_rate_is_judged_against_the_citys_rate(rate_indicator):
    district = District.objects.get(name="Rinkeby-Kista")
    _add(rate_indicator, "60.0", district=district, numerator=Decimal(60), denominator=Decimal(100))
    _add(rate_indicator, "80.0", numerator=Decimal(800), denominator=Decimal(1000))
    (row,) = district_profile(district)
    assert row.against_city == "worse"  # higher is better for this rate
    assert row.difference == Decimal(-20)
    with translation.override("sv"):
        html = render_to_string("indicators/_district_profile.html", district_profile_context(district))
    assert "60,0" in html and "80,0" in html and "sämre" in html


def test_figures_are_shown_the_swedish_way(count_indicator, rate_indicator):
    with translation.override("sv"):
        assert figure(Decimal("1355.0000"), count_indicator) == "1\xa0355"
        assert figure(Decimal("184"), count_indicator) == "184"
        assert figure(Decimal("12.3456"), rate_indicator) == "12,3"
        assert figure(Decimal("12"), rate_indicator) == "12,0"
        assert figure(Decimal("184.0000")) == "184"
        assert figure(Decimal("2.25")) == "2,3" or figure(Decimal("2.25")) == "2,2"
        assert figure(None) == "–"
