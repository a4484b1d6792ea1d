"""Places: editing, archiving and restoring (the Place model belongs to plans; its lifecycle pages live here)."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.organisations.models import Neighbourhood
from samhandling.places import access
from samhandling.places.services.common import PURPOSE, EditConflict, update_checked
from samhandling.plans.models import Place

PLACE_FIELDS = ("name", "kind", "neighbourhood", "description", "latitude", "longitude")


@transaction.atomic
def place_create(
    *,
    actor: Actor,
    neighbourhood: Neighbourhood,
    name: str,
    kind: str,
    description: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Place:
    """Add a place in a neighbourhood one coordinates, with its point; a place already there is returned as it is."""
    if not access.coordinator_districts(actor).filter(pk=neighbourhood.district_id).exists():
        raise PermissionDenied
    from samhandling.plans.services import place_create as plans_place_create

    place = plans_place_create(actor=actor, neighbourhood=neighbourhood, name=name, kind=kind, description=description)
    if place.latitude is None and latitude is not None:
        Place.objects.filter(pk=place.pk).update(latitude=latitude, longitude=longitude)
        place.refresh_from_db()
    return place


@transaction.atomic
def place_update(*, actor: Actor, place: Place, expected_version: int, **fields: Any) -> Place:
    """Change a place's name, kind, neighbourhood, description or point (version-checked)."""
    if not access.can_edit_place(actor, place):
        raise PermissionDenied
    new_hood = fields.get("neighbourhood")
    if new_hood is not None and not access.coordinator_districts(actor).filter(pk=new_hood.district_id).exists():
        raise PermissionDenied  # a place cannot be moved into a district one does not coordinate
    updated: Place = update_checked(
        Place,
        actor=actor,
        pk=place.pk,
        expected_version=expected_version,
        verb="places.place_update",
        fields={k: fields[k] for k in PLACE_FIELDS if k in fields},
    )
    return updated


@transaction.atomic
def place_archive(*, actor: Actor, place: Place, expected_version: int, archive: bool = True) -> Place:
    """Archive a place (no longer offered for new plans and collaborations) or bring it back."""
    if not access.can_edit_place(actor, place):
        raise PermissionDenied
    current = Place.objects.select_for_update().get(pk=place.pk)
    if current.version != expected_version:
        raise EditConflict(current)
    if archive == current.is_archived:
        return current
    current.archived_at = timezone.now() if archive else None
    current.version += 1
    current.save(update_fields=["archived_at", "version", "updated_at"])
    record(
        actor=actor,
        verb="places.place_archive" if archive else "places.place_restore",
        target=current,
        purpose=PURPOSE,
    )
    return current
