"""Local action plans (lokala handlingsplaner), their follow-up and the city-wide effects report.

One ActionPlan per committee and year, in versions: an approved version is read-only and a change
starts a new version (a copy) that points back at the one it replaces. The crime-prevention
process has three steps: situation picture (SituationSection), cause analysis (Problem + Cause)
and measures (Activity). Follow-up is reported per activity and FollowUpRound (T1, T2, year).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samhandling.catalogue.models import Factor, Method, PriorityArea, Strategy, SubArea
from samhandling.indicators.models import Indicator
from samhandling.organisations.models import Agency, Committee, District, Neighbourhood, Unit


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    FOLLOWED_UP = "followed_up", _("Followed up")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


# Statuses in which a plan is decided by its committee and therefore public.
PUBLIC_STATUSES = (PlanStatus.APPROVED, PlanStatus.FOLLOWED_UP, PlanStatus.SUPERSEDED)


class ActionPlan(models.Model):
    """A committee's local action plan for one year, in one version."""

    strategy = models.ForeignKey(Strategy, models.PROTECT, related_name="action_plans", verbose_name=_("strategy"))
    committee = models.ForeignKey(Committee, models.PROTECT, related_name="action_plans", verbose_name=_("committee"))
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="next_version", verbose_name=_("previous version")
    )
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    decision_date = models.DateField(_("date of the committee's decision"), null=True, blank=True)
    decision_reference = models.CharField(_("reference number of the decision"), max_length=60, blank=True)
    change_note = models.TextField(_("what changed in this version"), blank=True)
    is_demo = models.BooleanField(_("fictitious demo plan"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-year", "committee__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year", "version"], name="plan_unique_version"),
            # Only one version of a committee's plan for a year may be open for editing at a time.
            models.UniqueConstraint(
                fields=["committee", "year"],
                condition=Q(status__in=["draft", "submitted"]),
                name="plan_one_open_version",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "followed_up"])
                | (Q(decision_date__isnull=False) & ~Q(decision_reference="")),
                name="plan_approved_has_decision",
            ),
        ]
        permissions = [
            ("edit_own_plans", _("Edit the action plans of one's own committee")),
            ("approve_plans", _("Approve the action plans of one's own committee")),
            ("view_all_plans", _("Read every action plan, drafts included")),
            ("edit_effects_report", _("Edit and export the effects report")),
            ("manage_followup_rounds", _("Open follow-up rounds and see who has reported")),
        ]

    def __str__(self):
        return f"{self.title} ({self.year}, v{self.version})"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT


class Place(models.Model):
    """A place (plats) in a neighbourhood: a square, park, centre or school yard that plans talk about."""

    class Kind(models.TextChoices):
        SQUARE = "square", _("Square")
        PARK = "park", _("Park or playground")
        CENTRE = "centre", _("Centre or shopping centre")
        SCHOOL_YARD = "school_yard", _("School yard")
        SPORTS = "sports", _("Sports ground")
        STATION = "station", _("Station or transport hub")
        OTHER = "other", _("Other place")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind of place"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    neighbourhood = models.ForeignKey(
        Neighbourhood, models.PROTECT, related_name="places", verbose_name=_("neighbourhood")
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["neighbourhood", "name"], name="place_unique_in_neighbourhood")]

    def __str__(self):
        return f"{self.name} ({self.neighbourhood.name})"


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
    text = models.TextField(_("description"))
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
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class Cause(models.Model):
    """A cause of a problem, linked to risk and protective factors from the catalogue."""

    problem = models.ForeignKey(Problem, models.CASCADE, related_name="causes")
    description = models.TextField(_("cause"))
    # A double-clicked "save" sends the same token twice; the unique token keeps it to one record.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    factors = models.ManyToManyField(
        Factor, blank=True, related_name="plan_causes", verbose_name=_("risk and protective factors")
    )

    class Meta:
        verbose_name = _("cause")
        verbose_name_plural = _("causes")
        ordering = ["id"]

    def __str__(self):
        return self.description[:80]


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
    description = models.TextField(_("description"), blank=True)
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


