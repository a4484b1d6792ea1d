"""The hash chain that makes the audit log tamper-evident."""

import hashlib
import json

GENESIS = "0" * 64


def event_hash(
    *,
    prev_hash: str,
    created_at,
    actor_id,
    actor_username,
    verb,
    target_type,
    target_id,
    purpose,
    details,
) -> str:
    """SHA-256 over the previous hash and a canonical JSON of the row's content."""
    payload = json.dumps(
        {
            "prev": prev_hash,
            "at": created_at.isoformat(),
            "actor": actor_id,
            "username": actor_username,
            "verb": verb,
            "type": target_type,
            "id": target_id,
            "purpose": purpose,
            "details": details,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def hash_of_row(event) -> str:
    return event_hash(
        prev_hash=event.prev_hash,
        created_at=event.created_at,
        actor_id=event.actor_id,
        actor_username=event.actor_username,
        verb=event.verb,
        target_type=event.target_type,
        target_id=event.target_id,
        purpose=event.purpose,
        details=event.details,
    )
