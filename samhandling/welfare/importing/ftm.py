"""FollowTheMoney entities (JSON lines or a JSON array) as supplier facts.

What is read:
- Company / Organization / LegalEntity with `registrationNumber` (a Swedish organisation number):
  the supplier, its `name`, `legalForm`, `address` (-> adress) and `status` (-> status).
- Person with `name` and `birthDate`.
- Directorship (`director` -> a Person, `organization` -> a company, `role`, `startDate`, `endDate`):
  a board member, or a signatory / auditor when the role says so (firmatecknare, revisor ...).
- Ownership (`owner` -> a Person, `asset` -> a company, `startDate`, `endDate`): a beneficial owner.
The date of a company's own facts is its `modifiedAt`, `retrievedAt` or `incorporationDate`; the
source is the entity's `publisher` or the dataset named on upload ("FollowTheMoney").
"""

from django.utils.translation import gettext as _

from samhandling.welfare.importing.facts import FactRow, RowError
from samhandling.welfare.importing.reading import FileProblem, read_json_records
from samhandling.welfare.importing.values import CellError, date_value, org_number
from samhandling.welfare.models import FactKind

SOURCE = "FollowTheMoney"


def _role_kind(role: str) -> str:
    lowered = role.lower()
    if "firmateckn" in lowered or "signator" in lowered:
        return FactKind.SIGNATORY
    if "revisor" in lowered or "auditor" in lowered:
        return FactKind.AUDITOR
    return FactKind.BOARD_MEMBER


def check_ftm(content: bytes) -> tuple[list[FactRow], list[RowError]]:
    """Entities to fact rows, with Swedish errors naming the entity that is wrong."""
    from followthemoney import model
    from followthemoney.exc import InvalidData

    records = read_json_records(content)
    if not records:
        raise FileProblem(_("The file has no entities."))
    proxies = {}
    errors: list[RowError] = []
    for number, record in enumerate(records, start=1):
        try:
            proxy = model.get_proxy(record, cleaned=False)
        except (InvalidData, TypeError, KeyError, ValueError) as exc:
            errors.append(
                RowError(
                    number,
                    _("Entity %(n)d: not a FollowTheMoney entity (%(error)s).")
                    % {"n": number, "error": str(exc)[:120]},
                )
            )
            continue
        if proxy.id is None:
            errors.append(RowError(number, _("Entity %(n)d: the entity has no id.") % {"n": number}))
            continue
        proxies[proxy.id] = (number, proxy)

    companies: dict[str, tuple[str, str]] = {}  # entity id -> (org number, name)
    rows: list[FactRow] = []

    def first_date(proxy, *props):
        for prop in props:
            for value in proxy.get(prop, quiet=True):
                try:
                    return date_value(value[:10])
                except CellError:
                    continue
        return None

    for entity_id, (number, proxy) in proxies.items():
        if not proxy.schema.is_a("LegalEntity") or proxy.schema.is_a("Person"):
            continue
        reg = proxy.first("registrationNumber", quiet=True)
        if not reg:
            continue
        try:
            orgnr = org_number(reg)
        except CellError as exc:
            errors.append(RowError(number, _("Entity %(n)d: %(problem)s.") % {"n": number, "problem": exc}))
            continue
        name = (proxy.first("name", quiet=True) or "")[:200]
        companies[entity_id] = (orgnr, name)
        when = first_date(proxy, "modifiedAt", "retrievedAt", "incorporationDate")
        source = (proxy.first("publisher", quiet=True) or SOURCE)[:100]
        for prop, kind in (("address", FactKind.ADDRESS), ("status", FactKind.STATUS)):
            value = proxy.first(prop, quiet=True)
            if value:
                if when is None:
                    errors.append(
                        RowError(number, _("Entity %(n)d: the company has no date (modifiedAt).") % {"n": number})
                    )
                    break
                rows.append(FactRow(orgnr, name, kind, value[:300], None, "", None, when, None, source))

    # A company with no facts of its own still becomes a supplier through its people.
    for number, proxy in proxies.values():
        if proxy.schema.name not in ("Directorship", "Ownership"):
            continue
        person_prop, company_prop = (
            ("director", "organization") if proxy.schema.name == "Directorship" else ("owner", "asset")
        )
        person_id = proxy.first(person_prop, quiet=True)
        company_id = proxy.first(company_prop, quiet=True)
        person_entry = proxies.get(person_id)
        if company_id not in companies:
            errors.append(
                RowError(
                    number,
                    _("Entity %(n)d: the company it names is not in the file or has no organisation number.")
                    % {"n": number},
                )
            )
            continue
        if person_entry is None or not person_entry[1].schema.is_a("Person"):
            errors.append(RowError(number, _("Entity %(n)d: the person it names is not in the file.") % {"n": number}))
            continue
        person = person_entry[1]
        start = first_date(proxy, "startDate")
        if start is None:
            errors.append(RowError(number, _("Entity %(n)d: the start date (startDate) is missing.") % {"n": number}))
            continue
        end = first_date(proxy, "endDate")
        birth = first_date(person, "birthDate")
        role = (proxy.first("role", quiet=True) or "")[:300]
        kind = _role_kind(role) if proxy.schema.name == "Directorship" else FactKind.BENEFICIAL_OWNER
        orgnr, name = companies[company_id]
        source = (proxy.first("publisher", quiet=True) or SOURCE)[:100]
        rows.append(
            FactRow(
                orgnr, name, kind, "", None, (person.first("name", quiet=True) or "")[:200], birth, start, end, source
            )
        )
    if not rows and not errors:
        raise FileProblem(_("The file has no companies with a Swedish organisation number."))
    return rows, errors
