"""Disclosures: every piece of information that goes to another agency, with its ground."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.collaboration.models import Consent, Disclosure, Forum, ForumMember, LegalBasis
from samhandling.collaboration.services.consent import consents_covering, legal_basis_check
from samhandling.core.annotations import Actor


def plan_snapshot(forum: Forum) -> str:
    """The shared plan as text: the goals in the young person's words and the actions (who, what, when)."""
    lines = [_("Goals: %(goals)s") % {"goals": forum.goals or "–"}, ""]
    for a in forum.actions.select_related("owner__unit__administration", "owner__agency", "owner__police_area"):
        lines.append(f"- {a.what} ({a.owner}, {a.due_on:%Y-%m-%d})")
    return "\n".join(lines)


@transaction.atomic
def disclosure_record(
    *,
    actor: Actor,
    forum: Forum,
    recipients: list[ForumMember],
    what: str,
    info_kind: str,
    content: str,
    legal_basis: LegalBasis,
    confirmed: bool,
    token: uuid.UUID,
) -> list[Disclosure]:
    """Share information with members and record each disclosure; one token shares once per recipient."""
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    existing = list(Disclosure.objects.filter(batch_token=token))
    if existing:
        return existing
    if forum.status != Forum.Status.ACTIVE:
        raise ValidationError(_("Information can be shared only while the forum is active."))
    if not recipients:
        raise ValidationError({"recipients": _("Choose at least one recipient.")})
    if not content.strip():
        raise ValidationError({"content": _("Write what is shared.")})
    now = timezone.now()
    made = []
    for member in recipients:
        if member.forum_id != forum.id or member.removed_at is not None or member.unit_id == forum.lead_unit_id:
            raise ValidationError({"recipients": _("Choose members of this forum from other organisations.")})
        consents: list[Consent] = []
        if legal_basis.is_consent:
            if not confirmed:
                raise ValidationError({"confirm": _("Confirm that the conditions of the legal basis are met.")})
            covering = consents_covering(forum, member.party, info_kind)
            if covering is None:
                raise ValidationError(
                    {
                        "recipients": _("No consent in force covers %(party)s for this information.")
                        % {"party": member.get_party_display().lower()}
                    }
                )
            consents = covering
        else:
            legal_basis_check(basis=legal_basis, forum_kind=forum.kind, party=member.party, confirmed=confirmed)
        d = Disclosure.objects.create(
            forum=forum,
            person=forum.person,
            recipient=member,
            recipient_party=member.party,
            what=what,
            info_kind=info_kind,
            content=content[:8000],
            legal_basis=legal_basis,
            disclosed_at=now,
            disclosed_by=actor,
            batch_token=token,
        )
        d.consents.set(consents)
        record(
            actor=actor,
            verb="collaboration.disclosure.record",
            target=d,
            purpose="disclosure",
            forum_id=forum.id,
            recipient_party=member.party,
            legal_basis_id=legal_basis.id,
            consent_ids=[c.id for c in consents],
            info_kind=info_kind,
        )
        made.append(d)
    return made
