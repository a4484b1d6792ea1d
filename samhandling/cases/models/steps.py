"""The statutory steps: protection assessment, initial assessment, investigation and what it records."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models.base import Entry, User
from samhandling.cases.models.intake import Case, ConcernReport
from samhandling.cases.models.rules import DeadlineRule
from samhandling.catalogue.models import Factor, Method
from samhandling.core.fields import LimitedTextField


class ProtectionAssessment(Entry):
    """Skyddsbedömning: does the child need immediate protection? Made the same day."""

    report = models.OneToOneField(ConcernReport, models.CASCADE, related_name="protection_assessment")
    assessed_at = models.DateTimeField(_("assessed at"))
    assessed_by = models.ForeignKey(User, models.PROTECT, related_name="+", verbose_name=_("assessed by"))
    immediate_protection_needed = models.BooleanField(_("the child needs immediate protection"))
    notes = LimitedTextField(_("grounds"), max_length=10_000)

    class Meta:
        verbose_name = _("protection assessment")
        verbose_name_plural = _("protection assessments")


class InitialAssessment(Entry):
    """Förhandsbedömning: open an investigation, not open one, or join an ongoing one."""

    class Decision(models.TextChoices):
        OPEN = "open", _("Open an investigation")
        NOT_OPEN = "not_open", _("Do not open an investigation")
        JOIN = "join", _("Join the ongoing investigation")

    report = models.OneToOneField(ConcernReport, models.CASCADE, related_name="initial_assessment")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    reasons = LimitedTextField(_("reasons"), max_length=10_000, blank=True)
    exceptional_reasons = LimitedTextField(_("exceptional reasons for the longer time"), max_length=4_000, blank=True)

    class Meta:
        verbose_name = _("initial assessment")
        verbose_name_plural = _("initial assessments")


class Investigation(models.Model):
    """Utredning; completed within the statutory time unless extended by a recorded decision."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="investigations")
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    due_on = models.DateField(_("due"))
    rule = models.ForeignKey(DeadlineRule, models.PROTECT, related_name="+", null=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    reminder_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        indexes = [models.Index(fields=["due_on"], name="investigation_due_idx")]

    def __str__(self):
        return f"{_('Investigation')} {self.pk}"


class InvestigationExtension(Entry):
    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="extensions")
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    new_due_on = models.DateField(_("new deadline"))
    reasons = LimitedTextField(_("reasons"), max_length=4_000)

    class Meta:
        verbose_name = _("extension of an investigation")
        verbose_name_plural = _("extensions of investigations")


class ChildViews(Entry):
    """Barnets röst and the guardians' views, recorded before a decision."""

    class Whose(models.TextChoices):
        CHILD = "child", _("The child")
        GUARDIAN = "guardian", _("Guardian")

    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="views")
    whose = models.CharField(_("whose views"), max_length=10, choices=Whose.choices)
    recorded_on = models.DateField(_("date"))
    how = models.CharField(_("how the views were obtained"), max_length=200)
    views = LimitedTextField(_("views"), max_length=20_000)
    recorded_by = models.ForeignKey(User, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("views")
        verbose_name_plural = _("views")


class FactorAssessment(Entry):
    """Structured professional judgement of one catalogue factor. No score is ever computed."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        UNKNOWN = "unknown", _("Unknown")

    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="factor_assessments")
    factor = models.ForeignKey(Factor, models.PROTECT, related_name="+", verbose_name=_("factor"))
    status = models.CharField(_("assessment"), max_length=10, choices=Status.choices)
    source = models.CharField(_("source"), max_length=200)
    assessed_on = models.DateField(_("date"))
    assessed_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    comment = LimitedTextField(_("comment"), max_length=4_000, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("factor assessment")
        verbose_name_plural = _("factor assessments")
        constraints = [
            models.UniqueConstraint(fields=["investigation", "factor"], name="factor_assessment_unique_factor")
        ]


class InstrumentUse(Entry):
    """Use of a licensed instrument (SAVRY, EARL, ADAD): only the professional's overall judgement."""

    class Judgement(models.TextChoices):
        LOW = "low", _("Low")
        MODERATE = "moderate", _("Moderate")
        HIGH = "high", _("High")

    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="instrument_uses")
    method = models.ForeignKey(
        Method,
        models.PROTECT,
        related_name="+",
        limit_choices_to={"licensed_instrument": True},
        verbose_name=_("instrument"),
    )
    used_on = models.DateField(_("date"))
    assessor = models.ForeignKey(User, models.PROTECT, related_name="+", verbose_name=_("assessor"))
    overall_judgement = models.CharField(
        _("professional's overall judgement"), max_length=10, choices=Judgement.choices
    )

    class Meta:
        verbose_name = _("instrument use")
        verbose_name_plural = _("instrument uses")
