import datetime

import pytest
from django.core.exceptions import ValidationError

from samhandling.cases import deadlines
from samhandling.cases.identity import normalise_personal_number
from samhandling.cases.models import DeadlineRule

from .helpers import CHILD_NUMBER


def test_it_stores_personal_numbers_in_twelve_digits():
    short = f"{CHILD_NUMBER[2:8]}-{CHILD_NUMBER[8:]}"
    assert normalise_personal_number(short)[0] == CHILD_NUMBER
    assert normalise_personal_number(CHILD_NUMBER)[1] == datetime.date(2012, 3, 14)


def test_it_accepts_coordination_numbers():
    number, birth = normalise_personal_number("701063-2391")
    assert number == "197010632391" and birth == datetime.date(1970, 10, 3)


def test_it_rejects_a_wrong_check_digit_in_swedish():
    wrong = CHILD_NUMBER[:-1] + str((int(CHILD_NUMBER[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as err:
        normalise_personal_number(wrong)
    assert "inte ett giltigt" in err.value.messages[0]


def test_it_rejects_a_birth_date_in_the_future():
    with pytest.raises(ValidationError) as err:
        normalise_personal_number(CHILD_NUMBER, today=datetime.date(2010, 1, 1))
    assert "framtiden" in err.value.messages[0]


@pytest.mark.django_db
def test_it_uses_the_rule_in_force_on_the_day_of_receipt_across_the_change_of_law():
    before = deadlines.rule_in_force("initial", datetime.date(2025, 6, 30))
    after = deadlines.rule_in_force("initial", datetime.date(2025, 7, 1))
    assert "2001:453" in before.legal_reference and "2025:400" in after.legal_reference
    due, rule = deadlines.due_date("initial", datetime.date(2025, 6, 25))
    assert due == datetime.date(2025, 7, 9) and rule == before
    due, rule = deadlines.due_date("investigation", datetime.date(2025, 7, 2))
    assert due == datetime.date(2025, 11, 2) and rule.kind == "investigation" and "2025:400" in rule.legal_reference


@pytest.mark.django_db
def test_a_new_rule_applies_only_from_its_valid_from_date():
    # A proposed change, entered as data: it must not touch reports received before it.
    DeadlineRule.objects.create(kind="initial", valid_from=datetime.date(2026, 7, 1), days=7, legal_reference="Test")
    assert deadlines.due_date("initial", datetime.date(2026, 6, 30))[0] == datetime.date(2026, 7, 14)
    assert deadlines.due_date("initial", datetime.date(2026, 7, 1))[0] == datetime.date(2026, 7, 8)


def test_months_are_added_calendar_wise():
    assert deadlines.add_months(datetime.date(2025, 10, 31), 4) == datetime.date(2026, 2, 28)
