"""Suppliers of welfare services, the facts about them over time, checks, payments and flags.

These are organisations, not children: flags and priorities on suppliers are what the city's
controllers want. The people behind a supplier (board, signatories, owners) are personal data
all the same: only controllers read them, and every read is audited (access.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import Administration


class Service(models.TextChoices):
    HOME_CARE = "home_care", _("Home care")
    ASSISTANCE = "assistance", _("Personal assistance")
    SCHOOL = "school", _("School")
    HOUSING = "housing", _("Housing for vulnerable people")
    LABOUR = "labour", _("Labour-market programme")
    OTHER = "other", _("Other")


class FactKind(models.TextChoices):
    STATUS = "status", _("Registration and status")
    F_TAX = "f_tax", _("F-tax")
    VAT = "vat", _("VAT registration")
    EMPLOYER = "employer", _("Employer registration")
    TAX_DEBT = "tax_debt", _("Tax debt")
    ENFORCEMENT_DEBT = "enforcement_debt", _("Debt at the Enforcement Authority")
    BOARD_MEMBER = "board_member", _("Board member")
    SIGNATORY = "signatory", _("Signatory")
    AUDITOR = "auditor", _("Auditor")
    BENEFICIAL_OWNER = "beneficial_owner", _("Beneficial owner")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    ADDRESS = "address", _("Address")


# Kinds that name a person; a supplier has several at once. The others have one value at a time.
PERSON_KINDS = frozenset({FactKind.BOARD_MEMBER, FactKind.SIGNATORY, FactKind.AUDITOR, FactKind.BENEFICIAL_OWNER})
AMOUNT_KINDS = frozenset({FactKind.TAX_DEBT, FactKind.ENFORCEMENT_DEBT})


class Supplier(models.Model):
    """A company or association that delivers welfare services to the city."""

    org_number = models.CharField(_("organisation number"), max_length=10, unique=True)  # ten digits, compact
    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.formatted_org_number})"

    @property
    def formatted_org_number(self) -> str:
        return f"{self.org_number[:6]}-{self.org_number[6:]}"


class Person(models.Model):
    """A person behind one or more suppliers. Personal data: controllers only, reads audited."""

    name = models.CharField(_("name"), max_length=200)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # The name as rigour normalises it (case, accents, word order); never used alone to join people.
    name_key = models.CharField(max_length=200, db_index=True)
    # Set when a controller has confirmed that this is the same person as another record.
    same_as = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="aliases")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "birth_date"], name="welfare_person_unique_key", nulls_distinct=False
            )
        ]

    def __str__(self):
        return self.name

    @property
    def canonical_id(self) -> int:
        return self.same_as_id or self.pk


class ImportBatch(models.Model):
    """One file of facts or payments: checked as a whole, saved as a whole or not at all."""

    class Kind(models.TextChoices):
        FACTS = "facts", _("Supplier facts (CSV, Excel or JSON)")
        FTM = "ftm", _("Supplier facts (FollowTheMoney JSON)")
        PAYMENTS = "payments", _("Payments from the finance system (CSV or Excel)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        VALIDATING = "validating", _("Checking the rows")
        SAVING = "saving", _("Saving")
        DONE = "done", _("Imported")
        REJECTED = "rejected", _("Rejected: nothing saved")
        FAILED = "failed", _("Failed: nothing saved")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    content = models.BinaryField(null=True, blank=True)  # emptied once the import has run
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REJECTED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.total_rows:
            return 0
        done = min(self.processed_rows / self.total_rows, 1)
        return int(50 * done) + (50 if self.status == self.Status.SAVING else 0)


class Fact(models.Model):
    """What a source said about a supplier from a date: one value, or one person in a role."""

    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="facts")
    kind = models.CharField(_("fact"), max_length=20, choices=FactKind.choices)
    value = models.CharField(pgettext_lazy("fact", "value"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    person = models.ForeignKey(Person, models.PROTECT, null=True, blank=True, related_name="facts")
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=100)
    batch = models.ForeignKey(ImportBatch, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        ordering = ["supplier", "kind", "valid_from"]
        constraints = [
            # The same statement imported twice is one fact (idempotent imports).
            models.UniqueConstraint(
                fields=["supplier", "kind", "value", "person", "valid_from"],
                name="welfare_fact_unique_statement",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person or self.value}"


class FactChange(models.Model):
    """A change of a fact, with its date: a new value, a person added or a person gone."""

    class Change(models.TextChoices):
        NEW_VALUE = "new_value", _("Changed")
        ADDED = "added", _("Added")
        ENDED = "ended", _("Ended")

    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="changes")
    kind = models.CharField(_("fact"), max_length=20, choices=FactKind.choices)
    change = models.CharField(pgettext_lazy("noun", "change"), max_length=10, choices=Change.choices)
    changed_on = models.DateField(_("date"))
    old_value = models.CharField(_("before"), max_length=300, blank=True)
    new_value = models.CharField(_("after"), max_length=300, blank=True)
    person = models.ForeignKey(Person, models.PROTECT, null=True, blank=True, related_name="+")
    source = models.CharField(_("source"), max_length=100)

    class Meta:
        ordering = ["-changed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "kind", "change", "changed_on", "new_value", "person"],
                name="welfare_change_unique",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_change_display()} {self.changed_on}"


class PersonMatch(models.Model):
    """Two person records that may be the same person: a suggestion until a controller decides."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        CONFIRMED = "confirmed", _("Same person")
        REJECTED = "rejected", _("Not the same person")

    first = models.ForeignKey(Person, models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=4, decimal_places=3)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="welfare_person_match_unique")]

    def __str__(self):
        return f"{self.first} ~ {self.second} ({self.score})"


