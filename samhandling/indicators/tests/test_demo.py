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
