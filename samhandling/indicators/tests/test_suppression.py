from decimal import Decimal

import pytest

from samhandling.indicators.models import Level, Value
from samhandling.indicators.selectors import public_cells
from samhandling.organisations.models import District, Neighbourhood

pytestmark = pytest.mark.django_db


def add(
    indicator, gender, value, *, district=None, neighbourhood=None, period="2024", numerator=None, denominator=None
):
    level = Level.NEIGHBOURHOOD if neighbourhood else Level.DISTRICT if district else Level.CITY
    return Value.objects.create(
        indicator=indicator,
        level=level,
        district=neighbourhood.district if neighbourhood else district,
        neighbourhood=neighbourhood,
        period=period,
        gender=gender,
        value=Decimal(value),
        numerator=numerator,
        denominator=denominator,
    )


def shown(cells, **where):
    (cell,) = [c for c in cells if all(getattr(c, k) == v for k, v in where.items())]
    return None if cell.suppressed else cell.value


def test_a_count_under_the_threshold_is_hidden_and_so_is_the_other_gender(count_indicator):
    bromma = District.objects.get(name="Bromma")
    add(count_indicator, "total", 40, district=bromma)
    add(count_indicator, "female", 3, district=bromma)
    add(count_indicator, "male", 37, district=bromma)
    cells = public_cells(count_indicator)
    assert shown(cells, gender="female") is None  # primary: 3 < 5
    assert shown(cells, gender="male") is None  # secondary: 40 - 37 would give the girls away
    assert shown(cells, gender="total") == Decimal(40)
    hidden = [c for c in cells if c.suppressed]
    assert all(c.value is None and c.numerator is None for c in hidden)


def test_counts_at_the_threshold_are_shown(count_indicator):
    bromma = District.objects.get(name="Bromma")
    add(count_indicator, "total", 11, district=bromma)
    add(count_indicator, "female", 5, district=bromma)
    add(count_indicator, "male", 6, district=bromma)
    assert all(not c.suppressed for c in public_cells(count_indicator))


def test_a_rate_is_judged_by_its_numerator(rate_indicator):
    bromma = District.objects.get(name="Bromma")
    add(rate_indicator, "total", "50", district=bromma, numerator=Decimal(20), denominator=Decimal(40))
    add(rate_indicator, "female", "20", district=bromma, numerator=Decimal(4), denominator=Decimal(20))
    add(rate_indicator, "male", "80", district=bromma, numerator=Decimal(16), denominator=Decimal(20))
    cells = public_cells(rate_indicator)
    assert shown(cells, gender="female") is None
    assert shown(cells, gender="male") is None
    assert shown(cells, gender="total") == Decimal(50)


def test_the_threshold_is_the_indicators_own(count_indicator):
    count_indicator.small_number_threshold = 10
    count_indicator.save()
    add(count_indicator, "total", 8, district=District.objects.get(name="Bromma"))
    assert public_cells(count_indicator)[0].suppressed


def test_one_hidden_district_under_a_shown_city_total_hides_the_smallest_other_district(count_indicator):
    districts = list(District.objects.order_by("name"))
    assert len(districts) == 13
    total = 0
    for n, district in enumerate(districts):
        count = 2 if district.name == "Bromma" else 20 + n
        total += count
        add(count_indicator, "total", count, district=district)
    add(count_indicator, "total", total, district=None)
    cells = public_cells(count_indicator)
    hidden = sorted(c.district_id for c in cells if c.suppressed)
    smallest_other = min((d for d in districts if d.name != "Bromma"), key=lambda d: 20 + districts.index(d))
    assert hidden == sorted([District.objects.get(name="Bromma").pk, smallest_other.pk])
    assert shown(cells, level=Level.CITY) == Decimal(total)


def test_one_hidden_neighbourhood_under_its_district_hides_another(count_indicator):
    district = District.objects.get(name="Rinkeby-Kista")
    hoods = list(Neighbourhood.objects.filter(district=district).order_by("name"))
    counts = [3] + [10 + i for i in range(len(hoods) - 1)]
    for hood, count in zip(hoods, counts, strict=True):
        add(count_indicator, "total", count, neighbourhood=hood)
    add(count_indicator, "total", sum(counts), district=district)
    cells = public_cells(count_indicator)
    hidden = [c.neighbourhood_id for c in cells if c.suppressed]
    assert hidden == [hoods[0].pk, hoods[1].pk]


