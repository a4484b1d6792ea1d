"""Demo indicators that fit the strategy, with clearly FICTITIOUS values 2017–2026.

Every figure here is made up by a seeded random generator: each district gets a fictitious
"strain" between 0 and 1 that moves its figures, plus noise and a slow trend. The numbers are
meant to look plausible for trying the system, never to describe a real district.
"""

import random
from decimal import Decimal

from django.db import transaction

from samhandling.indicators.models import Gender, Indicator, Level, Value
from samhandling.organisations.models import District, Neighbourhood

YEARS = list(range(2017, 2027))
FICTITIOUS = "Fiktiva demovärden – beskriver inte verkligheten."

# Fictitious strain by district (0 = least, 1 = most); the order is invented for the demo.
STRAIN = {
    "Rinkeby-Kista": 0.95,
    "Spånga-Tensta": 0.9,
    "Skärholmen": 0.85,
    "Enskede-Årsta-Vantör": 0.6,
    "Farsta": 0.55,
    "Hässelby-Vällingby": 0.5,
    "Hägersten-Älvsjö": 0.4,
    "Skarpnäck": 0.45,
    "Södermalm": 0.25,
    "Norrmalm": 0.2,
    "Kungsholmen": 0.15,
    "Bromma": 0.1,
    "Östermalm": 0.05,
}

