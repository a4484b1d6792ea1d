"""Writes to users and memberships. Each takes effect on the user's next request.

Rights are read from the memberships on every request (organisations.access), so nothing here
needs to touch sessions: the next request of the person concerned sees the change.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit import services as audit
from samhandling.core.annotations import Actor
from samhandling.organisations import access
from samhandling.organisations.models import Membership, Unit


class EditConflict(Exception):
    """The record changed after the form was opened; the caller shows the saved version (409)."""

    def __init__(self, current: object) -> None:
        super().__init__("edit conflict")
        self.current = current


def _require_unit_admin(actor: Actor | None, unit: Unit | None, role: str | None = None) -> None:
    """Refuse a change the actor's administration rights do not cover (actor None: the system itself)."""
    if actor is None:
        return
    if unit is None:
        if not access.can_manage_all_users(actor):
            raise PermissionDenied
        return
    if not access.administered_units(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied
    if role is not None and role not in access.grantable_roles(actor):
        raise PermissionDenied


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    title: str = "",
    oidc_subject: str = "",
    purpose: str = "administration",
) -> Actor:
    """Add a user without any role: they log in through single sign-on and get rights from memberships."""
    if not access.can_manage_all_users(actor):
        raise PermissionDenied
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("A user with this username already exists.")})
    if email and get_user_model().objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    if oidc_subject and get_user_model().objects.filter(oidc_subject=oidc_subject).exists():
        raise ValidationError({"oidc_subject": _("A user with this SSO subject already exists.")})
    user = get_user_model()(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        title=title,
        oidc_subject=oidc_subject or None,
    )
    # No password: the user signs in through the city's single sign-on.
    user.set_unusable_password()
    user.save()
    audit.record(actor=actor, verb="user.create", target=user, purpose=purpose, sso=bool(oidc_subject))
    return user


@transaction.atomic
def membership_give(
    *,
    actor: Actor,
    user: Actor,
    unit: Unit,
    role: str,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    purpose: str = "administration",
) -> Membership:
    """Give a user a role in a unit, from–to; the rights follow from the user's next request."""
    _require_unit_admin(actor, unit, role)
    if not user.is_active:
        raise ValidationError(_("The user is deactivated."))
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end date cannot come before the start date.")})
    today = timezone.localdate()
    if valid_to and valid_to < today:
        raise ValidationError({"valid_to": _("The end date has already passed.")})
    # One row per user, role and unit (a database constraint): an ended membership is given again
    # in the same row, and the audit trail keeps the earlier periods.
    existing: Membership | None = Membership.objects.select_for_update().filter(user=user, role=role, unit=unit).first()
    membership: Membership
    if existing is not None:
        still_valid = existing.is_active and (existing.valid_to is None or existing.valid_to >= today)
        if still_valid:
            raise ValidationError(_("The user already holds this role in this unit."))
        existing.is_active = True
        existing.valid_from, existing.valid_to = valid_from, valid_to
        existing.version += 1
        existing.save(update_fields=["is_active", "valid_from", "valid_to", "version"])
        membership = existing
    else:
        membership = Membership.objects.create(
            user=user, unit=unit, role=role, valid_from=valid_from, valid_to=valid_to
        )
    audit.record(
        actor=actor,
        verb="membership.give",
        target=membership,
        purpose=purpose,
        user_id=user.pk,
        unit_id=unit.pk,
        role=role,
        valid_from=valid_from.isoformat() if valid_from else None,
        valid_to=valid_to.isoformat() if valid_to else None,
        renewed=existing is not None,
    )
    return membership


@transaction.atomic
def membership_end(
    *,
    actor: Actor | None,
    membership: Membership,
    expected_version: int | None = None,
    purpose: str = "administration",
) -> Membership:
    """End a membership today: the role's rights are gone from the user's next request."""
    current: Membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _require_unit_admin(actor, current.unit, current.role)
    if expected_version is not None and current.version != expected_version:
        raise EditConflict(current)
    current.is_active = False
    current.valid_to = timezone.localdate()
    current.version += 1
    current.save(update_fields=["is_active", "valid_to", "version"])
    audit.record(
        actor=actor,
        verb="membership.end",
        target=current,
        purpose=purpose,
        user_id=current.user_id,
        role=current.role,
    )
    membership.is_active, membership.valid_to, membership.version = current.is_active, current.valid_to, current.version
    return current


@transaction.atomic
def user_deactivate(
    *,
    actor: Actor | None,
    user: Actor,
    expected_active: bool | None = None,
    purpose: str = "administration",
) -> Actor:
    """Deactivate a user: every session of theirs stops working on its next request."""
    if actor is not None and not access.can_manage_all_users(actor):
        raise PermissionDenied
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    current: Actor = get_user_model().objects.select_for_update().get(pk=user.pk)
    # The page showed an active user; someone else deactivated them meanwhile.
    if expected_active is not None and current.is_active != expected_active:
        raise EditConflict(current)
    current.is_active = False
    current.save(update_fields=["is_active"])
    audit.record(actor=actor, verb="user.deactivate", target=current, purpose=purpose)
    user.is_active = False
    return current
