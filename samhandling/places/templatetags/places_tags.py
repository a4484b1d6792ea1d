from django import template

from samhandling.places.money import kronor as _kronor

register = template.Library()


@register.filter
def kronor(value) -> str:
    """1234567 -> '1 234 567 kr'."""
    return _kronor(value)
