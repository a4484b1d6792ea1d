"""The third step of the process: the plan's measures (Activity)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samhandling.catalogue.models import Method, PriorityArea, SubArea
from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import Agency, Neighbourhood, Unit
from samhandling.plans.models.plan import ActionPlan, Place
from samhandling.plans.models.situation import Problem


class PreventionType(models.TextChoices):
    SOCIAL = "social", _("Social crime prevention")
    SITUATIONAL = "situational", _("Situational crime prevention")


class Term(models.TextChoices):
    SHORT = "short", _("Short term")
    LONG = "long", _("Long term")


class Activity(models.Model):
    """One measure of the plan (aktivitet i åtgärdsplanen)."""

    plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=250)
    description = LimitedTextField(_("description"), max_length=8_000, blank=True)
    priority_area = models.ForeignKey(
        PriorityArea, models.PROTECT, related_name="activities", verbose_name=_("priority area")
    )
    sub_area = models.ForeignKey(
        SubArea, models.PROTECT, null=True, blank=True, related_name="activities", verbose_name=_("sub-area")
    )
    methods = models.ManyToManyField(
        Method, blank=True, related_name="plan_activities", verbose_name=_("methods from the catalogue")
    )
    is_local_activity = models.BooleanField(_("local activity (not in the catalogue)"), default=False)
    prevention_type = models.CharField(
        _("prevention type"), max_length=12, choices=PreventionType.choices, default=PreventionType.SOCIAL
    )
    target_group = models.CharField(_("target group"), max_length=250, blank=True)
    age_min = models.PositiveSmallIntegerField(_("lowest age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("highest age"), null=True, blank=True)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="+", verbose_name=_("neighbourhoods")
    )
    places = models.ManyToManyField(Place, blank=True, related_name="activities", verbose_name=_("places"))
    place_note = models.CharField(_("other places (free text)"), max_length=300, blank=True)
    responsible_unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("responsible unit")
    )
    partners = models.ManyToManyField(Agency, blank=True, related_name="+", verbose_name=_("partners"))
    other_partners = models.CharField(_("other partners"), max_length=300, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    term = models.CharField(_("short or long term"), max_length=6, choices=Term.choices, default=Term.LONG)
    # A double-clicked "save" sends the same token twice; the unique token keeps it to one record.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    problem = models.ForeignKey(
        Problem, models.SET_NULL, null=True, blank=True, related_name="activities", verbose_name=_("problem it answers")
    )
    order = models.PositiveSmallIntegerField(default=0)
    # Optimistic concurrency: a save based on an older edit_version is a conflict, never an overwrite.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_max__gte=models.F("age_min")),
                name="activity_ages_in_order",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="activity_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.title
