"""Integrity checks: the checklist answered from the latest facts, a person's result, re-checks, conflicts."""

import datetime
from decimal import Decimal

import pytest

from samhandling.welfare import services
from samhandling.welfare.models import CheckItem, Fact, Flag, FlagRule, IntegrityCheck, Person, Supplier
from samhandling.welfare.tests.conftest import ORG_A, ORG_B

D = datetime.date


@pytest.fixture
def supplier(db):
    s = Supplier.objects.create(org_number=ORG_A, name="Omsorgen Exempel AB")
    Fact.objects.create(supplier=s, kind="status", value="Registrerad", valid_from=D(2020, 1, 1), source="Bolagsverket")
    Fact.objects.create(supplier=s, kind="f_tax", value="ja", valid_from=D(2020, 1, 1), source="Skatteverket")
    return s


def answers(check):
    return {i.criterion.code: (i.answer, i.automatic) for i in check.items.select_related("criterion")}


@pytest.mark.django_db
def test_items_are_answered_from_the_latest_facts_and_the_rest_left_to_the_controller(controller, supplier):
    Fact.objects.create(
        supplier=supplier, kind="tax_debt", amount=Decimal("250000"), valid_from=D(2025, 1, 1), source="Skatteverket"
    )
    check = services.check_create(actor=controller, supplier=supplier, procurement="Hemtjänst 2026")
    got = answers(check)
    assert got["registrerad"] == ("yes", True)
    assert got["f-skatt"] == ("yes", True)
    assert got["skatteskuld"] == ("no", True)
    assert got["verklig-huvudman"] == ("no", True)
    assert got["kronofogden"] == ("unknown", False)
    assert got["anbudssvar"] == ("unknown", False)
    # A double click: the same undecided check.
    assert services.check_create(actor=controller, supplier=supplier, procurement="Hemtjänst 2026") == check


@pytest.mark.django_db
def test_a_person_behind_a_supplier_the_city_reported_fails_the_earlier_findings_item(controller, supplier):
    other = Supplier.objects.create(org_number=ORG_B, name="Assistans Påhitt AB")
    p = Person.objects.create(name="Testa Testsson", name_key="testa testsson", birth_date=D(1970, 5, 5))
    Fact.objects.create(
        supplier=supplier, kind="beneficial_owner", person=p, valid_from=D(2024, 1, 1), source="Bolagsverket"
    )
    Fact.objects.create(supplier=other, kind="board_member", person=p, valid_from=D(2024, 1, 1), source="Bolagsverket")
    Flag.objects.create(
        rule=FlagRule.objects.first(),
        supplier=other,
        key="x",
        explanation="x",
        found_on=D(2025, 1, 1),
        decision="police",
    )
    check = services.check_create(actor=controller, supplier=supplier, procurement="Assistans 2026")
    assert answers(check)["tidigare-fynd"] == ("no", True)
    assert answers(check)["verklig-huvudman"] == ("yes", True)


@pytest.mark.django_db
def test_deciding_is_version_checked(controller, supplier):
    check = services.check_create(actor=controller, supplier=supplier, procurement="Hemtjänst 2026")
    services.check_decide(
        actor=controller, check=check, version=1, answers={}, result="refused", reasons="Skatteskulder."
    )
    with pytest.raises(services.VersionConflict):
        services.check_decide(actor=controller, check=check, version=1, answers={}, result="approved", reasons="Fel.")
    check.refresh_from_db()
    assert check.result == IntegrityCheck.Result.REFUSED
    assert CheckItem.objects.filter(check_run=check).exists()


@pytest.mark.django_db
def test_the_check_names_no_person_since_procurement_staff_read_it(controller, supplier):
    p = Person.objects.create(name="Testa Testsson", name_key="testa testsson", birth_date=D(1970, 5, 5))
    Fact.objects.create(
        supplier=supplier, kind="beneficial_owner", person=p, valid_from=D(2024, 1, 1), source="Bolagsverket"
    )
    check = services.check_create(actor=controller, supplier=supplier, procurement="Hemtjänst 2026")
    assert not any("Testsson" in item.explanation for item in check.items.all())
