"""What happened to a plan on its way to a decision: the frozen situation picture and the workflow notices."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.core.fields import LimitedTextField
from samhandling.plans.models.plan import ActionPlan


class FrozenSituation(models.Model):
    """The situation picture's indicator figures as they were when the committee approved the plan.

    `data` holds, per section and indicator, the periods, the values (as strings), the period range
    and the source date; the approved plan's page and documents show these, never later imports.
    """

    plan = models.OneToOneField(ActionPlan, models.CASCADE, related_name="frozen_situation")
    taken_at = models.DateTimeField(_("frozen at"))
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("frozen situation picture")
        verbose_name_plural = _("frozen situation pictures")

    def __str__(self):
        return f"{self.plan} ({self.taken_at:%Y-%m-%d})"


class PlanNotice(models.Model):
    """A step of the workflow (submitted, sent back, approved) with its comment, and the e-mail it sends once."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for approval")
        RETURNED = "returned", _("Sent back to the planner")
        APPROVED = "approved", _("Approved")

    plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="notices")
    kind = models.CharField(_("what happened"), max_length=10, choices=Kind.choices)
    comment = LimitedTextField(_("comment"), max_length=2_000, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    # Set in the same transaction as the e-mail is sent, under a row lock: the worker sends it once.
    mail_sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("workflow notice")
        verbose_name_plural = _("workflow notices")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.plan}: {self.get_kind_display()}"
