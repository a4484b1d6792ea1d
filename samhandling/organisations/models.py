from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samhandling.organisations.roles import Role


class District(models.Model):
    """One of the 13 stadsdelsområden, served by one district committee."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    geometry = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Neighbourhood(models.Model):
    """One of the 117 stadsdelar."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    district = models.ForeignKey(District, models.PROTECT, related_name="neighbourhoods", verbose_name=_("district"))
    geometry = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Committee(models.Model):
    """A nämnd: one of the 13 district committees or a specialist committee."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District committee")
        SPECIALIST = "specialist", _("Specialist committee")

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    district = models.OneToOneField(
        District,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="committee",
        verbose_name=_("district"),
    )

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="district", district__isnull=False) | Q(kind="specialist", district__isnull=True),
                name="committee_district_iff_district_kind",
            )
        ]

    def __str__(self):
        return self.name


class Administration(models.Model):
    """The förvaltning that serves a committee."""

    committee = models.OneToOneField(Committee, models.PROTECT, related_name="administration")
    name = models.CharField(_("name"), max_length=150, unique=True)

    class Meta:
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """An enhet inside an administration (barn och ungdom, fältgruppen, ...)."""

    class Kind(models.TextChoices):
        CHILD_AND_YOUTH = "child_youth", _("Child and youth (social services)")
        FIELD = "field", _("Field workers")
        PREVENTION = "prevention", _("Crime prevention and safety")
        SCHOOL = "school", _("School")
        LEISURE = "leisure", _("Leisure")
        ANALYSIS = "analysis", _("Analysis and planning")
        MANAGEMENT = "management", _("Management and staff")
        OTHER = "other", _("Other")

    administration = models.ForeignKey(Administration, models.PROTECT, related_name="units")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # Where the unit works: its administration's district, or, for a specialist administration's
    # unit such as a school, the district it is located in (None for city-wide units).
    district = models.ForeignKey(
        District,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("district"),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["administration__name", "name"]
        constraints = [models.UniqueConstraint(fields=["administration", "name"], name="unit_unique_name")]

    def __str__(self):
        return f"{self.name}, {self.administration.name}"


class Agency(models.Model):
    """An organisation outside the city's administrations: police, region, schools run by others..."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        REGION = "region", _("Region")
        PRISON_PROBATION = "prison_probation", _("Prison and Probation Service")
        SIS = "sis", _("National Board of Institutional Care")
        SCHOOL = "school", _("Independent school")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    org_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    district = models.ForeignKey(
        District,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("district"),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PoliceArea(models.Model):
    """A lokalpolisområde (LPO), e.g. Globen or Skärholmen."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    districts = models.ManyToManyField(District, related_name="police_areas", verbose_name=_("districts"))

    class Meta:
        verbose_name = _("local police area")
        verbose_name_plural = _("local police areas")
        ordering = ["name"]

    def __str__(self):
        return f"LPO {self.name}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, at: datetime | None = None) -> "MembershipQuerySet":
        # Validity dates are Stockholm dates: a membership ends at local midnight, not at UTC midnight.
        today = timezone.localdate(at) if at else timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_to__isnull=True) | Q(valid_to__gte=today),
            is_active=True,
        )


class Membership(models.Model):
    """A user's role in a unit of the city or in an external agency (optionally a police area)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="memberships")
    agency = models.ForeignKey(Agency, models.PROTECT, null=True, blank=True, related_name="memberships")
    police_area = models.ForeignKey(PoliceArea, models.PROTECT, null=True, blank=True, related_name="memberships")
    is_active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, agency__isnull=True) | Q(unit__isnull=True, agency__isnull=False),
                name="membership_unit_xor_agency",
            ),
            models.CheckConstraint(
                condition=Q(police_area__isnull=True) | Q(agency__isnull=False),
                name="membership_police_area_needs_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(unit__isnull=False),
                name="membership_unique_in_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=Q(agency__isnull=False),
                name="membership_unique_in_agency",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organisation_name}"

    @property
    def organisation_name(self) -> str:
        if self.unit_id:
            return str(self.unit)
        if self.police_area_id:
            return f"{self.agency.name}, {self.police_area}"
        return self.agency.name
