"""Serious violent events as an indicator series: counts per district and for the city, per year.

Places may use the indicators app's services (not the other way round). The counts are written as
ordinary indicator values, so the dashboards, maps and public figures treat them as every other
count: the indicator's small-number threshold hides small counts in public figures.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.indicators.importing import CleanRow
from samhandling.indicators.models import Indicator, Level
from samhandling.indicators.services.values import write_values
from samhandling.organisations.models import District
from samhandling.places.models import CrisisEvent

INDICATOR_CODE = "grova-valdshandelser"
SOURCE_NOTE = "Samhandling, krisstöd efter grova våldshändelser"


def event_indicator() -> Indicator:
    """The indicator the counts are written to; made once, with Swedish name and source."""
    indicator, _created = Indicator.objects.get_or_create(
        code=INDICATOR_CODE,
        defaults={
            "name": "Grova våldshändelser med krisstöd",
            "description": (
                "Skjutningar, sprängningar och annat grovt våld där stadsdelen aktiverade krisstöd, "
                "per stadsdel och år. Räknas från händelserna i Samhandling."
            ),
            "kind": Indicator.Kind.COUNT,
            "unit": "antal",
            "multiplier": 1,
            "source": "Samhandling (krisstöd)",
            "frequency": Indicator.Frequency.YEARLY,
            "direction": Indicator.Direction.LOWER,
            "on_city": True,
            "on_district": True,
        },
    )
    return indicator


def event_indicator_update(*, actor: Actor | None, years: list[int] | None = None) -> tuple[int, int, int]:
    """Write the yearly counts per district and for the city; a rerun changes only what changed.

    Every district gets a value for every year counted (0 where no event), so that a year without
    events reads as zero and not as missing. Returns (created, corrected, unchanged).
    """
    if years is None:
        years = sorted(
            {y for y in CrisisEvent.objects.annotate(y=ExtractYear("occurred_at")).values_list("y", flat=True)}
            | {timezone.localdate().year}
        )
    with transaction.atomic():
        indicator = event_indicator()
        counts = {
            (row["district_id"], row["y"]): row["n"]
            for row in CrisisEvent.objects.annotate(y=ExtractYear("occurred_at"))
            .filter(y__in=years)
            .values("district_id", "y")
            .annotate(n=Count("id"))
            .order_by()
        }
        districts = list(District.objects.values_list("pk", flat=True))
        rows: list[CleanRow] = []
        for year in years:
            total = 0
            for district_id in districts:
                n = counts.get((district_id, year), 0)
                total += n
                rows.append(_row(indicator, Level.DISTRICT, district_id, year, n))
            rows.append(_row(indicator, Level.CITY, None, year, total))
        created, corrected, unchanged = write_values(rows, batch=None, actor=actor)
        record(
            actor=actor,
            verb="places.event_indicator.update",
            target=indicator,
            years=years,
            created=created,
            corrected=corrected,
        )
    return created, corrected, unchanged


def _row(indicator: Indicator, level: str, district_id: int | None, year: int, n: int) -> CleanRow:
    return CleanRow(
        row=0,
        indicator_id=indicator.pk,
        level=level,
        district_id=district_id,
        neighbourhood_id=None,
        period=str(year),
        gender="total",
        value=Decimal(n),
        numerator=None,
        denominator=None,
        status="final",
        source_note=SOURCE_NOTE,
    )
