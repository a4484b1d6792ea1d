"""Writing to the audit log. Call record() inside the transaction of the change it describes."""

import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from samhandling.audit.chain import GENESIS, event_hash, hash_of_row
from samhandling.audit.models import AuditEvent
from samhandling.core.annotations import Viewer

# Serialises writers on PostgreSQL so that each row links to the true previous row.
_PG_LOCK_KEY = 731_245_001


# The lock, then the last hash: two statements in one round trip (AuditEvent's table; a test checks the name).
# The key is written into the text, not bound: PostgreSQL takes several statements in one string only
# without parameters (the simple query protocol), and the connection binds parameters on the server.
_LOCK_AND_LAST_HASH = (
    f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY:d}); "  # noqa: S608 - an integer constant of this module
    "SELECT hash FROM audit_auditevent ORDER BY id DESC LIMIT 1"
)


def _lock_and_last_hash() -> str | None:
    """Take the chain's lock and read the last hash in one round trip to PostgreSQL.

    Under READ COMMITTED each statement of the query string takes its own snapshot, after the one
    before it has finished: the SELECT runs once the lock is held and sees every row committed by
    the writer that held it before us.
    """
    with connection.cursor() as cursor:
        cursor.execute(_LOCK_AND_LAST_HASH)
        cursor.nextset()
        row = cursor.fetchone()
    return row[0] if row else None


def _describe_target(target: models.Model | tuple[Any, Any] | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        return str(target[0]), str(target[1])
    return target._meta.label_lower, str(target.pk)


def _json_safe(details: dict[str, Any]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(json.dumps(details, default=str))
    return loaded


def record(
    *,
    actor: Viewer | None,
    verb: str,
    target: models.Model | tuple[Any, Any] | None = None,
    purpose: str = "",
    **details: Any,
) -> AuditEvent:
    """Append one event: who (actor) did what (verb) to which record (target), and why (purpose).

    `target` is a model instance, a (type, id) tuple or None. Details must not repeat personal
    data the target already holds; they describe the action (fields changed, filters used, ...).
    """
    target_type, target_id = _describe_target(target)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            last = _lock_and_last_hash()
        else:
            last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        prev_hash = last or GENESIS
        created_at = timezone.now()
        clean_details = _json_safe(details)
        fields = dict(
            created_at=created_at,
            actor_id=actor_obj.pk if actor_obj else None,
            actor_username=actor_obj.get_username() if actor_obj else "",
            verb=verb,
            target_type=target_type,
            target_id=target_id,
            purpose=purpose,
            details=clean_details,
        )
        return AuditEvent.objects.create(prev_hash=prev_hash, hash=event_hash(prev_hash=prev_hash, **fields), **fields)


@dataclass
class ChainProblem:
    event_id: int
    problem: str


def verify_chain(batch_size: int = 5000) -> list[ChainProblem]:
    """Walk the whole log and report every row whose hash or link does not hold."""
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != expected_prev:
                problems.append(ChainProblem(event.id, "link"))
            if hash_of_row(event) != event.hash:
                problems.append(ChainProblem(event.id, "content"))
            expected_prev = event.hash
            last_id = event.id
    return problems
