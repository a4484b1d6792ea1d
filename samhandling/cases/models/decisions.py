"""Decisions on interventions, their follow-up, and requests to the police under 31 § LUL."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models.base import Entry, User
from samhandling.cases.models.intake import Case
from samhandling.catalogue.models import Method
from samhandling.core.fields import LimitedTextField


class InterventionDecision(Entry):
    """A decision on an intervention from the method catalogue."""

    class Basis(models.TextChoices):
        CONSENT = "consent", _("Consent")
        LVU22 = "lvu22", _("22 § LVU")

    class Outcome(models.TextChoices):
        GOALS_MET = "goals_met", _("The goals were met")
        PARTLY_MET = "partly_met", _("The goals were partly met")
        NOT_MET = "not_met", _("The goals were not met")
        DECLINED = "declined", _("Ended at the request of the child or the guardians")
        ENDED_OTHER = "ended_other", _("Ended for another reason")

    case = models.ForeignKey(Case, models.CASCADE, related_name="interventions")
    method = models.ForeignKey(Method, models.PROTECT, related_name="+", verbose_name=_("method"))
    provider = models.CharField(_("provider"), max_length=200)
    basis = models.CharField(_("legal basis"), max_length=10, choices=Basis.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow-up"))
    closed_on = models.DateField(_("ended on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(_("what the intervention led to"), max_length=1000, blank=True)
    closed_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("intervention decision")
        verbose_name_plural = _("intervention decisions")


class InterventionFollowUp(Entry):
    intervention = models.ForeignKey(InterventionDecision, models.CASCADE, related_name="follow_ups")
    followed_up_on = models.DateField(_("date"))
    notes = LimitedTextField(_("what the follow-up showed"), max_length=10_000)
    recorded_by = models.ForeignKey(User, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("follow-up of an intervention")
        verbose_name_plural = _("follow-ups of interventions")


class PoliceRequest(Entry):
    """A request to the police to investigate under 31 § LUL, and the answer."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="police_requests")
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    request = LimitedTextField(_("request"), max_length=8_000)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = LimitedTextField(_("answer"), max_length=8_000, blank=True)
    # Optimistic concurrency: two people answering the same request get a conflict, not an overwrite.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("request under 31 § LUL")
        verbose_name_plural = _("requests under 31 § LUL")
