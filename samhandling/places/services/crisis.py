"""Crisis support after a serious violent event: register, alert the on-call, log actions, close."""

import datetime
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.core.tasks import enqueue_on_commit
from samhandling.organisations.models import District
from samhandling.places import access
from samhandling.places.models import AlertList, CrisisAction, CrisisEvent, Observation
from samhandling.places.services.common import PURPOSE, EditConflict, create_once, require, update_checked

EVENT_FIELDS = ("kind", "occurred_at", "police_area", "place", "location", "latitude", "longitude", "known")


def _observation_text(event: CrisisEvent) -> str:
    when = timezone.localtime(event.occurred_at)
    return _("%(kind)s at %(location)s on %(date)s. Crisis support was activated.") % {
        "kind": event.get_kind_display(),
        "location": event.location,
        "date": when.strftime("%Y-%m-%d %H:%M"),
    }


def _link_place(actor: Actor, event: CrisisEvent) -> None:
    """The event becomes an observation in its place's situation picture (one per event)."""
    if event.place_id is None:
        Observation.objects.filter(event=event).delete()
        return
    Observation.objects.update_or_create(
        event=event,
        defaults={
            "place_id": event.place_id,
            "observed_on": timezone.localtime(event.occurred_at).date(),
            "source": Observation.Source.EVENT,
            "text": _observation_text(event),
            "created_by": actor,
        },
    )


@transaction.atomic
def event_register(
    *, actor: Actor, district: District, form_token: uuid.UUID | None = None, **fields: Any
) -> CrisisEvent:
    """Register an event and alert the district's crisis-support on-call through the worker."""
    if not access.can_edit_district(actor, district.pk):
        raise PermissionDenied
    require(fields["occurred_at"] <= timezone.now() + datetime.timedelta(minutes=5), _("The time is in the future."))
    place = fields.get("place")
    require(
        place is None or place.neighbourhood.district_id == district.pk,
        _("The place must be in the event's district."),
    )
    event: CrisisEvent
    event, created = create_once(
        CrisisEvent,
        actor=actor,
        form_token=form_token,
        verb="places.event_register",
        audit={"kind": fields.get("kind")},
        district=district,
        **{k: fields[k] for k in EVENT_FIELDS if k in fields},
    )
    if created:
        _link_place(actor, event)
        event.alert_queued_at = timezone.now()
        event.save(update_fields=["alert_queued_at"])
        enqueue_on_commit("samhandling.places.tasks.send_crisis_alert", event.pk)
        # The indicator series follows (in the worker, after the alert: the alert is what is urgent).
        enqueue_on_commit(
            "samhandling.places.tasks.refresh_event_indicator", timezone.localtime(event.occurred_at).year
        )
    return event


@transaction.atomic
def event_update(*, actor: Actor, event: CrisisEvent, expected_version: int, **fields: Any) -> CrisisEvent:
    """Correct what is known about the event, its place and time (version-checked)."""
    if not access.can_edit_event(actor, event):
        raise PermissionDenied
    place = fields.get("place")
    require(
        place is None or place.neighbourhood.district_id == event.district_id,
        _("The place must be in the event's district."),
    )
    event = update_checked(
        CrisisEvent,
        actor=actor,
        pk=event.pk,
        expected_version=expected_version,
        verb="places.event_update",
        fields={k: fields[k] for k in EVENT_FIELDS if k in fields},
    )
    _link_place(actor, event)
    return event


@transaction.atomic
def action_add(
    *,
    actor: Actor,
    event: CrisisEvent,
    at: datetime.datetime,
    phase: str,
    kind: str,
    who: list[str],
    text: str,
    form_token: uuid.UUID | None = None,
) -> CrisisAction:
    """Log one action in the acute phase or the weeks after."""
    if not access.can_edit_event(actor, event):
        raise PermissionDenied
    require(at >= event.occurred_at - datetime.timedelta(hours=1), _("The action cannot be before the event."))
    action: CrisisAction
    action, _created = create_once(
        CrisisAction,
        actor=actor,
        form_token=form_token,
        verb="places.crisis_action_add",
        audit={"event": event.pk, "kind": kind},
        event=event,
        at=at,
        phase=phase,
        kind=kind,
        who=list(who),
        text=text,
    )
    return action


@transaction.atomic
def event_close(*, actor: Actor, event: CrisisEvent, expected_version: int) -> CrisisEvent:
    """End the active phase: the event leaves the on-call's list of active events."""
    if not access.can_edit_event(actor, event):
        raise PermissionDenied
    current = CrisisEvent.objects.select_for_update().get(pk=event.pk)
    if current.version != expected_version:
        raise EditConflict(current)
    require(current.status == CrisisEvent.Status.ACTIVE, _("The event is already closed."))
    current.status, current.closed_at = CrisisEvent.Status.CLOSED, timezone.now()
    current.version += 1
    current.save(update_fields=["status", "closed_at", "version", "updated_at"])
    record(actor=actor, verb="places.event_close", target=current, purpose=PURPOSE)
    return current


@transaction.atomic
def alert_list_save(*, actor: Actor, district: District, addresses: str) -> AlertList:
    """Set who the district's crisis-support alert goes to."""
    if not access.can_edit_district(actor, district.pk):
        raise PermissionDenied
    alert_list, _created = AlertList.objects.update_or_create(district=district, defaults={"addresses": addresses})
    record(
        actor=actor,
        verb="places.alert_list_update",
        target=alert_list,
        purpose=PURPOSE,
        addresses=len(alert_list.address_list()),
    )
    return alert_list
