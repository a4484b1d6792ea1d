from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (for pagination and filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag
def idempotency_field():
    """A one-time key for a hand-written form that creates a record (samhandling.core.idempotency)."""
    from django.utils.html import format_html

    from samhandling.core.idempotency import FIELD, new_key

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
