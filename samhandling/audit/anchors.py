"""Anchors: the newest audit row's id and hash, kept where the database role cannot change them.

The hash chain shows an edited or removed row in the middle of the log, but a shortened or
rewritten tail is a valid chain of its own. An anchor written outside the database closes that
gap: `audit_verify` checks that the anchored row still exists with the same hash. The worker
writes an anchor at a fixed interval (AUDIT_ANCHOR_SECONDS) to an append-only file
(AUDIT_ANCHOR_FILE, to be placed on write-once storage) and e-mails it to the log reviewers,
so that a second copy lives outside the server.
"""

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samhandling.audit.models import AuditEvent

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Anchor:
    event_id: int
    hash: str
    count: int
    written_at: str

    def as_argument(self) -> str:
        return f"{self.event_id}:{self.hash}"


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def stored_anchors() -> list[Anchor]:
    """Every anchor in the file, oldest first; lines that do not parse are skipped."""
    path = anchor_path()
    if not path.exists():
        return []
    anchors = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(line)
            anchors.append(Anchor(int(data["id"]), str(data["hash"]), int(data["count"]), str(data["at"])))
        except (ValueError, KeyError, TypeError):
            continue
    return anchors


def latest_anchor() -> Anchor | None:
    anchors = stored_anchors()
    return anchors[-1] if anchors else None


def _append(anchor: Anchor) -> None:
    path = anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {"id": anchor.event_id, "hash": anchor.hash, "count": anchor.count, "at": anchor.written_at},
        separators=(",", ":"),
    )
    # O_APPEND only: the file is never rewritten, so it can live on append-only (chattr +a) or
    # write-once storage. fsync so that an anchor that was reported written survives a crash.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)


def log_reviewer_emails() -> list[str]:
    """Addresses of the active users who hold an active log-reviewer membership, plus AUDIT_ANCHOR_EMAILS."""
    from samhandling.organisations.models import Membership
    from samhandling.organisations.roles import Role

    members = Membership.objects.active().filter(role=Role.LOG_REVIEWER, user__is_active=True)
    addresses = set(members.exclude(user__email="").values_list("user__email", flat=True))
    addresses.update(settings.AUDIT_ANCHOR_EMAILS)
    return sorted(addresses)


def _mail(anchor: Anchor) -> None:
    recipients = log_reviewer_emails()
    if not recipients:
        logger.warning("audit anchor %s written, but there is no log reviewer to e-mail it to", anchor.event_id)
        return
    with translation.override("sv"):
        subject = _("Audit log anchor %(id)s") % {"id": anchor.event_id}
        body = _(
            "Samhandling's audit log had %(count)s events at %(at)s. The newest event is:\n\n%(anchor)s\n\n"
            "Keep this message. If the log is ever shortened or rewritten, this anchor shows it: "
            "manage.py audit_verify --anchor %(anchor)s"
        ) % {"count": anchor.count, "at": anchor.written_at, "anchor": anchor.as_argument()}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def write_anchor() -> Anchor | None:
    """Append the newest row as an anchor and e-mail it; nothing when no event came since the last anchor."""
    newest = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    if newest is None:
        return None
    previous = latest_anchor()
    if previous and previous.event_id == newest[0] and previous.hash == newest[1]:
        return None
    anchor = Anchor(newest[0], newest[1], AuditEvent.objects.count(), timezone.now().isoformat(timespec="seconds"))
    _append(anchor)
    _mail(anchor)
    return anchor
