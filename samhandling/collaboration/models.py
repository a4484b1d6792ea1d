"""Forums around one young person (SSPF, SIG, Trefas, SIP, BUS), consent, legal bases and disclosures.

The rules of each forum kind and the legal bases for sharing are data with a valid-from date and
a source, because the law and the city's guidelines change. Every time information about a young
person goes to another agency a Disclosure row says what went, to whom, when, by whom and on which
ground. Nothing here scores, ranks or predicts anything about a young person.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import Agency, PoliceArea, Unit

User = settings.AUTH_USER_MODEL


class ForumKind(models.TextChoices):
    SSPF = "sspf", _("SSPF (school, social services, police, leisure)")
    SIG = "sig", _("SIG (social intervention group)")
    TREFAS = "trefas", _("Trefas (the city, the police and the Prison and Probation Service)")
    SIP = "sip", _("SIP (coordinated individual plan)")
    BUS = "bus", _("BUS (the city and the region)")


class Party(models.TextChoices):
    """The kind of organisation a forum member comes from; consent scopes are written in these."""

    SOCIAL_SERVICES = "social_services", _("Social services")
    SCHOOL = "school", _("School")
    POLICE = "police", _("Police")
    LEISURE = "leisure", _("Leisure")
    REGION = "region", _("The region (health care)")
    PRISON_PROBATION = "prison_probation", _("Prison and Probation Service")
    JOBBTORG = "jobbtorg", _("Jobbtorg Stockholm")
    CIVIL_SOCIETY = "civil_society", _("Association")
    OTHER = "other", _("Other")


class InfoKind(models.TextChoices):
    """Kinds of information a consent may cover and a disclosure may hold."""

    IDENTITY = "identity", _("Name and contact with the forum")
    SITUATION = "situation", _("The young person's situation (mapping)")
    PLAN = "plan", _("The shared plan")
    MEETING = "meeting", _("Meeting notes")
    SCHOOL = "school", _("School attendance and results")
    HEALTH = "health", _("Health")
    CRIME = "crime", _("Suspected crime and risk of crime")


class ForumRule(models.Model):
    """What one forum kind needs, from a date: who takes part, what it needs to start, how often it meets."""

    kind = models.CharField(_("forum kind"), max_length=10, choices=ForumKind.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(_("youngest age"))
    max_age = models.PositiveSmallIntegerField(_("oldest age"))
    parties = models.JSONField(_("parties that may take part"), default=list)
    consent_required = models.BooleanField(_("starts only with consent"), default=True)
    # May the forum start on a recorded legal basis instead of consent (Trefas)?
    legal_basis_allowed = models.BooleanField(_("may start on a legal basis"), default=False)
    young_person_consents_from_age = models.PositiveSmallIntegerField(_("the young person consents from age"))
    young_person_alone_from_age = models.PositiveSmallIntegerField(_("the young person alone consents from age"))
    meeting_interval_days = models.PositiveSmallIntegerField(_("meets at least every (days)"))
    source = models.CharField(_("source"), max_length=300)
    note = LimitedTextField(_("note"), blank=True, max_length=2000)
    needs_legal_review = models.BooleanField(_("to be reviewed by the city's lawyers"), default=True)
    # Days before a consent's end at which the coordinator is told by e-mail (once per consent and day).
    consent_notice_days = models.JSONField(_("warn the coordinator this many days before a consent ends"), default=list)

    class Meta:
        verbose_name = _("forum rule")
        verbose_name_plural = _("forum rules")
        ordering = ["kind", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["kind", "valid_from"], name="forumrule_kind_from_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.valid_from}"


class LegalBasis(models.Model):
    """A ground for disclosing information about a young person: an act and section, in force between dates."""

    code = models.SlugField(_("code"), max_length=40)
    act = models.CharField(_("act"), max_length=150)
    section = models.CharField(_("section"), max_length=60)
    title = models.CharField(_("what it allows"), max_length=300)
    # Conditions the professional confirms, one by one, before using the basis.
    conditions = models.JSONField(_("conditions to confirm"), default=list)
    # Forum kinds and recipient parties where it may be used (empty list: any).
    forum_kinds = models.JSONField(_("forum kinds"), default=list, blank=True)
    recipient_parties = models.JSONField(_("recipients"), default=list, blank=True)
    is_consent = models.BooleanField(_("the ground is the person's consent"), default=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    needs_legal_review = models.BooleanField(_("to be reviewed by the city's lawyers"), default=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["act", "section"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="legalbasis_code_from_unique")]

    def __str__(self):
        return f"{self.section} {self.act}"


class Forum(models.Model):
    """One forum case: a young person, a kind, a lead unit and coordinator, members, meetings and a plan."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing (waiting for consent or a legal basis)")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    class EndReason(models.TextChoices):
        GOAL_MET = "goal_met", _("The goal was met")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent was withdrawn")
        MOVED = "moved", _("The young person moved")
        NOT_NEEDED = "not_needed", _("No longer needed")

    class Ground(models.TextChoices):
        CONSENT = "consent", _("Consent")
        LEGAL_BASIS = "legal_basis", _("Legal basis")

    kind = models.CharField(_("forum kind"), max_length=10, choices=ForumKind.choices)
    rule = models.ForeignKey(ForumRule, models.PROTECT, related_name="+")
    person = models.ForeignKey("cases.Person", models.PROTECT, related_name="forums", verbose_name=_("young person"))
    case = models.ForeignKey("cases.Case", models.PROTECT, null=True, blank=True, related_name="forums")
    lead_unit = models.ForeignKey(Unit, models.PROTECT, related_name="led_forums", verbose_name=_("lead unit"))
    coordinator = models.ForeignKey(User, models.PROTECT, related_name="coordinated_forums")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PREPARING)
    ground = models.CharField(_("ground for sharing"), max_length=12, choices=Ground.choices, blank=True)
    legal_basis = models.ForeignKey(LegalBasis, models.PROTECT, null=True, blank=True, related_name="+")
    requested_by = models.CharField(_("who asked for it"), max_length=200, blank=True)
    goals = LimitedTextField(_("goals in the young person's own words"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=20, choices=EndReason.choices, blank=True)
    creation_token = models.UUIDField(unique=True, default=uuid.uuid4)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("forum case")
        verbose_name_plural = _("forum cases")
        permissions = [
            ("lead_forums", _("Start and lead forum cases")),
            ("view_disclosure_register", _("See the disclosure register")),
        ]
        indexes = [models.Index(fields=["lead_unit", "status"], name="forum_unit_status_idx")]

    def __str__(self):
        return f"{_('Forum case')} {self.pk}"


class ForumMember(models.Model):
    """A unit of the city or an agency taking part in a forum case (optionally a named person)."""

    forum = models.ForeignKey(Forum, models.CASCADE, related_name="members")
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+")
    agency = models.ForeignKey(Agency, models.PROTECT, null=True, blank=True, related_name="+")
    police_area = models.ForeignKey(PoliceArea, models.PROTECT, null=True, blank=True, related_name="+")
    contact = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.CharField(_("why the member was removed"), max_length=300, blank=True)
    # Until when the consents in force cover this member's party (None: not covered). Recomputed
    # whenever a consent is recorded or withdrawn, so that a withdrawal closes the door at once.
    covered_until = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, agency__isnull=True) | Q(unit__isnull=True, agency__isnull=False),
                name="forummember_unit_xor_agency",
            ),
            models.UniqueConstraint(
                fields=["forum", "unit"], condition=Q(unit__isnull=False), name="forummember_unit_unique"
            ),
            models.UniqueConstraint(
                fields=["forum", "agency", "police_area"],
                condition=Q(agency__isnull=False),
                name="forummember_agency_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return str(self.unit or self.agency) + (f", {self.police_area}" if self.police_area_id else "")


class Consent(models.Model):
    """A consent from the young person or a guardian: scope, end date and withdrawal."""

    class Method(models.TextChoices):
        SCANNED = "scanned", _("Written form (scanned)")
        IN_PERSON = "in_person", _("Signed in person")
        EID = "eid", _("E-identification")

    class Giver(models.TextChoices):
        YOUNG_PERSON = "young_person", _("The young person")
        GUARDIAN = "guardian", _("Guardian")

    forum = models.ForeignKey(Forum, models.CASCADE, related_name="consents")
    given_by = models.ForeignKey("cases.Person", models.PROTECT, related_name="+")
    giver = models.CharField(_("given by"), max_length=15, choices=Giver.choices)
    given_on = models.DateField(_("given on"))
    method = models.CharField(_("how"), max_length=12, choices=Method.choices)
    parties = models.JSONField(_("to which parties"), default=list)
    info_kinds = models.JSONField(_("which information"), default=list)
    valid_to = models.DateField(_("valid to"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_note = models.CharField(_("how it was withdrawn"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    creation_token = models.UUIDField(unique=True, default=uuid.uuid4)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["given_on", "id"]

    def __str__(self):
        return f"{_('Consent')} {self.pk}"


class ConsentExpiryNotice(models.Model):
    """That the coordinator was told a consent ends soon, at one threshold: each is sent once."""

    consent = models.ForeignKey(Consent, models.CASCADE, related_name="expiry_notices")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consent", "days_before"], name="consentnotice_consent_days_unique")
        ]

    def __str__(self):
        return f"{self.consent_id}/{self.days_before}"


class Meeting(models.Model):
    """A network meeting: attendance, the young person's and guardians' views, decisions."""

    forum = models.ForeignKey(Forum, models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("time"))
    attendees = models.ManyToManyField(ForumMember, blank=True, related_name="+", verbose_name=_("who took part"))
    young_person_present = models.BooleanField(_("the young person took part"), default=False)
    guardians_present = models.BooleanField(_("guardians took part"), default=False)
    young_person_views = LimitedTextField(_("the young person's own views"), max_length=4000, blank=True)
    guardian_views = LimitedTextField(_("the guardians' views"), max_length=4000, blank=True)
    decisions = LimitedTextField(_("decisions"), max_length=4000, blank=True)
    held = models.BooleanField(_("held"), default=False)
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    creation_token = models.UUIDField(unique=True, default=uuid.uuid4)
    version = models.PositiveIntegerField(default=1)
    # The page (editor token) whose autosaved drafts made every save since the last real save: that
    # page's own "Save" may then pass over the versions its drafts made, and no one else's.
    draft_editor = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["forum", "starts_at"], name="meeting_forum_time_idx")]

    def __str__(self):
        return f"{_('Meeting')} {self.pk}"


class Action(models.Model):
    """One action in the shared plan: who does what by when, and follow-up."""

    forum = models.ForeignKey(Forum, models.CASCADE, related_name="actions")
    what = models.CharField(_("what"), max_length=500)
    owner = models.ForeignKey(ForumMember, models.PROTECT, related_name="+", verbose_name=_("who"))
    due_on = models.DateField(_("by when"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=1000, blank=True)
    reminder_sent_on = models.DateField(null=True, blank=True)
    creation_token = models.UUIDField(unique=True, default=uuid.uuid4)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["forum", "due_on"], name="action_forum_due_idx")]

    def __str__(self):
        return f"{_('Action')} {self.pk}"


class Disclosure(models.Model):
    """One disclosure (utlämnande): what went to which member, when, by whom, on which ground."""

    class What(models.TextChoices):
        MEETING = "meeting", _("A meeting")
        PLAN = "plan", _("The shared plan")
        NOTE = "note", _("A note")
        EXPORT = "export", _("An export")

    forum = models.ForeignKey(Forum, models.PROTECT, related_name="disclosures")
    person = models.ForeignKey("cases.Person", models.PROTECT, related_name="+")
    recipient = models.ForeignKey(ForumMember, models.PROTECT, related_name="disclosures")
    recipient_party = models.CharField(_("recipient's party"), max_length=20, choices=Party.choices)
    what = models.CharField(_("what"), max_length=10, choices=What.choices)
    info_kind = models.CharField(_("kind of information"), max_length=12, choices=InfoKind.choices)
    # What exactly went: the recipient sees this text and nothing else.
    content = LimitedTextField(_("what was shared"), max_length=8000)
    legal_basis = models.ForeignKey(LegalBasis, models.PROTECT, related_name="disclosures")
    consents = models.ManyToManyField(Consent, blank=True, related_name="disclosures")
    disclosed_at = models.DateTimeField(_("when"))
    disclosed_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    batch_token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-disclosed_at", "-id"]
        constraints = [
            # One request (one token) gives at most one disclosure per recipient: a double click shares once.
            models.UniqueConstraint(fields=["batch_token", "recipient"], name="disclosure_token_recipient_unique")
        ]
        indexes = [
            models.Index(fields=["disclosed_at"], name="disclosure_time_idx"),
            models.Index(fields=["recipient_party", "disclosed_at"], name="disclosure_party_time_idx"),
            models.Index(fields=["person"], name="disclosure_person_idx"),
        ]

    def __str__(self):
        return f"{_('Disclosure')} {self.pk}"
