"""City figures for the follow-up of the defector process, by district and year, with small-cell suppression.

Interests received, the share with first contact within the rule's hours, the median time to
first contact, and completed hand-overs. A district with fewer than MIN_CELL interests (zero
too: "nobody" is a fact about a small group) shows none of its figures; when the hidden
districts could be worked out from the city total (one hidden, or together fewer than
MIN_CELL), the smallest shown district is hidden as well, until that no longer holds.
"""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import F

from samhandling.defectors.models import DefectorCase, Handover
from samhandling.organisations.models import District

MIN_CELL = 5


@dataclass
class Row:
    name: str
    interests: int
    within: int = 0
    hours: list | None = None
    handovers: int = 0
    suppressed: bool = False

    @property
    def share_within(self) -> int | None:
        return round(100 * self.within / self.interests) if self.interests else None

    @property
    def median_hours(self) -> float | None:
        return round(statistics.median(self.hours), 1) if self.hours else None


def _suppress(rows: list[Row]) -> None:
    for row in rows:
        row.suppressed = row.interests < MIN_CELL
    while True:
        hidden = [r for r in rows if r.suppressed]
        shown = [r for r in rows if not r.suppressed]
        if not hidden or not shown:
            return
        if len(hidden) > 1 and sum(r.interests for r in hidden) >= MIN_CELL:
            return
        min(shown, key=lambda r: (r.interests, r.name)).suppressed = True


def city_figures(year: int) -> tuple[list[Row], Row]:
    """(one row per district, the city total) for interests received in the year."""
    start = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=datetime.UTC)
    cases = DefectorCase.objects.filter(received_at__gte=start, received_at__lt=end)
    by_district: dict[int, Row] = {
        d.id: Row(name=d.name, interests=0, hours=[]) for d in District.objects.order_by("name")
    }
    for district_id, received, contacted, due in cases.values_list(
        "district_id", "received_at", "first_contact__contacted_at", "first_contact_due"
    ):
        row = by_district[district_id]
        row.interests += 1
        if contacted is not None:
            row.hours.append((contacted - received).total_seconds() / 3600)
            row.within += contacted <= due
    for district_id in (
        Handover.objects.filter(case__in=cases, completed_at__isnull=False)
        .annotate(d=F("case__district_id"))
        .values_list("d", flat=True)
    ):
        by_district[district_id].handovers += 1
    rows = list(by_district.values())
    total = Row(
        name="",
        interests=sum(r.interests for r in rows),
        within=sum(r.within for r in rows),
        hours=[h for r in rows for h in r.hours],
        handovers=sum(r.handovers for r in rows),
    )
    total.suppressed = total.interests < MIN_CELL
    _suppress(rows)
    return rows, total
