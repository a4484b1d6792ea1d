"""Anchors outside the database: a shortened, rewritten or emptied log is caught by audit_verify."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from samhandling.audit import anchors, services
from samhandling.audit.chain import hash_of_row
from samhandling.audit.models import AuditEvent
from samhandling.audit.tasks import write_audit_anchor
from samhandling.audit.tests.test_chain import require_postgresql, tamper
from samhandling.core import schedule

pytestmark = pytest.mark.django_db


def events(actor, n):
    return [services.record(actor=actor, verb="case.view", target=("cases.case", str(i))) for i in range(n)]


@pytest.fixture
def reviewer(db):
    from samhandling.organisations.tests import factories as f

    return f.log_reviewer()


def verify(*args, no_stored_anchor=False):
    out, err = StringIO(), StringIO()
    extra = ["--no-stored-anchor"] if no_stored_anchor else []
    try:
        call_command("audit_verify", *args, *extra, stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue() + err.getvalue() + str(exc)
    return True, out.getvalue()


def test_the_worker_writes_anchors_on_a_fixed_interval():
    job = {j.name: j for j in schedule.jobs()}["audit.anchor"]
    assert job.interval_seconds > 0
    assert job.enqueue == write_audit_anchor.enqueue


def test_an_anchor_is_appended_to_the_file_and_mailed_to_the_log_reviewers(
    social_worker_hagersten, reviewer, mailoutbox
):
    events(social_worker_hagersten, 3)
    write_audit_anchor.call()
    newest = AuditEvent.objects.order_by("-id").first()
    lines = Path(anchors.anchor_path()).read_text().splitlines()
    assert json.loads(lines[-1])["id"] == newest.id and json.loads(lines[-1])["hash"] == newest.hash
    assert [m.to for m in mailoutbox] == [[reviewer.email]]
    assert f"{newest.id}:{newest.hash}" in mailoutbox[0].body
    assert "Granskningsloggens ankare" in mailoutbox[0].subject

    write_audit_anchor.call()  # nothing new: no second line, no second mail
    assert len(Path(anchors.anchor_path()).read_text().splitlines()) == len(lines)
    assert len(mailoutbox) == 1

    events(social_worker_hagersten, 1)
    write_audit_anchor.call()
    assert len(Path(anchors.anchor_path()).read_text().splitlines()) == len(lines) + 1
    assert anchors.latest_anchor().event_id == AuditEvent.objects.order_by("-id").first().id


def test_audit_verify_checks_against_the_stored_anchor_by_default(social_worker_hagersten):
    events(social_worker_hagersten, 3)
    anchors.write_anchor()
    ok, output = verify()
    assert ok, output
    assert "Kontrollerad mot lagrat ankare" in output


def test_deleting_the_newest_50_rows_is_detected(social_worker_hagersten):
    written = events(social_worker_hagersten, 60)
    anchors.write_anchor()
    tamper("DELETE FROM audit_auditevent WHERE id >= %s", [written[10].id])
    assert AuditEvent.objects.filter(id__gte=written[10].id).count() == 0
    ok, output = verify()
    assert not ok
    assert f"Händelse {written[-1].id}: ankaret saknas, raden har tagits bort" in output


def test_rehashing_every_row_up_to_the_last_anchor_is_detected(social_worker_hagersten):
    written = events(social_worker_hagersten, 20)
    anchors.write_anchor()
    # The attacker edits an early row and recomputes every hash after it, so that the chain is whole again.
    rows = list(AuditEvent.objects.filter(id__gte=written[5].id).order_by("id"))
    prev = rows[0].prev_hash
    for i, row in enumerate(rows):
        if i == 0:
            row.purpose = "ändrat syfte"
        row.prev_hash = prev
        row.hash = hash_of_row(row)
        tamper(
            "UPDATE audit_auditevent SET purpose = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [row.purpose, row.prev_hash, row.hash, row.id],
        )
        prev = row.hash
    ok, output = verify(no_stored_anchor=True)
    assert ok, output  # the chain alone no longer shows it ...
    ok, output = verify()
    assert not ok  # ... the stored anchor does
    assert f"Händelse {written[-1].id}: ankarets hash stämmer inte" in output


def test_an_emptied_log_fails_when_an_anchor_exists(social_worker_hagersten):
    events(social_worker_hagersten, 3)
    anchors.write_anchor()
    tamper("DELETE FROM audit_auditevent", [])
    ok, output = verify()
    assert not ok
    assert "Granskningsloggen är tom fast händelser har funnits" in output


def test_the_database_refuses_to_truncate_the_audit_table(social_worker_hagersten):
    require_postgresql()
    events(social_worker_hagersten, 3)
    before = AuditEvent.objects.count()
    with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
        with connection.cursor() as cursor:
            # The test suite's own permission (conftest.py) is switched off, as in production.
            cursor.execute("SET LOCAL samhandling.allow_audit_truncate = 'off'")
            cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == before
