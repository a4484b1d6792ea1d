"""The payment file from the city's finance system (one per month, CSV or Excel), checked row by row.

| column | content |
| --- | --- |
| verifikation | the payment's voucher number in the finance system (unique: a second import skips it) |
| organisationsnummer | the supplier; it must already be in Samhandling (import its facts first) |
| avtal | the contract reference; a new one is created for the supplier at its first payment |
| belopp | the amount in kronor: 1 234 567,50 or 1234567.50 |
| datum | the payment date: 2026-03-01, 20260301 or 01/03/2026 |
| konto | the bankgiro or plusgiro paid to |
| kostnadsställe | the cost centre (may be empty) |
| tjänst | hemtjänst, assistans, skola, boende, arbetsmarknad or annat |
| volym | hours or places billed (may be empty) |
| förvaltning | the administration that pays (may be empty) |

Two passes keep memory small: the first checks every row and remembers only voucher numbers; the
second reads the file again and yields the clean rows for saving.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from samhandling.welfare.importing.facts import RowError
from samhandling.welfare.importing.reading import FileProblem, header_positions, read_table
from samhandling.welfare.importing.values import CellError, amount_value, date_value, org_number, text_value
from samhandling.welfare.models import Service

SERVICE_NAMES = {
    "hemtjänst": Service.HOME_CARE,
    "assistans": Service.ASSISTANCE,
    "personlig assistans": Service.ASSISTANCE,
    "skola": Service.SCHOOL,
    "boende": Service.HOUSING,
    "arbetsmarknad": Service.LABOUR,
    "annat": Service.OTHER,
}
SERVICE_NAMES.update({s.value: s for s in Service})

COLUMN_ALIASES = {
    "verifikation": "reference",
    "verifikationsnummer": "reference",
    "organisationsnummer": "orgnr",
    "orgnr": "orgnr",
    "avtal": "contract",
    "belopp": "amount",
    "datum": "paid_on",
    "konto": "account",
    "kostnadsställe": "cost_centre",
    "tjänst": "service",
    "volym": "volume",
    "förvaltning": "administration",
}
REQUIRED = {"reference", "orgnr", "contract", "amount", "paid_on", "account", "service"}


@dataclass(frozen=True, slots=True)
class PaymentRow:
    reference: str
    supplier_id: int
    contract: str
    amount: Decimal
    paid_on: datetime.date
    account: str
    cost_centre: str
    service: str
    volume: Decimal | None
    administration_id: int | None


class Lookups:
    """Suppliers and administrations by what the file names them, read once per import."""

    def __init__(self):
        from samhandling.organisations.models import Administration
        from samhandling.welfare.models import Contract, Supplier

        self.suppliers = dict(Supplier.objects.values_list("org_number", "pk"))
        self.administrations = {n.lower(): pk for pk, n in Administration.objects.values_list("pk", "name")}
        self.contract_suppliers = dict(Contract.objects.values_list("reference", "supplier_id"))
        self.orgnr_cache: dict[str, str] = {}


def _rows(content: bytes):
    rows = read_table(content)
    try:
        header = next(rows)
    except StopIteration as exc:
        raise FileProblem(_("The file is empty.")) from exc
    positions = header_positions(header, COLUMN_ALIASES, REQUIRED)
    for row_number, cells in enumerate(rows, start=2):
        if any(str(c).strip() for c in cells):
            yield row_number, [cells[positions[n]] if positions.get(n, 99_999) < len(cells) else None for n in _ORDER]


_ORDER = [
    "reference",
    "orgnr",
    "contract",
    "amount",
    "paid_on",
    "account",
    "cost_centre",
    "service",
    "volume",
    "administration",
]


def check_payment(row_number: int, cells: list, lookups: Lookups) -> PaymentRow | list[RowError]:
    problems: list[str] = []

    def cell(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except CellError as exc:
            problems.append(str(exc))
            return None

    ref, raw_orgnr, contract, amount, paid_on, account, cost_centre, service, volume, administration = cells
    reference = cell(text_value, ref, limit=40, label=_("the voucher"), required=True)
    raw = str(raw_orgnr or "")
    orgnr = lookups.orgnr_cache.get(raw)
    if orgnr is None:
        orgnr = cell(org_number, raw_orgnr)
        if orgnr:
            lookups.orgnr_cache[raw] = orgnr
    supplier_id = lookups.suppliers.get(orgnr) if orgnr else None
    if orgnr and supplier_id is None:
        problems.append(
            _("the supplier %(number)s does not exist in Samhandling (import its facts first)")
            % {"number": f"{orgnr[:6]}-{orgnr[6:]}"}
        )
    contract_ref = cell(text_value, contract, limit=50, label=_("the contract"), required=True)
    owner = lookups.contract_suppliers.get(contract_ref) if contract_ref else None
    if owner is not None and supplier_id is not None and owner != supplier_id:
        problems.append(_("the contract %(contract)s belongs to another supplier") % {"contract": contract_ref})
    amount_ = cell(amount_value, amount)
    paid = cell(date_value, paid_on)
    account_ = cell(text_value, account, limit=20, label=_("the account"), required=True)
    centre = cell(text_value, cost_centre, limit=20, label=_("the cost centre"))
    service_ = SERVICE_NAMES.get(str(service or "").strip().lower())
    if service_ is None:
        problems.append(_("%(value)s is not a known service") % {"value": str(service or "–")[:40]})
    volume_ = cell(amount_value, volume, required=False)
    admin_id = None
    if administration and str(administration).strip():
        admin_id = lookups.administrations.get(str(administration).strip().lower())
        if admin_id is None:
            problems.append(_("%(value)s is not an administration of the city") % {"value": str(administration)[:60]})
    if problems:
        return [
            RowError(row_number, _("Row %(row)d: %(problem)s.") % {"row": row_number, "problem": p}) for p in problems
        ]
    return PaymentRow(
        reference, supplier_id, contract_ref, amount_, paid, account_, centre or "", str(service_), volume_, admin_id
    )


@dataclass
class PaymentCheck:
    good_rows: int
    errors: list[RowError]
    error_count: int
    lookups: Lookups


def check_payments(content: bytes, *, progress=None, limit: int = 2000) -> PaymentCheck:
    """First pass: every row checked, and voucher numbers that occur twice in the file."""
    lookups = Lookups()
    errors: list[RowError] = []
    count = 0
    good = 0
    seen: dict[str, int] = {}
    for row_number, cells in _rows(content):
        result = check_payment(row_number, cells, lookups)
        if isinstance(result, list):
            count += len(result)
            errors.extend(result[: max(limit - len(errors), 0)])
        elif result.reference in seen:
            count += 1
            if len(errors) < limit:
                errors.append(
                    RowError(
                        row_number,
                        _("Row %(row)d: the voucher %(ref)s is also on row %(first)d.")
                        % {"row": row_number, "ref": result.reference, "first": seen[result.reference]},
                    )
                )
        else:
            seen[result.reference] = row_number
            good += 1
        if progress is not None and row_number % 20000 == 0:
            progress(row_number - 1)
    if not good and not count:
        raise FileProblem(_("The file has no payment rows."))
    return PaymentCheck(good, errors, count, lookups)


def clean_payments(content: bytes, lookups: Lookups) -> Iterator[PaymentRow]:
    """Second pass: the clean rows, one at a time."""
    for row_number, cells in _rows(content):
        result = check_payment(row_number, cells, lookups)
        if isinstance(result, list):
            raise RuntimeError(f"row {row_number} changed between the passes")
        yield result
