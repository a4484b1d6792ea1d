"""Reads spanning several tables: the network around a supplier, the queue, the city's follow-up."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from samhandling.core.text import swedish_sort_key
from samhandling.welfare.models import PERSON_KINDS, Fact, Flag, FlagRule, IntegrityCheck, Supplier


@dataclass
class Node:
    id: str
    label: str
    kind: str  # supplier | person | other
    x: float = 0
    y: float = 0
    url_pk: int | None = None


@dataclass
class Network:
    supplier: Supplier
    nodes: list[Node] = field(default_factory=list)
    edges: list[tuple[Node, Node, str]] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # the table beside the graph


def supplier_network(supplier: Supplier, *, limit: int = 40) -> Network:
    """The supplier's people in force and each person's other suppliers (confirmed matches joined)."""
    facts = (
        Fact.objects.filter(supplier=supplier, kind__in=[str(k) for k in PERSON_KINDS], valid_to__isnull=True)
        .select_related("person")
        .order_by("person__name")
    )
    net = Network(supplier)
    centre = Node(f"s{supplier.pk}", supplier.name, "supplier", 300, 220, supplier.pk)
    net.nodes.append(centre)
    people: dict[int, tuple[Node, list[str]]] = {}
    for fact in facts:
        canonical = fact.person.same_as_id or fact.person_id
        if canonical not in people:
            people[canonical] = (Node(f"p{canonical}", fact.person.name, "person"), [])
        people[canonical][1].append(fact.get_kind_display())
    people_items = list(people.items())[:limit]
    ids = [pid for pid, _ in people_items]
    others = (
        Fact.objects.filter(
            Q(person_id__in=ids) | Q(person__same_as_id__in=ids), kind__in=[str(k) for k in PERSON_KINDS]
        )
        .exclude(supplier=supplier)
        .select_related("supplier", "person")
    )
    other_by_person = defaultdict(dict)
    for fact in others:
        canonical = fact.person.same_as_id or fact.person_id
        other_by_person[canonical].setdefault(fact.supplier_id, (fact.supplier, []))[1].append(fact.get_kind_display())
    other_nodes: dict[int, Node] = {}
    n = max(len(people_items), 1)
    for i, (pid, (node, roles)) in enumerate(people_items):
        angle = 2 * math.pi * i / n
        node.x, node.y = 300 + 120 * math.cos(angle), 220 + 120 * math.sin(angle)
        net.nodes.append(node)
        net.edges.append((centre, node, ", ".join(roles)))
        linked = []
        for sid, (other, other_roles) in other_by_person.get(pid, {}).items():
            if sid not in other_nodes:
                k = len(other_nodes)
                a = angle + 0.35 * (k % 3 - 1)
                other_nodes[sid] = Node(
                    f"s{sid}", other.name, "other", 300 + 200 * math.cos(a), 220 + 190 * math.sin(a), sid
                )
                net.nodes.append(other_nodes[sid])
            net.edges.append((node, other_nodes[sid], ", ".join(other_roles)))
            linked.append({"supplier": other, "roles": ", ".join(other_roles)})
        net.rows.append({"person": node.label, "roles": ", ".join(roles), "others": linked})
    return net


def queue(flags, *, status: str = "open"):
    """The controller's queue: open flags first by priority, then the newest."""
    flags = flags.select_related("rule", "supplier")
    if status == "open":
        flags = flags.filter(decision="")
    elif status == "decided":
        flags = flags.exclude(decision="")
    return flags.order_by("priority", "-raised_at")


def follow_up(year: int | None) -> dict[str, Any]:
    """Checks done, flags by rule and their outcome, police reports, amounts stopped or recovered."""
    checks = IntegrityCheck.objects.exclude(result="")
    flags = Flag.objects.all()
    if year:
        checks = checks.filter(decided_at__year=year)
        flags = flags.filter(found_on__year=year)
    check_rows = list(
        checks.annotate(year=ExtractYear("decided_at"))
        .values("year", "administration__name", "result")
        .annotate(n=Count("id"))
        .order_by("year", "administration__name", "result")
    )
    rule_names = dict(FlagRule.objects.values_list("pk", "name"))
    flag_rows = list(
        flags.annotate(year=ExtractYear("found_on"))
        .values("year", "rule_id", "decision")
        .annotate(n=Count("id"), stopped=Sum("amount_stopped"), recovered=Sum("amount_recovered"))
        .order_by("year", "rule_id", "decision")
    )
    labels = dict(Flag.Decision.choices)
    for row in flag_rows:
        row["rule"] = rule_names.get(row["rule_id"], "")
        row["decision_label"] = labels.get(row["decision"], "") if row["decision"] else ""
    flag_rows.sort(key=lambda r: (r["year"], swedish_sort_key(r["rule"]), r["decision"]))
    result_labels = dict(IntegrityCheck.Result.choices)
    for row in check_rows:
        row["result_label"] = result_labels.get(row["result"], "")
    police = (
        flags.filter(decision=Flag.Decision.POLICE).select_related("supplier", "rule").order_by("police_report_date")
    )
    totals = flags.aggregate(stopped=Sum("amount_stopped"), recovered=Sum("amount_recovered"))
    return {"checks": check_rows, "flags": flag_rows, "police": police, "totals": totals}
