"""Audit log benchmark: record() throughput and audit_verify over a large chain, on PostgreSQL.

Run alone: .venv/bin/python bench/bench_audit.py [--events N] [--record-sample N]
Uses its own database samhandling_bench_audit (dropped and created anew), on the server in
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432).
"""

import argparse
import time
from datetime import date
from pathlib import Path

import benchlib

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "samhandling_bench_audit"

# record() writes one row per call with a lock and a read of the previous hash, like real use; the rest
# of the chain up to EVENTS is written in bulk with the same hash function, so that audit_verify has a
# chain of the full size to walk.
EVENTS = 1_000_000
RECORD_SAMPLE = 20_000
SMOKE = {"events": 2_000, "record_sample": 50}  # the test suite's tiny run (tests/test_bench_smoke.py)


def _bulk_extend(target: int, batch: int = 10_000) -> float:
    from django.db import transaction
    from django.utils import timezone

    from samhandling.audit.chain import GENESIS, event_hash
    from samhandling.audit.models import AuditEvent

    started = time.perf_counter()
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
    have = AuditEvent.objects.count()
    n = have
    while n < target:
        rows = []
        for _ in range(min(batch, target - n)):
            fields = dict(
                created_at=timezone.now(),
                actor_id=(n % 500) + 1,
                actor_username=f"user{n % 500}",
                verb=("case.view", "case.update", "plan.view", "audit.search")[n % 4],
                target_type="cases.case",
                target_id=str(n % 40_000),
                purpose="utredning",
                details={"fields": ["status"]} if n % 4 == 1 else {},
            )
            h = event_hash(prev_hash=last, **fields)
            rows.append(AuditEvent(prev_hash=last, hash=h, **fields))
            last = h
            n += 1
        with transaction.atomic():
            AuditEvent.objects.bulk_create(rows)
    return time.perf_counter() - started


def run(results_dir, events: int = EVENTS, record_sample: int = RECORD_SAMPLE) -> Path:
    benchlib.setup_database(DB_NAME)
    from django.core.management import call_command

    from samhandling.accounts.models import User
    from samhandling.audit import services
    from samhandling.audit.models import AuditEvent

    actor = User.objects.create_user(username="bench", password=None)

    # 1. record(), one call per transaction as services make it.
    started = time.perf_counter()
    for i in range(record_sample):
        services.record(actor=actor, verb="case.view", target=("cases.case", str(i)), purpose="utredning", n=i)
    record_seconds = time.perf_counter() - started

    # 2. The rest of the chain in bulk.
    bulk_seconds = _bulk_extend(events)
    total = AuditEvent.objects.count()

    # 3. audit_verify over the whole chain.
    started = time.perf_counter()
    from io import StringIO

    out = StringIO()
    # Its own database: the project's anchor file (var/) holds anchors of other databases.
    call_command("audit_verify", "--no-stored-anchor", stdout=out)
    verify_seconds = time.perf_counter() - started
    assert "intakt" in out.getvalue()

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('audit_auditevent')")
        size = cursor.fetchone()[0]

    results_dir = Path(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"audit-{date.today().isoformat()}.md"
    scale_note = (
        "the full default scale"
        if events == EVENTS and record_sample == RECORD_SAMPLE
        else f"a smaller scale than the default ({EVENTS:,} events, {RECORD_SAMPLE:,} record() calls)"
    )
    path.write_text(
        f"""# Audit log benchmark, {date.today().isoformat()}

Machine: {benchlib.machine_description()}.
Scale: {total:,} events in the chain ({scale_note}); `bench/bench_audit.py`.

| what | result |
| --- | --- |
| `audit.record()`, one call per transaction, {record_sample:,} calls | {record_sample / record_seconds:,.0f} events/s ({record_seconds * 1000 / record_sample:.2f} ms each) |
| bulk extension of the chain to {total:,} rows (same hash function, batches of 10,000) | {bulk_seconds:,.0f} s |
| `manage.py audit_verify` over {total:,} events | {verify_seconds:,.1f} s ({total / verify_seconds:,.0f} events/s) |
| table with indexes on disk | {size / 1024 / 1024:,.0f} MiB |

record() takes a transaction-scoped advisory lock and reads the last hash, so writers are serialised: the
figure above is the ceiling for the whole installation, not per worker. audit_verify reads the chain in
batches of 5,000 rows by id and holds no lock.
""",
        encoding="utf-8",
    )
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--record-sample", type=int, default=RECORD_SAMPLE)
    args = parser.parse_args()
    print(run(ROOT / "bench" / "results", events=args.events, record_sample=args.record_sample))
