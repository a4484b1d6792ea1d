"""Every write to defector cases: keyword-only, atomic, audited in the same transaction."""

import datetime
import re
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.models import Person
from samhandling.collaboration.models import Consent, InfoKind, LegalBasis, Party
from samhandling.collaboration.services.consent import legal_bases_in_force, legal_basis_check
from samhandling.core.annotations import Actor
from samhandling.core.identity import normalise_personal_number
from samhandling.core.text import clean_text
from samhandling.defectors.access import PURPOSE
from samhandling.defectors.models import (
    DefectorCase,
    DefectorTeam,
    FirstContact,
    FirstContactRule,
    FollowUp,
    Handover,
    NeedsInvestigation,
    NeedsInvestigationRule,
    Relocation,
    SupportItem,
    ThreatAssessment,
)


class NoRuleInForce(Exception):
    pass


class EditConflict(Exception):
    """Someone changed the case after this user opened it; `current` is the saved case."""

    def __init__(self, current: Any) -> None:
        super().__init__("edit conflict")
        self.current = current


# A street name with a number ("Storgatan 12", "Ekvägen 3B") or a postal code ("123 45").
_STREET = re.compile(
    r"\b\w+(gatan|gata|vägen|väg|gränd|gränden|backe|backen|stigen|stig|allé|allén|torg|torget|plan|"
    r"stråket|leden|gången)\s+\d+\s?[a-zA-Z]?\b|\b\d{3}\s\d{2}\b",
    re.IGNORECASE,
)


def looks_like_street_address(text: str) -> bool:
    """True when the text seems to contain a street address or a postal code: refused in free text."""
    return bool(_STREET.search(text or ""))


def refuse_address(text: str, field: str) -> None:
    if looks_like_street_address(text):
        raise ValidationError(
            {
                field: _(
                    "This looks like a street address. Never write where the person lives or stays in free text: "
                    "the address must not be stored here."
                )
            }
        )


def rule_in_force(on: datetime.date) -> FirstContactRule:
    """The first-contact rule in force on the given date (latest valid_from not after it)."""
    rule = FirstContactRule.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if rule is None:
        raise NoRuleInForce(f"No first-contact rule in force on {on}")
    return rule


def first_contact_due(received_at: datetime.datetime) -> tuple[datetime.datetime, FirstContactRule]:
    """When first contact is due: the rule's hours counted in real time from the arrival.

    Counted on the absolute time, so 24 hours are 24 hours across midnight and across the change
    to and from summer time (the local clock then shows 23:10 or 21:10 for an arrival at 22:10).
    """
    rule = rule_in_force(timezone.localdate(received_at))
    # In UTC: arithmetic on a local-time datetime adds wall-clock hours, which is wrong on a DST night.
    return received_at.astimezone(datetime.UTC) + datetime.timedelta(hours=rule.hours), rule


def _person_for(*, personal_number: str, first_name: str, last_name: str) -> Person:
    if personal_number:
        number, born = normalise_personal_number(personal_number)
        person, _created = Person.objects.get_or_create(
            personal_number=number, defaults={"first_name": first_name, "last_name": last_name, "birth_date": born}
        )
        return person
    return Person.objects.create(
        reserve_number=f"AVH-{uuid.uuid4().hex[:12]}", first_name=first_name, last_name=last_name
    )


def interest_register(
    *,
    actor: Actor,
    received_at: datetime.datetime,
    channel: str,
    district,
    personal_number: str = "",
    first_name: str = "",
    last_name: str = "",
    note: str = "",
) -> DefectorCase:
    """Register an expression of interest in leaving crime; the first-contact clock starts at received_at.

    The person is marked with protected identity at once: the protected-identity rules of cases
    then apply wherever the person appears.
    """
    note = clean_text(note or "")
    if received_at > timezone.now():
        raise ValidationError({"received_at": _("The interest cannot have arrived in the future.")})
    refuse_address(note, "note")
    team = DefectorTeam.objects.filter(central=True).first()
    if team is None:
        raise ValidationError(
            _("There is no central defector unit to receive the interest. Contact the administrator.")
        )
    try:
        due, rule = first_contact_due(received_at)
    except NoRuleInForce:
        raise ValidationError({"received_at": _("No first-contact rule was in force on that date.")}) from None
    with transaction.atomic():
        person = _person_for(
            personal_number=personal_number, first_name=clean_text(first_name), last_name=clean_text(last_name)
        )
        if not person.protected_identity:
            Person.objects.filter(pk=person.pk).update(protected_identity=True, version=person.version + 1)
            record(actor=actor, verb="defectors.person.protect", target=person, purpose=PURPOSE)
        case = DefectorCase.objects.create(
            person=person,
            district=district,
            team=team,
            channel=channel,
            received_at=received_at,
            received_by=actor,
            note=note,
            rule=rule,
            first_contact_due=due,
        )
        record(actor=actor, verb="defectors.interest.register", target=case, purpose=PURPOSE, channel=channel)
    return case


