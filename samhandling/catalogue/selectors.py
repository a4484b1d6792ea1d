"""Reading the catalogue: search, filters, the guided finder, strategy comparison, history.

The catalogue is public, so these selectors need no user; other apps (plans, cases) call
`methods_matching` and `find_methods` to offer methods from it.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q, QuerySet

from samhandling.audit.models import AuditEvent
from samhandling.catalogue import hooks, search
from samhandling.catalogue.labels import TARGET_GROUPS
from samhandling.catalogue.models import Factor, Method, PriorityArea, Strategy, SubArea
from samhandling.core.annotations import Viewer
from samhandling.core.text import swedish_sort_key, swedish_sorted
from samhandling.organisations.models import District

# Strongest knowledge base first (for ordering the finder's answers).
EVIDENCE_ORDER: dict[str, int] = {
    Method.Evidence.NATIONAL_GUIDELINE: 0,
    Method.Evidence.RESEARCH: 1,
    Method.Evidence.LOCAL_EXPERIENCE: 2,
    Method.Evidence.UNKNOWN: 3,
}

# The prevention levels of seed 001 §4.1.1 in their natural order.
PREVENTION_LEVELS = ["främjande", "förebyggande", "åtgärdande"]

FILTER_NAMES = (
    "priority_area",
    "sub_area",
    "prevention_level",
    "age",
    "target_group",
    "district",
    "evidence",
    "committee",
)


@dataclass
class MethodFilters:
    """Filters that combine (AND). Empty values filter nothing."""

    priority_area: str = ""  # number in the current strategy, "4.2"
    sub_area: str = ""  # "4.2.1"
    prevention_level: str = ""
    age: int | None = None
    target_group: str = ""
    district: str = ""  # District.code; only methods known to be available there
    evidence: str = ""
    committee: str = ""  # Committee.code

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "MethodFilters":
        values: dict[str, Any] = {name: data.get(name) for name in FILTER_NAMES if data.get(name) not in (None, "")}
        return cls(**values)


def current_strategy() -> Strategy | None:
    """The newest strategy period (2024–2026)."""
    return Strategy.objects.order_by("-start_year").first()


def methods_queryset() -> QuerySet[Method]:
    """Every method with what the list, exports and API show, prefetched."""
    return Method.objects.prefetch_related(
        "sub_areas__priority_area", "committees", "available_in", "factors"
    ).order_by("name")


def _filtered_queryset(filters: MethodFilters) -> QuerySet[Method]:
    qs = Method.objects.all()
    strategy = current_strategy()
    if filters.priority_area and strategy:
        qs = qs.filter(
            sub_areas__priority_area__strategy=strategy, sub_areas__priority_area__number=filters.priority_area
        )
    if filters.sub_area and strategy:
        qs = qs.filter(sub_areas__priority_area__strategy=strategy, sub_areas__number=filters.sub_area)
    if filters.evidence:
        qs = qs.filter(evidence=filters.evidence)
    if filters.committee:
        qs = qs.filter(committees__code=filters.committee)
    if filters.district:
        qs = qs.filter(available_in__code=filters.district)
    if filters.age is not None:
        age = int(filters.age)
        qs = qs.filter(Q(age_min__isnull=False) | Q(age_max__isnull=False))
        qs = qs.filter(Q(age_min__isnull=True) | Q(age_min__lte=age), Q(age_max__isnull=True) | Q(age_max__gte=age))
    return qs.distinct()


_index_cache: dict[tuple[Any, ...], list[search.Entry]] = {}


def _search_index() -> list[search.Entry]:
    """Normalised search text of every method, rebuilt when any method changes."""
    stamp = Method.objects.aggregate(changed=Max("updated_at"), last=Max("id"))
    key = (stamp["changed"], stamp["last"], Method.objects.count())
    if key not in _index_cache:
        _index_cache.clear()
        _index_cache[key] = [
            search.make_entry(
                pk=row["id"],
                name=row["name"],
                abbreviation=row["abbreviation"],
                aliases=row["aliases"],
                description=row["description"],
                sort_key=swedish_sort_key(row["name"]),
            )
            for row in Method.objects.values("id", "name", "abbreviation", "aliases", "description")
        ]
    return _index_cache[key]


def search_method_ids(query: str = "", filters: MethodFilters | dict[str, Any] | None = None) -> list[int]:
    """Ids of the methods matching the query and every filter, best first (else in Swedish name order).

    Only ids, names and the JSON filter fields are read, so that a page of results can then be
    fetched with everything it shows (`methods_by_ids`) without loading the whole catalogue.
    """
    if isinstance(filters, dict):
        filters = MethodFilters.from_dict(filters)
    filters = filters or MethodFilters()
    rows = {
        pk: (name, levels or [], groups or [])
        for pk, name, levels, groups in _filtered_queryset(filters).values_list(
            "id", "name", "prevention_levels", "target_groups"
        )
    }
    allowed = {
        pk
        for pk, (_name, levels, groups) in rows.items()
        if (not filters.prevention_level or filters.prevention_level in levels)
        and (not filters.target_group or filters.target_group in groups)
    }
    if (query or "").strip():
        return [e.pk for _score, e in search.rank(_search_index(), query) if e.pk in allowed]
    return sorted(allowed, key=lambda pk: swedish_sort_key(rows[pk][0]))


def methods_by_ids(ids: list[int]) -> list[Method]:
    """The methods with these ids, in the same order, with what the pages and API show prefetched."""
    by_id = {m.pk: m for m in methods_queryset().filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def search_methods(query: str = "", filters: MethodFilters | dict[str, Any] | None = None) -> list[Method]:
    """Methods matching the free-text query and every filter; ranked by relevance, else by name."""
    return methods_by_ids(search_method_ids(query, filters))


def methods_matching(query: str = "", **filters: Any) -> list[Method]:
    """Convenience for other apps: `methods_matching("MST", age=14, district="skarholmen")`."""
    return search_methods(query, MethodFilters.from_dict(filters))


def get_method(slug: str) -> Method:
    """One method by slug (404 handled by the caller through get_object_or_404)."""
    return methods_queryset().get(slug=slug)


def age_fits(method: Method, age: int) -> bool | None:
    """True/False when the method states an age range; None when it states none (unknown)."""
    if method.age_min is None and method.age_max is None:
        return None
    return (method.age_min is None or method.age_min <= age) and (method.age_max is None or method.age_max >= age)


# Target groups of methods that reach an individual child, young person or family; the finder
# leaves out ways of working aimed only at staff or places.
INDIVIDUAL_TARGET_GROUPS = {"child", "young_person", "young_adult", "parents", "group"}


@dataclass
class FinderMatch:
    method: Method
    matched_factors: list[Factor]
    age_stated: bool = True


@dataclass
class FinderResult:
    """The finder's answer: what fits and is available, what fits but is not, and what is unknown.

    The first three lists hold only methods whose stated age range includes the age; methods that
    state no ages are in `age_unknown`, apart: not known to fit is not the same as fitting.
    """

    available: list[FinderMatch] = field(default_factory=list)
    not_available: list[FinderMatch] = field(default_factory=list)
    availability_unknown: list[FinderMatch] = field(default_factory=list)
    age_unknown: list[FinderMatch] = field(default_factory=list)
    district: District | None = None
    factors: list[Factor] = field(default_factory=list)


def find_methods(age: int, district: str | District | None, factor_codes: list[str]) -> FinderResult:
    """Methods for the age that work on at least one of the factors, split by availability in the district.

    A method that states no age range is kept apart in `age_unknown` (unknown is neither fitting
    nor unsuitable); a method whose range leaves the age out is not offered.

    It informs a professional's choice; it decides nothing and scores no one.
    """
    if isinstance(district, str):
        district = District.objects.filter(code=district).first()
    factors = list(Factor.objects.filter(code__in=factor_codes))
    wanted = {f.pk for f in factors}
    result = FinderResult(district=district, factors=factors)
    candidates = methods_queryset()
    if wanted:
        candidates = candidates.filter(factors__in=wanted).distinct()
    matches = []
    for method in candidates:
        fits = age_fits(method, age)
        if fits is False or not INDIVIDUAL_TARGET_GROUPS & set(method.target_groups or []):
            continue
        matched = [f for f in method.factors.all() if f.pk in wanted]
        matches.append(FinderMatch(method=method, matched_factors=matched, age_stated=fits is not None))
    matches.sort(
        key=lambda m: (
            -len(m.matched_factors),
            EVIDENCE_ORDER.get(m.method.evidence, 9),
            swedish_sort_key(m.method.name),
        )
    )
    for match in matches:
        method = match.method
        if not match.age_stated:
            result.age_unknown.append(match)
            continue
        # A listed district counts even when the list is incomplete; absent from a complete
        # list means not available; absent from an incomplete list means not known.
        if district is not None and any(d.pk == district.pk for d in method.available_in.all()):
            result.available.append(match)
        elif district is not None and method.availability_known:
            result.not_available.append(match)
        else:
            result.availability_unknown.append(match)
    return result


def strategies_with_areas() -> list[Strategy]:
    return list(Strategy.objects.prefetch_related("priority_areas__sub_areas").order_by("-start_year"))


@dataclass
class AreaComparison:
    number: str
    name: str
    rows: list[tuple[SubArea | None, SubArea | None]]
    older: PriorityArea | None
    newer: PriorityArea | None


def compare_strategies(newer: Strategy, older: Strategy) -> list[AreaComparison]:
    """Priority areas and sub-areas of two periods side by side, matched by number."""
    newer_areas = {a.number: a for a in newer.priority_areas.prefetch_related("sub_areas")}
    older_areas = {a.number: a for a in older.priority_areas.prefetch_related("sub_areas")}
    out = []
    for number in sorted(set(newer_areas) | set(older_areas), key=_number_key):
        n, o = newer_areas.get(number), older_areas.get(number)
        n_subs = {s.number: s for s in (n.sub_areas.all() if n else [])}
        o_subs = {s.number: s for s in (o.sub_areas.all() if o else [])}
        rows = [(o_subs.get(k), n_subs.get(k)) for k in sorted(set(n_subs) | set(o_subs), key=_number_key)]
        out.append(AreaComparison(number=number, name=next(a.name for a in (n, o) if a), rows=rows, older=o, newer=n))
    return out


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in number.replace("..", ".").strip(".").split("."))


def method_history(method: Method) -> QuerySet[AuditEvent]:
    """The audit events that changed this method, newest first."""
    return AuditEvent.objects.filter(
        target_type=Method._meta.label_lower, target_id=str(method.pk), verb__startswith="catalogue.method."
    ).order_by("-id")


def method_activities(method: Method, user: Viewer) -> tuple[list[Any], int] | None:
    """Action-plan activities that use the method, in plans the user may see, and their number.

    None while the plans app has no activity-to-method relation. Found through the model's
    relations rather than by import, so the catalogue does not depend on the plans app.
    """
    relation = next(
        (r for r in Method._meta.related_objects if r.many_to_many and r.related_model._meta.label == "plans.Activity"),
        None,
    )
    if relation is None:
        return None
    plans = hooks.visible_plans(user)
    if plans is None:
        return None
    activities = (
        getattr(method, relation.get_accessor_name() or "")
        .filter(plan__in=plans)
        .select_related("plan__committee")
        .order_by("-plan__year", "plan__committee__name", "title")
    )
    return list(activities[:50]), activities.count()


def filter_choices() -> dict[str, Any]:
    """Values offered in the filter form, taken from the catalogue itself."""
    strategy = current_strategy()
    target_groups: set[str] = set()
    levels: set[str] = set()
    for groups, prevention in Method.objects.values_list("target_groups", "prevention_levels"):
        target_groups.update(groups or [])
        levels.update(prevention or [])
    ordered_levels = [lv for lv in PREVENTION_LEVELS if lv in levels] + swedish_sorted(levels - set(PREVENTION_LEVELS))
    return {
        "priority_areas": list(strategy.priority_areas.all()) if strategy else [],
        "sub_areas": list(SubArea.objects.filter(priority_area__strategy=strategy)) if strategy else [],
        "prevention_levels": ordered_levels,
        "target_groups": [g for g in TARGET_GROUPS if g in target_groups]
        + swedish_sorted(target_groups - set(TARGET_GROUPS)),
    }
