from decimal import Decimal

from django import template
from django.utils.formats import number_format

from samhandling.indicators.models import Indicator

register = template.Library()


@register.filter
def exact_number(value):
    """A stored figure with exactly the decimals it has, the Swedish way: 91,5 and 1 234 (not 91,5000)."""
    if value is None:
        return "–"
    value = Decimal(value).normalize()
    decimals = max(0, -value.as_tuple().exponent)
    return number_format(value, decimals, force_grouping=True)


@register.filter
def figure(value: Decimal | int | float | str | None, indicator: Indicator | None = None) -> str:
    """An indicator figure the Swedish way: a count as a whole number ("184", "1 355"), a rate with one decimal.

    Without an indicator, a whole number is shown without decimals and anything else with one.
    """
    if value is None or value == "":
        return "–"
    value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    kind = indicator.kind if indicator is not None else None
    if kind == "count" or (kind is None and value == value.to_integral_value()):
        decimals = 0
    else:
        decimals = 1
    return number_format(round(value, decimals), decimals, force_grouping=True)