class Period(models.TextChoices):
    T1 = "t1", _("Tertial 1")
    T2 = "t2", _("Tertial 2")
    YEAR = "year", _("Full year")


class FollowUpRound(models.Model):
    """A reporting round for every plan of a year (T1, T2 or the full year), with a deadline."""

    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    deadline = models.DateField(_("deadline"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        ordering = ["-year", "period"]
        constraints = [models.UniqueConstraint(fields=["year", "period"], name="followup_round_unique")]

    def __str__(self):
        return f"{self.get_period_display()} {self.year}"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    PAUSED = "paused", _("Paused")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUp(models.Model):
    """What happened with one activity during one follow-up round."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="followups")
    round = models.ForeignKey(FollowUpRound, models.PROTECT, related_name="followups")
    status = models.CharField(_("status"), max_length=10, choices=ActivityStatus.choices)
    done = models.TextField(_("what was done"), blank=True)
    reached_girls = models.PositiveIntegerField(_("girls reached"), null=True, blank=True)
    reached_boys = models.PositiveIntegerField(_("boys reached"), null=True, blank=True)
    reached_women = models.PositiveIntegerField(_("women reached"), null=True, blank=True)
    reached_men = models.PositiveIntegerField(_("men reached"), null=True, blank=True)
    reached_unspecified = models.PositiveIntegerField(_("reached, gender not recorded"), null=True, blank=True)
    effect = models.TextField(_("effect seen"), blank=True)
    effect_basis = models.TextField(_("what the effect rests on"), blank=True)
    obstacles = models.TextField(_("obstacles"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.UniqueConstraint(fields=["activity", "round"], name="followup_unique_per_round")]

    def __str__(self):
        return f"{self.activity} – {self.round}"

    @property
    def reached_total(self) -> int:
        return sum(
            v or 0
            for v in (
                self.reached_girls,
                self.reached_boys,
                self.reached_women,
                self.reached_men,
                self.reached_unspecified,
            )
        )


class PlanReport(models.Model):
    """A plan's report for a round is submitted (the analyst sees who has reported)."""

    plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="reports")
    round = models.ForeignKey(FollowUpRound, models.PROTECT, related_name="reports")
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("submitted follow-up")
        verbose_name_plural = _("submitted follow-ups")
        constraints = [models.UniqueConstraint(fields=["plan", "round"], name="plan_report_unique")]

    def __str__(self):
        return f"{self.plan} – {self.round}"


class ReminderSent(models.Model):
    """A reminder e-mail sent for a plan that had not reported in a round."""

    plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="reminders")
    round = models.ForeignKey(FollowUpRound, models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField()
    recipients = models.JSONField(default=list)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.plan} – {self.round} {self.sent_at:%Y-%m-%d}"


class EffectsReport(models.Model):
    """The analyst's narrative sections of one year's effects report (the figures come from the data)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    sections = models.JSONField(_("narrative sections"), default=dict, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("effects report")
        verbose_name_plural = _("effects reports")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.year}"


class SurveyRound(models.Model):
    """The effects survey of a year, open to the committees with an approved plan until its deadline."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    deadline = models.DateField(_("deadline"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-year"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.year}"


class SurveyReminderSent(models.Model):
    """A reminder e-mail sent to a committee that had not answered the year's survey."""

    survey = models.ForeignKey(SurveyRound, models.CASCADE, related_name="reminders")
    committee = models.ForeignKey(Committee, models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()
    recipients = models.JSONField(default=list)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.committee} – {self.survey} {self.sent_at:%Y-%m-%d}"


class SurveyResponse(models.Model):
    """An administration's answer to the effects survey (seed 004), by priority area."""

    year = models.PositiveSmallIntegerField(_("year"))
    committee = models.ForeignKey(Committee, models.PROTECT, related_name="+", verbose_name=_("committee"))
    answers = models.JSONField(_("answers"), default=dict, blank=True)  # {"4.1": {"results": ..., ...}}
    views = models.TextField(_("the administration's views"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [models.UniqueConstraint(fields=["year", "committee"], name="survey_unique_per_committee")]

    def __str__(self):
        return f"{self.committee} {self.year}"
