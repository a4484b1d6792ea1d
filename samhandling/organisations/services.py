"""Writes to users and memberships. Each takes effect on the user's next request."""

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone

from samhandling.audit import services as audit
from samhandling.core.annotations import Actor
from samhandling.organisations.models import Membership


@transaction.atomic
def membership_end(*, actor: Actor | None, membership: Membership, purpose: str = "administration") -> Membership:
    """End a membership today: the role's rights are gone from the user's next request."""
    membership.is_active = False
    membership.valid_to = timezone.localdate()
    membership.save(update_fields=["is_active", "valid_to"])
    audit.record(
        actor=actor,
        verb="membership.end",
        target=membership,
        purpose=purpose,
        user_id=membership.user_id,
        role=membership.role,
    )
    return membership


@transaction.atomic
def user_deactivate(*, actor: Actor | None, user: AbstractUser, purpose: str = "administration") -> AbstractUser:
    """Deactivate a user: every session of theirs stops working on its next request."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(actor=actor, verb="user.deactivate", target=user, purpose=purpose)
    return user
