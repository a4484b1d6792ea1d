"""The case, concern reports, feedback to reporters, consultations and emergency access."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models.base import Entry, User
from samhandling.cases.models.people import Person
from samhandling.cases.models.rules import DeadlineRule
from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import District, Unit


class Case(models.Model):
    """The child's case in one unit of social services (barn och ungdom)."""

    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        INVESTIGATION = "investigation", _("Investigation")
        INTERVENTION = "intervention", _("Intervention")
        CLOSED = "closed", _("Closed")

    class CloseReason(models.TextChoices):
        NO_INVESTIGATION = "no_investigation", _("No investigation was opened")
        NO_INTERVENTION = "no_intervention", _("The investigation led to no intervention")
        INTERVENTIONS_ENDED = "interventions_ended", _("The interventions have ended")
        MOVED = "moved", _("The child has moved from the district or the municipality")
        TRANSFERRED = "transferred", _("The case was transferred to another committee")
        OTHER = "other", _("Other reason (described below)")

    person = models.ForeignKey(Person, models.PROTECT, related_name="cases", verbose_name=_("child"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="cases", verbose_name=_("unit"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INTAKE)
    assigned_to = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="assigned_cases", verbose_name=_("social worker")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The last entry in the file; retention counts from here.
    last_entry_at = models.DateTimeField(_("last entry"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closed_reason = models.CharField(_("reason for closing"), max_length=30, choices=CloseReason.choices, blank=True)
    closed_note = models.CharField(_("comment on the closing"), max_length=500, blank=True)
    closed_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")
    # Optimistic concurrency for closing and reopening: a stale version is a conflict.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [
            ("work_cases", _("Work on the cases of one's unit")),
            ("view_unit_cases", _("See all cases of one's unit")),
            ("manage_unit_queue", _("Manage the unit's queue")),
            ("submit_concern_reports", _("Submit concern reports")),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="case_unit_status_idx"),
            models.Index(fields=["assigned_to", "status"], name="case_assigned_status_idx"),
        ]

    def __str__(self):
        return f"{_('Case')} {self.pk}"


class ConcernReport(models.Model):
    """An orosanmälan, registered by social services or sent in through the e-service."""

    class Channel(models.TextChoices):
        REGISTERED = "registered", _("Registered by social services")
        ESERVICE = "eservice", _("E-service")

    class ReporterKind(models.TextChoices):
        PRESCHOOL = "preschool", _("Preschool")
        SCHOOL = "school", _("School")
        LEISURE = "leisure", _("Leisure activities")
        HEALTH = "health", _("Health care")
        POLICE = "police", _("Police")
        SOCIAL_SERVICES = "social_services", _("Social services")
        PUBLIC = "public", _("Member of the public")
        OTHER = "other", _("Other")

    DUTY_TO_REPORT = frozenset({"preschool", "school", "leisure", "health", "police", "social_services"})

    class Verification(models.TextChoices):
        # Anyone can claim to be the police on the public form: what the sender claims is shown as
        # a claim until social services has confirmed who the reporter is.
        UNVERIFIED = "unverified", _("Not verified")
        SIGNED_IN = "signed_in", _("Signed in")
        REGISTERED = "registered", _("Registered by social services")
        CONFIRMED = "confirmed", _("Confirmed by social services")

    case = models.ForeignKey(Case, models.CASCADE, related_name="reports", verbose_name=_("case"))
    received_at = models.DateTimeField(_("received"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    reporter_kind = models.CharField(_("reporter"), max_length=20, choices=ReporterKind.choices)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    reporter_name = models.CharField(_("reporter's name"), max_length=150, blank=True)
    reporter_organisation = models.CharField(_("reporter's organisation"), max_length=150, blank=True)
    reporter_email = models.EmailField(_("reporter's e-mail"), blank=True)
    reporter_phone = models.CharField(_("reporter's telephone"), max_length=40, blank=True)
    description = LimitedTextField(_("what the concern is about"), max_length=20_000)
    reporter_verification = models.CharField(
        _("reporter verified"), max_length=20, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    reporter_verified_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    reporter_verified_at = models.DateTimeField(_("reporter verified at"), null=True, blank=True)
    reporter_verification_note = models.CharField(_("how the reporter was verified"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    submission_token = models.UUIDField(_("submission token"), unique=True, default=uuid.uuid4)
    receipt_sent_at = models.DateTimeField(_("receipt sent"), null=True, blank=True)
    initial_assessment_due = models.DateField(_("initial assessment due"))
    initial_rule = models.ForeignKey(DeadlineRule, models.PROTECT, related_name="+", null=True)
    reminder_sent_on = models.DateField(null=True, blank=True)
    # Skyddsbedömning: the same day under the rule in force when the report came in.
    protection_due = models.DateField(_("protection assessment due"), null=True, blank=True)
    protection_rule = models.ForeignKey(DeadlineRule, models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        verbose_name = _("concern report")
        verbose_name_plural = _("concern reports")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{_('Concern report')} {self.pk}"

    @property
    def reporter_verified(self) -> bool:
        return self.reporter_verification != self.Verification.UNVERIFIED

    @property
    def duty_to_report(self) -> bool:
        """A reporter with a duty to report, whose identity is known (a claim alone is not enough)."""
        return self.reporter_kind in self.DUTY_TO_REPORT and self.reporter_verified


class ReporterFeedback(Entry):
    """What social services told a reporter with a duty to report, and when."""

    class Outcome(models.TextChoices):
        OPENED = "opened", _("An investigation was opened")
        NOT_OPENED = "not_opened", _("No investigation was opened")
        ONGOING = "ongoing", _("An investigation is already under way")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Letter")

    report = models.ForeignKey(ConcernReport, models.CASCADE, related_name="feedback")
    outcome = models.CharField(_("what the reporter was told"), max_length=20, choices=Outcome.choices)
    told_at = models.DateTimeField(_("told at"))
    told_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    channel = models.CharField(_("sent as"), max_length=10, choices=Channel.choices, default=Channel.LETTER)
    recipient_email = models.EmailField(_("sent to"), blank=True)
    # Set by the worker when the e-mail has gone; a second run of the task sends nothing.
    email_sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback to the reporter")
        verbose_name_plural = _("feedback to reporters")
        # One report, one answer: never two conflicting messages to the same reporter.
        constraints = [models.UniqueConstraint(fields=["report"], name="reporter_feedback_one_per_report")]


class Consultation(Entry):
    """Advice asked before a report, without naming the child."""

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    asked_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("asked at"))
    question = LimitedTextField(_("question"), max_length=8_000)
    advice = LimitedTextField(_("advice"), max_length=8_000, blank=True)
    advised_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")
    advised_at = models.DateTimeField(_("advised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")


class EmergencyAccess(Entry):
    """Break the glass: time-limited read access to a case outside one's unit, with a reason."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Open")
        PENDING = "pending", _("Waiting for the unit manager's approval")
        REFUSED = "refused", _("Refused by the unit manager")

    class Outcome(models.TextChoices):
        JUSTIFIED = "justified", _("Justified")
        NOT_JUSTIFIED = "not_justified", _("Not justified")
        REFERRED = "referred", _("Referred for further action")

    case = models.ForeignKey(Case, models.CASCADE, related_name="emergency_accesses")
    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    # The user's own unit when the access was asked for (the reviewer sees both sides).
    user_unit = models.ForeignKey(Unit, models.SET_NULL, null=True, blank=True, related_name="+")
    reason_code = models.ForeignKey(
        "cases.EmergencyReason", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reason")
    )
    reason = LimitedTextField(_("reason"), max_length=2_000)
    hours = models.PositiveSmallIntegerField(_("hours"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    requested_at = models.DateTimeField(_("asked for at"), null=True, blank=True)
    granted_at = models.DateTimeField(_("opened at"))
    expires_at = models.DateTimeField(_("expires at"))
    decided_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("approved or refused at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    review_outcome = models.CharField(_("outcome of the review"), max_length=20, choices=Outcome.choices, blank=True)
    review_comment = LimitedTextField(_("the reviewer's comment"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-granted_at"]
