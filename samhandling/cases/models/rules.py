"""Statutory deadlines and retention held as data, each valid from a date."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.core.fields import LimitedTextField


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
    note = LimitedTextField(_("note"), max_length=2_000, blank=True)
    # How far extensions may move the deadline past the statutory one, in all; empty: no extension cap.
    extension_max_months = models.PositiveSmallIntegerField(_("extensions at most (months)"), null=True, blank=True)

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

    class CountsFrom(models.TextChoices):
        LAST_ENTRY = "last_entry", _("The last entry, whether the case is open or closed")
        CLOSING = "closing", _("The closing of the case, or a later entry")

    record_class = models.CharField(_("record class"), max_length=20, choices=RecordClass.choices)
    valid_from = models.DateField(_("valid from"))
    counts_from = models.CharField(
        _("the time counts from"), max_length=20, choices=CountsFrom.choices, default=CountsFrom.CLOSING
    )
    years_after_last_entry = models.PositiveSmallIntegerField(_("years after the last entry"))
    # Exception of the former act: files of people born on these days of the month are kept.
    keep_birth_days = models.JSONField(_("keep files of people born on these days"), default=list, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=250)
    note = LimitedTextField(_("note"), max_length=2_000, blank=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.UniqueConstraint(fields=["record_class", "valid_from"], name="retention_rule_unique_start")
        ]

    def __str__(self):
        return f"{self.get_record_class_display()}: {self.legal_reference}"


class RetentionException(models.Model):
    """An exception to a retention rule, held as data with its legal reference.

    Each kind has one meaning in cases.retention; its parameters say to what it applies (for a
    placement, the catalogue methods that are placements). `needs_legal_review` marks what the
    city's lawyers and the city archives have yet to confirm.
    """

    class Kind(models.TextChoices):
        PLACEMENT = "placement", _("Documents about a child placed outside the home")
        PERSON_RECORDS_KEPT = "person_records_kept", _("Kept while other records about the person are kept")
        RESEARCH_MUNICIPALITY = "research_municipality", _("Municipality in the research sample: nothing is deleted")
        NOT_HELD = "not_held", _("Documents that Samhandling does not hold")

    rule = models.ForeignKey(RetentionRule, models.CASCADE, related_name="exceptions", verbose_name=_("rule"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    active = models.BooleanField(_("applied by the retention run"), default=True)
    legal_reference = models.CharField(_("legal reference"), max_length=250)
    note = LimitedTextField(_("note"), max_length=4_000, blank=True)
    needs_legal_review = models.BooleanField(_("to be checked by a lawyer"), default=True)

    class Meta:
        verbose_name = _("retention exception")
        verbose_name_plural = _("retention exceptions")
        ordering = ["rule", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.legal_reference}"
