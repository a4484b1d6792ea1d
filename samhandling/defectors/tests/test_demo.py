import io

import pytest

from samhandling.defectors import demo
from samhandling.defectors.models import DefectorCase, DefectorTeam
from samhandling.organisations.demo import load_demo_organisations

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_without_doubling():
    load_demo_organisations()
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert DefectorTeam.objects.count() == 2
    assert DefectorCase.objects.count() == 4
    assert DefectorCase.objects.filter(status="open").count() == 1
