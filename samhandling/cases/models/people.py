"""People: children, young people and guardians, and authorisations to see a protected identity."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models.base import Entry, User
from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import District


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
    # Optimistic concurrency for the person page: a save with an older version is a conflict.
    version = models.PositiveIntegerField(default=1)

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


class ProtectedIdentityGrant(Entry):
    """An explicit authorisation to see a protected person's name and address."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="identity_grants")
    # The case in which the grant was given; a grant without one (older grants) covers every case.
    case = models.ForeignKey("cases.Case", models.CASCADE, null=True, blank=True, related_name="identity_grants")
    user = models.ForeignKey(User, models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    reason = LimitedTextField(_("reason"), max_length=2_000)
    valid_to = models.DateField(_("valid to"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("authorisation for protected identity")
        verbose_name_plural = _("authorisations for protected identity")


class GuardianRegistration(Entry):
    """Which case registered a guardian of a child: the guardian is seen through that case only.

    `Person.guardians` holds the fact (a is the guardian of b) once for the whole city; this row
    says which case relies on it, so a district sees the guardians its own cases registered and
    never those another district registered about the same child.
    """

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="guardian_registrations")
    guardian = models.ForeignKey(Person, models.CASCADE, related_name="guardian_registrations")
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("guardian registration")
        verbose_name_plural = _("guardian registrations")
        constraints = [models.UniqueConstraint(fields=["case", "guardian"], name="guardian_registration_unique")]


class PersonChange(Entry):
    """A change of a person's shared details, kept so that every other unit relying on them sees it."""

    class Kind(models.TextChoices):
        DETAILS = "details", _("Details changed")
        PROTECTION_SET = "protection_set", _("Protected identity set")
        PROTECTION_CLEARED = "protection_cleared", _("Protected identity cleared")

    person = models.ForeignKey(Person, models.CASCADE, related_name="changes")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DETAILS)
    # The case and unit through which the change was made (never shown to other units by name).
    case = models.ForeignKey("cases.Case", models.SET_NULL, null=True, blank=True, related_name="+")
    unit = models.ForeignKey("organisations.Unit", models.PROTECT, null=True, blank=True, related_name="+")
    changed_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    changed_at = models.DateTimeField(_("changed at"))
    # Names of the fields changed, never their values.
    fields = models.JSONField(_("fields"), default=list, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("change of a person's details")
        verbose_name_plural = _("changes of persons' details")
        ordering = ["-changed_at"]
        indexes = [models.Index(fields=["person", "changed_at"], name="person_change_time_idx")]
        # Permissions held through roles (organisations.roles), listed here so they are documented.
        permissions = [
            ("mark_protected_identity", _("Set and clear protected identity")),
            ("full_register_extract", _("Make a register extract of every case about a person")),
        ]