def first_contact_record(
    *,
    actor: Actor,
    case: DefectorCase,
    contacted_at: datetime.datetime,
    method: str,
    contacted_by,
    motivation: str,
) -> FirstContact:
    """Record the city's first contact; it cannot come before the interest arrived, nor be recorded twice."""
    motivation = clean_text(motivation)
    if contacted_at < case.received_at:
        raise ValidationError({"contacted_at": _("The first contact cannot come before the interest arrived.")})
    if contacted_at > timezone.now():
        raise ValidationError({"contacted_at": _("The first contact cannot be in the future.")})
    refuse_address(motivation, "motivation")
    with transaction.atomic():
        locked = DefectorCase.objects.select_for_update().get(pk=case.pk)
        if FirstContact.objects.filter(case=locked).exists():
            raise ValidationError(_("The first contact has already been recorded."))
        contact = FirstContact.objects.create(
            case=locked,
            contacted_at=contacted_at,
            method=method,
            contacted_by=contacted_by,
            motivation=motivation,
            recorded_by=actor,
        )
        locked.status = DefectorCase.Status.OPEN
        locked.version += 1
        locked.save(update_fields=["status", "version"])
        record(
            actor=actor,
            verb="defectors.first_contact.record",
            target=locked,
            purpose=PURPOSE,
            within_rule=contacted_at <= locked.first_contact_due,
        )
    return contact


def threat_assessment_record(
    *,
    actor: Actor,
    case: DefectorCase,
    version: int,
    received_on: datetime.date,
    police_unit: str,
    level: str,
    bops_takes_part: bool,
) -> ThreatAssessment:
    """Record the police's threat assessment as received, and route the case.

    BOPS taking part means the police judged the threat serious enough for the central defector
    unit; otherwise the district's SIG is responsible. The level is the police's words, never
    computed here. A stale version raises EditConflict: the case moved while the user typed.
    """
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The assessment cannot have arrived in the future.")})
    with transaction.atomic():
        locked = DefectorCase.objects.select_for_update().get(pk=case.pk)
        if locked.version != version:
            raise EditConflict(locked)
        assessment = ThreatAssessment.objects.create(
            case=locked,
            received_on=received_on,
            police_unit=clean_text(police_unit),
            level=clean_text(level),
            bops_takes_part=bops_takes_part,
            recorded_by=actor,
        )
        team: DefectorTeam | None
        if bops_takes_part:
            responsibility, team = DefectorCase.Responsibility.CENTRAL, DefectorTeam.objects.get(central=True)
        else:
            team = DefectorTeam.objects.filter(district=locked.district).first()
            if team is None:
                raise ValidationError(
                    _("The district has no SIG team registered for defector cases; the case stays where it is.")
                )
            responsibility = DefectorCase.Responsibility.DISTRICT
        handover = None
        if team.pk != locked.team_id:
            if Handover.objects.filter(case=locked, completed_at__isnull=True).exists():
                raise ValidationError(_("A hand-over of this case is already waiting for acknowledgment."))
            handover = Handover.objects.create(
                case=locked, from_team=locked.team, to_team=team, responsibility=responsibility, created_by=actor
            )
        locked.version += 1
        locked.save(update_fields=["version"])
        record(
            actor=actor,
            verb="defectors.threat_assessment.record",
            target=locked,
            purpose=PURPOSE,
            bops_takes_part=bops_takes_part,
            routed_to=responsibility,
            handover_id=handover.pk if handover else None,
        )
    return assessment


