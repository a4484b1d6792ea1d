"""Making the demo indicators and their FICTITIOUS values with a seeded random generator."""

import random
from decimal import Decimal

from django.db import transaction

from samhandling.indicators.demo.definitions import DEFINITIONS, FICTITIOUS, STRAIN, YEARS
from samhandling.indicators.models import Gender, Indicator, Level, Value
from samhandling.organisations.models import District, Neighbourhood


def _q(x: float) -> Decimal:
    return Decimal(str(round(x, 4)))


def _years(frequency: str) -> list[int]:
    return [y for y in YEARS if y % 2 == 0] if frequency == "biennial" else YEARS


def _priority_area(number: str):
    from samhandling.catalogue.models import PriorityArea

    return PriorityArea.objects.filter(number=number).order_by("-strategy__start_year").first()


def load(stdout) -> None:
    """Create the demo indicators and their fictitious values; leaves existing values alone."""
    districts = list(District.objects.all())
    neighbourhoods = list(Neighbourhood.objects.select_related("district"))
    created = 0
    with transaction.atomic():
        for n, definition in enumerate(DEFINITIONS):
            (
                code, name, kind, unit, multiplier, numerator_label, denominator_label, source, frequency,
                direction, split, area, public, shape, den_range, with_neighbourhoods,
            ) = definition  # fmt: skip
            indicator, _ = Indicator.objects.update_or_create(
                code=code,
                defaults=dict(
                    name=name,
                    description=f"{FICTITIOUS} Indikatorn är ett exempel på hur strategins lägesbild kan följas upp.",
                    kind=kind,
                    unit=unit,
                    multiplier=multiplier,
                    numerator_label=numerator_label,
                    denominator_label=denominator_label,
                    source=f"{source} (fiktiva demovärden)",
                    frequency=frequency,
                    direction=direction,
                    gender_split=split,
                    priority_area=_priority_area(area),
                    on_neighbourhood=with_neighbourhoods,
                    min_value=Decimal(0),
                    max_value=Decimal(100) if unit == "%" else None,
                    is_public=public,
                ),
            )
            if indicator.values.exists():
                continue
            rng = random.Random(1000 + n)
            values = _generate(indicator, districts, neighbourhoods, rng, shape, den_range, with_neighbourhoods)
            Value.objects.bulk_create(values, batch_size=2000)
            created += len(values)
    stdout.write(f"Indikatorer: {len(DEFINITIONS)} demoindikatorer, {created} nya fiktiva värden.")


def _generate(indicator, districts, neighbourhoods, rng, shape, den_range, with_neighbourhoods) -> list[Value]:
    base, effect, trend, girls_offset = shape
    genders = indicator.genders
    status = {y: Value.Status.PRELIMINARY if y == YEARS[-1] else Value.Status.FINAL for y in YEARS}
    out: list[Value] = []
    note = "Fiktivt demovärde"
    for year in _years(indicator.frequency):
        city_sums = {g: [0, 0] for g in genders}
        district_parts: dict[int, dict] = {}
        for district in districts:
            strain = STRAIN.get(district.name, 0.5)
            level_value = base + effect * strain + trend * (year - YEARS[0]) + rng.gauss(0, abs(base) * 0.04 + 0.3)
            if indicator.kind == Indicator.Kind.COUNT:
                total = max(0, round(level_value))
                girls = max(0, round(total * rng.uniform(0.15, 0.3)))
                parts = {Gender.TOTAL: (total, None), Gender.FEMALE: (girls, None), Gender.MALE: (total - girls, None)}
            else:
                den = rng.randint(*den_range)
                share = max(0.0, min(indicator.multiplier, level_value)) / indicator.multiplier
                num = min(den, round(den * share))
                den_f = den // 2 + rng.randint(-den // 20, den // 20)
                girls_share = max(0.0, min(1.0, share + girls_offset / indicator.multiplier))
                num_f = min(num, den_f, round(den_f * girls_share))
                parts = {
                    Gender.TOTAL: (num, den),
                    Gender.FEMALE: (num_f, den_f),
                    Gender.MALE: (max(0, min(num - num_f, den - den_f)), den - den_f),
                }
                # Keep the parts adding up exactly to the total.
                parts[Gender.TOTAL] = (parts[Gender.FEMALE][0] + parts[Gender.MALE][0], den)
            district_parts[district.pk] = {g: parts[g] for g in genders}
            for gender in genders:
                num, den = parts[gender]
                out.append(_value(indicator, Level.DISTRICT, district, None, year, gender, num, den, status, note))
                city_sums[gender][0] += num
                city_sums[gender][1] += den or 0
        for gender in genders:
            num, den = city_sums[gender]
            out.append(_value(indicator, Level.CITY, None, None, year, gender, num, den or None, status, note))
        if with_neighbourhoods:
            # The neighbourhoods add up exactly to their district (and so to the city), as the
            # source's own figures do: the suppression tests need consistent sums to find leaks.
            for district in districts:
                hoods = [h for h in neighbourhoods if h.district_id == district.pk]
                if hoods:
                    out.extend(
                        _neighbourhood_values(indicator, district, hoods, year, district_parts[district.pk], rng)
                    )
    return out


