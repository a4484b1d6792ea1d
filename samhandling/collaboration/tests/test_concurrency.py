"""Three parallel requests with the same token create one record (real transactions, real threads)."""

import threading
import uuid

import pytest
from django.db import connection

from samhandling.collaboration import services
from samhandling.collaboration.models import Disclosure, Forum, LegalBasis
from samhandling.collaboration.tests import helpers as h
from samhandling.organisations.tests import factories as f

# Data that migrations load comes back through the root conftest (core.testing.ensure_migration_data).
pytestmark = pytest.mark.django_db(transaction=True)


def _parallel(call, n=3):
    barrier = threading.Barrier(n)
    errors = []

    def run():
        try:
            barrier.wait()
            call()
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_parallel_starts_and_shares_create_one_record_each():
    worker = f.social_worker("Hägersten-Älvsjö")
    case = h.case_for(worker)
    token = uuid.uuid4()
    _parallel(lambda: services.forum_create(actor=worker, kind="sspf", case=case, requested_by="", token=token))
    assert Forum.objects.count() == 1
    forum = h.sspf(worker)
    member = forum.members.get(party="police")
    share_token = uuid.uuid4()
    _parallel(
        lambda: services.disclosure_record(
            actor=worker,
            forum=forum,
            recipients=[member],
            what="plan",
            info_kind="plan",
            content="Planen",
            legal_basis=LegalBasis.objects.get(code="osl-12-2-samtycke"),
            confirmed=True,
            token=share_token,
        )
    )
    assert Disclosure.objects.filter(batch_token=share_token).count() == 1
