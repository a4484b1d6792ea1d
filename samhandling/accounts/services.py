from samhandling.audit import services as audit
from samhandling.core.annotations import Actor


def login_recorded(*, actor: Actor, method: str) -> None:
    """Record a successful login step in the audit trail."""
    audit.record(actor=actor, verb="login", target=actor, purpose="authentication", method=method)


def logout_recorded(*, actor: Actor) -> None:
    """Record a logout in the audit trail."""
    audit.record(actor=actor, verb="logout", target=actor, purpose="authentication")


def api_token_create(*, actor: Actor | None, user: Actor, purpose: str = "API access") -> str:
    """Issue a new API token for the user (replacing any old one) and return its key, shown once."""
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    if not user.is_active:
        raise ValueError("inactive user")
    with transaction.atomic():
        replaced = Token.objects.filter(user=user).delete()[0] > 0
        token = Token.objects.create(user=user)
        audit.record(actor=actor, verb="api_token.create", target=user, purpose=purpose, replaced=replaced)
    return str(token.key)