def _split(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """`total` shared out in whole numbers in proportion to `weights` (largest remainder), none above its cap."""
    if not weights:
        return []
    whole = sum(weights) or 1.0
    exact = [total * w / whole for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    if caps is not None:
        excess = 0
        for i, cap in enumerate(caps):
            if shares[i] > cap:
                excess += shares[i] - cap
                shares[i] = cap
        for i in range(len(shares)):
            room = caps[i] - shares[i]
            moved = min(room, excess)
            shares[i] += moved
            excess -= moved
    return shares


def _neighbourhood_values(indicator, district, hoods, year, parts, rng) -> list[Value]:
    """A district's figures (`parts`: gender -> (numerator or count, denominator)) split over its neighbourhoods."""
    note = "Fiktivt demovärde"
    status = {y: Value.Status.PRELIMINARY if y == YEARS[-1] else Value.Status.FINAL for y in YEARS}
    weights = [rng.uniform(0.3, 1.7) for _ in hoods]
    out = []
    if indicator.kind == Indicator.Kind.COUNT:
        split = {}
        for gender in (Gender.FEMALE, Gender.MALE):
            if gender in parts:
                split[gender] = _split(int(parts[gender][0]), [w * rng.uniform(0.6, 1.4) for w in weights])
        for i, hood in enumerate(hoods):
            hood_parts = {g: (shares[i], None) for g, shares in split.items()}
            if split:
                hood_parts[Gender.TOTAL] = (sum(shares[i] for shares in split.values()), None)
            else:
                hood_parts[Gender.TOTAL] = (_split(int(parts[Gender.TOTAL][0]), weights)[i], None)
            for gender, (num, den) in hood_parts.items():
                out.append(_value(indicator, Level.NEIGHBOURHOOD, district, hood, year, gender, num, den, status, note))
    else:
        num, den = parts[Gender.TOTAL]
        dens = _split(int(den), weights)
        nums = _split(int(num), [d * rng.uniform(0.7, 1.3) for d in dens], caps=dens)
        for hood, n, d in zip(hoods, nums, dens, strict=True):
            out.append(_value(indicator, Level.NEIGHBOURHOOD, district, hood, year, Gender.TOTAL, n, d, status, note))
    return out


def _value(indicator, level, district, neighbourhood, year, gender, num, den, status, note) -> Value:
    if indicator.kind == Indicator.Kind.COUNT:
        value, numerator, denominator = Decimal(num), None, None
    else:
        value = _q(num / den * indicator.multiplier) if den else Decimal(0)
        numerator, denominator = Decimal(num), Decimal(den) if den else None
    return Value(
        indicator=indicator,
        level=level,
        district=district,
        neighbourhood=neighbourhood,
        period=str(year),
        gender=gender,
        value=value,
        numerator=numerator,
        denominator=denominator,
        status=status[year],
        source_note=note,
    )
