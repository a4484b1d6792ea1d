import io

import pytest

from samhandling.indicators import demo
from samhandling.indicators.models import Indicator, Level, Value
from samhandling.indicators.selectors import district_profile
from samhandling.organisations.models import District

pytestmark = pytest.mark.django_db


def test_the_demo_is_fictitious_covers_every_district_for_ten_years_and_is_idempotent():
    demo.load(io.StringIO())
    count = Value.objects.count()
    demo.load(io.StringIO())
    assert Value.objects.count() == count
    assert Indicator.objects.count() >= 10
    assert all("Fiktiva" in i.description for i in Indicator.objects.all())
    yearly = Indicator.objects.get(code="behorighet-gymnasiet")
    for district in District.objects.all():
        periods = set(
            Value.objects.filter(indicator=yearly, district=district, level=Level.DISTRICT, gender="total").values_list(
                "period", flat=True
            )
        )
        assert len(periods) >= 8
    assert Value.objects.filter(level=Level.NEIGHBOURHOOD).exists()
    profile = district_profile(District.objects.get(name="Skärholmen"))
    assert all(row.value is not None and row.city_value is not None for row in profile)


def test_other_apps_can_embed_the_district_profile():
    from django.template.loader import render_to_string

    from samhandling.indicators.selectors import district_profile_context

    demo.load(io.StringIO())
    district = District.objects.get(name="Hägersten-Älvsjö")
    html = render_to_string("indicators/_district_profile.html", district_profile_context(district))
    assert "Hägersten-Älvsjö" in html and "Anmälda brott per 1 000 invånare" in html
    assert html.count('role="img"') == len(district_profile(district))


def test_the_demo_figures_add_up_so_that_suppression_tests_can_find_leaks():
    from collections import defaultdict

    from samhandling.indicators.suppression import count_of
    from samhandling.organisations.models import Neighbourhood

    demo.load(io.StringIO())
    hoods_per_district = defaultdict(int)
    for district_id in Neighbourhood.objects.values_list("district_id", flat=True):
        hoods_per_district[district_id] += 1
    checked = 0
    for indicator in Indicator.objects.all():
        amounts: dict[tuple, object] = {}
        for v in Value.objects.filter(indicator=indicator):
            # count_of reads the value, numerator and denominator, which a Value has as a Cell does.
            amounts[(v.level, v.district_id, v.neighbourhood_id, v.period, v.gender)] = count_of(indicator, v)
        by_key = defaultdict(list)
        for (level, district_id, _hood_id, period, gender), amount in amounts.items():
            if level == Level.NEIGHBOURHOOD:
                by_key[("hoods", district_id, period, gender)].append(amount)
            elif level == Level.DISTRICT:
                by_key[("districts", None, period, gender)].append(amount)
        for (level, district_id, hood_id, period, gender), amount in amounts.items():
            if gender == "total" and (level, district_id, hood_id, period, "female") in amounts:
                female = amounts[(level, district_id, hood_id, period, "female")]
                male = amounts[(level, district_id, hood_id, period, "male")]
                assert female + male == amount, (indicator.code, level, district_id, hood_id, period)
                checked += 1
            if level == Level.CITY:
                assert sum(by_key[("districts", None, period, gender)]) == amount, (indicator.code, period, gender)
                checked += 1
            if level == Level.DISTRICT and by_key.get(("hoods", district_id, period, gender)):
                parts = by_key[("hoods", district_id, period, gender)]
                assert len(parts) == hoods_per_district[district_id]
                assert sum(parts) == amount, (indicator.code, district_id, period, gender)
                checked += 1
    assert checked > 1000
