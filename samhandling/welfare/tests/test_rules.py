"""Each flag rule: one case that raises it and one that does not. Running twice raises nothing new."""

import datetime
from decimal import Decimal

import pytest

from samhandling.welfare import services
from samhandling.welfare.models import Contract, Fact, FactChange, Flag, Payment, Person, Supplier
from samhandling.welfare.tests.conftest import ORG_A, ORG_B, ORG_C

D = datetime.date
YEAR = 2025


@pytest.fixture
def a(db):
    return Supplier.objects.create(org_number=ORG_A, name="Omsorgen Exempel AB")


@pytest.fixture
def b(db):
    return Supplier.objects.create(org_number=ORG_B, name="Assistans Påhitt AB")


def contract(supplier, ref="AVT-1", start=None, service="home_care"):
    start = start or D(2025, 3, 1)
    return Contract.objects.create(reference=ref, supplier=supplier, starts_on=start, service=service)


def pay(supplier, ref, when, amount, *, account="123-4567", volume=None, contract_ref="AVT-1"):
    c = Contract.objects.filter(reference=contract_ref).first() or contract(supplier, contract_ref, when)
    return Payment.objects.create(
        reference=ref,
        supplier=supplier,
        contract=c,
        amount=Decimal(amount),
        paid_on=when,
        account=account,
        service=c.service,
        volume=volume,
    )


def flags_of(code):
    return list(Flag.objects.filter(rule__code=code))


def run(controller):
    return services.rules_run(actor=controller, year=YEAR)


def person(name="Testa Testsson"):
    return Person.objects.create(name=name, name_key=name.lower(), birth_date=D(1970, 5, 5))


@pytest.mark.django_db
def test_ownership_change_close_to_a_contract_start_is_flagged(controller, a):
    contract(a, start=D(2025, 3, 1))
    FactChange.objects.create(
        supplier=a,
        kind="beneficial_owner",
        change="added",
        changed_on=D(2025, 2, 1),
        person=person(),
        source="Bolagsverket",
    )
    run(controller)
    [flag] = flags_of("ownership-change-near-contract")
    assert "28 dagar" in flag.explanation or "28 days" in flag.explanation
    assert run(controller)["ownership-change-near-contract"] == 0  # idempotent


@pytest.mark.django_db
def test_ownership_change_long_before_a_contract_is_not_flagged(controller, a):
    contract(a, start=D(2025, 3, 1))
    FactChange.objects.create(
        supplier=a,
        kind="beneficial_owner",
        change="added",
        changed_on=D(2024, 1, 1),
        person=person(),
        source="Bolagsverket",
    )
    run(controller)
    assert flags_of("ownership-change-near-contract") == []


def _behind(suppliers, who):
    for s in suppliers:
        Fact.objects.create(
            supplier=s, kind="board_member", person=who, valid_from=D(2024, 1, 1), source="Bolagsverket"
        )


@pytest.mark.django_db
def test_the_same_person_behind_three_suppliers_of_one_service_is_flagged(controller, a, b):
    c = Supplier.objects.create(org_number=ORG_C, name="Hemtjänst Fantasi AB")
    for i, s in enumerate([a, b, c]):
        contract(s, f"AVT-{i}")
    _behind([a, b, c], person())
    run(controller)
    assert len(flags_of("shared-person")) == 3


@pytest.mark.django_db
def test_the_same_person_behind_two_suppliers_is_not_flagged(controller, a, b):
    contract(a, "AVT-1")
    contract(b, "AVT-2")
    _behind([a, b], person())
    run(controller)
    assert flags_of("shared-person") == []


@pytest.mark.django_db
def test_a_change_of_the_account_paid_to_is_flagged(controller, a):
    pay(a, "V1", D(2025, 1, 31), 100)
    pay(a, "V2", D(2025, 5, 31), 100, account="999-0000")
    run(controller)
    [flag] = flags_of("account-changed")
    assert "999-0000" in flag.explanation


@pytest.mark.django_db
def test_payments_to_the_same_account_are_not_flagged(controller, a):
    pay(a, "V1", D(2025, 1, 31), 100)
    pay(a, "V2", D(2025, 5, 31), 100)
    run(controller)
    assert flags_of("account-changed") == []


@pytest.mark.django_db
def test_payments_after_f_tax_was_withdrawn_are_flagged(controller, a):
    Fact.objects.create(
        supplier=a, kind="f_tax", value="ja", valid_from=D(2020, 1, 1), valid_to=D(2025, 4, 1), source="Skatteverket"
    )
    Fact.objects.create(supplier=a, kind="f_tax", value="återkallad", valid_from=D(2025, 4, 1), source="Skatteverket")
    pay(a, "V1", D(2025, 3, 31), 100)
    pay(a, "V2", D(2025, 4, 30), 100)
    run(controller)
    [flag] = flags_of("payments-after-f-tax-withdrawn")
    assert flag.evidence["payments"] == 1


