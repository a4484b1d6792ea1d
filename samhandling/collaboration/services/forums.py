"""Forum cases: start, members, activation, meetings, the plan and its actions, the end."""

import datetime
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.access import unit_cases
from samhandling.cases.models import Case
from samhandling.collaboration.models import Action, Forum, ForumMember, LegalBasis, Meeting, Party
from samhandling.collaboration.services.consent import (
    age_on,
    consent_complete,
    coverage_recompute,
    legal_basis_check,
    rule_for,
)
from samhandling.core.annotations import Actor
from samhandling.core.tasks import enqueue_on_commit
from samhandling.organisations.models import Agency, PoliceArea, Unit


class EditConflict(Exception):
    """Someone else saved the record after this user opened it."""

    def __init__(self, current: Any) -> None:
        super().__init__("edit conflict")
        self.current = current


UNIT_PARTY = {
    Unit.Kind.CHILD_AND_YOUTH: Party.SOCIAL_SERVICES,
    Unit.Kind.FIELD: Party.SOCIAL_SERVICES,
    Unit.Kind.PREVENTION: Party.SOCIAL_SERVICES,
    Unit.Kind.SCHOOL: Party.SCHOOL,
    Unit.Kind.LEISURE: Party.LEISURE,
}
AGENCY_PARTY = {
    Agency.Kind.POLICE: Party.POLICE,
    Agency.Kind.REGION: Party.REGION,
    Agency.Kind.PRISON_PROBATION: Party.PRISON_PROBATION,
    Agency.Kind.SCHOOL: Party.SCHOOL,
    Agency.Kind.CIVIL_SOCIETY: Party.CIVIL_SOCIETY,
}


def party_of(unit: Unit | None, agency: Agency | None) -> str:
    """The party a unit or agency takes part as."""
    if unit is not None:
        return UNIT_PARTY.get(unit.kind, Party.OTHER)
    return AGENCY_PARTY.get(agency.kind, Party.OTHER)


def _create_once(model, token, **fields: Any):
    """Create a row unless one with the same creation token exists (double clicks, parallel posts)."""
    existing = model.objects.filter(creation_token=token).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return model.objects.create(creation_token=token, **fields), True
    except IntegrityError:
        return model.objects.get(creation_token=token), False


@transaction.atomic
def forum_create(*, actor: Actor, kind: str, case: Case, requested_by: str, token: uuid.UUID) -> Forum:
    """Open a forum case for the child of one of the actor's cases; it starts once its ground is recorded."""
    if not unit_cases(actor).filter(id=case.id).exists():
        raise PermissionDenied
    rule = rule_for(kind)
    age = age_on(case.person, timezone.localdate())
    if age is None:
        raise ValidationError({"case": _("The child's date of birth is not known; register it in the case first.")})
    if not rule.min_age <= age <= rule.max_age:
        raise ValidationError(
            {"kind": _("This forum is for ages %(lo)s–%(hi)s.") % {"lo": rule.min_age, "hi": rule.max_age}}
        )
    forum, created = _create_once(
        Forum,
        token,
        kind=kind,
        rule=rule,
        person=case.person,
        case=case,
        lead_unit=case.unit,
        coordinator=actor,
        requested_by=requested_by[:200],
    )
    if created:
        ForumMember.objects.create(forum=forum, party=Party.SOCIAL_SERVICES, unit=case.unit, contact=actor)
        record(
            actor=actor, verb="collaboration.forum.create", target=forum, purpose="forum", kind=kind, case_id=case.id
        )
    return forum


@transaction.atomic
def member_add(
    *,
    actor: Actor,
    forum: Forum,
    unit: Unit | None = None,
    agency: Agency | None = None,
    police_area: PoliceArea | None = None,
) -> ForumMember:
    """Add a unit or an agency (idempotent: the same organisation twice is one member)."""
    if (unit is None) == (agency is None):
        raise ValidationError({"unit": _("Choose either a unit of the city or an agency.")})
    if police_area is not None and (agency is None or agency.kind != Agency.Kind.POLICE):
        raise ValidationError({"police_area": _("A local police area goes with the police only.")})
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    party = party_of(unit, agency)
    if party not in forum.rule.parties:
        raise ValidationError({"unit": _("This party does not take part in this kind of forum.")})
    existing = forum.members.filter(unit=unit, agency=agency, police_area=police_area).first()
    if existing is not None:
        if existing.removed_at is not None:
            existing.removed_at, existing.removal_reason = None, ""
            existing.save(update_fields=["removed_at", "removal_reason"])
        member = existing
    else:
        member = ForumMember.objects.create(forum=forum, party=party, unit=unit, agency=agency, police_area=police_area)
    coverage_recompute(forum)
    record(actor=actor, verb="collaboration.member.add", target=member, purpose="forum", forum_id=forum.id, party=party)
    return member


