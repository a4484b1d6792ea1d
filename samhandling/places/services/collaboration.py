"""Place-based collaboration: start, the group, observations, the action plan, meetings, walks, closing."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.places import access
from samhandling.places.models import (
    Collaboration,
    Measure,
    Meeting,
    Member,
    Observation,
    SafetyWalk,
    WalkFinding,
)
from samhandling.places.services.common import PURPOSE, EditConflict, create_once, require, update_checked
from samhandling.places.services.photos import CleanPhoto
from samhandling.plans.models import Place


def _require_edit(actor: Actor, collaboration: Collaboration) -> None:
    if not access.can_edit_collaboration(actor, collaboration):
        raise PermissionDenied


def _require_active(collaboration: Collaboration) -> None:
    require(collaboration.is_active, _("The collaboration is closed; nothing more can be added."))


@transaction.atomic
def collaboration_start(
    *, actor: Actor, place: Place, title: str, kind: str, aim: str, started_on: datetime.date, form_token=None
) -> Collaboration:
    """Start a collaboration at a place of one's district; the district administration is its first member."""
    if not access.can_edit_place(actor, place):
        raise PermissionDenied
    require(not place.is_archived, _("The place is archived; restore it before starting a collaboration."))
    collaboration, created = create_once(
        Collaboration,
        actor=actor,
        form_token=form_token,
        verb="places.collaboration_start",
        audit={"place": place.pk},
        place=place,
        district=place.neighbourhood.district,
        title=title,
        kind=kind,
        aim=aim,
        started_on=started_on,
    )
    if created:
        Member.objects.create(
            collaboration=collaboration,
            organisation=f"{place.neighbourhood.district.name} stadsdelsförvaltning",
            org_kind=Member.OrgKind.DISTRICT,
        )
    return collaboration


@transaction.atomic
def collaboration_update(
    *, actor: Actor, collaboration: Collaboration, expected_version: int, **fields
) -> Collaboration:
    """Change the title, kind or aim (version-checked)."""
    _require_edit(actor, collaboration)
    _require_active(collaboration)
    allowed = {k: fields[k] for k in ("title", "kind", "aim") if k in fields}
    with transaction.atomic():
        current = update_checked(
            Collaboration,
            actor=actor,
            pk=collaboration.pk,
            expected_version=expected_version,
            verb="places.collaboration_update",
            fields=allowed,
        )
        if "indicators" in fields:
            wanted = {i.pk for i in fields["indicators"]}
            before = set(current.indicators.values_list("pk", flat=True))
            if wanted != before:
                current.indicators.set(sorted(wanted))
                if current.version == expected_version:  # nothing else changed: the links are a change too
                    Collaboration.objects.filter(pk=current.pk).update(version=F("version") + 1)
                    current.refresh_from_db(fields=["version"])
                record(
                    actor=actor,
                    verb="places.collaboration_indicators",
                    target=current,
                    purpose=PURPOSE,
                    added=sorted(wanted - before),
                    removed=sorted(before - wanted),
                )
    return current


@transaction.atomic
def member_add(
    *, actor: Actor, collaboration: Collaboration, organisation: str, org_kind: str, user: Actor | None = None
) -> Member:
    """Add an organisation to the group (with its contact's account, who then sees the collaboration)."""
    _require_edit(actor, collaboration)
    _require_active(collaboration)
    existing = Member.objects.filter(collaboration=collaboration, organisation__iexact=organisation.strip()).first()
    if existing is None and user is not None:
        existing = Member.objects.filter(collaboration=collaboration, user=user).first()
    if existing is not None:
        return existing  # the same organisation added twice
    member = Member(collaboration=collaboration, organisation=organisation.strip(), org_kind=org_kind, user=user)
    member.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        return Member.objects.get(collaboration=collaboration, organisation=organisation.strip())
    record(
        actor=actor,
        verb="places.member_add",
        target=member,
        purpose=PURPOSE,
        collaboration=collaboration.pk,
        with_account=user is not None,
    )
    return member


@transaction.atomic
def member_remove(*, actor: Actor, member: Member) -> None:
    """Take an organisation out of the group; its contact no longer sees the collaboration."""
    _require_edit(actor, member.collaboration)
    record(actor=actor, verb="places.member_remove", target=member, purpose=PURPOSE)
    member.delete()


@transaction.atomic
def observation_add(
    *,
    actor: Actor,
    place: Place,
    observed_on: datetime.date,
    source: str,
    text: str,
    collaboration: Collaboration | None = None,
    form_token=None,
) -> Observation:
    """Record an observation at a place: by its district's coordinators, or by a member through the collaboration."""
    if collaboration is not None:
        _require_active(collaboration)
        if not access.can_contribute(actor, collaboration):
            raise PermissionDenied
        require(collaboration.place_id == place.pk, _("The observation must concern the collaboration's place."))
    elif not access.can_edit_place(actor, place):
        raise PermissionDenied
    require(observed_on <= datetime.date.today(), _("The date cannot be in the future."))
    observation, _created = create_once(
        Observation,
        actor=actor,
        form_token=form_token,
        verb="places.observation_add",
        place=place,
        collaboration=collaboration,
        observed_on=observed_on,
        source=source,
        text=text,
    )
    return observation


@transaction.atomic
def measure_add(
    *,
    actor: Actor,
    collaboration: Collaboration,
    kind: str,
    description: str,
    responsible: str,
    due_on=None,
    status: str = Measure.Status.PLANNED,
    finding: WalkFinding | None = None,
    form_token=None,
) -> Measure:
    """Add a measure to the action plan (any member may add their own)."""
    _require_active(collaboration)
    if not access.can_contribute(actor, collaboration):
        raise PermissionDenied
    measure, _created = create_once(
        Measure,
        actor=actor,
        form_token=form_token,
        verb="places.measure_add",
        audit={"collaboration": collaboration.pk},
        collaboration=collaboration,
        kind=kind,
        description=description,
        responsible=responsible,
        due_on=due_on,
        status=status,
        finding=finding,
    )
    return measure


