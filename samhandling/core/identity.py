"""Swedish personal and coordination numbers: one validator for forms, services and the API.

The number is stored in one 12-digit form. Only ASCII digits are accepted: Python's `\\d` and
`int()` also take Arabic-Indic or full-width digits, which would otherwise become another
number (or a second person), and invisible characters are refused rather than removed. With ten
digits the century follows from the separator as folkbokföringslagen (1991:481) 18 § says: `-`
for a person under 100 years of age, `+` from the year they turn 100.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from personnummer.personnummer import Personnummer, PersonnummerException

from samhandling.core.text import has_invisible

EARLIEST_BIRTH = datetime.date(1900, 1, 1)
_FORM = re.compile(r"(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})", re.ASCII)
_ALLOWED = frozenset("0123456789+- ")


def _invalid() -> ValidationError:
    return ValidationError(
        _("That is not a valid personal or coordination number. Write it as YYYYMMDD-NNNN."), code="invalid"
    )


def _age(born: datetime.date, today: datetime.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _full_year(yy: int, month: int, day: int, plus: bool, today: datetime.date) -> int:
    """The year of birth for a ten-digit number: under 100 with '-', 100 or older with '+'."""
    for century in (today.year // 100, today.year // 100 - 1, today.year // 100 - 2):
        year = century * 100 + yy
        try:
            born = datetime.date(year, month, day)
        except ValueError:
            continue
        if born > today:
            continue
        if (_age(born, today) >= 100) == plus:
            return year
    raise _invalid()


def normalise_personal_number(value: str, *, today: datetime.date | None = None) -> tuple[str, datetime.date]:
    """Return (12 ASCII digits, date of birth) or raise ValidationError with a Swedish message."""
    today = today or datetime.date.today()
    raw = (value or "").strip(" \t")
    if has_invisible(raw):
        raise ValidationError(
            _("The number contains invisible characters (for example from copying). Type it in again."),
            code="invisible",
        )
    if any(ch not in _ALLOWED for ch in raw):
        if any(ch.isdigit() for ch in raw if ch not in _ALLOWED):
            raise ValidationError(_("Write the number with the digits 0–9 only."), code="digits")
        raise _invalid()
    match = _FORM.fullmatch(raw.replace(" ", ""))
    if match is None:
        raise _invalid()
    century, yy, mm, dd, sep, tail = match.groups()
    month, day = int(mm), int(dd)
    birth_day = day - 60 if day > 60 else day
    if century is None:
        year = _full_year(int(yy), month, birth_day, sep == "+", today)
    else:
        year = int(century + yy)
    twelve = f"{year:04d}{mm}{dd}{tail}"
    try:
        number = Personnummer(twelve)
        birth = number.get_date()
    except (PersonnummerException, ValueError):
        raise _invalid() from None
    if birth > today:
        raise ValidationError(_("The date of birth in the number is in the future."), code="future")
    if birth < EARLIEST_BIRTH:
        raise ValidationError(_("The date of birth in the number is before 1900."), code="too_old")
    if century is not None and sep == "+" and _age(birth, today) < 100:
        raise ValidationError(_("A + in the number means the person is 100 years or older."), code="plus")
    return twelve, birth


def validate_personal_number(value: str) -> None:
    """Django validator form of normalise_personal_number."""
    if value:
        normalise_personal_number(value)


class PersonalNumberField(forms.CharField):
    """A form field for a personal or coordination number; cleans to the 12-digit form or ''."""

    # Invisible characters are refused here, not removed (see samhandling.core.apps).
    keep_invisible = True

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", gettext_lazy("YYYYMMDD-NNNN."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        return normalise_personal_number(value)[0]
