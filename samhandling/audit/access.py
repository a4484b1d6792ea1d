"""Who may read the audit log."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from samhandling.audit.models import AuditEvent
from samhandling.core.annotations import Viewer


def can_review_log(user: Viewer) -> bool:
    return user.is_authenticated and bool(user.has_perm("audit.review_log"))


def visible_audit_events(user: Viewer) -> QuerySet[AuditEvent]:
    """All events for log reviewers; nothing for anyone else."""
    if not can_review_log(user):
        raise PermissionDenied
    return AuditEvent.objects.all()
