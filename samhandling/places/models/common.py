"""Shared fields: optimistic locking, one-time form tokens, money and the check against personal data."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Swedish personal or co-ordination numbers: YYMMDD-NNNN, YYYYMMDDNNNN and the like.
_PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:19|20)?\d{2}[01]\d[0-9]\d[-+ ]?\d{4}(?!\d)")
# Three or more "Firstname Lastname" pairs in a list: a name list, not a description of a place.
_NAME = r"[A-ZÅÄÖÉ][a-zåäöé]+ [A-ZÅÄÖÉ][a-zåäöé]+"
_NAME_LIST = re.compile(rf"{_NAME}\s*[,;\n]\s*{_NAME}\s*[,;\n]\s*{_NAME}")


def no_personal_data(value: str) -> None:
    """Refuse text that looks like a personal number or a list of names: this register holds none."""
    if not value:
        return
    if _PERSONAL_NUMBER.search(value):
        raise ValidationError(
            _(
                "The text looks like it contains a personal identity number. No personal data about "
                "individuals is kept here: describe the place and what happened without identifying anyone."
            ),
            code="personal_number",
        )
    if _NAME_LIST.search(value):
        raise ValidationError(
            _(
                "The text looks like a list of names. No personal data about individuals is kept here: "
                "write organisations or roles (for example 'the police, two field workers') instead."
            ),
            code="name_list",
        )


def money_field(verbose_name, **kwargs):
    """Whole kronor, never negative (the forms check the sign)."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=0, **kwargs)


class Tracked(models.Model):
    """Created and changed by whom and when; a version for optimistic locking; a one-time form token."""

    version = models.PositiveIntegerField(default=1, editable=False)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def point_fields():
    return (
        models.DecimalField(_("latitude"), max_digits=8, decimal_places=6, null=True, blank=True),
        models.DecimalField(_("longitude"), max_digits=8, decimal_places=6, null=True, blank=True),
    )