def handover_acknowledge(*, actor: Actor, handover: Handover, side: str) -> Handover:
    """One side ("from" or "to") acknowledges the hand-over; when both have, the receiving team holds the case.

    A side that has already acknowledged is refused with a clear error (a double click, or a
    colleague on the same side): the other side must acknowledge.
    """
    if side not in ("from", "to"):
        raise ValueError(side)
    with transaction.atomic():
        locked = Handover.objects.select_for_update().get(pk=handover.pk)
        if locked.completed_at:
            raise ValidationError(_("The hand-over is already completed."))
        if getattr(locked, f"{side}_acknowledged_at"):
            raise ValidationError(_("Your side has already acknowledged the hand-over; the other side must do it."))
        now = timezone.now()
        setattr(locked, f"{side}_acknowledged_by", actor)
        setattr(locked, f"{side}_acknowledged_at", now)
        fields = [f"{side}_acknowledged_by", f"{side}_acknowledged_at"]
        if locked.from_acknowledged_at and locked.to_acknowledged_at:
            locked.completed_at = now
            fields.append("completed_at")
            case = DefectorCase.objects.select_for_update().get(pk=locked.case_id)
            case.team_id, case.responsibility = locked.to_team_id, locked.responsibility
            case.version += 1
            case.save(update_fields=["team", "responsibility", "version"])
        locked.save(update_fields=fields)
        record(
            actor=actor,
            verb="defectors.handover.acknowledge",
            target=("defectors.defectorcase", locked.case_id),
            purpose=PURPOSE,
            side=side,
            handover_id=locked.pk,
            completed=bool(locked.completed_at),
        )
    return locked


def support_item_add(
    *,
    actor: Actor,
    case: DefectorCase,
    kind: str,
    provider: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    follow_up_on: datetime.date | None = None,
    goals: str = "",
) -> SupportItem:
    """Add one item to the support package. A provider is required; the end cannot come before the start.

    For housing in another municipality the address is never written here: the goals are checked.
    """
    provider, goals = clean_text(provider).strip(), clean_text(goals or "")
    if not provider:
        raise ValidationError({"provider": _("Write who provides the support.")})
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end cannot come before the start.")})
    refuse_address(goals, "goals")
    refuse_address(provider, "provider")
    with transaction.atomic():
        item = SupportItem.objects.create(
            case=case,
            kind=kind,
            provider=provider,
            starts_on=starts_on,
            ends_on=ends_on,
            follow_up_on=follow_up_on,
            goals=goals,
            decided_by=actor,
        )
        record(actor=actor, verb="defectors.support_item.add", target=case, purpose=PURPOSE, kind=kind)
    return item


def case_close(
    *, actor: Actor, case: DefectorCase, version: int, reason: str, closed_on: datetime.date
) -> DefectorCase:
    """End the contact with a reason; version-checked (EditConflict when someone changed the case meanwhile)."""
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("The contact cannot end in the future.")})
    with transaction.atomic():
        locked = DefectorCase.objects.select_for_update().get(pk=case.pk)
        if locked.version != version:
            raise EditConflict(locked)
        if closed_on < timezone.localdate(locked.received_at):
            raise ValidationError({"closed_on": _("The contact cannot end before the interest arrived.")})
        locked.status, locked.closed_reason, locked.closed_on = DefectorCase.Status.CLOSED, reason, closed_on
        locked.version += 1
        locked.save(update_fields=["status", "closed_reason", "closed_on", "version"])
        record(actor=actor, verb="defectors.case.close", target=locked, purpose=PURPOSE, reason=reason)
    return locked


def needs_rule_in_force(on: datetime.date) -> NeedsInvestigationRule:
    """The needs-investigation rule in force on the given date (latest valid_from not after it)."""
    rule = NeedsInvestigationRule.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    if rule is None:
        raise ValidationError({"opened_on": _("No rule for the investigation of needs was in force on that date.")})
    return rule


def needs_investigation_open(*, actor: Actor, case: DefectorCase, opened_on: datetime.date) -> NeedsInvestigation:
    """Open the investigation of needs under the Social Services Act; it is due by the rule in force that day.

    One per case, after the first contact and not before the interest arrived.
    """
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("The investigation cannot be opened in the future.")})
    rule = needs_rule_in_force(opened_on)
    with transaction.atomic():
        locked = DefectorCase.objects.select_for_update().get(pk=case.pk)
        if locked.status != DefectorCase.Status.OPEN:
            raise ValidationError(_("The investigation of needs can be opened once the first contact is recorded."))
        if opened_on < timezone.localdate(locked.received_at):
            raise ValidationError({"opened_on": _("The investigation cannot be opened before the interest arrived.")})
        if NeedsInvestigation.objects.filter(case=locked).exists():
            raise ValidationError(_("The investigation of needs is already opened."))
        investigation = NeedsInvestigation.objects.create(
            case=locked,
            opened_on=opened_on,
            due_on=opened_on + datetime.timedelta(days=rule.days),
            rule=rule,
            opened_by=actor,
        )
        record(
            actor=actor,
            verb="defectors.needs_investigation.open",
            target=locked,
            purpose=PURPOSE,
            due_on=investigation.due_on.isoformat(),
        )
    return investigation


