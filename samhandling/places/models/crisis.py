"""Crisis support after a serious violent event (krisstöd): the event, the alert and the log of actions.

No names of victims, witnesses or suspects are kept: the free text is checked (no_personal_data).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import District, PoliceArea
from samhandling.places.models.common import Tracked, no_personal_data, point_fields
from samhandling.plans.models import Place


class AlertList(models.Model):
    """Who the district's crisis-support on-call alert goes to: functional mailboxes, one per line."""

    district = models.OneToOneField(District, models.CASCADE, related_name="crisis_alert_list")
    addresses = LimitedTextField(_("e-mail addresses, one per line"), max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("crisis-support alert list")
        verbose_name_plural = _("crisis-support alert lists")

    def __str__(self):
        return str(self.district)

    def address_list(self) -> list[str]:
        return [line.strip() for line in self.addresses.splitlines() if line.strip()]


class CrisisEvent(Tracked):
    """A shooting, an explosion or other serious violence, and the crisis support that follows."""

    class Kind(models.TextChoices):
        SHOOTING = "shooting", _("Shooting")
        EXPLOSION = "explosion", _("Explosion")
        VIOLENCE = "violence", _("Other serious violence")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind of event"), max_length=10, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("when it happened"))
    district = models.ForeignKey(District, models.PROTECT, related_name="crisis_events", verbose_name=_("district"))
    police_area = models.ForeignKey(
        PoliceArea,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="crisis_events",
        verbose_name=_("local police area"),
    )
    place = models.ForeignKey(
        Place, models.PROTECT, null=True, blank=True, related_name="crisis_events", verbose_name=_("place")
    )
    location = models.CharField(_("where (street or area)"), max_length=200, validators=[no_personal_data])
    latitude, longitude = point_fields()
    known = LimitedTextField(
        _("what is known"),
        max_length=2000,
        validators=[no_personal_data],
        help_text=_("No names of victims, witnesses or suspects."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    alert_queued_at = models.DateTimeField(null=True, blank=True)
    alert_sent_at = models.DateTimeField(null=True, blank=True)
    alert_error = models.CharField(max_length=300, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("serious violent event")
        verbose_name_plural = _("serious violent events")
        ordering = ["-occurred_at"]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.location}"


class CrisisAction(Tracked):
    """One entry in the event's log, in the acute phase or the weeks after."""

    class Phase(models.TextChoices):
        ACUTE = "acute", _("Acute phase")
        AFTER = "after", _("The weeks after")

    class Kind(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        RESIDENTS = "residents", _("Support to residents")
        WITNESSES = "witnesses", _("Support to witnesses")
        EVACUATION = "evacuation", _("Evacuation with the housing company")
        SCHOOLS = "schools", _("Information to schools and parents")
        FOLLOW_UP = "follow_up", _("Follow-up meeting")
        OTHER = "other", _("Other")

    class Who(models.TextChoices):
        CRISIS = "crisis", _("Crisis supporters")
        FIELD = "field", pgettext_lazy("crisis support", "Field workers")
        LEISURE = "leisure", _("Leisure leaders")
        SCHOOL = "school", _("School staff")
        ASSOCIATIONS = "associations", _("Associations and faith communities")
        HOUSING = "housing", _("Housing company")
        POLICE = "police", _("Police")

    event = models.ForeignKey(CrisisEvent, models.CASCADE, related_name="actions")
    at = models.DateTimeField(_("when"))
    phase = models.CharField(_("phase"), max_length=6, choices=Phase.choices)
    kind = models.CharField(_("kind of action"), max_length=12, choices=Kind.choices)
    who = models.JSONField(_("who took part"), default=list)
    text = LimitedTextField(_("what was done"), max_length=2000, validators=[no_personal_data])

    class Meta:
        verbose_name = _("crisis support action")
        verbose_name_plural = _("crisis support actions")
        ordering = ["at", "id"]

    @property
    def who_labels(self) -> list[str]:
        labels = dict(self.Who.choices)
        return [str(labels.get(w, w)) for w in self.who]
