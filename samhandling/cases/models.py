"""The child's case: people, concern reports, statutory steps, assessments and decisions.

Deadlines and retention are data (DeadlineRule, RetentionRule) with their legal reference and
the date from which they apply, because the Social Services Act changed on 1 July 2025 and
further changes are proposed. Nothing here scores, ranks or predicts anything about a child.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samhandling.catalogue.models import Factor, Method
from samhandling.organisations.models import District, Unit

User = settings.AUTH_USER_MODEL


class Entry(models.Model):
    """Base of the case records: shown by kind and id only, never by content."""

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class Person(models.Model):
    """A child, young person, young adult or guardian."""

    personal_number = models.CharField(
        _("personal or coordination number"), max_length=12, unique=True, null=True, blank=True
    )
    # A reserve identity (reservnummer) when the number is not known.
    reserve_number = models.CharField(_("reserve identity"), max_length=20, unique=True, null=True, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    protected_identity = models.BooleanField(_("protected identity"), default=False)
    district = models.ForeignKey(
        District, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("responsible district")
    )
    guardians = models.ManyToManyField(
        "self", symmetrical=False, related_name="wards", blank=True, verbose_name=_("guardians")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=Q(personal_number__isnull=False) | Q(reserve_number__isnull=False),
                name="person_has_an_identity",
            )
        ]

    def __str__(self):
        # Never the name: __str__ ends up in logs, admin lists and error pages.
        return f"{_('Person')} {self.pk}"

    @property
    def identity(self) -> str:
        if self.personal_number:
            return f"{self.personal_number[:8]}-{self.personal_number[8:]}"
        return self.reserve_number or ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Case(models.Model):
    """The child's case in one unit of social services (barn och ungdom)."""

    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        INVESTIGATION = "investigation", _("Investigation")
        INTERVENTION = "intervention", _("Intervention")
        CLOSED = "closed", _("Closed")

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


