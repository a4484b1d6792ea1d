"""Types that services, selectors and access functions of every app share (ADR 0013).

The user model is `accounts.User`. The type checker sees it by name; at run time the aliases are
Django's `AbstractUser`, so that apps below accounts need not import it (import-linter ignores
imports made only for type checking).
"""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:
    from samhandling.accounts.models import User as Actor
else:
    from django.contrib.auth.models import AbstractUser as Actor

# Actor: who does something, a signed-in user. Viewer: who looks, `request.user`, maybe anonymous.
type Viewer = Actor | AnonymousUser

__all__ = ["Actor", "Viewer"]


def signed_in(user: Viewer) -> Actor:
    """`request.user` of a page behind the login requirement: a signed-in user, also for the type checker."""
    from django.core.exceptions import PermissionDenied

    if not user.is_authenticated:
        raise PermissionDenied
    return user
