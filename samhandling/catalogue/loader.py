"""Load the strategy and method catalogue from data/catalogue.json.

Called by a data migration so that every database (demo, test, production) has the catalogue,
and by `manage.py load_catalogue` after the content file changes. The function takes model
classes so that the migration can pass its historical models. It is idempotent: entries are
matched on their stable keys (strategy code, area numbers, factor code, method slug) and updated
in place, so re-running it never duplicates anything and never changes a slug.
"""

import json
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "catalogue.json"

# "districts" in a method's committees means every district committee (code "sdn-<district>").
ALL_DISTRICT_COMMITTEES = "districts"


def read_catalogue(path: Path = DATA_FILE) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _sub_areas_of(area: dict, strategy: dict) -> list[dict]:
    """Sub-areas nested in the priority area, or listed beside it with the area's number."""
    if area.get("sub_areas") is not None:
        return area["sub_areas"]
    number = str(area["number"])
    return [s for s in strategy.get("sub_areas", []) if str(s.get("priority_area")) == number]


def _text_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v) for v in value if str(v).strip()]


def load_catalogue(Strategy, PriorityArea, SubArea, Factor, Method, District, Committee, data=None) -> dict:
    """Create or update the whole catalogue; returns counts of what it holds afterwards."""
    data = data if data is not None else read_catalogue()
    current_sub_areas: dict[str, object] = {}
    newest_start = None
    for s in data.get("strategies", []):
        strategy, _ = Strategy.objects.update_or_create(
            code=s["code"],
            defaults={
                "name": s["name"],
                "start_year": s["start_year"],
                "end_year": s["end_year"],
                "goal": s.get("goal", ""),
                "purpose": s.get("purpose", ""),
                "description": s.get("description", ""),
            },
        )
        sub_by_number = {}
        for a in s.get("priority_areas", []):
            area, _ = PriorityArea.objects.update_or_create(
                strategy=strategy,
                number=str(a["number"]),
                defaults={"name": a["name"], "description": a.get("description", "")},
            )
            for sa in _sub_areas_of(a, s):
                sub, _ = SubArea.objects.update_or_create(
                    priority_area=area,
                    number=str(sa["number"]),
                    defaults={"name": sa["name"], "description": sa.get("description", "")},
                )
                sub_by_number[sub.number] = sub
        # Methods' sub-area numbers refer to the newest strategy (2024–2026).
        if newest_start is None or strategy.start_year > newest_start:
            newest_start = strategy.start_year
            current_sub_areas = sub_by_number

    factors = {}
    for fd in data.get("factors", []):
        factor, _ = Factor.objects.update_or_create(
            code=fd["code"],
            defaults={
                "kind": fd["kind"],
                "name": fd["name"],
                "domain": fd.get("domain", ""),
                "description": fd.get("description", ""),
                "source": fd.get("source", ""),
            },
        )
        factors[factor.code] = factor

    districts_by_name = {d.name: d for d in District.objects.all()}
    district_committees = list(Committee.objects.filter(code__startswith="sdn-"))
    committees_by_code = {c.code: c for c in Committee.objects.all()}

    for md in data.get("methods", []):
        availability = md.get("availability") or {}
        all_districts = bool(availability.get("all_districts"))
        known = bool(availability.get("known")) or all_districts
        method, _ = Method.objects.update_or_create(
            slug=md["slug"],
            defaults={
                "name": md["name"],
                "abbreviation": md.get("abbreviation") or "",
                "aliases": _text_list(md.get("aliases")),
                "description": md.get("description", ""),
                "prevention_levels": _text_list(md.get("prevention_levels")),
                "prevention_type": md.get("prevention_type") or "social",
                "target_groups": _text_list(md.get("target_groups")),
                "age_min": md.get("age_min"),
                "age_max": md.get("age_max"),
                "age_note": md.get("age_note") or "",
                "access": md.get("access") or "open",
                "legal_grounds": _text_list(md.get("legal_grounds")),
                "partners": _text_list(md.get("partners")),
                "evidence": md.get("evidence") or "unknown",
                "evidence_note": md.get("evidence_note") or "",
                "availability_known": known,
                "availability_note": availability.get("count_note") or "",
                "licensed_instrument": bool(md.get("licensed_instrument")),
                "instrument_users": md.get("instrument_users") or "",
                "sources": _text_list(md.get("sources")),
            },
        )
        method.sub_areas.set([current_sub_areas[str(n)] for n in md.get("sub_areas", [])])
        committees = []
        for code in md.get("committees", []):
            if code == ALL_DISTRICT_COMMITTEES:
                committees.extend(district_committees)
            else:
                committees.append(committees_by_code[code])
        method.committees.set(committees)
        if all_districts:
            method.available_in.set(list(districts_by_name.values()))
        else:
            method.available_in.set([districts_by_name[n] for n in availability.get("districts", [])])
        method.factors.set([factors[c] for c in md.get("factors", [])])

    # The facts with their sources (method_facts.json) go on top, once the model can hold their
    # sources; migration 0002 runs before that field exists, and migration 0004 applies them then.
    if any(f.name == "fact_sources" for f in Method._meta.get_fields()):
        apply_facts(Method, District)

    return {
        "strategies": Strategy.objects.count(),
        "factors": Factor.objects.count(),
        "methods": Method.objects.count(),
    }