@pytest.mark.django_db
def test_payments_with_f_tax_in_force_are_not_flagged(controller, a):
    Fact.objects.create(supplier=a, kind="f_tax", value="ja", valid_from=D(2020, 1, 1), source="Skatteverket")
    pay(a, "V1", D(2025, 4, 30), 100)
    run(controller)
    assert flags_of("payments-after-f-tax-withdrawn") == []


@pytest.mark.django_db
def test_payments_after_a_debt_at_the_enforcement_authority_are_flagged(controller, a, b):
    Fact.objects.create(
        supplier=a, kind="enforcement_debt", amount=Decimal("50000"), valid_from=D(2025, 2, 1), source="Kronofogden"
    )
    Fact.objects.create(
        supplier=b, kind="enforcement_debt", amount=Decimal("0"), valid_from=D(2025, 2, 1), source="Kronofogden"
    )
    pay(a, "V1", D(2025, 3, 1), 100)
    pay(b, "V2", D(2025, 3, 1), 100, contract_ref="AVT-2")
    run(controller)
    assert [f.supplier for f in flags_of("payments-after-enforcement-debt")] == [a]


def _months(supplier, volumes, *, year=2024, start_month=7):
    for i, v in enumerate(volumes):
        month = start_month + i
        y, m = year + (month - 1) // 12, (month - 1) % 12 + 1
        pay(supplier, f"{supplier.pk}-{i}", D(y, m, 28), 1000, volume=Decimal(v))


@pytest.mark.django_db
def test_a_month_far_above_the_suppliers_own_history_is_flagged(controller, a):
    _months(a, [100, 104, 98, 101, 99, 102, 100, 400])  # Jul 2024 .. Feb 2025
    run(controller)
    [flag] = flags_of("volume-out-of-line")
    assert flag.key == "vol-2025-02"


@pytest.mark.django_db
def test_ordinary_variation_is_not_flagged(controller, a):
    _months(a, [100, 104, 98, 101, 99, 102, 100, 103])
    run(controller)
    assert flags_of("volume-out-of-line") == []


@pytest.mark.django_db
def test_a_new_supplier_growing_fast_is_flagged_and_a_steady_one_is_not(controller, a, b):
    for i, amount in enumerate([1000, 3000, 9000]):
        pay(a, f"A{i}", D(2025, 9 + i, 15), amount)
    for i, amount in enumerate([1000, 1100, 1200]):
        pay(b, f"B{i}", D(2025, 9 + i, 15), amount, contract_ref="AVT-2")
    run(controller)
    assert [f.supplier for f in flags_of("new-supplier-fast-growth")] == [a]


@pytest.mark.django_db
def test_an_address_shared_by_five_suppliers_is_flagged_and_by_two_is_not(controller):
    numbers = ["5592000045", "5592000052", "5592000060", "5592000078", "5592000086"]
    for n in numbers:
        s = Supplier.objects.create(org_number=n, name=f"Bolag {n}")
        Fact.objects.create(
            supplier=s, kind="address", value="Boxgatan 1,  Stockholm", valid_from=D(2024, 1, 1), source="Bolagsverket"
        )
    other = Supplier.objects.create(org_number=ORG_A, name="Omsorgen Exempel AB")
    Fact.objects.create(
        supplier=other, kind="address", value="Annangatan 2", valid_from=D(2024, 1, 1), source="Bolagsverket"
    )
    run(controller)
    flagged = {f.supplier_id for f in flags_of("shared-address")}
    assert len(flagged) == 5 and other.pk not in flagged


@pytest.mark.django_db
def test_a_rule_with_a_later_threshold_replaces_the_earlier_from_its_date(controller, a):
    from samhandling.welfare.models import FlagRule

    rule = FlagRule.objects.get(code="shared-address")
    FlagRule.objects.create(
        code="shared-address",
        name=rule.name,
        reason=rule.reason,
        threshold=Decimal("1"),
        window_days=365,
        valid_from=D(2026, 2, 1),
        source="Nytt beslut",
    )
    in_force = {r.code: r for r in services.rules_in_force(D(2026, 3, 1))}
    assert in_force["shared-address"].threshold == Decimal("1")
    assert {r.code: r for r in services.rules_in_force(D(2026, 1, 15))}["shared-address"].threshold == Decimal("5")