class Contract(models.Model):
    """A contract with a supplier for a service, and the procurement staff named for it."""

    reference = models.CharField(_("contract"), max_length=50, unique=True)
    supplier = models.ForeignKey(Supplier, models.PROTECT, related_name="contracts")
    administration = models.ForeignKey(Administration, models.PROTECT, null=True, blank=True, related_name="+")
    service = models.CharField(_("service"), max_length=20, choices=Service.choices, default=Service.OTHER)
    starts_on = models.DateField(_("starts"))
    monthly_volume = models.DecimalField(
        _("agreed volume per month"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    procurement_staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="welfare_contracts")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("contract")
        ordering = ["reference"]

    def __str__(self):
        return self.reference


class Payment(models.Model):
    """One payment from the city's finance system."""

    reference = models.CharField(_("voucher"), max_length=40, unique=True)  # the finance system's id
    supplier = models.ForeignKey(Supplier, models.PROTECT, related_name="payments")
    contract = models.ForeignKey(Contract, models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid"))
    account = models.CharField(_("account paid to"), max_length=20)
    cost_centre = models.CharField(_("cost centre"), max_length=20, blank=True)
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    volume = models.DecimalField(_("volume (hours or places)"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-paid_on"]
        indexes = [models.Index(fields=["supplier", "paid_on"])]

    def __str__(self):
        return self.reference


class CheckCriterion(models.Model):
    """One item of the city's integrity checklist, held as data with its source and date."""

    class Answered(models.TextChoices):
        REGISTERED = "registered", _("From the registration status")
        F_TAX = "f_tax", _("From F-tax")
        TAX_DEBT = "tax_debt", _("From tax debts and the threshold")
        ENFORCEMENT = "enforcement", _("From debts at the Enforcement Authority")
        OWNER_KNOWN = "owner_known", _("From the beneficial owner")
        EARLIER_FINDINGS = "earlier_findings", _("From the city's earlier findings about the people")
        CONTROLLER = "controller", _("By the controller")

    code = models.SlugField(_("code"), max_length=40)
    text = models.CharField(_("criterion"), max_length=300)
    answered = models.CharField(_("answered"), max_length=20, choices=Answered.choices)
    threshold = models.DecimalField(_("threshold"), max_digits=14, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="welfare_criterion_unique")]

    def __str__(self):
        return self.text


class IntegrityCheck(models.Model):
    """A check of a supplier for one procurement or contract (seriositetskontroll)."""

    class Result(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CONDITIONS = "conditions", _("Approved with conditions")
        REFUSED = "refused", _("Refused")

    supplier = models.ForeignKey(Supplier, models.PROTECT, related_name="checks")
    contract = models.ForeignKey(Contract, models.PROTECT, null=True, blank=True, related_name="checks")
    procurement = models.CharField(_("procurement or milestone"), max_length=200)
    administration = models.ForeignKey(Administration, models.PROTECT, null=True, blank=True, related_name="+")
    previous = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="rechecks")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    reasons = LimitedTextField(_("reasons"), max_length=4000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One open check per supplier and procurement: a double click or parallel posts make one.
            models.UniqueConstraint(
                fields=["supplier", "procurement"], condition=models.Q(result=""), name="welfare_one_open_check"
            )
        ]

    def __str__(self):
        return f"{self.supplier}: {self.procurement}"


class CheckItem(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Fulfilled")
        NO = "no", _("Not fulfilled")
        UNKNOWN = "unknown", _("Not answered")

    check_run = models.ForeignKey(IntegrityCheck, models.CASCADE, related_name="items")
    criterion = models.ForeignKey(CheckCriterion, models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    automatic = models.BooleanField(default=False)
    explanation = models.CharField(_("explanation"), max_length=500, blank=True)

    class Meta:
        ordering = ["criterion__order"]
        constraints = [models.UniqueConstraint(fields=["check_run", "criterion"], name="welfare_item_unique")]

    def __str__(self):
        return f"{self.criterion}: {self.get_answer_display()}"


class FlagRule(models.Model):
    """A rule that raises a flag for a controller: held as data, with a reason a person can read."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    reason = models.CharField(_("why it matters"), max_length=500)
    threshold = models.DecimalField(_("threshold"), max_digits=14, decimal_places=2)
    window_days = models.PositiveIntegerField(_("window (days)"), default=90)
    priority = models.PositiveSmallIntegerField(_("priority"), default=2)  # 1 high, 2 normal, 3 low
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["code", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="welfare_rule_unique")]

    def __str__(self):
        return self.name


class Flag(models.Model):
    """A rule's finding about a supplier, and the controller's decision about it."""

    class Decision(models.TextChoices):
        NO_ACTION = "no_action", _("No action")
        ASK = "ask", _("Ask the supplier")
        AUDIT = "audit", _("Audit")
        STOP = "stop", _("Stop payments")
        TERMINATE = "terminate", _("Terminate the contract")
        POLICE = "police", _("Report to the police")

    rule = models.ForeignKey(FlagRule, models.PROTECT, related_name="flags")
    supplier = models.ForeignKey(Supplier, models.PROTECT, related_name="flags")
    key = models.CharField(max_length=100)  # what makes the finding the same one on the next run
    explanation = models.CharField(_("explanation"), max_length=1000)
    evidence = models.JSONField(default=dict)
    found_on = models.DateField(_("found on"))
    raised_at = models.DateTimeField(auto_now_add=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=2)  # 1 high, 2 normal, 3 low
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    reasons = LimitedTextField(_("reasons"), max_length=4000, blank=True)
    police_report_date = models.DateField(_("date of the police report"), null=True, blank=True)
    police_reference = models.CharField(_("police reference"), max_length=50, blank=True)
    amount_stopped = models.DecimalField(_("amount stopped"), max_digits=14, decimal_places=2, null=True, blank=True)
    amount_recovered = models.DecimalField(
        _("amount recovered"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["priority", "-raised_at"]
        constraints = [models.UniqueConstraint(fields=["rule", "supplier", "key"], name="welfare_flag_unique")]

    def __str__(self):
        return f"{self.rule}: {self.supplier}"


class RuleRun(models.Model):
    """One run of the flag rules over a year in the worker; its status follows the task's."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    year = models.PositiveSmallIntegerField(_("year"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    new_flags = models.JSONField(default=dict, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rule run")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.year}: {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def new_flag_total(self) -> int:
        return sum(self.new_flags.values())
