"""The defector process (avhopparverksamhet): an expression of interest, the 24-hour clock, first contact,
the police's threat assessment and who is responsible.

A defector's identity and whereabouts are the most protected data in the system: the Person is
marked with protected identity when the interest is registered, and nothing here is shown outside
the team that holds the case (see access.py and docs/access-model.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samhandling.cases.models import Person
from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import District, Unit


class FirstContactRule(models.Model):
    """How soon the city must contact someone who wants to leave crime, valid from a date, with its source."""

    valid_from = models.DateField(_("valid from"), unique=True)
    hours = models.PositiveSmallIntegerField(_("first contact within (hours)"))
    first_reminder_hours = models.PositiveSmallIntegerField(_("first reminder after (hours)"))
    second_reminder_hours = models.PositiveSmallIntegerField(_("second reminder after (hours)"))
    source = models.CharField(_("source"), max_length=250)
    note = LimitedTextField(_("note"), max_length=2_000, blank=True)

    class Meta:
        verbose_name = _("first-contact rule")
        verbose_name_plural = _("first-contact rules")
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_reminder_hours__lt=models.F("second_reminder_hours"))
                & Q(second_reminder_hours__lt=models.F("hours")),
                name="first_contact_rule_reminders_in_order",
            )
        ]

    def __str__(self):
        return f"{self.hours} h {self.valid_from}: {self.source}"


class DefectorTeam(models.Model):
    """A team that holds defector cases: the city's central defector unit or a district's SIG."""

    unit = models.OneToOneField(Unit, models.PROTECT, related_name="defector_team", verbose_name=_("unit"))
    central = models.BooleanField(_("central defector unit (on call)"), default=False)
    # The district a SIG team works in; None for the central unit.
    district = models.OneToOneField(
        District, models.PROTECT, null=True, blank=True, related_name="defector_team", verbose_name=_("district")
    )
    shared_email = models.EmailField(_("the team's shared address"))

    class Meta:
        verbose_name = _("defector team")
        verbose_name_plural = _("defector teams")
        constraints = [
            models.UniqueConstraint(fields=["central"], condition=Q(central=True), name="one_central_defector_team"),
            models.CheckConstraint(
                condition=Q(central=True, district__isnull=True) | Q(central=False, district__isnull=False),
                name="defector_team_central_or_district",
            ),
        ]

    def __str__(self):
        return self.unit.name


class DefectorCase(models.Model):
    """One expression of interest in leaving crime, and the case that follows from it."""

    class Channel(models.TextChoices):
        SOCIAL_SERVICES = "social_services", _("Social services")
        FIELD_WORKERS = "field_workers", _("Field workers")
        POLICE = "police", _("Police")
        PRISON_PROBATION = "prison_probation", _("Prison and Probation Service")
        SELF_PHONE = "self_phone", _("The person themselves, by phone")
        RELATIVE = "relative", _("A relative")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        AWAITING_CONTACT = "awaiting_contact", _("Awaiting first contact")
        OPEN = "open", pgettext_lazy("case status", "Open")
        CLOSED = "closed", _("Closed")

    class CloseReason(models.TextChoices):
        INDEPENDENT = "independent", _("Lives independently and safely")
        DECLINED = "declined", _("The person declined further support")
        NO_CONTACT = "no_contact", _("Contact lost")
        MOVED = "moved", _("Moved; support taken over elsewhere")
        OTHER = "other", _("Other reason")

    class Responsibility(models.TextChoices):
        CENTRAL = "central", _("Central defector unit")
        DISTRICT = "district", _("The district (SIG)")

    person = models.ForeignKey(Person, models.PROTECT, related_name="defector_cases", verbose_name=_("person"))
    district = models.ForeignKey(District, models.PROTECT, related_name="+", verbose_name=_("district concerned"))
    team = models.ForeignKey(DefectorTeam, models.PROTECT, related_name="cases", verbose_name=_("holding team"))
    responsibility = models.CharField(
        _("responsibility"), max_length=20, choices=Responsibility.choices, default=Responsibility.CENTRAL
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_CONTACT)
    channel = models.CharField(_("received through"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    note = LimitedTextField(_("what was said"), max_length=2_000, blank=True)
    rule = models.ForeignKey(FirstContactRule, models.PROTECT, related_name="+")
    first_contact_due = models.DateTimeField(_("first contact due"))
    first_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    second_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closed_reason = models.CharField(_("why the contact ended"), max_length=20, choices=CloseReason.choices, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("defector case")
        verbose_name_plural = _("defector cases")
        permissions = [
            ("work_defector_cases", _("Work on the defector cases of one's team")),
            ("register_defector_interest", _("Register an expression of interest in leaving crime")),
        ]
        indexes = [models.Index(fields=["team", "status", "first_contact_due"], name="defector_queue_idx")]

    def __str__(self):
        # Never the name: __str__ ends up in logs and error pages.
        return self.reference

    @property
    def reference(self) -> str:
        return f"AVH-{self.pk}"


class FirstContact(models.Model):
    """The city's first contact with the person: when, how, by whom, and why they want out, in their words."""

    class Method(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video")
        OTHER = "other", _("Other")

    case = models.OneToOneField(DefectorCase, models.PROTECT, related_name="first_contact")
    contacted_at = models.DateTimeField(_("contacted"))
    method = models.CharField(_("how"), max_length=20, choices=Method.choices)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("contacted by")
    )
    motivation = LimitedTextField(_("motivation in the person's own words"), max_length=4_000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("first contact")
        verbose_name_plural = _("first contacts")

    def __str__(self):
        return f"{self.case} {self.contacted_at:%Y-%m-%d %H:%M}"


class ThreatAssessment(models.Model):
    """The police's threat assessment as received. Samhandling records it; it never computes a level."""

    case = models.ForeignKey(DefectorCase, models.PROTECT, related_name="threat_assessments")
    received_on = models.DateField(_("received"))
    police_unit = models.CharField(_("police unit"), max_length=150)
    level = models.CharField(_("threat level as the police gave it"), max_length=100)
    bops_takes_part = models.BooleanField(_("BOPS takes part"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("threat assessment")
        verbose_name_plural = _("threat assessments")
        ordering = ["received_on", "id"]

    def __str__(self):
        return f"{self.case} {self.received_on}"


class Handover(models.Model):
    """Responsibility moving between the central unit and a district's SIG: both sides acknowledge.

    Until both have acknowledged, the case stays with the sending team and the receiving team sees
    it too, so that no case falls between them.
    """

    case = models.ForeignKey(DefectorCase, models.PROTECT, related_name="handovers")
    from_team = models.ForeignKey(DefectorTeam, models.PROTECT, related_name="+", verbose_name=_("from"))
    to_team = models.ForeignKey(DefectorTeam, models.PROTECT, related_name="incoming_handovers", verbose_name=_("to"))
    responsibility = models.CharField(_("responsibility"), max_length=20, choices=DefectorCase.Responsibility.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    from_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_acknowledged_at = models.DateTimeField(null=True, blank=True)
    to_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_acknowledged_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(completed_at__isnull=True), name="one_open_handover_per_case"
            )
        ]

    def __str__(self):
        return f"{self.case} {self.from_team_id}->{self.to_team_id}"


class SupportItem(models.Model):
    """One part of the support package: what, who provides it, when, when it is followed up, the person's goals."""

    class Kind(models.TextChoices):
        HOUSING_ELSEWHERE = "housing_elsewhere", _("Housing in another municipality")
        HOUSING_SUPPORT = "housing_support", _("Housing support")
        FINANCIAL = "financial", _("Financial assistance")
        ADDICTION = "addiction", _("Addiction treatment")
        WORK_STUDIES = "work_studies", _("Work and studies (Jobbtorg Stockholm)")
        DEBT_ADVICE = "debt_advice", _("Budget and debt advice")
        OTHER = "other", _("Other support")

    case = models.ForeignKey(DefectorCase, models.PROTECT, related_name="support_items")
    kind = models.CharField(_("support"), max_length=30, choices=Kind.choices)
    provider = models.CharField(_("provider"), max_length=200)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow-up"), null=True, blank=True)
    goals = LimitedTextField(_("the person's own goals"), max_length=2_000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support item")
        verbose_name_plural = _("support items")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="support_item_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.case} {self.kind}"


class NeedsInvestigationRule(models.Model):
    """How long the investigation of needs under the Social Services Act may take, and when follow-ups are
    reminded of, valid from a date, with its source (as the first-contact rule)."""

    valid_from = models.DateField(_("valid from"), unique=True)
    days = models.PositiveSmallIntegerField(_("investigation completed within (days)"))
    follow_up_notice_days = models.PositiveSmallIntegerField(_("remind of a follow-up this many days before"))
    source = models.CharField(_("source"), max_length=250)
    note = LimitedTextField(_("note"), max_length=2_000, blank=True)

    class Meta:
        verbose_name = _("needs-investigation rule")
        verbose_name_plural = _("needs-investigation rules")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.days} d {self.valid_from}: {self.source}"


class NeedsInvestigation(models.Model):
    """The investigation of needs under the Social Services Act (SoL): opened, due by the rule, the person's own
    views in their own words, the needs found and the decision."""

    class Decision(models.TextChoices):
        SUPPORT = "support", _("Support granted")
        NO_SUPPORT = "no_support", _("No need of support found")
        DECLINED = "declined", _("The person declined support")

    case = models.OneToOneField(DefectorCase, models.PROTECT, related_name="needs_investigation")
    opened_on = models.DateField(_("opened"))
    due_on = models.DateField(_("to be completed by"))
    rule = models.ForeignKey(NeedsInvestigationRule, models.PROTECT, related_name="+")
    own_views = LimitedTextField(_("the person's own views, in their words"), max_length=4_000, blank=True)
    needs_found = LimitedTextField(_("needs found"), max_length=4_000, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("investigation of needs")
        verbose_name_plural = _("investigations of needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="", decided_on__isnull=True) | (~Q(decision="") & Q(decided_on__isnull=False)),
                name="needs_investigation_decision_with_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.opened_on}"


class FollowUp(models.Model):
    """A scheduled follow-up of the case: due on a date, done (with the outcome) or overdue; reminded once."""

    case = models.ForeignKey(DefectorCase, models.PROTECT, related_name="follow_ups")
    due_on = models.DateField(_("follow-up on"))
    purpose = models.CharField(_("what is followed up"), max_length=200)
    done_on = models.DateField(_("done"), null=True, blank=True)
    outcome = LimitedTextField(_("outcome"), max_length=2_000, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="defector_follow_up_due_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.due_on}"


class Relocation(models.Model):
    """A move to another municipality: the case is handed to the receiving municipality's social services
    and ends as moved. What was disclosed, to whom and on which ground (the young person's consent or a
    recorded legal basis from collaboration) is kept here; never the new address, only the municipality,
    which is shown on the case page to the holding team and nowhere else."""

    case = models.OneToOneField(DefectorCase, models.PROTECT, related_name="relocation")
    moved_on = models.DateField(_("moved on"))
    municipality = models.CharField(_("receiving municipality"), max_length=100)
    recipient = models.CharField(_("the receiving municipality's contact"), max_length=200)
    legal_basis = models.ForeignKey(
        "collaboration.LegalBasis", models.PROTECT, related_name="+", verbose_name=_("ground for the disclosure")
    )
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_method = models.CharField(_("how the consent was given"), max_length=12, blank=True)
    conditions_confirmed = models.BooleanField(_("the conditions of the legal basis are confirmed"), default=False)
    info_kinds = models.JSONField(_("kinds of information disclosed"), default=list)
    disclosed = LimitedTextField(_("what was disclosed"), max_length=8_000)
    own_view = LimitedTextField(_("the young person's view of the move, in their words"), max_length=4_000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("move to another municipality")
        verbose_name_plural = _("moves to another municipality")

    def __str__(self) -> str:
        # Never the municipality: __str__ ends up in logs.
        return f"{self.case} {self.moved_on}"
