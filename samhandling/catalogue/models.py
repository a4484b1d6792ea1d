"""The strategy and the method catalogue (insatskatalogen)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import Committee, District


class Strategy(models.Model):
    """A strategy period, e.g. 2024–2026; versioned by period."""

    code = models.SlugField(_("code"), unique=True)  # "2024-2026"
    name = models.CharField(_("name"), max_length=250)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    goal = LimitedTextField(_("goal"), max_length=4_000, blank=True)
    purpose = LimitedTextField(_("purpose"), max_length=4_000, blank=True)
    description = LimitedTextField(_("description"), max_length=20_000, blank=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="strategy_years_in_order"
            )
        ]

    def __str__(self):
        return self.name


class PriorityArea(models.Model):
    strategy = models.ForeignKey(Strategy, models.CASCADE, related_name="priority_areas")
    number = models.CharField(_("number"), max_length=10)  # "4.1"
    name = models.CharField(_("name"), max_length=200)
    description = LimitedTextField(_("description"), max_length=8_000, blank=True)

    class Meta:
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")
        ordering = ["strategy", "number"]
        constraints = [models.UniqueConstraint(fields=["strategy", "number"], name="priority_area_unique_number")]

    def __str__(self):
        return f"{self.number} {self.name}"


class SubArea(models.Model):
    priority_area = models.ForeignKey(PriorityArea, models.CASCADE, related_name="sub_areas")
    number = models.CharField(_("number"), max_length=12)  # "4.1.1"
    name = models.CharField(_("name"), max_length=200)
    description = LimitedTextField(_("description"), max_length=8_000, blank=True)

    class Meta:
        verbose_name = _("sub-area")
        verbose_name_plural = _("sub-areas")
        ordering = ["priority_area", "number"]
        constraints = [models.UniqueConstraint(fields=["priority_area", "number"], name="sub_area_unique_number")]

    def __str__(self):
        return f"{self.number} {self.name}"


class Factor(models.Model):
    """A risk or protective factor (seed 001 §3.2–3.4, §4.2)."""

    class Kind(models.TextChoices):
        RISK = "risk", _("Risk factor")
        PROTECTIVE = "protective", _("Protective factor")

    code = models.SlugField(_("code"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    domain = models.CharField(_("domain"), max_length=40, blank=True)  # individ, familj, skola, ...
    description = LimitedTextField(_("description"), max_length=4_000, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("risk or protective factor")
        verbose_name_plural = _("risk and protective factors")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class Method(models.Model):
    """One entry of the method catalogue: a method or way of working."""

    class Evidence(models.TextChoices):
        NATIONAL_GUIDELINE = "national_guideline", _("Recommended in national guidance")
        RESEARCH = "research", _("Evaluated in research")
        LOCAL_EXPERIENCE = "local_experience", _("Local experience")
        UNKNOWN = "unknown", _("Not known")

    class PreventionType(models.TextChoices):
        SOCIAL = "social", _("Social crime prevention")
        SITUATIONAL = "situational", _("Situational crime prevention")
        BOTH = "both", _("Social and situational")

    class Access(models.TextChoices):
        ASSESSED = "assessed", _("After a needs assessment")
        OPEN = "open", _("Open, without a needs assessment")
        BOTH = "both", _("Both")

    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=200, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    description = LimitedTextField(_("description"), max_length=10_000, blank=True)
    sub_areas = models.ManyToManyField(SubArea, related_name="methods", blank=True, verbose_name=_("sub-areas"))
    prevention_levels = models.JSONField(
        _("prevention levels"), default=list, blank=True
    )  # främjande/förebyggande/åtgärdande
    prevention_type = models.CharField(
        _("prevention type"), max_length=12, choices=PreventionType.choices, default=PreventionType.SOCIAL
    )
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    age_min = models.PositiveSmallIntegerField(_("lowest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("highest age"), null=True, blank=True)
    age_note = models.CharField(_("about the ages"), max_length=200, blank=True)
    access = models.CharField(_("access"), max_length=10, choices=Access.choices, default=Access.OPEN)
    legal_grounds = models.JSONField(_("legal grounds"), default=list, blank=True)
    committees = models.ManyToManyField(
        Committee, related_name="methods", blank=True, verbose_name=_("responsible committees")
    )
    partners = models.JSONField(_("partners"), default=list, blank=True)
    evidence = models.CharField(_("knowledge base"), max_length=20, choices=Evidence.choices, default=Evidence.UNKNOWN)
    evidence_note = LimitedTextField(_("about the knowledge base"), max_length=4_000, blank=True)
    availability_known = models.BooleanField(_("availability known"), default=False)
    availability_note = models.CharField(_("about the availability"), max_length=250, blank=True)
    # "Finns i åtta av stadens stadsdelsnämnder": a number of districts the sources give without naming them.
    availability_district_count = models.PositiveSmallIntegerField(
        _("number of districts (not named)"), null=True, blank=True
    )
    available_in = models.ManyToManyField(District, related_name="methods", blank=True, verbose_name=_("available in"))
    factors = models.ManyToManyField(Factor, related_name="methods", blank=True, verbose_name=_("factors it works on"))
    licensed_instrument = models.BooleanField(_("licensed assessment instrument"), default=False)
    instrument_users = models.CharField(_("used by"), max_length=250, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    # Where each fact comes from: {"ages": "001 §4.1.2", "evidence": ..., "target_groups": ..., "availability": ...}.
    fact_sources = models.JSONField(_("source of each fact"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("method")
        verbose_name_plural = _("methods")
        ordering = ["name"]
        permissions = [("edit_catalogue", _("Edit the method catalogue"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_max__gte=models.F("age_min")),
                name="method_age_range_in_order",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name