# code, name, kind, unit, multiplier, numerator, denominator, source, frequency, direction,
# gender split, priority area number, public, (base, strain effect, yearly trend, girls' offset),
# denominator range per district, neighbourhoods?
DEFINITIONS = [
    (
        "otrygghet-utomhus-kvall",
        "Andel som känner sig otrygga utomhus sent en kväll i sitt bostadsområde",
        "rate",
        "%",
        100,
        "Svarande som känner sig ganska eller mycket otrygga",
        "Samtliga svarande 16–84 år",
        "Stockholms stads trygghetsmätning",
        "yearly",
        "lower",
        "adults",
        "4.1",
        True,
        (18, 22, -0.4, 9),
        (700, 1800),
        False,
    ),
    (
        "otrygghet-unga",
        "Andel elever i åk 9 som känner sig otrygga i sitt bostadsområde",
        "rate",
        "%",
        100,
        "Elever som känner sig otrygga",
        "Svarande elever i åk 9",
        "Stockholmsenkäten",
        "biennial",
        "lower",
        "children",
        "4.1",
        True,
        (10, 14, -0.2, 5),
        (400, 1400),
        False,
    ),
    (
        "behorighet-gymnasiet",
        "Andel elever i åk 9 som är behöriga till gymnasiets yrkesprogram",
        "rate",
        "%",
        100,
        "Behöriga elever",
        "Elever i åk 9 som gick ut grundskolan",
        "Skolverket / Utbildningsförvaltningen",
        "yearly",
        "higher",
        "children",
        "4.2",
        True,
        (93, -22, 0.3, 3),
        (400, 1500),
        False,
    ),
    (
        "hog-ogiltig-franvaro",
        "Andel elever i åk 7–9 med hög ogiltig frånvaro (över 10 %)",
        "rate",
        "%",
        100,
        "Elever med mer än 10 % ogiltig frånvaro",
        "Elever i åk 7–9",
        "Utbildningsförvaltningen",
        "yearly",
        "lower",
        "children",
        "4.2",
        False,
        (3, 9, 0.15, -0.5),
        (1200, 4500),
        False,
    ),
    (
        "forskola-inskrivning",
        "Andel barn 1–5 år som är inskrivna i förskola",
        "rate",
        "%",
        100,
        "Inskrivna barn 1–5 år",
        "Folkbokförda barn 1–5 år",
        "Förskoleförvaltningen",
        "yearly",
        "higher",
        "none",
        "4.2",
        True,
        (92, -14, 0.4, 0),
        (2000, 7000),
        False,
    ),
    (
        "narkotika-unga",
        "Andel elever i gymnasiet år 2 som uppger att de använt narkotika",
        "rate",
        "%",
        100,
        "Elever som uppger att de någon gång använt narkotika",
        "Svarande elever i gymnasiet år 2",
        "Stockholmsenkäten",
        "biennial",
        "lower",
        "children",
        "4.1",
        False,
        (16, 4, -0.1, -5),
        (350, 1300),
        False,
    ),
    (
        "organiserad-fritid",
        "Andel elever i åk 9 som deltar i organiserad fritidsaktivitet minst en gång i veckan",
        "rate",
        "%",
        100,
        "Elever som deltar varje vecka",
        "Svarande elever i åk 9",
        "Stockholmsenkäten",
        "biennial",
        "higher",
        "children",
        "4.4",
        True,
        (68, -24, 0.2, -6),
        (400, 1400),
        False,
    ),
    (
        "orosanmalningar",
        "Orosanmälningar om barn per 1 000 barn 0–17 år",
        "rate",
        "per 1 000 barn",
        1000,
        "Orosanmälningar som kommit in till socialtjänsten",
        "Folkbokförda barn 0–17 år",
        "Socialtjänstens verksamhetssystem",
        "yearly",
        "neutral",
        "children",
        "4.2",
        False,
        (38, 45, 1.2, -4),
        (9000, 26000),
        False,
    ),
    (
        "anmalda-brott",
        "Anmälda brott per 1 000 invånare",
        "rate",
        "per 1 000 invånare",
        1000,
        "Anmälda brott",
        "Folkbokförda invånare",
        "Polismyndigheten",
        "yearly",
        "lower",
        "none",
        "4.1",
        True,
        (95, 60, -1.0, 0),
        (45000, 130000),
        True,
    ),
    (
        "unga-misstankta",
        "Antal unga 15–20 år som är misstänkta för brott",
        "count",
        "antal",
        1,
        "",
        "",
        "Polismyndigheten",
        "yearly",
        "lower",
        "children",
        "4.1",
        True,
        (40, 160, -1.0, -0.8),
        (0, 0),
        True,
    ),
    (
        "ekonomiskt-bistand-barn",
        "Andel barn som lever i hushåll med långvarigt ekonomiskt bistånd",
        "rate",
        "%",
        100,
        "Barn i hushåll med ekonomiskt bistånd minst 10 av 12 månader",
        "Folkbokförda barn 0–17 år",
        "Socialtjänstens verksamhetssystem",
        "yearly",
        "lower",
        "none",
        "4.2",
        False,
        (1, 10, -0.1, 0),
        (9000, 26000),
        False,
    ),
    (
        "unga-utsatta-for-brott",
        "Andel elever i åk 9 som uppger att de utsatts för hot eller våld det senaste året",
        "rate",
        "%",
        100,
        "Elever som utsatts för hot eller våld",
        "Svarande elever i åk 9",
        "Stockholmsenkäten",
        "biennial",
        "lower",
        "children",
        "4.3",
        False,
        (14, 8, -0.1, -3),
        (400, 1400),
        False,
    ),
]


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
            for gender in genders:
                num, den = parts[gender]
                out.append(_value(indicator, Level.DISTRICT, district, None, year, gender, num, den, status, note))
                city_sums[gender][0] += num
                city_sums[gender][1] += den or 0
        for gender in genders:
            num, den = city_sums[gender]
            out.append(_value(indicator, Level.CITY, None, None, year, gender, num, den or None, status, note))
        if with_neighbourhoods:
            for hood in neighbourhoods:
                strain = STRAIN.get(hood.district.name, 0.5) + rng.uniform(-0.15, 0.15)
                level_value = base + effect * strain + trend * (year - YEARS[0])
                if indicator.kind == Indicator.Kind.COUNT:
                    total = max(0, round(level_value / 9 * rng.uniform(0.3, 1.5)))
                    girls = round(total * rng.uniform(0.1, 0.35))
                    hood_parts = {
                        Gender.TOTAL: (total, None),
                        Gender.FEMALE: (girls, None),
                        Gender.MALE: (total - girls, None),
                    }
                else:
                    den = rng.randint(2000, 30000)
                    num = min(den, round(den * max(0.0, level_value) / indicator.multiplier))
                    hood_parts = {Gender.TOTAL: (num, den)}
                for gender in genders:
                    if gender in hood_parts:
                        num, den = hood_parts[gender]
                        out.append(
                            _value(
                                indicator,
                                Level.NEIGHBOURHOOD,
                                hood.district,
                                hood,
                                year,
                                gender,
                                num,
                                den,
                                status,
                                note,
                            )
                        )
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