class DeadlineRule(models.Model):
    """A statutory time limit, valid from a date; the rule in force on the date that counts applies."""

    class Kind(models.TextChoices):
        PROTECTION = "protection", _("Protection assessment")
        INITIAL = "initial", _("Initial assessment")
        INVESTIGATION = "investigation", _("Investigation")

    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    valid_from = models.DateField(_("valid from"))
    days = models.PositiveSmallIntegerField(_("days"), default=0)
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    legal_reference = models.CharField(_("legal reference"), max_length=250)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["kind", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["kind", "valid_from"], name="deadline_rule_unique_start")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.valid_from}: {self.legal_reference}"


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

    case = models.ForeignKey(Case, models.CASCADE, related_name="reports", verbose_name=_("case"))
    received_at = models.DateTimeField(_("received"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    reporter_kind = models.CharField(_("reporter"), max_length=20, choices=ReporterKind.choices)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    reporter_name = models.CharField(_("reporter's name"), max_length=150, blank=True)
    reporter_organisation = models.CharField(_("reporter's organisation"), max_length=150, blank=True)
    reporter_email = models.EmailField(_("reporter's e-mail"), blank=True)
    reporter_phone = models.CharField(_("reporter's telephone"), max_length=40, blank=True)
    description = models.TextField(_("what the concern is about"))
    submitted_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    submission_token = models.UUIDField(_("submission token"), unique=True, default=uuid.uuid4)
    receipt_sent_at = models.DateTimeField(_("receipt sent"), null=True, blank=True)
    initial_assessment_due = models.DateField(_("initial assessment due"))
    initial_rule = models.ForeignKey(DeadlineRule, models.PROTECT, related_name="+", null=True)
    reminder_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("concern report")
        verbose_name_plural = _("concern reports")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{_('Concern report')} {self.pk}"

    @property
    def duty_to_report(self) -> bool:
        return self.reporter_kind in self.DUTY_TO_REPORT


class ProtectionAssessment(Entry):
    """Skyddsbedömning: does the child need immediate protection? Made the same day."""

    report = models.OneToOneField(ConcernReport, models.CASCADE, related_name="protection_assessment")
    assessed_at = models.DateTimeField(_("assessed at"))
    assessed_by = models.ForeignKey(User, models.PROTECT, related_name="+", verbose_name=_("assessed by"))
    immediate_protection_needed = models.BooleanField(_("the child needs immediate protection"))
    notes = models.TextField(_("grounds"))

    class Meta:
        verbose_name = _("protection assessment")
        verbose_name_plural = _("protection assessments")


class InitialAssessment(Entry):
    """Förhandsbedömning: open an investigation, not open one, or join an ongoing one."""

    class Decision(models.TextChoices):
        OPEN = "open", _("Open an investigation")
        NOT_OPEN = "not_open", _("Do not open an investigation")
        JOIN = "join", _("Join the ongoing investigation")

    report = models.OneToOneField(ConcernReport, models.CASCADE, related_name="initial_assessment")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    reasons = models.TextField(_("reasons"), blank=True)
    exceptional_reasons = models.TextField(_("exceptional reasons for the longer time"), blank=True)

    class Meta:
        verbose_name = _("initial assessment")
        verbose_name_plural = _("initial assessments")


class Investigation(models.Model):
    """Utredning; completed within the statutory time unless extended by a recorded decision."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="investigations")
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    due_on = models.DateField(_("due"))
    rule = models.ForeignKey(DeadlineRule, models.PROTECT, related_name="+", null=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    reminder_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")
        indexes = [models.Index(fields=["due_on"], name="investigation_due_idx")]

    def __str__(self):
        return f"{_('Investigation')} {self.pk}"


class InvestigationExtension(Entry):
    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="extensions")
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    new_due_on = models.DateField(_("new deadline"))
    reasons = models.TextField(_("reasons"))

    class Meta:
        verbose_name = _("extension of an investigation")
        verbose_name_plural = _("extensions of investigations")


class ChildViews(Entry):
    """Barnets röst and the guardians' views, recorded before a decision."""

    class Whose(models.TextChoices):
        CHILD = "child", _("The child")
        GUARDIAN = "guardian", _("Guardian")

    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="views")
    whose = models.CharField(_("whose views"), max_length=10, choices=Whose.choices)
    recorded_on = models.DateField(_("date"))
    how = models.CharField(_("how the views were obtained"), max_length=200)
    views = models.TextField(_("views"))
    recorded_by = models.ForeignKey(User, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("views")
        verbose_name_plural = _("views")


class FactorAssessment(Entry):
    """Structured professional judgement of one catalogue factor. No score is ever computed."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        UNKNOWN = "unknown", _("Unknown")

    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="factor_assessments")
    factor = models.ForeignKey(Factor, models.PROTECT, related_name="+", verbose_name=_("factor"))
    status = models.CharField(_("assessment"), max_length=10, choices=Status.choices)
    source = models.CharField(_("source"), max_length=200)
    assessed_on = models.DateField(_("date"))
    assessed_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("factor assessment")
        verbose_name_plural = _("factor assessments")
        constraints = [
            models.UniqueConstraint(fields=["investigation", "factor"], name="factor_assessment_unique_factor")
        ]


class InstrumentUse(Entry):
    """Use of a licensed instrument (SAVRY, EARL, ADAD): only the professional's overall judgement."""

    class Judgement(models.TextChoices):
        LOW = "low", _("Low")
        MODERATE = "moderate", _("Moderate")
        HIGH = "high", _("High")

    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="instrument_uses")
    method = models.ForeignKey(
        Method,
        models.PROTECT,
        related_name="+",
        limit_choices_to={"licensed_instrument": True},
        verbose_name=_("instrument"),
    )
    used_on = models.DateField(_("date"))
    assessor = models.ForeignKey(User, models.PROTECT, related_name="+", verbose_name=_("assessor"))
    overall_judgement = models.CharField(
        _("professional's overall judgement"), max_length=10, choices=Judgement.choices
    )

    class Meta:
        verbose_name = _("instrument use")
        verbose_name_plural = _("instrument uses")


class InterventionDecision(Entry):
    """A decision on an intervention from the method catalogue."""

    class Basis(models.TextChoices):
        CONSENT = "consent", _("Consent")
        LVU22 = "lvu22", _("22 § LVU")

    case = models.ForeignKey(Case, models.CASCADE, related_name="interventions")
    method = models.ForeignKey(Method, models.PROTECT, related_name="+", verbose_name=_("method"))
    provider = models.CharField(_("provider"), max_length=200)
    basis = models.CharField(_("legal basis"), max_length=10, choices=Basis.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow-up"))

    class Meta:
        verbose_name = _("intervention decision")
        verbose_name_plural = _("intervention decisions")


class InterventionFollowUp(Entry):
    intervention = models.ForeignKey(InterventionDecision, models.CASCADE, related_name="follow_ups")
    followed_up_on = models.DateField(_("date"))
    notes = models.TextField(_("what the follow-up showed"))
    recorded_by = models.ForeignKey(User, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("follow-up of an intervention")
        verbose_name_plural = _("follow-ups of interventions")


class PoliceRequest(Entry):
    """A request to the police to investigate under 31 § LUL, and the answer."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="police_requests")
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    request = models.TextField(_("request"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("request under 31 § LUL")
        verbose_name_plural = _("requests under 31 § LUL")


class ReporterFeedback(Entry):
    """What social services told a reporter with a duty to report, and when."""

    class Outcome(models.TextChoices):
        OPENED = "opened", _("An investigation was opened")
        NOT_OPENED = "not_opened", _("No investigation was opened")
        ONGOING = "ongoing", _("An investigation is already under way")

    report = models.ForeignKey(ConcernReport, models.CASCADE, related_name="feedback")
    outcome = models.CharField(_("what the reporter was told"), max_length=20, choices=Outcome.choices)
    told_at = models.DateTimeField(_("told at"))
    told_by = models.ForeignKey(User, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("feedback to the reporter")
        verbose_name_plural = _("feedback to reporters")


class Consultation(Entry):
    """Advice asked before a report, without naming the child."""

    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district"))
    asked_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("asked at"))
    question = models.TextField(_("question"))
    advice = models.TextField(_("advice"), blank=True)
    advised_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")
    advised_at = models.DateTimeField(_("advised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")


class ProtectedIdentityGrant(Entry):
    """An explicit authorisation to see a protected person's name and address."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="identity_grants")
    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    valid_to = models.DateField(_("valid to"))

    class Meta:
        verbose_name = _("authorisation for protected identity")
        verbose_name_plural = _("authorisations for protected identity")


class EmergencyAccess(Entry):
    """Break the glass: time-limited read access to a case outside one's unit, with a reason."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="emergency_accesses")
    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("opened at"))
    expires_at = models.DateTimeField(_("expires at"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-granted_at"]


class RetentionRule(models.Model):
    """Gallring: how long a record class is kept, and why."""

    class RecordClass(models.TextChoices):
        CASE_FILE = "case_file", _("Personal file with an investigation or intervention")
        REPORT_ONLY = "report_only", _("Concern report that did not lead to an investigation")

    record_class = models.CharField(_("record class"), max_length=20, choices=RecordClass.choices)
    valid_from = models.DateField(_("valid from"))
    years_after_last_entry = models.PositiveSmallIntegerField(_("years after the last entry"))
    # Exception of the former act: files of people born on these days of the month are kept.
    keep_birth_days = models.JSONField(_("keep files of people born on these days"), default=list, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=250)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.UniqueConstraint(fields=["record_class", "valid_from"], name="retention_rule_unique_start")
        ]

    def __str__(self):
        return f"{self.get_record_class_display()}: {self.legal_reference}"
