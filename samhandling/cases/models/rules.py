"""Statutory deadlines and retention held as data, each valid from a date."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineRule(models.Model):
    """A statutory time limit, valid from a date; the rule in force on the date that counts applies."""

    class Kind(models.TextChoices):
        PROTECTION = "protection", _("Protection assessment")
        INITIAL = "initial", _("Initial assessment")
        INVESTIGATION = "investigation", _("Investigation")

    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    valid_from = models.DateField(_("valid from"))
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    legal_reference = models.CharField(_("legal reference"), max_length=250)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["kind", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["kind", "valid_from"], name="deadline_rule_unique_start")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.valid_from}: {self.legal_reference}"


class RetentionRule(models.Model):
    """Gallring: how long a record class is kept, and why."""

    class RecordClass(models.TextChoices):
        CASE_FILE = "case_file", _("Personal file with an investigation or intervention")
        REPORT_ONLY = "report_only", _("Concern report that did not lead to an investigation")

    record_class = models.CharField(_("record class"), max_length=20, choices=RecordClass.choices)
    valid_from = models.DateField(_("valid from"))
    years_after_last_entry = models.PositiveSmallIntegerField(_("years after the last entry"))
    # Exception of the former act: files of people born on these days of the month are kept.
    keep_birth_days = models.JSONField(_("keep files of people born on these days"), default=list, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=250)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.UniqueConstraint(fields=["record_class", "valid_from"], name="retention_rule_unique_start")
        ]

    def __str__(self):
        return f"{self.get_record_class_display()}: {self.legal_reference}"
