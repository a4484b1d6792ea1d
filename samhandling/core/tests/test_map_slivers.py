"""The 13-district map draws each district as one outline, without the slivers left between its neighbourhoods."""

import re

import pytest

from samhandling.core import charts
from samhandling.organisations.models import District

pytestmark = pytest.mark.django_db


def test_each_district_is_drawn_without_stray_fragments():
    districts = list(District.objects.exclude(geometry=None).order_by("name"))
    assert len(districts) == 13
    # The stored boundaries are unions of neighbourhoods: they do carry tiny holes (the slivers).
    assert sum(len(d.geometry["coordinates"]) - 1 for d in districts if d.geometry["type"] == "Polygon") > 10
    result = charts.choropleth(
        title="Test",
        desc="Test",
        areas=[charts.Area(d.code, d.name, d.geometry, i) for i, d in enumerate(districts)],
    )
    paths = re.findall(r'<path d="([^"]+)" fill="#[0-9a-f]{6}" stroke="#1b1e23"', str(result.svg))
    assert len(paths) == 13
    assert [p.count("M") for p in paths] == [1] * 13  # one ring each: no hole or island fragments


def test_a_real_hole_is_kept():
    square = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    lake = [(2, 2), (5, 2), (5, 5), (2, 5), (2, 2)]  # 9 % of the area
    sliver = [(7, 7), (7.01, 7), (7.01, 7.01), (7, 7)]
    rings = charts._rings({"type": "Polygon", "coordinates": [square, lake, sliver]})
    assert rings == [square, lake]
