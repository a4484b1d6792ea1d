"""Follow-up per activity and round (T1, T2, full year), who has reported and the reminders sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.core.fields import LimitedTextField
from samhandling.plans.models.activity import Activity
from samhandling.plans.models.plan import ActionPlan


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
    done = LimitedTextField(_("what was done"), max_length=4_000, blank=True)
    reached_girls = models.PositiveIntegerField(_("girls reached"), null=True, blank=True)
    reached_boys = models.PositiveIntegerField(_("boys reached"), null=True, blank=True)
    reached_women = models.PositiveIntegerField(_("women reached"), null=True, blank=True)
    reached_men = models.PositiveIntegerField(_("men reached"), null=True, blank=True)
    reached_unspecified = models.PositiveIntegerField(_("reached, gender not recorded"), null=True, blank=True)
    effect = LimitedTextField(_("effect seen"), max_length=4_000, blank=True)
    effect_basis = LimitedTextField(_("what the effect rests on"), max_length=4_000, blank=True)
    obstacles = LimitedTextField(_("obstacles"), max_length=4_000, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: a save based on an older edit_version is a conflict, never an overwrite.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

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
