"""Small-number protection for everything shown to the public. One function, every door.

Primary suppression hides a cell whose count (the numerator of a rate, or the value of a
count) is under the indicator's threshold; a rate without a numerator is judged by the count
its value and denominator give (and so is always hidden when its denominator is under the
threshold). A zero count is small too: "nobody" is also a fact about a person in a small group.

Secondary suppression protects every additive relation a reader of the published figures can
see (docs/adr/0015-indicator-secondary-suppression.md):
- gender: total = girls + boys, within every area and period;
- geography: the city = its districts, a district = its neighbourhoods (when every part is there);
- periods, for counts: a year = its half-years = its quarters = its months, a half-year = its
  quarters, a quarter = its months (when every part is there).
Two rules run until nothing changes:
1. a relation with exactly one hidden cell (a part or the total) gets a second one: the smallest
   shown part of the relation (it gives away the least), or the total when every part is hidden;
2. an attacker's check: every hidden cell is bounded from the shown cells by interval
   propagation over all relations (every count >= 0, whole numbers); a hidden cell whose
   interval is narrower than the threshold gets one more hidden cell in a relation it is in
   (or, when all of those are hidden already, in the nearest relation that still has a shown one).
The work is done per group of linked cells (one indicator, one year), in a fixed order, so the
same figures get the same suppression whichever door (CSV, API, map) asks.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from samhandling.indicators.models import Gender, Indicator, Level

INF = Decimal("Infinity")
_LEVEL_ORDER: dict[str, int] = {Level.CITY: 0, Level.DISTRICT: 1, Level.NEIGHBOURHOOD: 2}
_GENDER_ORDER: dict[str, int] = {Gender.TOTAL: 0, Gender.FEMALE: 1, Gender.MALE: 2}
# Enough for any table this system publishes; interval propagation on whole numbers ends long before.
_MAX_PROPAGATION_ROUNDS = 200


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
    def geo(self) -> tuple[str, int | None, int | None]:
        return (self.level, self.district_id, self.neighbourhood_id)

    @property
    def order(self) -> tuple[str, int, int, int, int]:
        """A fixed order, so that ties are broken the same way on every request."""
        return (
            self.period,
            _LEVEL_ORDER.get(self.level, 9),
            self.district_id or 0,
            self.neighbourhood_id or 0,
            _GENDER_ORDER.get(self.gender, 9),
        )


# A published additive relation: (index of the total, indexes of its parts).
Relation = tuple[int, tuple[int, ...]]


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


def sub_periods(period: str) -> list[list[str]]:
    """The groups of shorter periods that together make up `period` ("2024" = H1 + H2 = Q1..Q4 = 01..12)."""
    if len(period) == 4:
        return [
            [f"{period}-H1", f"{period}-H2"],
            [f"{period}-Q{q}" for q in range(1, 5)],
            [f"{period}-{m:02d}" for m in range(1, 13)],
        ]
    year, part = period[:4], period[5:]
    if part in ("H1", "H2"):
        first_quarter = 1 if part == "H1" else 3
        first_month = 1 if part == "H1" else 7
        return [
            [f"{year}-Q{first_quarter}", f"{year}-Q{first_quarter + 1}"],
            [f"{year}-{m:02d}" for m in range(first_month, first_month + 6)],
        ]
    if part.startswith("Q"):
        quarter = int(part[1])
        return [[f"{year}-{m:02d}" for m in range(3 * quarter - 2, 3 * quarter + 1)]]
    return []


def published_relations(
    indicator: Indicator,
    cells: list[Cell],
    amounts: list[Decimal | None],
    all_neighbourhoods: dict[int, int] | None,
    district_total: int,
) -> list[Relation]:
    """Every additive relation among `cells` whose total and parts all have a count."""
    index: dict[tuple, int] = {(c.geo, c.period, c.gender): i for i, c in enumerate(cells)}
    relations: list[Relation] = []

    def add(total: int | None, maybe_parts: list[int | None]) -> None:
        parts = [p for p in maybe_parts if p is not None]
        if total is None or not parts or len(parts) != len(maybe_parts):
            return
        if any(amounts[m] is None for m in (total, *parts)):
            return
        relations.append((total, tuple(parts)))

    districts: dict[tuple[str, str], list[int]] = defaultdict(list)
    neighbourhoods: dict[tuple[int | None, str, str], list[int]] = defaultdict(list)
    for i, cell in enumerate(cells):
        if cell.gender == Gender.TOTAL:
            add(i, [index.get((cell.geo, cell.period, g)) for g in (Gender.FEMALE, Gender.MALE)])
        if indicator.kind == Indicator.Kind.COUNT:
            for group in sub_periods(cell.period):
                add(i, [index.get((cell.geo, p, cell.gender)) for p in group])
        if cell.level == Level.DISTRICT:
            districts[(cell.period, cell.gender)].append(i)
        elif cell.level == Level.NEIGHBOURHOOD:
            neighbourhoods[(cell.district_id, cell.period, cell.gender)].append(i)
    for (period, gender), parts in districts.items():
        if len(parts) == district_total:
            add(index.get(((Level.CITY, None, None), period, gender)), list(parts))
    for (district_id, period, gender), parts in neighbourhoods.items():
        if all_neighbourhoods and district_id is not None and len(parts) == all_neighbourhoods.get(district_id):
            add(index.get(((Level.DISTRICT, district_id, None), period, gender)), list(parts))
    return relations


def bounds(
    amounts: list[Decimal | None], hidden: list[bool], relations: Iterable[Relation]
) -> dict[int, tuple[Decimal, Decimal]]:
    """What a reader can tell of every cell in `relations`: the interval each count must lie in.

    Shown cells are known exactly, hidden ones start at [0, ∞); every relation total = Σ parts
    narrows both sides until nothing changes. Counts of people are whole numbers, so the bounds
    are rounded inwards.
    """
    relations = list(relations)
    low: dict[int, Decimal] = {}
    high: dict[int, Decimal] = {}
    for total, parts in relations:
        for m in (total, *parts):
            amount = amounts[m]
            if hidden[m] or amount is None:
                low[m], high[m] = Decimal(0), INF
            else:
                low[m] = high[m] = amount
    for _round in range(_MAX_PROPAGATION_ROUNDS):
        changed = False
        for total, parts in relations:
            low_sum = sum((low[p] for p in parts), Decimal(0))
            finite_high = [high[p] for p in parts if high[p] != INF]
            unbounded = len(parts) - len(finite_high)
            high_sum = sum(finite_high, Decimal(0)) if not unbounded else INF
            if low_sum > low[total]:
                low[total], changed = low_sum, True
            if high_sum < high[total]:
                high[total], changed = high_sum, True
            for p in parts:
                # The other parts' bounds, without p.
                others_low = low_sum - low[p]
                if high[p] == INF:
                    others_high = INF if unbounded > 1 else sum(finite_high, Decimal(0))
                else:
                    others_high = INF if unbounded else high_sum - high[p]
                new_high = (high[total] - others_low).to_integral_value(ROUND_FLOOR) if high[total] != INF else INF
                new_low = (
                    (low[total] - others_high).to_integral_value(ROUND_CEILING) if others_high != INF else Decimal(0)
                )
                if new_high < high[p]:
                    high[p], changed = new_high, True
                if new_low > low[p]:
                    low[p], changed = new_low, True
        if not changed:
            break
    return {m: (low[m], high[m]) for m in low}


def _components(size: int, relations: list[Relation]) -> list[list[Relation]]:
    """The relations grouped by the cells they share (union-find): each group is protected on its own."""
    parent = list(range(size))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for total, parts in relations:
        for p in parts:
            a, b = find(total), find(p)
            if a != b:
                parent[b] = a
    groups: dict[int, list[Relation]] = defaultdict(list)
    for relation in relations:
        groups[find(relation[0])].append(relation)
    return list(groups.values())


def _protect(cells: list[Cell], amounts: list[Decimal | None], relations: list[Relation], threshold: int) -> None:
    """Secondary suppression within one group of linked relations (see the module docstring)."""
    hidden = [c.suppressed for c in cells]
    relations_of: dict[int, list[Relation]] = defaultdict(list)
    for relation in relations:
        for m in (relation[0], *relation[1]):
            relations_of[m].append(relation)

    def rank(i: int) -> tuple:
        return (amounts[i], cells[i].order)

    def hide_smallest(candidates: Iterable[int]) -> int | None:
        shown = [m for m in candidates if not hidden[m]]
        if not shown:
            return None
        victim = min(shown, key=rank)
        hidden[victim] = True
        return victim

    def victim_for(cell: int) -> int | None:
        # The nearest relation with a shown cell: first the cell's own, then its hidden neighbours'.
        seen, frontier = {cell}, [cell]
        while frontier:
            near = {m for f in frontier for total, parts in relations_of[f] for m in (total, *parts)}
            victim = hide_smallest(near)
            if victim is not None:
                return victim
            frontier = sorted((near - seen), key=rank)
            seen |= near
        return None

    while True:
        changed = True
        while changed:
            changed = False
            for total, parts in relations:
                if sum(hidden[m] for m in (total, *parts)) == 1:
                    # A part rather than the total, so that the larger figure stays.
                    if hide_smallest(parts) is not None or hide_smallest([total]) is not None:
                        changed = True
        interval = bounds(amounts, hidden, relations)
        narrow = sorted((m for m, (low, high) in interval.items() if hidden[m] and high - low < threshold), key=rank)
        if not narrow:
            break
        touched: set[int] = set()
        added = False
        for cell in narrow:
            if cell in touched:
                continue
            victim = victim_for(cell)
            if victim is None:
                continue
            added = True
            # Cells sharing a relation with the new hidden one may be safe now: look again next round.
            touched |= {m for total, parts in relations_of[victim] for m in (total, *parts)}
        if not added:
            break
    for member, is_hidden in zip(cells, hidden, strict=True):
        member.suppressed = is_hidden


def suppress(indicator: Indicator, cells: list[Cell], all_neighbourhoods: dict[int, int] | None = None) -> list[Cell]:
    """Mark cells `suppressed` and blank their figures. Cells: one indicator, any geographies/periods/genders.

    `all_neighbourhoods` maps district id -> number of neighbourhoods it has (to know when a
    district's neighbourhoods add up to it); without it, neighbourhood groups are left out.
    """
    threshold = indicator.small_number_threshold
    ordered = sorted(cells, key=lambda c: c.order)
    amounts = [count_of(indicator, c) for c in ordered]
    for cell, count in zip(ordered, amounts, strict=True):
        if count is not None and count < threshold:
            cell.suppressed = True

    district_total = 0
    if any(c.level == Level.DISTRICT for c in ordered):
        from samhandling.organisations.models import District

        district_total = District.objects.count()
    relations = published_relations(indicator, ordered, amounts, all_neighbourhoods, district_total)
    for group in _components(len(ordered), relations):
        members = sorted({m for total, parts in group for m in (total, *parts)})
        position = {m: n for n, m in enumerate(members)}
        _protect(
            [ordered[m] for m in members],
            [amounts[m] for m in members],
            [(position[t], tuple(position[p] for p in parts)) for t, parts in group],
            threshold,
        )

    for cell in cells:
        if cell.suppressed:
            cell.value = cell.numerator = cell.denominator = None
    return cells
