from decimal import Decimal

import pytest

from samhandling.indicators.models import Indicator


@pytest.fixture
def rate_indicator(db):
    return Indicator.objects.create(
        code="behorighet",
        name="Andel behöriga till gymnasiet",
        kind=Indicator.Kind.RATE,
        unit="%",
        multiplier=100,
        source="Testkälla",
        direction=Indicator.Direction.HIGHER,
        gender_split=Indicator.GenderSplit.CHILDREN,
        min_value=Decimal(0),
        max_value=Decimal(100),
        is_public=True,
    )


@pytest.fixture
def count_indicator(db):
    return Indicator.objects.create(
        code="misstankta",
        name="Antal unga misstänkta för brott",
        kind=Indicator.Kind.COUNT,
        unit="antal",
        multiplier=1,
        source="Testkälla",
        direction=Indicator.Direction.LOWER,
        gender_split=Indicator.GenderSplit.CHILDREN,
        on_neighbourhood=True,
        min_value=Decimal(0),
        is_public=True,
    )


@pytest.fixture
def private_indicator(db):
    return Indicator.objects.create(
        code="intern",
        name="Intern indikator",
        kind=Indicator.Kind.COUNT,
        unit="antal",
        source="Testkälla",
        direction=Indicator.Direction.LOWER,
        is_public=False,
    )


def csv_file(*rows: str, header: str = "indikator;geografi;period;kön;värde;täljare;nämnare;status") -> bytes:
    return ("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode("utf-8")
