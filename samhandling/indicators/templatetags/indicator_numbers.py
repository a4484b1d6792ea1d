from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def exact_number(value):
    """A stored figure with exactly the decimals it has, the Swedish way: 91,5 and 1 234 (not 91,5000)."""
    if value is None:
        return "–"
    value = Decimal(value).normalize()
    decimals = max(0, -value.as_tuple().exponent)
    return number_format(value, decimals, force_grouping=True)
