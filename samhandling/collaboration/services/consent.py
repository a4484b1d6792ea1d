"""Rules, consent and legal bases: services other apps (the defector process) may call.

`rule_for`, `required_givers`, `consent_record`, `consent_withdraw`, `legal_basis_check` and
`coverage_recompute` hold the whole consent logic; nothing else decides whether a consent is enough.
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.models import Person
from samhandling.collaboration.models import Consent, Forum, ForumMember, ForumRule, LegalBasis
from samhandling.core.annotations import Actor


def rule_for(kind: str, on: datetime.date | None = None) -> ForumRule:
    """The rule of a forum kind in force on a date (today by default)."""
    on = on or timezone.localdate()
    rule = (
        ForumRule.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), kind=kind, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )
    if rule is None:
        raise ValidationError({"kind": _("There is no rule in force for this kind of forum.")})
    return rule


def age_on(person: Person, on: datetime.date) -> int | None:
    """Whole years of age on a date, or None when the date of birth is not known."""
    born = person.birth_date
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def required_givers(forum: Forum, on: datetime.date | None = None) -> list[tuple[Person, str]]:
    """Who must consent today: the guardians, the young person from 15, the young person alone from 18."""
    on = on or timezone.localdate()
    rule = forum.rule
    age = age_on(forum.person, on)
    if age is None:
        raise ValidationError(_("The young person's date of birth is not known; register it in the case first."))
    if age >= rule.young_person_alone_from_age:
        return [(forum.person, Consent.Giver.YOUNG_PERSON)]
    givers = [(g, Consent.Giver.GUARDIAN) for g in forum.person.guardians.order_by("id")]
    if not givers:
        raise ValidationError(_("No guardian is registered for the young person; register the guardians in the case."))
    if age >= rule.young_person_consents_from_age:
        givers.append((forum.person, Consent.Giver.YOUNG_PERSON))
    return givers


def in_force(consent: Consent, on: datetime.date | None = None) -> bool:
    """Given, not withdrawn and not expired on the date."""
    on = on or timezone.localdate()
    return consent.withdrawn_at is None and consent.given_on <= on <= consent.valid_to


def _covering(forum: Forum, giver: Person, party: str, info_kind: str | None, on) -> list[Consent]:
    return [
        c
        for c in forum.consents.filter(given_by=giver)
        if in_force(c, on) and party in c.parties and (info_kind is None or info_kind in c.info_kinds)
    ]


def consents_covering(forum: Forum, party: str, info_kind: str | None = None, on=None) -> list[Consent] | None:
    """The consents in force that together cover a party (and kind of information); None when one giver lacks."""
    on = on or timezone.localdate()
    found: list[Consent] = []
    for giver, _kind in required_givers(forum, on):
        mine = _covering(forum, giver, party, info_kind, on)
        if not mine:
            return None
        found.extend(mine)
    return found


def consent_complete(forum: Forum, on=None) -> bool:
    """Every required giver has a consent in force (whatever its scope)."""
    on = on or timezone.localdate()
    try:
        givers = required_givers(forum, on)
    except ValidationError:
        return False
    return all(any(in_force(c, on) for c in forum.consents.filter(given_by=g)) for g, _k in givers)


def coverage_recompute(forum: Forum) -> None:
    """Set each member's covered_until from the consents in force now (None: the door is closed)."""
    today = timezone.localdate()
    for member in forum.members.filter(removed_at__isnull=True):
        until = None
        try:
            found = []
            for giver, _kind in required_givers(forum, today):
                mine = _covering(forum, giver, member.party, None, today)
                if not mine:
                    found = None
                    break
                found.append(max(c.valid_to for c in mine))
            until = min(found) if found else None
        except ValidationError:
            until = None
        if member.covered_until != until:
            member.covered_until = until
            member.save(update_fields=["covered_until"])


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    forum: Forum,
    given_by: Person,
    given_on: datetime.date,
    method: str,
    parties: list[str],
    info_kinds: list[str],
    valid_to: datetime.date,
    token: uuid.UUID,
) -> Consent:
    """Record a consent from the young person or a guardian (idempotent by token); partners' access follows at once."""
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    existing = Consent.objects.filter(creation_token=token).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    if given_on > today:
        raise ValidationError({"given_on": _("The date must not be in the future.")})
    if valid_to < today:
        raise ValidationError({"valid_to": _("The consent has already expired; record a consent that is in force.")})
    if valid_to < given_on:
        raise ValidationError({"valid_to": _("The end date must come after the date the consent was given.")})
    if given_by.id == forum.person_id:
        giver = Consent.Giver.YOUNG_PERSON
    elif forum.person.guardians.filter(id=given_by.id).exists():
        giver = Consent.Giver.GUARDIAN
    else:
        raise ValidationError({"given_by": _("Only the young person or a registered guardian can consent.")})
    unknown = set(parties) - set(forum.rule.parties)
    if unknown or not parties:
        raise ValidationError({"parties": _("Choose parties that take part in this kind of forum.")})
    if not info_kinds:
        raise ValidationError({"info_kinds": _("Choose which information the consent covers.")})
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                forum=forum,
                given_by=given_by,
                giver=giver,
                given_on=given_on,
                method=method,
                parties=sorted(parties),
                info_kinds=sorted(info_kinds),
                valid_to=valid_to,
                recorded_by=actor,
                creation_token=token,
            )
    except IntegrityError:
        return Consent.objects.get(creation_token=token)
    coverage_recompute(forum)
    record(
        actor=actor,
        verb="collaboration.consent.record",
        target=consent,
        purpose="consent",
        forum_id=forum.id,
        giver=giver,
        parties=consent.parties,
        info_kinds=consent.info_kinds,
        valid_to=valid_to,
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Actor, consent: Consent, note: str) -> Consent:
    """Withdraw a consent now: partners relying on it lose access on their next request."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return consent
    consent.withdrawn_at = timezone.now()
    consent.withdrawal_note = note[:300]
    consent.save(update_fields=["withdrawn_at", "withdrawal_note"])
    coverage_recompute(consent.forum)
    record(
        actor=actor,
        verb="collaboration.consent.withdraw",
        target=consent,
        purpose="consent withdrawn",
        forum_id=consent.forum_id,
    )
    return consent


def legal_bases_in_force(on: datetime.date | None = None):
    """The legal bases in force on a date."""
    on = on or timezone.localdate()
    return LegalBasis.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)


def legal_basis_check(
    *, basis: LegalBasis, forum_kind: str, party: str | None = None, confirmed: bool, on=None
) -> None:
    """Raise a Swedish error unless the basis is in force, fits the forum and recipient, and its conditions are confirmed."""
    on = on or timezone.localdate()
    if not legal_bases_in_force(on).filter(pk=basis.pk).exists():
        raise ValidationError({"legal_basis": _("This legal basis is not in force.")})
    if basis.forum_kinds and forum_kind not in basis.forum_kinds:
        raise ValidationError({"legal_basis": _("This legal basis does not apply to this kind of forum.")})
    if party and basis.recipient_parties and party not in basis.recipient_parties:
        raise ValidationError({"legal_basis": _("This legal basis does not allow disclosure to that recipient.")})
    if not confirmed:
        raise ValidationError({"confirm": _("Confirm that the conditions of the legal basis are met.")})


def member_party_allowed(forum: Forum, member: ForumMember) -> bool:
    """True when the member's party may take part in this kind of forum."""
    return member.party in forum.rule.parties