def can_change_measure(actor: Actor, measure: Measure) -> bool:
    """The collaboration's editors, and the member who added the measure."""
    collaboration = measure.collaboration
    if not collaboration.is_active:
        return False
    return access.can_edit_collaboration(actor, collaboration) or (
        measure.created_by_id == actor.pk and access.can_contribute(actor, collaboration)
    )


@transaction.atomic
def measure_update(*, actor: Actor, measure: Measure, expected_version: int, **fields: Any) -> Measure:
    """Change a measure: its text, who, when and status (version-checked)."""
    if not can_change_measure(actor, measure):
        raise PermissionDenied
    allowed = {k: fields[k] for k in ("kind", "description", "responsible", "due_on", "status") if k in fields}
    return update_checked(
        Measure,
        actor=actor,
        pk=measure.pk,
        expected_version=expected_version,
        verb="places.measure_update",
        fields=allowed,
    )


@transaction.atomic
def meeting_add(
    *, actor: Actor, collaboration: Collaboration, held_on, present: str, notes: str, picture: str, form_token=None
) -> Meeting:
    """Record a follow-up meeting of the group and how it judged the picture then."""
    _require_edit(actor, collaboration)
    _require_active(collaboration)
    require(held_on >= collaboration.started_on, _("The meeting cannot be before the collaboration started."))
    meeting, _created = create_once(
        Meeting,
        actor=actor,
        form_token=form_token,
        verb="places.meeting_add",
        audit={"collaboration": collaboration.pk, "picture": picture},
        collaboration=collaboration,
        held_on=held_on,
        present=present,
        notes=notes,
        picture=picture,
    )
    return meeting


@transaction.atomic
def collaboration_close(
    *,
    actor: Actor,
    collaboration: Collaboration,
    expected_version: int,
    closed_on: datetime.date,
    judgement: str,
    basis: list[str],
) -> Collaboration:
    """End the collaboration: only with the group's judgement that the picture improved, and what it rests on."""
    _require_edit(actor, collaboration)
    current = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    if current.version != expected_version:
        raise EditConflict(current)
    _require_active(current)
    last = current.meetings.order_by("-held_on", "-id").first()
    if last is None or last.picture != "better":
        raise ValidationError(
            _(
                "A collaboration ends when the group has met and judged that the picture has improved. "
                "Record that meeting first."
            )
        )
    require(bool(judgement.strip()), _("Write the group's judgement."))
    require(bool(basis), _("Choose what the judgement rests on."))
    require(closed_on >= last.held_on, _("The collaboration cannot close before its last meeting."))
    current.status = Collaboration.Status.CLOSED
    current.closed_on, current.closing_judgement, current.closing_basis = closed_on, judgement.strip(), list(basis)
    current.full_clean(validate_unique=False, validate_constraints=False)
    current.version += 1
    current.save()
    record(actor=actor, verb="places.collaboration_close", target=current, purpose=PURPOSE, basis=list(basis))
    return current


def parse_route(text: str) -> dict | None:
    """'lat, lon' per line to a GeoJSON LineString (lon, lat); a clear error for anything else."""
    points = []
    for number, line in enumerate((line for line in text.splitlines() if line.strip()), start=1):
        try:
            lat, lon = (float(part) for part in line.replace(";", ",").split(","))
        except ValueError:
            raise ValidationError(_("Line %(n)s of the route is not 'latitude, longitude'.") % {"n": number}) from None
        if not (59.0 <= lat <= 59.6 and 17.6 <= lon <= 18.4):
            raise ValidationError(_("Line %(n)s of the route is outside Stockholm.") % {"n": number})
        points.append([round(lon, 6), round(lat, 6)])
    if not points:
        return None
    if len(points) < 2:
        raise ValidationError(_("A route needs at least two points."))
    return {"type": "LineString", "coordinates": points}


@transaction.atomic
def walk_add(
    *, actor: Actor, collaboration: Collaboration, walked_on, walkers: str, route: dict | None, form_token=None
):
    """Record a safety walk with its route."""
    _require_edit(actor, collaboration)
    _require_active(collaboration)
    walk, _created = create_once(
        SafetyWalk,
        actor=actor,
        form_token=form_token,
        verb="places.walk_add",
        audit={"collaboration": collaboration.pk},
        collaboration=collaboration,
        walked_on=walked_on,
        walkers=walkers,
        route=route,
    )
    return walk


@transaction.atomic
def finding_add(
    *, actor: Actor, walk: SafetyWalk, text: str, photo: CleanPhoto | None = None, photo_alt: str = "", form_token=None
) -> WalkFinding:
    """Add a finding to a walk; the photo arrives already checked and stripped of its metadata."""
    _require_edit(actor, walk.collaboration)
    _require_active(walk.collaboration)
    require(photo is None or bool(photo_alt.strip()), _("Describe what the photo shows."))
    finding, _created = create_once(
        WalkFinding,
        actor=actor,
        form_token=form_token,
        verb="places.finding_add",
        audit={"walk": walk.pk, "photo": photo is not None, "location_kept": bool(photo and photo.latitude)},
        walk=walk,
        text=text,
        photo=photo.data if photo else None,
        photo_alt=photo_alt.strip(),
        latitude=photo.latitude if photo else None,
        longitude=photo.longitude if photo else None,
    )
    return finding
