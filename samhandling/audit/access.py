"""Who may read the audit log."""

from django.core.exceptions import PermissionDenied

from samhandling.audit.models import AuditEvent


def can_review_log(user) -> bool:
    return user.is_authenticated and user.has_perm("audit.review_log")


def visible_audit_events(user):
    """All events for log reviewers; nothing for anyone else."""
    if not can_review_log(user):
        raise PermissionDenied
    return AuditEvent.objects.all()