def test_the_same_suppression_reaches_the_public_api_and_csv(client, count_indicator):
    bromma = District.objects.get(name="Bromma")
    add(count_indicator, "total", 40, district=bromma)
    add(count_indicator, "female", 3, district=bromma)
    add(count_indicator, "male", 37, district=bromma)
    data = client.get("/api/v1/oppna-data/indikatorvarden/?indikator=misstankta").json()
    by_gender = {row["gender"]: row for row in data}
    assert by_gender["female"]["value"] is None and by_gender["female"]["suppressed"] is True
    assert by_gender["male"]["value"] is None and by_gender["male"]["suppressed"] is True
    assert by_gender["total"]["value"] == "40.0000"
    text = client.get("/api/v1/oppna-data/indikatorvarden.csv").content.decode("utf-8-sig")
    lines = [line.split(";") for line in text.splitlines()]
    bromma_lines = {line[5]: line for line in lines[1:] if line[3] == "Bromma"}
    assert bromma_lines["Flickor"][6] == "" and bromma_lines["Flickor"][9] == "x"
    assert bromma_lines["Pojkar"][6] == "" and bromma_lines["Pojkar"][9] == "x"
    assert bromma_lines["Totalt"][6] == "40"
    assert "37" not in text and ";3;" not in text
    page = client.get("/indikatorer/oppna-data/?indikator=misstankta&kon=female").content.decode()
    assert "för få för att visas" in page


def test_a_rate_without_numerator_is_hidden_when_its_population_is_under_the_threshold(rate_indicator):
    bromma = District.objects.get(name="Bromma")
    add(rate_indicator, "total", "50", district=bromma, denominator=Decimal(4))
    cells = public_cells(rate_indicator)
    assert shown(cells, gender="total") is None
    assert all(c.denominator is None for c in cells)


def test_a_rate_without_numerator_is_judged_by_the_count_its_denominator_gives(rate_indicator):
    bromma, farsta = District.objects.filter(name__in=["Bromma", "Farsta"]).order_by("name")
    add(rate_indicator, "total", "10", district=bromma, denominator=Decimal(30))  # 3 people
    add(rate_indicator, "total", "50", district=farsta, denominator=Decimal(30))  # 15 people
    cells = public_cells(rate_indicator)
    assert shown(cells, district_id=bromma.pk) is None
    assert shown(cells, district_id=farsta.pk) == Decimal(50)


def test_a_rate_with_neither_numerator_nor_denominator_cannot_be_judged_and_is_shown(rate_indicator):
    # Documented in docs/adr/0005-indicator-suppression.md: the small-number rule needs a count.
    add(rate_indicator, "total", "2.5", district=District.objects.get(name="Bromma"))
    assert shown(public_cells(rate_indicator), gender="total") == Decimal("2.5")


def test_the_bounds_a_reader_can_work_out():
    from samhandling.indicators.suppression import bounds

    # total = a + b, shown 10; a hidden, b shown 7: a is 3 exactly.
    assert bounds([Decimal(10), Decimal(3), Decimal(7)], [False, True, False], [(0, (1, 2))])[1] == (3, 3)
    # Both parts hidden: each somewhere in 0–10.
    both = bounds([Decimal(10), Decimal(3), Decimal(7)], [False, True, True], [(0, (1, 2))])
    assert both[1] == (0, 10) and both[2] == (0, 10)
    # A hidden total with its parts shown is their sum.
    assert bounds([Decimal(10), Decimal(3), Decimal(7)], [True, False, False], [(0, (1, 2))])[0] == (10, 10)
    # Two linked relations: t = a + b and a = c + d; with b and c shown and d hidden, d follows.
    amounts = [Decimal(20), Decimal(8), Decimal(12), Decimal(5), Decimal(3)]
    hidden = [False, True, False, False, True]
    assert bounds(amounts, hidden, [(0, (1, 2)), (1, (3, 4))])[4] == (3, 3)


def test_a_hidden_total_whose_parts_are_all_shown_gets_a_part_hidden(count_indicator):
    from samhandling.indicators.suppression import Cell, suppress

    # Not reachable by primary suppression alone, but by secondary: rule 1 covers a hidden total too.
    cells = [
        Cell(Level.DISTRICT, 1, None, "2030", "total", Decimal(30), suppressed=True),
        Cell(Level.DISTRICT, 1, None, "2030", "female", Decimal(12)),
        Cell(Level.DISTRICT, 1, None, "2030", "male", Decimal(18)),
    ]
    suppress(count_indicator, cells)
    assert [c.gender for c in cells if c.suppressed] == ["total", "female"]
