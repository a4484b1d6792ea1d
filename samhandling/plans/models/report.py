"""The city-wide effects report: the analyst's text and the survey of the administrations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import Committee


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
    views = LimitedTextField(_("the administration's views"), max_length=8_000, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [models.UniqueConstraint(fields=["year", "committee"], name="survey_unique_per_committee")]

    def __str__(self):
        return f"{self.committee} {self.year}"