FACTS_FILE = Path(__file__).parent / "data" / "method_facts.json"

# The facts that carry a source of their own (keys of Method.fact_sources).
FACT_KINDS = ("ages", "target_groups", "evidence", "availability")


def read_facts(path: Path = FACTS_FILE) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)["methods"]


def _has_fact(method, kind: str) -> bool:
    if kind == "ages":
        return method.age_min is not None or method.age_max is not None
    if kind == "target_groups":
        return bool(method.target_groups)
    if kind == "evidence":
        return method.evidence != "unknown"
    return bool(method.availability_known or method.availability_district_count or method.available_in.exists())


def apply_facts(Method, District, facts: dict | None = None) -> dict:
    """Set ages, knowledge base and availability from data/method_facts.json, each with its source.

    Takes model classes so that a migration can pass its historical models. Idempotent. A fact the
    file does not give is left as the catalogue has it; a fact the catalogue already had (from the
    seeds it was built from) gets the method's own sources as its source. Returns before/after counts.
    """
    facts = facts if facts is not None else read_facts()
    districts_by_name = {d.name: d for d in District.objects.all()}
    before = fact_counts(Method)
    for method in Method.objects.all():
        given = facts.get(method.slug, {})
        sources = dict(method.fact_sources or {})
        if "ages" in given:
            a = given["ages"]
            method.age_min, method.age_max = a.get("min"), a.get("max")
            method.age_note = a.get("note") or method.age_note
        if "target_groups" in given:
            method.target_groups = list(given["target_groups"]["groups"])
        if "evidence" in given:
            e = given["evidence"]
            method.evidence = e["level"]
            method.evidence_note = e.get("note") or method.evidence_note
        if "availability" in given:
            av = given["availability"]
            if av.get("all_districts"):
                method.availability_known = True
                method.available_in.set(list(districts_by_name.values()))
            elif av.get("districts"):
                method.available_in.add(*[districts_by_name[n] for n in av["districts"]])
                method.availability_known = bool(av.get("complete"))
            method.availability_district_count = av.get("district_count")
            method.availability_note = (av.get("note") or method.availability_note)[:250]
        for kind in FACT_KINDS:
            if kind in given:
                sources[kind] = given[kind]["source"]
            elif _has_fact(method, kind) and not sources.get(kind):
                sources[kind] = "; ".join(method.sources or [])
            elif not _has_fact(method, kind):
                sources.pop(kind, None)
        method.fact_sources = sources
        listed = list(method.sources or [])
        for kind in FACT_KINDS:
            if kind in given and given[kind]["source"] not in listed:
                listed.append(given[kind]["source"])
        method.sources = listed
        method.save()
    return {"before": before, "after": fact_counts(Method)}


def fact_counts(Method) -> dict:
    """How many methods state ages, a knowledge base other than unknown, and availability."""
    methods = list(Method.objects.all())
    return {
        "methods": len(methods),
        "with_ages": sum(1 for m in methods if m.age_min is not None or m.age_max is not None),
        "with_evidence": sum(1 for m in methods if m.evidence != "unknown"),
        "with_availability": sum(1 for m in methods if m.availability_known),
        "with_availability_or_count": sum(
            1 for m in methods if m.availability_known or m.availability_district_count or m.available_in.exists()
        ),
    }
