"""The column format of supplier facts (CSV, Excel or JSON), checked row by row.

One row is one statement by a source about a supplier from a date:

| column | content |
| --- | --- |
| organisationsnummer | the supplier's organisation number (check digit validated) |
| namn | the supplier's name (required when the supplier is new) |
| uppgift | status, f-skatt, moms, arbetsgivare, skatteskuld, kronofogden, styrelseledamot, firmatecknare, revisor, verklig huvudman, bankkonto, adress |
| värde | the value (status text, "ja"/"nej", account number, address); for people their role text, may be empty |
| belopp | for tax debts and debts at the Enforcement Authority |
| person, födelsedatum | for board members, signatories, auditors and beneficial owners |
| från | the date the statement holds from (2026-03-01, 20260301 or 01/03/2026) |
| till | for a person: the date the role ended (may be empty) |
| källa | the source (Bolagsverket, Skatteverket, Kronofogden, a data broker ...) |

JSON is a list of objects with the same keys.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from samhandling.welfare.importing.reading import FileProblem, header_positions, read_json_records, read_table
from samhandling.welfare.importing.values import CellError, amount_value, date_value, org_number, text_value
from samhandling.welfare.models import AMOUNT_KINDS, PERSON_KINDS, FactKind

KIND_NAMES = {
    "status": FactKind.STATUS,
    "registrering": FactKind.STATUS,
    "f-skatt": FactKind.F_TAX,
    "fskatt": FactKind.F_TAX,
    "moms": FactKind.VAT,
    "arbetsgivare": FactKind.EMPLOYER,
    "skatteskuld": FactKind.TAX_DEBT,
    "kronofogden": FactKind.ENFORCEMENT_DEBT,
    "skuld hos kronofogden": FactKind.ENFORCEMENT_DEBT,
    "styrelseledamot": FactKind.BOARD_MEMBER,
    "styrelse": FactKind.BOARD_MEMBER,
    "firmatecknare": FactKind.SIGNATORY,
    "revisor": FactKind.AUDITOR,
    "verklig huvudman": FactKind.BENEFICIAL_OWNER,
    "bankkonto": FactKind.BANK_ACCOUNT,
    "bankgiro": FactKind.BANK_ACCOUNT,
    "plusgiro": FactKind.BANK_ACCOUNT,
    "adress": FactKind.ADDRESS,
}
KIND_NAMES.update({k.value: k for k in FactKind})

COLUMN_ALIASES = {
    "organisationsnummer": "orgnr",
    "orgnr": "orgnr",
    "namn": "name",
    "företagsnamn": "name",
    "uppgift": "kind",
    "värde": "value",
    "belopp": "amount",
    "person": "person",
    "födelsedatum": "birth_date",
    "från": "valid_from",
    "datum": "valid_from",
    "till": "valid_to",
    "källa": "source",
}
REQUIRED = {"orgnr", "kind", "valid_from", "source"}


@dataclass(frozen=True)
class FactRow:
    org_number: str
    supplier_name: str
    kind: str
    value: str
    amount: Decimal | None
    person_name: str
    birth_date: datetime.date | None
    valid_from: datetime.date
    valid_to: datetime.date | None
    source: str


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def as_dict(self):
        return {"row": self.row, "message": self.message}


def check_fact(row_number: int, get) -> FactRow | list[RowError]:
    """One row as a FactRow, or the Swedish errors of every wrong cell in it."""
    problems: list[str] = []

    def cell(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except CellError as exc:
            problems.append(str(exc))
            return None

    orgnr = cell(org_number, get("orgnr"))
    name = cell(text_value, get("name"), limit=200, label=_("the name"))
    raw_kind = str(get("kind") or "").strip().lower()
    kind = KIND_NAMES.get(raw_kind)
    if kind is None:
        problems.append(_("%(value)s is not a known fact (see the column format)") % {"value": raw_kind[:40] or "–"})
    value = cell(text_value, get("value"), limit=300, label=_("the value")) or ""
    amount = cell(amount_value, get("amount"), required=kind in AMOUNT_KINDS)
    person = cell(text_value, get("person"), limit=200, label=_("the person"), required=kind in PERSON_KINDS)
    birth = cell(date_value, get("birth_date"), required=False)
    valid_from = cell(date_value, get("valid_from"))
    valid_to = cell(date_value, get("valid_to"), required=False)
    source = cell(text_value, get("source"), limit=100, label=_("the source"), required=True)
    if kind is not None and kind not in PERSON_KINDS and kind not in AMOUNT_KINDS and not value:
        problems.append(_("the value is missing"))
    if valid_from and valid_to and valid_to < valid_from:
        problems.append(_("the end date is before the start date"))
    if problems:
        return [
            RowError(row_number, _("Row %(row)d: %(problem)s.") % {"row": row_number, "problem": p}) for p in problems
        ]
    return FactRow(
        org_number=orgnr,
        supplier_name=name or "",
        kind=str(kind),
        value=value if kind not in PERSON_KINDS else (value or ""),
        amount=amount,
        person_name=person or "",
        birth_date=birth,
        valid_from=valid_from,
        valid_to=valid_to,
        source=source,
    )


def fact_rows(content: bytes, kind: str):
    """(row number, getter) for each non-empty row of a CSV, Excel or JSON file of facts."""
    if kind == "json":
        records = read_json_records(content)
        for i, record in enumerate(records, start=1):
            lowered = {str(k).strip().lower(): v for k, v in record.items()}
            mapped = {COLUMN_ALIASES[k]: v for k, v in lowered.items() if k in COLUMN_ALIASES}
            missing = REQUIRED - set(mapped)
            if missing and i == 1:
                raise FileProblem(
                    _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))}
                )
            yield i, mapped.get
        return
    rows = read_table(content)
    try:
        header = next(rows)
    except StopIteration as exc:
        raise FileProblem(_("The file is empty.")) from exc
    positions = header_positions(header, COLUMN_ALIASES, REQUIRED)
    for row_number, cells in enumerate(rows, start=2):
        if not any(str(c).strip() for c in cells):
            continue

        def get(name, cells=cells):
            i = positions.get(name)
            return cells[i] if i is not None and i < len(cells) else None

        yield row_number, get


def check_facts(content: bytes, kind: str) -> tuple[list[FactRow], list[RowError]]:
    """Every row checked; the good rows and the errors (facts files are small enough to hold)."""
    good: list[FactRow] = []
    errors: list[RowError] = []
    for row_number, get in fact_rows(content, kind):
        result = check_fact(row_number, get)
        if isinstance(result, list):
            errors.extend(result)
        else:
            good.append(result)
    if not good and not errors:
        raise FileProblem(_("The file has no rows of facts."))
    return good, _check_new_suppliers_named(good, errors)


def _check_new_suppliers_named(good: list[FactRow], errors: list[RowError]) -> list[RowError]:
    from samhandling.welfare.models import Supplier

    named = {r.org_number for r in good if r.supplier_name}
    unnamed = {r.org_number for r in good} - named
    if unnamed:
        known = set(Supplier.objects.filter(org_number__in=unnamed).values_list("org_number", flat=True))
        for number in sorted(unnamed - known):
            errors.append(
                RowError(
                    0,
                    _("The supplier %(number)s is new: give its name in the column namn.")
                    % {"number": f"{number[:6]}-{number[6:]}"},
                )
            )
    return errors
