"""Goal fulfilment from indicator values: met, on the way, not on the way, no data yet.

How it is computed (shown to the reader, see METHOD_TEXT): the expected value in a year is the
straight line from the baseline (baseline year, baseline value) to the target (target year,
target value). The latest figure after the baseline year is compared with that line:
- met: the latest figure has reached the target value (in the target's direction);
- on the way: it has not reached the target, but is at least as good as the line expects for its year;
- not on the way: it is worse than the line expects (also when the target year has passed unmet);
- no data yet: there is no figure after the baseline year (or it is too small to show publicly).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

MET = "met"
ON_THE_WAY = "on_the_way"
NOT_ON_THE_WAY = "not_on_the_way"
NO_DATA = "no_data"

LABELS = {
    MET: _("Met"),
    ON_THE_WAY: _("On the way"),
    NOT_ON_THE_WAY: _("Not on the way"),
    NO_DATA: _("No data yet"),
}

METHOD_TEXT = _(
    "Fulfilment compares the latest figure after the baseline year with a straight line from the baseline "
    "to the target value in the target year. Met: the target value is reached. On the way: not reached, "
    "but at least as good as the line expects for that year. Not on the way: worse than the line "
    "(also when the target year has passed unmet). No data yet: no figure after the baseline year. "
    "Fulfilment describes the indicator; it does not say that the activities caused the change."
)


@dataclass(frozen=True)
class Assessment:
    status: str
    latest_year: int | None = None
    latest_value: Decimal | None = None
    expected_value: Decimal | None = None

    @property
    def label(self) -> str:
        return str(LABELS[self.status])


def year_of(period: str) -> int:
    return int(period[:4])


def assess(
    *,
    baseline_year: int,
    baseline_value: Decimal,
    target_year: int,
    target_value: Decimal,
    lower_is_better: bool,
    observations: dict[str, Decimal | None],
) -> Assessment:
    """Judge one target from its indicator's figures (period -> value; None for a hidden figure)."""
    later = sorted((p, v) for p, v in observations.items() if v is not None and year_of(p) > baseline_year)
    if not later:
        return Assessment(NO_DATA)
    period, value = later[-1]
    year = year_of(period)
    # The target's own direction decides; an unchanged target ("hold the level") uses the indicator's.
    if target_value != baseline_value:
        decreasing = target_value < baseline_value
    else:
        decreasing = lower_is_better
    progress = Decimal(min(year, target_year) - baseline_year) / Decimal(target_year - baseline_year)
    expected = baseline_value + (target_value - baseline_value) * progress

    def at_least(a: Decimal, b: Decimal) -> bool:
        return a <= b if decreasing else a >= b

    if at_least(value, target_value):
        status = MET
    elif year < target_year and at_least(value, expected):
        status = ON_THE_WAY
    else:
        status = NOT_ON_THE_WAY
    return Assessment(status, year, value, expected.quantize(Decimal("0.01")))
