"""The first two steps of the process: situation picture (SituationSection) and cause analysis (Problem, Cause)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.catalogue.models import Factor
from samhandling.core.fields import LimitedTextField
from samhandling.indicators.models import Indicator
from samhandling.organisations.models import District, Neighbourhood
from samhandling.plans.models.plan import ActionPlan, Place


class SourceKind(models.TextChoices):
    POLICE = "police", _("Police situation picture")
    STOCKHOLMSENKATEN = "stockholmsenkaten", _("Stockholm youth survey (Stockholmsenkäten)")
    SAFETY_SURVEY = "safety_survey", _("Safety survey (trygghetsmätning)")
    SOCIAL_SERVICES_REPORT = "social_services_report", _("Social services report")
    OWN_OBSERVATIONS = "own_observations", _("Own observations")
    OTHER = "other", _("Other source")


class SituationSection(models.Model):
    """One section of the situation picture (lägesbild), by theme and place."""

    plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="situation_sections")
    theme = models.CharField(_("theme"), max_length=200)
    text = LimitedTextField(_("description"), max_length=20_000)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    source_note = models.CharField(_("about the sources"), max_length=300, blank=True)
    as_of = models.DateField(_("date of the picture"))
    author = models.CharField(_("author"), max_length=150)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="+", verbose_name=_("neighbourhoods")
    )
    places = models.ManyToManyField(Place, blank=True, related_name="situation_sections", verbose_name=_("places"))
    place_note = models.CharField(_("other places (free text)"), max_length=300, blank=True)
    show_indicators = models.BooleanField(_("show the district's indicators"), default=False)
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("indicator charts to show")
    )
    indicator_district = models.ForeignKey(
        District,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district for the indicator charts"),
        help_text=_("Compared with the whole city. Empty: the committee's own district."),
    )
    # A double-clicked "save" sends the same token twice; the unique token keeps it to one record.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    order = models.PositiveSmallIntegerField(default=0)
    # Optimistic concurrency: a save based on an older edit_version is a conflict, never an overwrite.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("section of the situation picture")
        verbose_name_plural = _("sections of the situation picture")
        ordering = ["order", "id"]

    def __str__(self):
        return self.theme

    def source_labels(self) -> list[str]:
        labels = dict(SourceKind.choices)
        return [str(labels.get(s, s)) for s in self.sources]


class Problem(models.Model):
    """A problem found in the situation picture, analysed for its causes."""

    plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="problems")
    title = models.CharField(_("problem"), max_length=250)
    # A double-clicked "save" sends the same token twice; the unique token keeps it to one record.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    description = LimitedTextField(_("description"), max_length=4_000, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Optimistic concurrency: a save based on an older edit_version is a conflict, never an overwrite.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Cause(models.Model):
    """A cause of a problem, linked to risk and protective factors from the catalogue."""

    problem = models.ForeignKey(Problem, models.CASCADE, related_name="causes")
    description = LimitedTextField(_("cause"), max_length=4_000)
    # A double-clicked "save" sends the same token twice; the unique token keeps it to one record.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    factors = models.ManyToManyField(
        Factor, blank=True, related_name="plan_causes", verbose_name=_("risk and protective factors")
    )
    # Optimistic concurrency: a save based on an older edit_version is a conflict, never an overwrite.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cause")
        verbose_name_plural = _("causes")
        ordering = ["id"]

    def __str__(self):
        return self.description[:80]
