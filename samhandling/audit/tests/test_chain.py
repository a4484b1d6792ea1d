"""The audit chain: record() links rows, audit_verify catches tampering, the trigger refuses changes."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from samhandling.audit import services
from samhandling.audit.chain import GENESIS, hash_of_row
from samhandling.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TRIGGER = "audit_auditevent_append_only"


def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL (set DATABASE_URL); the append-only trigger exists only there")


def three_events(actor):
    return [
        services.record(actor=actor, verb="case.view", target=("cases.case", "17"), purpose="handläggning"),
        services.record(actor=actor, verb="case.update", target=actor, purpose="handläggning", fields=["status"]),
        services.record(actor=None, verb="retention.run", purpose="gallring", removed=3),
    ]


def verify():
    out, err = StringIO(), StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue() + err.getvalue() + str(exc)
    return True, out.getvalue()


def tamper(sql, params):
    """Run SQL on the audit table as an attacker with table-owner rights would: trigger off, change, trigger on."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {TRIGGER}")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE audit_auditevent ENABLE TRIGGER {TRIGGER}")


def test_record_chains_each_row_to_the_previous(social_worker_hagersten):
    first, second, third = three_events(social_worker_hagersten)
    previous = AuditEvent.objects.filter(id__lt=first.id).order_by("-id").values_list("hash", flat=True).first()
    assert first.prev_hash == (previous or GENESIS)
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    for event in (first, second, third):
        event.refresh_from_db()
        assert hash_of_row(event) == event.hash


def test_record_describes_actor_target_purpose_and_details(social_worker_hagersten):
    first, second, third = three_events(social_worker_hagersten)
    assert (first.actor_id, first.actor_username) == (social_worker_hagersten.pk, social_worker_hagersten.username)
    assert (first.target_type, first.target_id, first.purpose) == ("cases.case", "17", "handläggning")
    assert (second.target_type, second.target_id) == ("accounts.user", str(social_worker_hagersten.pk))
    assert second.details == {"fields": ["status"]}
    assert (third.actor_id, third.actor_username, third.details) == (None, "", {"removed": 3})


def test_a_failed_transaction_leaves_no_audit_row(social_worker_hagersten):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.record(actor=social_worker_hagersten, verb="case.update", target=("cases.case", "1"))
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == before
    assert verify()[0]


def test_audit_verify_passes_on_an_intact_log(social_worker_hagersten):
    three_events(social_worker_hagersten)
    ok, output = verify()
    assert ok, output
    assert f"Granskningsloggen är intakt ({AuditEvent.objects.count()} händelser)." in output


def test_audit_verify_names_the_row_whose_content_was_edited(social_worker_hagersten):
    _, second, _ = three_events(social_worker_hagersten)
    tamper("UPDATE audit_auditevent SET actor_username = %s WHERE id = %s", ["någon-annan", second.id])
    assert AuditEvent.objects.get(id=second.id).actor_username == "någon-annan"
    ok, output = verify()
    assert not ok
    assert f"Händelse {second.id}: innehållet har ändrats" in output
    assert "Granskningsloggen är inte intakt: 1 fel" in output


def test_audit_verify_catches_an_edit_that_also_recomputes_the_rows_hash(social_worker_hagersten):
    _, second, third = three_events(social_worker_hagersten)
    second.purpose = "annat syfte"
    forged = hash_of_row(second)
    tamper("UPDATE audit_auditevent SET purpose = %s, hash = %s WHERE id = %s", ["annat syfte", forged, second.id])
    ok, output = verify()
    assert not ok
    assert f"Händelse {third.id}: länken till föregående rad är bruten" in output


def test_audit_verify_names_the_row_after_a_deleted_one(social_worker_hagersten):
    first, second, third = three_events(social_worker_hagersten)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [second.id])
    ok, output = verify()
    assert not ok
    assert f"Händelse {third.id}: länken till föregående rad är bruten" in output


def test_the_database_refuses_to_update_an_audit_row(social_worker_hagersten):
    require_postgresql()
    event = three_events(social_worker_hagersten)[0]
    with pytest.raises(DatabaseError, match="append-only: UPDATE refused"), transaction.atomic():
        AuditEvent.objects.filter(id=event.id).update(purpose="ändrat")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET verb = 'x' WHERE id = %s", [event.id])
    event.refresh_from_db()
    assert event.purpose == "handläggning"


def test_the_database_refuses_to_delete_an_audit_row(social_worker_hagersten):
    require_postgresql()
    event = three_events(social_worker_hagersten)[0]
    with pytest.raises(DatabaseError, match="append-only: DELETE refused"), transaction.atomic():
        AuditEvent.objects.filter(id=event.id).delete()
    assert AuditEvent.objects.filter(id=event.id).exists()
    assert verify()[0]


def test_an_anchor_from_an_earlier_run_catches_removed_newest_rows(social_worker_hagersten):
    three_events(social_worker_hagersten)
    ok, output = verify()
    anchor = output.split("Ankare för nästa kontroll: ")[1].strip()
    newest = AuditEvent.objects.order_by("-id").first()
    assert anchor == f"{newest.id}:{newest.hash}"
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [newest.id])
    assert verify()[0]  # the shorter chain is valid on its own ...
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", "--anchor", anchor, stdout=out, stderr=err)
    assert f"Händelse {newest.id}: ankaret saknas" in err.getvalue()  # ... but not against the anchor


def test_the_lock_and_last_hash_statement_reads_the_audit_table():
    assert f"FROM {AuditEvent._meta.db_table} " in services._LOCK_AND_LAST_HASH


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    """The lock and the read of the last hash go in one round trip: each writer still links to the true last row."""
    import threading

    from django.db import connections

    require_postgresql()
    errors: list[Exception] = []

    def write(n: int) -> None:
        try:
            for i in range(15):
                services.record(actor=None, verb="test.read", target=("thread", f"{n}-{i}"), purpose="test")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = list(AuditEvent.objects.order_by("id"))
    assert len(rows) == 60
    assert rows[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(rows, rows[1:], strict=False))
    assert services.verify_chain() == []
