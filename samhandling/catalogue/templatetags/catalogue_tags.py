from django import template

from samhandling.catalogue.labels import target_group_label

register = template.Library()


@register.filter
def target_groups(codes) -> str:
    """['child', 'parents'] -> 'Barn, Föräldrar och vårdnadshavare'."""
    return ", ".join(target_group_label(c) for c in codes or [])
