import io

import pytest

from samhandling.organisations.demo import load_demo_organisations
from samhandling.welfare import demo
from samhandling.welfare.models import Flag, Payment, Supplier


@pytest.mark.django_db
def test_the_demo_is_fictitious_idempotent_and_shows_the_flags():
    load_demo_organisations()
    demo.load(io.StringIO())
    counts = (Supplier.objects.count(), Payment.objects.count(), Flag.objects.count())
    demo.load(io.StringIO())
    assert (Supplier.objects.count(), Payment.objects.count(), Flag.objects.count()) == counts
    assert all("(demo)" in s.name for s in Supplier.objects.all())
    first = Supplier.objects.get(org_number="5592000011")
    assert {f.rule.code for f in first.flags.all()} >= {"account-changed", "volume-out-of-line"}
