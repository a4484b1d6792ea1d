"""Reading one cell: organisation numbers, dates in the formats the city receives, Swedish amounts."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr


class CellError(ValueError):
    """A cell that cannot be read; the message is Swedish and names the problem."""


def org_number(raw) -> str:
    """'556036-0793', '5560360793', '16556036-0793' -> '5560360793'; CellError with the reason otherwise."""
    text = str(raw or "").strip()
    if not text:
        raise CellError(_("the organisation number is missing"))
    compact = re.sub(r"[\s-]", "", text)
    if len(compact) == 12 and compact.startswith("16"):
        compact = compact[2:]  # the century prefix some registers add
    try:
        return orgnr.validate(compact)
    except StdnumError as exc:
        if compact.isdigit() and len(compact) == 10:
            raise CellError(_("the organisation number %(value)s has a wrong check digit") % {"value": text}) from exc
        raise CellError(_("%(value)s is not an organisation number (ten digits)") % {"value": text}) from exc


_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")


def date_value(raw, *, required: bool = True) -> datetime.date | None:
    """2026-03-01, 20260301, 01/03/2026 or 1.3.2026 (and Excel dates) -> date."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw or "").strip()
    if not text:
        if required:
            raise CellError(_("the date is missing"))
        return None
    if len(text) > 10 and text[10] in "T ":
        text = text[:10]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(_("%(value)s is not a date (write 2026-03-01, 20260301 or 01/03/2026)") % {"value": text[:40]})


_SPACES = re.compile(r"[\s\u00a0\u202f']")


def amount_value(raw, *, required: bool = True) -> Decimal | None:
    """'1 234 567,50', '1234567.5', 12 -> Decimal; CellError otherwise."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise CellError(_("the amount is missing"))
        return None
    if isinstance(raw, bool):
        raise CellError(_("%(value)s is not an amount") % {"value": raw})
    if isinstance(raw, int | float | Decimal):
        number = Decimal(str(raw))
    else:
        text = _SPACES.sub("", str(raw)).replace("\u2212", "-").removesuffix("kr")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise CellError(_("%(value)s is not an amount") % {"value": str(raw)[:40]}) from exc
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise CellError(_("%(value)s is not an amount") % {"value": str(raw)[:40]})
    return number.quantize(Decimal("0.01"))


def text_value(raw, *, limit: int, label: str, required: bool = False) -> str:
    text = "" if raw is None else str(raw).strip()
    if required and not text:
        raise CellError(_("%(label)s is missing") % {"label": label})
    if len(text) > limit:
        raise CellError(_("%(label)s is longer than %(limit)d characters") % {"label": label, "limit": limit})
    return text