def needs_investigation_update(
    *,
    actor: Actor,
    investigation: NeedsInvestigation,
    version: int,
    own_views: str,
    needs_found: str,
    decision: str = "",
    decided_on: datetime.date | None = None,
) -> NeedsInvestigation:
    """Record the person's own views, the needs found and the decision; version-checked (EditConflict)."""
    own_views, needs_found = clean_text(own_views or ""), clean_text(needs_found or "")
    refuse_address(own_views, "own_views")
    refuse_address(needs_found, "needs_found")
    if bool(decision) != bool(decided_on):
        raise ValidationError({"decided_on": _("Give both the decision and the date it was made.")})
    if decided_on and decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The decision cannot be made in the future.")})
    if decided_on and decided_on < investigation.opened_on:
        raise ValidationError({"decided_on": _("The decision cannot come before the investigation was opened.")})
    if decision and not own_views:
        raise ValidationError({"own_views": _("Record the person's own views before the decision.")})
    with transaction.atomic():
        locked = NeedsInvestigation.objects.select_for_update().get(pk=investigation.pk)
        if locked.version != version:
            raise EditConflict(locked)
        if locked.case.status == DefectorCase.Status.CLOSED:
            raise ValidationError(_("The case is closed."))
        locked.own_views, locked.needs_found = own_views, needs_found
        newly_decided = bool(decision) and not locked.decision
        locked.decision, locked.decided_on = decision, decided_on
        locked.decided_by = actor if decision else None
        locked.version += 1
        locked.save(update_fields=["own_views", "needs_found", "decision", "decided_on", "decided_by", "version"])
        record(
            actor=actor,
            verb="defectors.needs_investigation.decide" if newly_decided else "defectors.needs_investigation.update",
            target=("defectors.defectorcase", locked.case_id),
            purpose=PURPOSE,
            decision=decision,
        )
    return locked


def follow_up_schedule(*, actor: Actor, case: DefectorCase, due_on: datetime.date, purpose: str) -> FollowUp:
    """Schedule a follow-up of the case on a date (not in the past); the team is reminded once before it."""
    purpose = clean_text(purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Write what is followed up.")})
    refuse_address(purpose, "purpose")
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("A follow-up cannot be scheduled in the past.")})
    with transaction.atomic():
        locked = DefectorCase.objects.select_for_update().get(pk=case.pk)
        if locked.status == DefectorCase.Status.CLOSED:
            raise ValidationError(_("The case is closed."))
        follow_up = FollowUp.objects.create(case=locked, due_on=due_on, purpose=purpose, created_by=actor)
        record(
            actor=actor,
            verb="defectors.follow_up.schedule",
            target=locked,
            purpose=PURPOSE,
            follow_up_id=follow_up.pk,
            due_on=due_on.isoformat(),
        )
    return follow_up


def follow_up_record(
    *, actor: Actor, follow_up: FollowUp, version: int, done_on: datetime.date, outcome: str
) -> FollowUp:
    """Record a follow-up as done, with its outcome; version-checked (EditConflict)."""
    outcome = clean_text(outcome or "")
    refuse_address(outcome, "outcome")
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The follow-up cannot be done in the future.")})
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.version != version:
            raise EditConflict(locked)
        if done_on < timezone.localdate(locked.created_at):
            raise ValidationError({"done_on": _("The follow-up cannot be done before it was scheduled.")})
        locked.done_on, locked.outcome, locked.done_by = done_on, outcome, actor
        locked.version += 1
        locked.save(update_fields=["done_on", "outcome", "done_by", "version"])
        record(
            actor=actor,
            verb="defectors.follow_up.record",
            target=("defectors.defectorcase", locked.case_id),
            purpose=PURPOSE,
            follow_up_id=locked.pk,
        )
    return locked


def relocation_bases(on: datetime.date | None = None) -> Any:
    """The grounds a move may be disclosed on: collaboration's legal bases in force that are not tied to a forum."""
    return legal_bases_in_force(on).filter(forum_kinds=[]).order_by("act", "section")


