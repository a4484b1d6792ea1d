"""The action plan itself, in versions, and the places that plans talk about."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samhandling.catalogue.models import Strategy
from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import Committee, Neighbourhood


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
    summary = LimitedTextField(_("summary"), max_length=4_000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    decision_date = models.DateField(_("date of the committee's decision"), null=True, blank=True)
    decision_reference = models.CharField(_("reference number of the decision"), max_length=60, blank=True)
    change_note = LimitedTextField(_("what changed in this version"), max_length=2_000, blank=True)
    is_demo = models.BooleanField(_("fictitious demo plan"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic concurrency: a save based on an older edit_version is a conflict, never an overwrite.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

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
        TUNNEL = "tunnel", _("Pedestrian or bicycle tunnel")
        OTHER = "other", _("Other place")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind of place"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    neighbourhood = models.ForeignKey(
        Neighbourhood, models.PROTECT, related_name="places", verbose_name=_("neighbourhood")
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    # Where the place is: a point (WGS84); an area, when drawn, as a GeoJSON Polygon. Edited in the places app.
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=6, null=True, blank=True)
    area = models.JSONField(_("area (GeoJSON polygon)"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["neighbourhood", "name"], name="place_unique_in_neighbourhood")]

    def __str__(self):
        return f"{self.name} ({self.neighbourhood.name})"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
