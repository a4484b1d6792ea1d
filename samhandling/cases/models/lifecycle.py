"""The life of a case: closing and reopening, and the alerts that make deadlines hold."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samhandling.cases.models.base import Entry, User
from samhandling.cases.models.intake import Case
from samhandling.cases.models.rules import DeadlineRule


class CaseStatusEvent(Entry):
    """One closing or reopening of a case: when it took effect, why, and who recorded it."""

    class Action(models.TextChoices):
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")

    case = models.ForeignKey(Case, models.CASCADE, related_name="status_events")
    action = models.CharField(pgettext_lazy("case status event", "action"), max_length=10, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=30, blank=True)
    note = models.CharField(_("comment"), max_length=500, blank=True)
    effective_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("closing or reopening")
        verbose_name_plural = _("closings and reopenings")
        ordering = ["recorded_at", "id"]


class CaseAlert(models.Model):
    """A deadline that needs a manager's eye: a reminder for an unassigned case, or an overdue step.

    One alert per kind, step and record (unique), so a task that runs twice raises it once;
    `mailed_at` is set only when the e-mail went, so a failed send is retried on the next run.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder: nobody is assigned")
        ESCALATION = "escalation", _("Overdue: escalated to the manager")

    case = models.ForeignKey(Case, models.CASCADE, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    step = models.CharField(_("step"), max_length=20, choices=DeadlineRule.Kind.choices)
    # The report (protection, initial) or investigation the deadline belongs to.
    object_id = models.PositiveBigIntegerField()
    due_on = models.DateField(_("due"))
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)
    mailed_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("deadline alert")
        verbose_name_plural = _("deadline alerts")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "step", "object_id"], name="case_alert_once_per_step"),
        ]
        indexes = [models.Index(fields=["handled_at", "case"], name="case_alert_open_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"
