"""Goals with targets from the city's steering documents, programme logic per activity, and the
effects report's own choices (examples, text). Goals and targets are data with a source and a
valid-from date; every edit is version-checked (see services)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samhandling.catalogue.models import Method, PriorityArea, Strategy
from samhandling.indicators.models import Gender, Indicator
from samhandling.organisations.models import Committee, District
from samhandling.plans.models import Activity, FollowUp, SurveyResponse


class SteeringDocument(models.Model):
    """A steering document whose goals touch the strategy's work (the strategy itself, the safety programme...)."""

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("The strategy")
        SAFETY_PROGRAMME = "safety", _("The safety programme")
        BUDGET = "budget", _("The city's budget goals")
        COMMITTEE = "committee", _("A committee's own goals")
        OTHER = "other", _("Other steering document")

    code = models.SlugField(_("code"), unique=True, max_length=60)
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    committee = models.ForeignKey(
        Committee, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("committee")
    )
    strategy = models.ForeignKey(
        Strategy, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("strategy")
    )
    source = models.CharField(_("source"), max_length=300, help_text=_("The decision or document, e.g. KF 2019-06-10."))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("steering document")
        verbose_name_plural = _("steering documents")
        ordering = ["order", "title"]
        permissions = [("manage_goals", _("Manage goals and targets"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="document_validity_in_order",
            )
        ]

    def __str__(self):
        return self.title


class Goal(models.Model):
    """One goal of a steering document; goals form a tree (the overall goal, its priority areas...)."""

    document = models.ForeignKey(SteeringDocument, models.CASCADE, related_name="goals", verbose_name=_("document"))
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("under the goal")
    )
    number = models.CharField(_("number"), max_length=12, blank=True)
    title = models.CharField(_("goal"), max_length=300)
    description = models.CharField(_("description"), max_length=2000, blank=True)
    priority_area = models.ForeignKey(
        PriorityArea, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("priority area")
    )
    source = models.CharField(_("source"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["document__order", "order", "number", "id"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()


class GoalTarget(models.Model):
    """An indicator under a goal: baseline, target value and target year, for the city or one district."""

    goal = models.ForeignKey(Goal, models.CASCADE, related_name="targets", verbose_name=_("goal"))
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="+", verbose_name=_("indicator"))
    district = models.ForeignKey(
        District,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        help_text=_("Empty: the whole city."),
    )
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, default=Gender.TOTAL)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=4)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4)
    source = models.CharField(_("source of the target"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    is_fictitious = models.BooleanField(_("fictitious demo value"), default=False)
    version = models.PositiveIntegerField(default=1)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["goal", "indicator__name", "district__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "indicator", "district", "gender"],
                nulls_distinct=False,
                name="target_unique_per_goal_indicator_area",
            ),
            models.CheckConstraint(
                condition=Q(target_year__gt=models.F("baseline_year")), name="target_year_after_baseline"
            ),
        ]

    def __str__(self):
        return f"{self.goal}: {self.indicator} {self.target_value} ({self.target_year})"


class MethodLogic(models.Model):
    """A catalogue method's default programme logic, which the planner adjusts per activity."""

    method = models.OneToOneField(Method, models.CASCADE, related_name="results_logic", verbose_name=_("method"))
    short_term = models.CharField(_("expected short-term outcome"), max_length=1000)
    long_term = models.CharField(_("expected long-term outcome"), max_length=1000, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("programme logic of a method")
        verbose_name_plural = _("programme logic of methods")

    def __str__(self):
        return str(self.method)


class ActivityLogic(models.Model):
    """Programme logic of one plan activity: problem → activity → short-term outcome → goals."""

    activity = models.OneToOneField(Activity, models.CASCADE, related_name="results_logic")
    short_term = models.CharField(_("expected short-term outcome"), max_length=1000, blank=True)
    expected_reached = models.PositiveIntegerField(_("expected number reached in the year"), null=True, blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="activity_logics", verbose_name=_("goals"))
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme logic")
        verbose_name_plural = _("programme logic")

    def __str__(self):
        return str(self.activity)


class ReportText(models.Model):
    """The analyst's text and the formalities of one year's effects report (the figures come from the data)."""

    FIELDS = ("reference", "officer", "preparation", "summary", "background", "gender", "child_rights", "views")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    reference = models.CharField(_("reference number"), max_length=60, blank=True)
    officer = models.CharField(_("responsible officer"), max_length=200, blank=True)
    preparation = models.CharField(_("how the matter was prepared"), max_length=3000, blank=True)
    summary = models.CharField(_("summary"), max_length=6000, blank=True)
    background = models.CharField(_("background"), max_length=6000, blank=True)
    gender = models.CharField(_("gender analysis"), max_length=6000, blank=True)
    child_rights = models.CharField(_("child-rights perspective"), max_length=6000, blank=True)
    views = models.CharField(_("the administration's views and proposals"), max_length=6000, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("effects report text")
        verbose_name_plural = _("effects report texts")

    def __str__(self):
        return f"{self.year}"


class ReportExample(models.Model):
    """A follow-up the analyst picked as an example for the year's effects report."""

    year = models.PositiveSmallIntegerField(_("year"))
    followup = models.ForeignKey(FollowUp, models.CASCADE, related_name="+")
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report example")
        verbose_name_plural = _("report examples")
        constraints = [models.UniqueConstraint(fields=["year", "followup"], name="report_example_unique")]

    def __str__(self):
        return f"{self.year}: {self.followup_id}"


class ReportQuote(models.Model):
    """A survey answer the analyst quotes in the year's effects report (`key`: "4.1:results" or "views")."""

    year = models.PositiveSmallIntegerField(_("year"))
    response = models.ForeignKey(SurveyResponse, models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report quote")
        verbose_name_plural = _("report quotes")
        constraints = [models.UniqueConstraint(fields=["year", "response", "key"], name="report_quote_unique")]

    def __str__(self):
        return f"{self.year}: {self.response_id} {self.key}"
