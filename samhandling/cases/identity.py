"""Personal and coordination numbers: validated and stored in one 12-digit form."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from personnummer.personnummer import Personnummer, PersonnummerException


def normalise_personal_number(value: str, *, today: datetime.date | None = None) -> tuple[str, datetime.date]:
    """Return (12 digits, date of birth) or raise ValidationError with a Swedish message."""
    raw = (value or "").strip().replace(" ", "")
    try:
        number = Personnummer(raw)
    except PersonnummerException:
        raise ValidationError(
            _("That is not a valid personal or coordination number. Write it as YYYYMMDD-NNNN."),
            code="invalid",
        ) from None
    birth = number.get_date()
    if birth > (today or datetime.date.today()):
        raise ValidationError(_("The date of birth in the number is in the future."), code="future")
    return number.format(True), birth
