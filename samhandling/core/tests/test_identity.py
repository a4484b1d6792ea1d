"""One validator for personal and coordination numbers: ASCII digits only, century as the law says."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samhandling.core.identity import PersonalNumberField, normalise_personal_number

TODAY = datetime.date(2026, 11, 27)
# Skatteverket's test numbers are fictitious; these pass the check digit.
CHILD = "201203149826"


def _digits(text: str, zero: int) -> str:
    return "".join(chr(zero + int(ch)) if ch.isdigit() else ch for ch in text)


def test_it_stores_twelve_ascii_digits():
    assert normalise_personal_number("20120314-9826", today=TODAY) == (CHILD, datetime.date(2012, 3, 14))
    assert normalise_personal_number(" 120314-9826 ", today=TODAY)[0] == CHILD


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (_digits("20120314-9826", 0x0660), "digits"),  # Arabic-Indic digits
        (_digits("20120314-9826", 0x06F0), "digits"),  # Extended Arabic-Indic (Persian) digits
        (_digits("20120314-9826", 0xFF10), "digits"),  # full-width digits
        ("20120314\u200b-9826", "invisible"),  # zero-width space
        ("\u202e20120314-9826", "invisible"),  # right-to-left override
        ("2012\u20660314-9826\u2069", "invisible"),  # isolate
        ("20120314\ufeff9826", "invisible"),
    ],
)
def test_it_refuses_other_digits_and_invisible_characters_instead_of_making_another_number(value, code):
    with pytest.raises(ValidationError) as err:
        normalise_personal_number(value, today=TODAY)
    assert err.value.code == code
    assert any(word in err.value.messages[0] for word in ("siffrorna 0–9", "osynliga"))


def test_a_minus_means_under_100_and_a_plus_100_or_older():
    # 1912-12-12: with '-' the person would be born 2012; with '+' 1912 (114 years old).
    assert normalise_personal_number("121212-1212", today=TODAY)[1] == datetime.date(2012, 12, 12)
    assert normalise_personal_number("121212+1212", today=TODAY)[1] == datetime.date(1912, 12, 12)


def test_a_minus_never_gives_a_birth_date_in_the_future():
    # On 27 November 2026 a child born 15 December 26 with '-' was born 1926, not next month.
    number = "261215-0025"
    assert normalise_personal_number(number, today=TODAY)[1].year in (1926,)


def test_a_plus_on_a_young_persons_twelve_digit_number_is_refused():
    with pytest.raises(ValidationError) as err:
        normalise_personal_number("20120314+9826", today=TODAY)
    assert err.value.code == "plus"


def test_it_refuses_a_birth_date_before_1900_and_in_the_future():
    with pytest.raises(ValidationError) as err:
        normalise_personal_number("18991231-0027", today=TODAY)
    assert err.value.code == "too_old" and "1900" in err.value.messages[0]
    with pytest.raises(ValidationError) as err:
        normalise_personal_number(CHILD, today=datetime.date(2010, 1, 1))
    assert err.value.code == "future" and "framtiden" in err.value.messages[0]


def test_coordination_numbers_are_accepted():
    number, birth = normalise_personal_number("701063-2391", today=TODAY)
    assert number == "197010632391" and birth == datetime.date(1970, 10, 3)


def test_the_form_field_refuses_invisible_characters_although_other_fields_remove_them():
    field = PersonalNumberField(required=False)
    with pytest.raises(ValidationError):
        field.clean("20120314\u200b-9826")
    assert field.clean("20120314-9826") == CHILD
