"""Background work of the audit log: anchors written at a fixed interval by the worker."""

from django.tasks import task

from samhandling.audit import anchors


@task()
def write_audit_anchor() -> None:
    """Append the newest audit row's id and hash to the anchor file and e-mail it to the log reviewers."""
    anchors.write_anchor()