def relocation_record(
    *,
    actor: Actor,
    case: DefectorCase,
    version: int,
    moved_on: datetime.date,
    municipality: str,
    recipient: str,
    legal_basis: LegalBasis,
    info_kinds: list[str],
    disclosed: str,
    own_view: str,
    confirmed: bool = False,
    consent_given_on: datetime.date | None = None,
    consent_method: str = "",
) -> Relocation:
    """Hand the case over to another municipality and end it as moved; version-checked (EditConflict).

    The ground is either the young person's consent (the consent basis: when and how it was given) or
    another legal basis in force whose conditions the worker confirms (collaboration's check, with
    the receiving municipality's social services as the recipient). Only the municipality is kept,
    never an address; the free texts are checked for one.
    """
    municipality, recipient = clean_text(municipality or "").strip(), clean_text(recipient or "").strip()
    disclosed, own_view = clean_text(disclosed or "").strip(), clean_text(own_view or "").strip()
    for field, text in (
        ("municipality", municipality),
        ("recipient", recipient),
        ("disclosed", disclosed),
        ("own_view", own_view),
    ):
        refuse_address(text, field)
    errors: dict[str, str] = {}
    if not municipality:
        errors["municipality"] = _("Write the receiving municipality.")
    if not recipient:
        errors["recipient"] = _("Write who received the case in the municipality (a unit or role, never an address).")
    if not disclosed:
        errors["disclosed"] = _("Write what was disclosed.")
    if not own_view:
        errors["own_view"] = _("Record the young person's own view of the move.")
    if not info_kinds or any(kind not in InfoKind.values for kind in info_kinds):
        errors["info_kinds"] = _("Choose the kinds of information disclosed.")
    if moved_on > timezone.localdate():
        errors["moved_on"] = _("The move cannot be recorded ahead of time.")
    if errors:
        raise ValidationError(errors)
    if legal_basis.is_consent:
        if consent_given_on is None or consent_method not in Consent.Method.values:
            raise ValidationError({"consent_given_on": _("Record when and how the young person gave consent.")})
        if consent_given_on > timezone.localdate():
            raise ValidationError({"consent_given_on": _("The consent cannot be given in the future.")})
        if not confirmed:
            raise ValidationError({"confirmed": _("Confirm that the conditions of the legal basis are met.")})
    else:
        consent_given_on, consent_method = None, ""
        try:
            legal_basis_check(
                basis=legal_basis, forum_kind="", party=Party.SOCIAL_SERVICES, confirmed=confirmed, on=moved_on
            )
        except ValidationError as exc:
            raise ValidationError(
                {
                    ("confirmed" if field == "confirm" else field): messages
                    for field, messages in exc.message_dict.items()
                }
            ) from None
    with transaction.atomic():
        locked = DefectorCase.objects.select_for_update().get(pk=case.pk)
        if locked.version != version:
            raise EditConflict(locked)
        if locked.status != DefectorCase.Status.OPEN:
            raise ValidationError(_("Only an open case can be handed over to another municipality."))
        if moved_on < timezone.localdate(locked.received_at):
            raise ValidationError({"moved_on": _("The move cannot come before the interest arrived.")})
        if Handover.objects.filter(case=locked, completed_at__isnull=True).exists():
            raise ValidationError(_("A hand-over of this case is waiting for acknowledgment; complete it first."))
        relocation = Relocation.objects.create(
            case=locked,
            moved_on=moved_on,
            municipality=municipality,
            recipient=recipient,
            legal_basis=legal_basis,
            consent_given_on=consent_given_on,
            consent_method=consent_method,
            conditions_confirmed=confirmed,
            info_kinds=sorted(set(info_kinds)),
            disclosed=disclosed,
            own_view=own_view,
            recorded_by=actor,
        )
        locked.status, locked.closed_reason = DefectorCase.Status.CLOSED, DefectorCase.CloseReason.MOVED
        locked.closed_on = moved_on
        locked.version += 1
        locked.save(update_fields=["status", "closed_reason", "closed_on", "version"])
        # The municipality is whereabouts: it stays in the record, not in the audit details.
        record(
            actor=actor,
            verb="defectors.relocation.record",
            target=locked,
            purpose=PURPOSE,
            legal_basis_id=legal_basis.pk,
            consent=legal_basis.is_consent,
            info_kinds=relocation.info_kinds,
        )
    return relocation
