from samhandling.audit import services as audit


def login_recorded(*, actor, method: str) -> None:
    """Record a successful login step in the audit trail."""
    audit.record(actor=actor, verb="login", target=actor, purpose="authentication", method=method)


def logout_recorded(*, actor) -> None:
    """Record a logout in the audit trail."""
    audit.record(actor=actor, verb="logout", target=actor, purpose="authentication")