@transaction.atomic
def member_remove(*, actor: Actor, member: ForumMember, reason: str) -> ForumMember:
    """Remove a member with a reason: their people lose access to the forum at their next request."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the member is removed.")})
    forum = Forum.objects.select_for_update().get(pk=member.forum_id)
    member = ForumMember.objects.select_for_update().get(pk=member.pk)
    if member.unit_id is not None and member.unit_id == forum.lead_unit_id:
        raise ValidationError({"reason": _("The lead unit cannot be removed from its own forum case.")})
    if member.removed_at is not None:
        return member
    member.removed_at = timezone.now()
    member.removal_reason = reason[:300]
    member.covered_until = None
    member.save(update_fields=["removed_at", "removal_reason", "covered_until"])
    record(
        actor=actor,
        verb="collaboration.member.remove",
        target=member,
        purpose="forum",
        forum_id=forum.id,
        party=member.party,
        reason=member.removal_reason,
    )
    return member


@transaction.atomic
def forum_activate(
    *, actor: Actor, forum: Forum, legal_basis: LegalBasis | None = None, confirmed: bool = False
) -> Forum:
    """Start the forum: on the required consents, or (where the rule allows) on a confirmed legal basis."""
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    if forum.status != Forum.Status.PREPARING:
        return forum
    if legal_basis is not None and not legal_basis.is_consent:
        if not forum.rule.legal_basis_allowed:
            raise ValidationError({"legal_basis": _("This kind of forum starts only with consent.")})
        legal_basis_check(basis=legal_basis, forum_kind=forum.kind, confirmed=confirmed)
        forum.ground, forum.legal_basis = Forum.Ground.LEGAL_BASIS, legal_basis
    else:
        if not consent_complete(forum):
            raise ValidationError(
                _("The forum cannot start: consent is missing from the guardians or the young person.")
            )
        forum.ground = Forum.Ground.CONSENT
    forum.status = Forum.Status.ACTIVE
    forum.started_on = timezone.localdate()
    forum.version += 1
    forum.save()
    coverage_recompute(forum)
    record(
        actor=actor,
        verb="collaboration.forum.start",
        target=forum,
        purpose="forum",
        ground=forum.ground,
        legal_basis_id=forum.legal_basis_id,
    )
    return forum


@transaction.atomic
def forum_end(*, actor: Actor, forum: Forum, reason: str, expected_version: int) -> Forum:
    """End the forum with a reason; partners lose access."""
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    if forum.version != expected_version:
        raise EditConflict(forum)
    forum.status, forum.end_reason, forum.ended_on = Forum.Status.ENDED, reason, timezone.localdate()
    forum.version += 1
    forum.save()
    record(actor=actor, verb="collaboration.forum.end", target=forum, purpose="forum", reason=reason)
    return forum


@transaction.atomic
def plan_update(*, actor: Actor, forum: Forum, goals: str, expected_version: int) -> Forum:
    """Change the goals in the young person's own words; an older version is a conflict, never an overwrite."""
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    if forum.version != expected_version:
        raise EditConflict(forum)
    forum.goals = goals[:4000]
    forum.version += 1
    forum.save(update_fields=["goals", "version"])
    record(actor=actor, verb="collaboration.plan.update", target=forum, purpose="plan", fields=["goals"])
    return forum


@transaction.atomic
def action_add(
    *, actor: Actor, forum: Forum, what: str, owner: ForumMember, due_on: datetime.date, token: uuid.UUID
) -> Action:
    """Add an action to the plan: what, who and by when (idempotent by token)."""
    if owner.forum_id != forum.id or owner.removed_at is not None:
        raise ValidationError({"owner": _("Choose a member of this forum.")})
    action, created = _create_once(Action, token, forum=forum, what=what[:500], owner=owner, due_on=due_on)
    if created:
        record(actor=actor, verb="collaboration.action.add", target=action, purpose="plan", forum_id=forum.id)
    return action


@transaction.atomic
def action_update(
    *, actor: Actor, action: Action, done_on: datetime.date | None, follow_up: str, expected_version: int
) -> Action:
    """Record the follow-up of an action; version-checked."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.version != expected_version:
        raise EditConflict(action)
    if done_on and done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date must not be in the future.")})
    action.done_on, action.follow_up = done_on, follow_up[:1000]
    action.version += 1
    action.save()
    record(actor=actor, verb="collaboration.action.update", target=action, purpose="plan")
    return action


@transaction.atomic
def meeting_create(*, actor: Actor, forum: Forum, starts_at: datetime.datetime, token: uuid.UUID) -> Meeting:
    """Plan a meeting (idempotent by token)."""
    meeting, created = _create_once(Meeting, token, forum=forum, starts_at=starts_at)
    if created:
        enqueue_on_commit("samhandling.collaboration.tasks.send_meeting_invitations", meeting.id)
        record(actor=actor, verb="collaboration.meeting.create", target=meeting, purpose="meeting", forum_id=forum.id)
    return meeting


MEETING_FIELDS = ("young_person_present", "guardians_present", "young_person_views", "guardian_views", "decisions")


@transaction.atomic
def meeting_save(
    *,
    actor: Actor,
    meeting: Meeting,
    expected_version: int,
    attendees: list[ForumMember],
    held: bool,
    draft: bool = False,
    editor: uuid.UUID | None = None,
    **fields: Any,
) -> Meeting:
    """Save the meeting notes (also as a draft while the meeting goes on); version-checked.

    A draft must match the version exactly. The final save of a page may also pass over versions
    made only by that same page's drafts (a save clicked while a draft was still on its way), never
    over anyone else's save.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    own_drafts = (
        not draft and editor is not None and meeting.draft_editor == editor and meeting.version > expected_version
    )
    if meeting.version != expected_version and not own_drafts:
        raise EditConflict(meeting)
    if held and meeting.starts_at > timezone.now() + datetime.timedelta(hours=12):
        raise ValidationError({"held": _("A meeting in the future cannot be marked as held.")})
    changed = [k for k in MEETING_FIELDS if getattr(meeting, k) != fields[k]]
    for k in MEETING_FIELDS:
        setattr(meeting, k, fields[k])
    meeting.held = held
    meeting.version += 1
    # A draft matched the version exactly, so its page knew everything before it: the page may now pass
    # over this draft on its final save. A final save ends the claim (a late draft then conflicts).
    meeting.draft_editor = editor if draft else None
    meeting.save()
    meeting.attendees.set([m for m in attendees if m.forum_id == meeting.forum_id])
    record(
        actor=actor,
        verb="collaboration.meeting.save",
        target=meeting,
        purpose="meeting",
        fields=changed,
        held=held,
        draft=draft,
    )
    return meeting
