"""Break the glass held as data: the reasons one may give, and the limits in force from a date."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmergencyReason(models.Model):
    """One of the short list of reasons for opening a case outside one's unit."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=250)

    class Meta:
        verbose_name = _("reason for emergency access")
        verbose_name_plural = _("reasons for emergency access")
        ordering = ["name"]

    def __str__(self):
        return self.name


class EmergencyAccessRule(models.Model):
    """The brakes on break the glass, valid from a date; the rule in force on a day applies."""

    valid_from = models.DateField(_("valid from"), unique=True)
    # Accesses a user may open on one day before the unit manager must approve each further one.
    daily_limit = models.PositiveSmallIntegerField(_("accesses per user and day without approval"))
    min_reason_length = models.PositiveSmallIntegerField(_("shortest reason (characters)"))
    # Patterns flagged for the log reviewer (never a decision: the reviewer judges).
    many_cases = models.PositiveSmallIntegerField(_("many cases: accesses by one user in 24 hours"))
    working_day_start = models.TimeField(_("working day starts"), default=datetime.time(7, 0))
    working_day_end = models.TimeField(_("working day ends"), default=datetime.time(18, 0))
    source = models.CharField(_("source"), max_length=250)

    class Meta:
        verbose_name = _("rule for emergency access")
        verbose_name_plural = _("rules for emergency access")
        ordering = ["valid_from"]
        permissions = [("approve_emergency_access", _("Approve emergency access beyond the daily limit"))]

    def __str__(self):
        return f"{self.valid_from}: {self.daily_limit}"
