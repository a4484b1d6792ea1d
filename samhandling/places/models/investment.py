"""Safety investments (trygghetsinvesteringar) and the safety fund (trygghetsfonden)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import District
from samhandling.places.models.collaboration import Collaboration
from samhandling.places.models.common import Tracked, money_field, no_personal_data, point_fields
from samhandling.plans.models import Place


class Investment(Tracked):
    """A physical safety investment of a district in one year, where on the map, what it cost and what came of it."""

    class Kind(models.TextChoices):
        LIGHTING = "lighting", _("Lighting")
        PATH = "path", _("Lit path or walkway")
        SIGHT = "sight", _("Sight lines and vegetation")
        GYM = "gym", _("Outdoor gym or activity area")
        GRASS = "grass", _("Tall grass or changed maintenance")
        CLEANING = "cleaning", _("Cleaning and repairs")
        TUNNEL = "tunnel", _("Safe pedestrian or bicycle tunnel")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    district = models.ForeignKey(District, models.PROTECT, related_name="safety_investments")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of investment"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("what"), max_length=200, validators=[no_personal_data])
    place = models.ForeignKey(Place, models.PROTECT, null=True, blank=True, related_name="investments")
    collaboration = models.ForeignKey(Collaboration, models.SET_NULL, null=True, blank=True, related_name="investments")
    latitude, longitude = point_fields()
    cost_estimate = money_field(_("cost estimate (kr)"), null=True, blank=True)
    cost_outcome = money_field(_("actual cost (kr)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    outcome = LimitedTextField(_("outcome"), max_length=2000, blank=True, validators=[no_personal_data])

    class Meta:
        verbose_name = _("safety investment")
        verbose_name_plural = _("safety investments")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(cost_estimate__gte=0), name="investment_estimate_not_negative"),
            models.CheckConstraint(condition=Q(cost_outcome__gte=0), name="investment_outcome_not_negative"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"


class FundCall(Tracked):
    """A call of the safety fund: its budget and period."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    budget = money_field(_("budget (kr)"))
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    source = models.CharField(_("decision behind the fund"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("safety fund call")
        verbose_name_plural = _("safety fund calls")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="fundcall_budget_not_negative"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="fundcall_period_order"),
        ]

    def __str__(self):
        return self.name


class FundApplication(Tracked):
    """An application to the safety fund from a district (or one of the city's companies), through to its report."""

    class Kind(models.TextChoices):
        LIGHTING = "lighting", _("Better lighting at unsafe places")
        BARRIERS = "barriers", _("Traffic barriers against attacks")
        SOCIAL = "social", _("Social prevention")
        CAMERA = "camera", _("Camera surveillance and sound alarms")
        TUNNEL = "tunnel", _("Safe pedestrian and bicycle tunnels")
        OTHER = "other", _("Other safety investment")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")
        REPORTED = "reported", _("Reported")

    call = models.ForeignKey(FundCall, models.PROTECT, related_name="applications", verbose_name=_("call"))
    district = models.ForeignKey(District, models.PROTECT, related_name="fund_applications")
    applicant = models.CharField(
        _("applicant"), max_length=150, help_text=_("The district administration or the city's company that applies.")
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_personal_data])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    purpose = LimitedTextField(_("purpose"), max_length=3000, validators=[no_personal_data])
    measures = LimitedTextField(_("measures"), max_length=3000, validators=[no_personal_data])
    place = models.ForeignKey(
        Place, models.PROTECT, null=True, blank=True, related_name="fund_applications", verbose_name=_("place")
    )
    collaboration = models.ForeignKey(
        Collaboration,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="fund_applications",
        verbose_name=_("collaboration that asked for it"),
    )
    amount = money_field(_("amount applied for (kr)"))
    co_financing = money_field(_("co-financing (kr)"), default=0)
    camera_permit = models.CharField(
        _("camera surveillance permit (reference)"),
        max_length=100,
        blank=True,
        help_text=_("Camera surveillance of a public place needs a permit; write its reference number."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The review and the decision
    assessment = LimitedTextField(_("assessment against the criteria"), max_length=4000, blank=True)
    granted_amount = money_field(_("granted amount (kr)"), null=True, blank=True)
    conditions = LimitedTextField(_("conditions"), max_length=2000, blank=True)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    # Payment and the report of what was done
    paid_amount = money_field(_("paid amount (kr)"), null=True, blank=True)
    paid_on = models.DateField(_("paid"), null=True, blank=True)
    report = LimitedTextField(_("report of what was done"), max_length=4000, blank=True, validators=[no_personal_data])
    reported_on = models.DateField(_("reported"), null=True, blank=True)

    class Meta:
        verbose_name = _("safety fund application")
        verbose_name_plural = _("safety fund applications")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fundapp_amount_positive"),
            models.CheckConstraint(condition=Q(co_financing__gte=0), name="fundapp_cofinancing_not_negative"),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(granted_amount__lte=models.F("amount")),
                name="fundapp_granted_at_most_applied",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["granted", "paid", "reported"]) | Q(granted_amount__gt=0),
                name="fundapp_granted_has_amount",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT
