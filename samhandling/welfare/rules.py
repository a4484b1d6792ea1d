"""The flag rules' logic. What each rule is called, why it matters and its threshold are data (FlagRule).

Each function takes the rule and the year and returns findings; nothing happens to a supplier
because of a finding: a controller decides. Comparisons are simple and explainable (medians and
the median absolute deviation), never a black box.
"""

import datetime
import hashlib
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DateField, ExpressionWrapper, F, Min, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _

from samhandling.welfare.models import (
    PERSON_KINDS,
    Contract,
    Fact,
    FactChange,
    FactKind,
    FlagRule,
    Payment,
    Service,
)

WITHDRAWN_VALUES = {"nej", "no", "återkallad", "avregistrerad", "saknas", "false", "0"}


@dataclass
class Finding:
    supplier_id: int
    key: str
    explanation: str
    found_on: datetime.date
    evidence: dict = field(default_factory=dict)


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def ownership_change_near_contract(rule: FlagRule, year: int) -> list[Finding]:
    """Board, signatories or beneficial owners changed within the window before or after a contract started."""
    start, end = _year(year)
    window = datetime.timedelta(days=rule.window_days)
    # One join in the database: each change paired with the contracts of its supplier that started
    # within the window of it (set-based; no per-change queries).
    pairs = (
        FactChange.objects.filter(
            kind__in=[str(k) for k in PERSON_KINDS],
            changed_on__range=(start - window, end + window),
            supplier__contracts__starts_on__range=(start - window, end + window),
            supplier__contracts__starts_on__gte=ExpressionWrapper(F("changed_on") - window, output_field=DateField()),
            supplier__contracts__starts_on__lte=ExpressionWrapper(F("changed_on") + window, output_field=DateField()),
        )
        .values_list(
            "pk",
            "supplier_id",
            "kind",
            "change",
            "changed_on",
            "supplier__contracts__pk",
            "supplier__contracts__reference",
            "supplier__contracts__starts_on",
        )
        .order_by()
    )
    findings = []
    for pk, supplier_id, kind, change, changed_on, contract_pk, reference, starts_on in pairs.iterator(
        chunk_size=10_000
    ):
        days = (changed_on - starts_on).days
        if not (abs(days) <= rule.window_days and start <= max(changed_on, starts_on) <= end):
            continue
        findings.append(
            Finding(
                supplier_id,
                f"chg{pk}-c{contract_pk}",
                _("%(kind)s %(change)s on %(date)s, %(days)d days from the start of contract %(contract)s (%(start)s).")
                % {
                    "kind": FactKind(kind).label,
                    "change": FactChange.Change(change).label.lower(),
                    "date": changed_on,
                    "days": abs(days),
                    "contract": reference,
                    "start": starts_on,
                },
                changed_on,
                {"change": pk, "contract": reference},
            )
        )
    return findings


def shared_person(rule: FlagRule, year: int) -> list[Finding]:
    """The same person (as confirmed or normalised) behind at least `threshold` suppliers in one service."""
    start, end = _year(year)
    facts = (
        Fact.objects.filter(kind__in=[str(k) for k in PERSON_KINDS], valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .values_list("supplier_id", "person_id", "person__same_as_id")
    )
    services = defaultdict(set)
    for supplier_id, service in Contract.objects.values_list("supplier_id", "service"):
        services[supplier_id].add(service)
    behind = defaultdict(set)  # (person, service) -> suppliers
    for supplier_id, person_id, same_as in facts:
        for service in services.get(supplier_id, ()):
            behind[(same_as or person_id, service)].add(supplier_id)
    findings = []
    for (person_id, service), suppliers in behind.items():
        if len(suppliers) >= rule.threshold:
            for supplier_id in suppliers:
                findings.append(
                    Finding(
                        supplier_id,
                        f"p{person_id}-{service}",
                        _("The same person is behind %(count)d suppliers of %(service)s (see the network view).")
                        % {"count": len(suppliers), "service": Service(service).label.lower()},
                        end,
                        {"person": person_id, "suppliers": sorted(suppliers)},
                    )
                )
    return findings


def account_changed(rule: FlagRule, year: int) -> list[Finding]:
    """The account the city pays to changed during the year."""
    start, end = _year(year)
    firsts = (
        Payment.objects.filter(paid_on__lte=end)
        .values("supplier_id", "account")
        .annotate(first=Min("paid_on"))
        .order_by("supplier_id", "first")
    )
    by_supplier = defaultdict(list)
    for row in firsts:
        by_supplier[row["supplier_id"]].append(row)
    findings = []
    for supplier_id, accounts in by_supplier.items():
        for before, after in zip(accounts, accounts[1:], strict=False):
            if start <= after["first"] <= end:
                findings.append(
                    Finding(
                        supplier_id,
                        f"acct-{after['account']}",
                        _("Payments went to account %(new)s from %(date)s; before that to %(old)s.")
                        % {"new": after["account"], "date": after["first"], "old": before["account"]},
                        after["first"],
                        {"old": before["account"], "new": after["account"]},
                    )
                )
    return findings


def _payments_after(rule, year, facts, what: str) -> list[Finding]:
    """Payments within each fact's validity in the year: one aggregate query for all the facts."""
    start, end = _year(year)
    facts = {fact.pk: fact for fact in facts}
    if not facts:
        return []
    # All conditions in one filter() call apply to the same joined fact row.
    paid = (
        Payment.objects.filter(
            Q(supplier__facts__valid_to__isnull=True) | Q(paid_on__lte=F("supplier__facts__valid_to")),
            paid_on__range=(start, end),
            supplier__facts__pk__in=list(facts),
            paid_on__gte=F("supplier__facts__valid_from"),
        )
        .values("supplier__facts__pk")
        .annotate(total=Sum("amount"), n=Count("id"), first=Min("paid_on"))
        .order_by()
    )
    findings = []
    for row in paid:
        fact = facts[row["supplier__facts__pk"]]
        findings.append(
            Finding(
                fact.supplier_id,
                f"{rule.code}-{fact.pk}",
                _("%(count)d payments (%(total)s kr) from %(first)s, after %(what)s on %(date)s (source: %(source)s).")
                % {
                    "count": row["n"],
                    "total": row["total"],
                    "first": row["first"],
                    "what": what,
                    "date": fact.valid_from,
                    "source": fact.source,
                },
                row["first"],
                {"fact": fact.pk, "payments": row["n"], "total": str(row["total"])},
            )
        )
    return findings


def payments_after_f_tax_withdrawn(rule: FlagRule, year: int) -> list[Finding]:
    """Payments after the supplier's F-tax was withdrawn."""
    start, end = _year(year)
    facts = [
        f
        for f in Fact.objects.filter(kind=FactKind.F_TAX, valid_from__lte=end).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )
        if f.value.strip().lower() in WITHDRAWN_VALUES
    ]
    return _payments_after(rule, year, facts, _("F-tax was withdrawn"))


def payments_after_enforcement_debt(rule: FlagRule, year: int) -> list[Finding]:
    """Payments after a debt at the Enforcement Authority above the threshold appeared."""
    start, end = _year(year)
    facts = Fact.objects.filter(kind=FactKind.ENFORCEMENT_DEBT, amount__gt=rule.threshold, valid_from__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )
    return _payments_after(rule, year, facts, _("a debt at the Enforcement Authority appeared"))


def _monthly(year_from: datetime.date, year_to: datetime.date):
    rows = (
        Payment.objects.filter(paid_on__range=(year_from, year_to))
        .annotate(month=TruncMonth("paid_on"))
        .values("supplier_id", "month")
        .annotate(volume=Coalesce(Sum("volume"), Decimal(0)), amount=Sum("amount"))
        .order_by("supplier_id", "month")
    )
    series = defaultdict(list)
    for row in rows:
        month = row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]
        series[row["supplier_id"]].append((month, row["volume"] or row["amount"]))
    return series


