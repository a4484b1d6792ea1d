"""Small-number protection for everything shown to the public. One function, every door.

Primary suppression hides a cell whose count (the numerator of a rate, or the value of a
count) is under the indicator's threshold; a rate without a numerator is judged by the count
its value and denominator give (and so is always hidden when its denominator is under the
threshold). Secondary suppression then hides one more cell
wherever a hidden cell could be worked out from a shown total:
- gender: total = girls + boys, so with the total shown and one gender hidden, the other goes too;
- geography (counts and numerators add up): the city = its districts, a district = its
  neighbourhoods when all of them are present; with the total shown and exactly one part
  hidden, the smallest other part is hidden as well.
The rules repeat until nothing changes. A zero count is small too: "nobody" is also a fact
about a person in a small group.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from samhandling.indicators.models import Gender, Indicator, Level


@dataclass
class Cell:
    level: str
    district_id: int | None
    neighbourhood_id: int | None
    period: str
    gender: str
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    suppressed: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def geo(self) -> tuple:
        return (self.level, self.district_id, self.neighbourhood_id)


def count_of(indicator: Indicator, cell: Cell) -> Decimal | None:
    """The number of people behind a cell, when it is known or can be worked out.

    A rate delivered without its numerator but with its denominator gives the numerator away
    all the same (value × denominator / multiplier), so that is what is judged; a denominator
    under the threshold therefore always hides the rate. A rate with neither is not judged: see
    docs/adr/0005-indicator-suppression.md.
    """
    if indicator.kind == Indicator.Kind.COUNT:
        return cell.value
    if cell.numerator is not None:
        return cell.numerator
    if indicator.kind == Indicator.Kind.RATE and cell.denominator is not None and cell.value is not None:
        return cell.value * cell.denominator / (indicator.multiplier or 1)
    return None


def suppress(indicator: Indicator, cells: list[Cell], all_neighbourhoods: dict[int, int] | None = None) -> list[Cell]:
    """Mark cells `suppressed` and blank their figures. Cells: one indicator, any geographies/periods/genders.

    `all_neighbourhoods` maps district id -> number of neighbourhoods it has (to know when a
    district's neighbourhoods add up to it); without it, neighbourhood groups are left out.
    """
    threshold = indicator.small_number_threshold
    for cell in cells:
        count = count_of(indicator, cell)
        if count is not None and count < threshold:
            cell.suppressed = True

    groups: list[tuple[Cell, list[Cell]]] = []
    index: dict[tuple, Cell] = {(c.geo, c.period, c.gender): c for c in cells}
    # Gender: total = female + male.
    for cell in cells:
        if cell.gender == Gender.TOTAL:
            parts = [index.get((cell.geo, cell.period, g)) for g in (Gender.FEMALE, Gender.MALE)]
            if all(parts):
                groups.append((cell, parts))
    # Geography: city = districts, district = neighbourhoods (only when every part is present).
    districts = defaultdict(list)
    neighbourhoods = defaultdict(list)
    for cell in cells:
        if cell.level == Level.DISTRICT:
            districts[(cell.period, cell.gender)].append(cell)
        elif cell.level == Level.NEIGHBOURHOOD:
            neighbourhoods[(cell.district_id, cell.period, cell.gender)].append(cell)
    from samhandling.organisations.models import District

    district_total = District.objects.count() if districts else 0
    for (period, gender), parts in districts.items():
        city = index.get(((Level.CITY, None, None), period, gender))
        if city is not None and len(parts) == district_total:
            groups.append((city, parts))
    if all_neighbourhoods:
        for (district_id, period, gender), parts in neighbourhoods.items():
            total = index.get(((Level.DISTRICT, district_id, None), period, gender))
            if total is not None and len(parts) == all_neighbourhoods.get(district_id):
                groups.append((total, parts))

    changed = True
    while changed:
        changed = False
        for total, parts in groups:
            hidden = [p for p in parts if p.suppressed]
            if total.suppressed or len(hidden) != 1:
                continue
            shown = [p for p in parts if not p.suppressed]
            if not shown:
                continue
            # Hide the smallest other part: it gives away the least.
            victim = min(shown, key=lambda c: (count_of(indicator, c) is None, count_of(indicator, c) or 0))
            victim.suppressed = True
            changed = True

    for cell in cells:
        if cell.suppressed:
            cell.value = cell.numerator = cell.denominator = None
    return cells
