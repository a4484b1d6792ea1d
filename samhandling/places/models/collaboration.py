"""Place-based collaboration (platssamverkan): the group, the situation picture, the action plan, meetings, walks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import District
from samhandling.places.models.common import Tracked, no_personal_data, point_fields
from samhandling.plans.models import Place


class Collaboration(Tracked):
    """A collaboration group around one place, until it judges the situation picture improved."""

    class Kind(models.TextChoices):
        FULL = "full", _("Place-based collaboration")
        LIGHT = "light", _("Light collaboration (less structure)")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed: the picture has improved")

    class Basis(models.TextChoices):
        OBSERVATIONS = "observations", _("Observations at the place")
        SURVEY = "survey", _("The safety survey")
        INCIDENTS = "incidents", _("Incidents over time")
        MEETINGS = "meetings", _("The group's follow-up meetings")

    place = models.ForeignKey(Place, models.PROTECT, related_name="collaborations", verbose_name=_("place"))
    # The district owns the collaboration (taken from the place when it starts) and decides who edits it.
    district = models.ForeignKey(District, models.PROTECT, related_name="place_collaborations")
    title = models.CharField(_("title"), max_length=150, validators=[no_personal_data])
    kind = models.CharField(_("kind of collaboration"), max_length=10, choices=Kind.choices, default=Kind.FULL)
    aim = LimitedTextField(_("why the group meets"), max_length=2000, validators=[no_personal_data])
    started_on = models.DateField(_("started"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closing_judgement = LimitedTextField(
        _("the group's judgement"), max_length=4000, blank=True, validators=[no_personal_data]
    )
    closing_basis = models.JSONField(_("what the judgement rests on"), default=list, blank=True)
    # Indicators of the district or neighbourhood that belong to the situation picture.
    indicators = models.ManyToManyField(
        "indicators.Indicator", blank=True, related_name="+", verbose_name=_("linked indicators")
    )

    class Meta:
        verbose_name = _("place-based collaboration")
        verbose_name_plural = _("place-based collaborations")
        ordering = ["-started_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active") | (Q(closed_on__isnull=False) & ~Q(closing_judgement="")),
                name="collaboration_closed_has_judgement",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Member(models.Model):
    """An organisation in the group; a partner with an account (user) sees the collaboration and contributes."""

    class OrgKind(models.TextChoices):
        DISTRICT = "district", _("The district administration")
        POLICE = "police", _("The police (local police area)")
        TRANSPORT = "transport", _("The transport committee (trafikkontoret)")
        HOUSING = "housing", _("Housing company")
        OWNER = "owner", _("Property or centre owner")
        BUSINESS = "business", _("Business")
        SCHOOL = "school", _("School")
        ASSOCIATION = "association", _("Association (for example night walkers)")
        OTHER = "other", _("Other")

    collaboration = models.ForeignKey(Collaboration, models.CASCADE, related_name="members")
    organisation = models.CharField(_("organisation"), max_length=150, validators=[no_personal_data])
    org_kind = models.CharField(_("kind of organisation"), max_length=12, choices=OrgKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="place_collaborations",
        verbose_name=_("contact with an account"),
    )
    joined_on = models.DateField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("member of the collaboration")
        verbose_name_plural = _("members of the collaboration")
        ordering = ["organisation"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "organisation"], name="member_unique_organisation"),
            models.UniqueConstraint(
                fields=["collaboration", "user"], condition=Q(user__isnull=False), name="member_unique_user"
            ),
        ]

    def __str__(self):
        return self.organisation


class Observation(Tracked):
    """Something seen or reported at a place, with date and source: the place's situation picture."""

    class Source(models.TextChoices):
        OWN = "own", _("Own observation (district staff)")
        POLICE = "police", _("The police")
        FIELD = "field", _("Field workers")
        OWNERS = "owners", _("Property owners and businesses")
        RESIDENTS = "residents", _("Residents")
        SURVEY = "survey", _("The safety survey")
        WALK = "walk", _("Safety walk")
        EVENT = "event", _("Serious violent event")
        OTHER = "other", _("Other")

    place = models.ForeignKey(Place, models.PROTECT, related_name="observations", verbose_name=_("place"))
    collaboration = models.ForeignKey(Collaboration, models.CASCADE, null=True, blank=True, related_name="observations")
    observed_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    text = LimitedTextField(_("what was observed"), max_length=2000, validators=[no_personal_data])
    event = models.OneToOneField(
        "places.CrisisEvent", models.CASCADE, null=True, blank=True, related_name="observation"
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["-observed_on", "-id"]

    def __str__(self):
        return f"{self.observed_on} {self.get_source_display()}"


class Measure(Tracked):
    """One measure of the collaboration's action plan: what, who, when, status."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("Contact paths to the district and the police, ways to report")
        INFORMATION = "information", _("Shared information and communication")
        MAPPING = "mapping", _("Deeper situation picture and mapping")
        POLICE = "police", _("The police prioritise the place and are present more")
        GUARDS = "guards", _("Mobile security guards prioritise the place")
        FIELD = "field", _("Field workers prioritise the place")
        SOCIAL = "social", _("Individual and group support from social services")
        SCHOOL = "school", _("Work together with the school")
        OUTREACH = "outreach", _("The outreach team visits the place")
        PERIMETER = "perimeter", _("Centre and property owners review perimeter protection")
        PHYSICAL = "physical", _("Physical changes: lighting, sight lines, traffic barriers")
        FUNDS = "funds", _("Application for safety funds")
        ACTIVATION = "activation", _("Activating the place with businesses, owners and associations")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    collaboration = models.ForeignKey(Collaboration, models.CASCADE, related_name="measures")
    kind = models.CharField(_("kind of measure"), max_length=12, choices=Kind.choices)
    description = LimitedTextField(_("description"), max_length=1000, validators=[no_personal_data])
    responsible = models.CharField(_("who"), max_length=150, validators=[no_personal_data])
    due_on = models.DateField(_("when"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    finding = models.ForeignKey("places.WalkFinding", models.SET_NULL, null=True, blank=True, related_name="measures")

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.description[:80]


class Meeting(Tracked):
    """A meeting of the group that follows up the action plan."""

    collaboration = models.ForeignKey(Collaboration, models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date of the meeting"))
    present = models.CharField(_("organisations present"), max_length=500, validators=[no_personal_data])
    notes = LimitedTextField(_("follow-up and decisions"), max_length=4000, validators=[no_personal_data])
    picture = models.CharField(
        _("the situation picture now"),
        max_length=10,
        choices=[("worse", _("Worse")), ("same", _("Unchanged")), ("better", _("Better"))],
        default="same",
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["held_on", "id"]


class SafetyWalk(Tracked):
    """A safety walk (trygghetsvandring): its route on the map, who walked, and what was found."""

    collaboration = models.ForeignKey(Collaboration, models.CASCADE, related_name="walks")
    walked_on = models.DateField(_("date of the walk"))
    walkers = models.CharField(_("who walked (organisations)"), max_length=500, validators=[no_personal_data])
    # A GeoJSON LineString (lon, lat), drawn on the map.
    route = models.JSONField(_("route"), null=True, blank=True)

    class Meta:
        verbose_name = _("safety walk")
        verbose_name_plural = _("safety walks")
        ordering = ["-walked_on", "-id"]


class WalkFinding(Tracked):
    """One finding on a walk, perhaps with a photo; it may become a measure."""

    walk = models.ForeignKey(SafetyWalk, models.CASCADE, related_name="findings")
    text = LimitedTextField(_("finding"), max_length=1000, validators=[no_personal_data])
    latitude, longitude = point_fields()
    # Re-encoded JPEG without metadata; the location is kept (above) only when the walker asked for it.
    photo = models.BinaryField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(_("what the photo shows"), max_length=200, blank=True, validators=[no_personal_data])

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["id"]