def volume_out_of_line(rule: FlagRule, year: int) -> list[Finding]:
    """A month billed far above the supplier's own median: more than `threshold` robust deviations (MAD)."""
    start, end = _year(year)
    series = _monthly(datetime.date(year - 1, 1, 1), end)
    findings = []
    for supplier_id, months in series.items():
        for i, (month, value) in enumerate(months):
            if month < start or i < 3:
                continue
            history = [float(v) for _, v in months[max(0, i - 12) : i]]
            median = statistics.median(history)
            mad = statistics.median(abs(v - median) for v in history) or max(median * 0.05, 1.0)
            deviation = (float(value) - median) / (1.4826 * mad)
            if deviation > float(rule.threshold):
                findings.append(
                    Finding(
                        supplier_id,
                        f"vol-{month:%Y-%m}",
                        _(
                            "Billed %(value)s in %(month)s against a median of %(median)s over the %(n)d months before (%(dev).1f robust deviations above)."
                        )
                        % {
                            "value": value,
                            "month": f"{month:%Y-%m}",
                            "median": round(median, 2),
                            "n": len(history),
                            "dev": deviation,
                        },
                        month,
                        {"month": f"{month:%Y-%m}", "value": str(value), "median": median},
                    )
                )
    return findings


def new_supplier_fast_growth(rule: FlagRule, year: int) -> list[Finding]:
    """A supplier paid for the first time within the window whose latest month is `threshold` times its first."""
    start, end = _year(year)
    window_start = end - datetime.timedelta(days=rule.window_days)
    new = (
        Payment.objects.values("supplier_id")
        .annotate(first=Min("paid_on"))
        .filter(first__gte=window_start, first__lte=end)
    )
    new_ids = {row["supplier_id"] for row in new}
    findings = []
    for supplier_id, months in _monthly(window_start, end).items():
        if supplier_id not in new_ids or len(months) < 3:
            continue
        first, last = float(months[0][1]), float(months[-1][1])
        if first > 0 and last / first >= float(rule.threshold):
            findings.append(
                Finding(
                    supplier_id,
                    "growth",
                    _("A new supplier since %(start)s: billed %(first)s in its first month and %(last)s in %(month)s.")
                    % {
                        "start": months[0][0],
                        "first": months[0][1],
                        "last": months[-1][1],
                        "month": f"{months[-1][0]:%Y-%m}",
                    },
                    months[-1][0],
                    {"first": str(months[0][1]), "last": str(months[-1][1])},
                )
            )
    return findings


def shared_address(rule: FlagRule, year: int) -> list[Finding]:
    """The registered address is that of at least `threshold` suppliers at once."""
    start, end = _year(year)
    facts = Fact.objects.filter(kind=FactKind.ADDRESS, valid_from__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )
    at = defaultdict(set)
    for supplier_id, value in facts.values_list("supplier_id", "value"):
        at[" ".join(value.lower().split())].add(supplier_id)
    findings = []
    for address, suppliers in at.items():
        if len(suppliers) >= rule.threshold:
            digest = hashlib.sha256(address.encode()).hexdigest()[:16]
            for supplier_id in suppliers:
                findings.append(
                    Finding(
                        supplier_id,
                        f"addr-{digest}",
                        _("%(count)d suppliers have the registered address %(address)s.")
                        % {"count": len(suppliers), "address": address},
                        end,
                        {"suppliers": sorted(suppliers)},
                    )
                )
    return findings


RULES = {
    "ownership-change-near-contract": ownership_change_near_contract,
    "shared-person": shared_person,
    "account-changed": account_changed,
    "payments-after-f-tax-withdrawn": payments_after_f_tax_withdrawn,
    "payments-after-enforcement-debt": payments_after_enforcement_debt,
    "volume-out-of-line": volume_out_of_line,
    "new-supplier-fast-growth": new_supplier_fast_growth,
    "shared-address": shared_address,
}
