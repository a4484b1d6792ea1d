"""Every change to the catalogue goes through here and is audited in the same transaction."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from samhandling.audit.services import record
from samhandling.catalogue.access import require_catalogue_editor
from samhandling.catalogue.models import Method
from samhandling.core.annotations import Actor

# Plain fields that an editor may change, and the many-to-many fields with the key we log.
METHOD_FIELDS = (
    "name",
    "abbreviation",
    "aliases",
    "description",
    "prevention_levels",
    "prevention_type",
    "target_groups",
    "age_min",
    "age_max",
    "age_note",
    "access",
    "legal_grounds",
    "partners",
    "evidence",
    "evidence_note",
    "availability_known",
    "availability_note",
    "availability_district_count",
    "licensed_instrument",
    "instrument_users",
    "sources",
    "fact_sources",
)
METHOD_RELATIONS = {
    "sub_areas": "number",
    "committees": "code",
    "available_in": "code",
    "factors": "code",
}


def _snapshot(method: Method) -> dict[str, Any]:
    snap = {name: getattr(method, name) for name in METHOD_FIELDS}
    if method.pk:
        for name, key in METHOD_RELATIONS.items():
            snap[name] = sorted(str(getattr(obj, key)) for obj in getattr(method, name).all())
    else:
        snap.update({name: [] for name in METHOD_RELATIONS})
    return snap


# The fields behind each fact whose source is kept in Method.fact_sources.
FACT_FIELDS = {
    "ages": ("age_min", "age_max"),
    "target_groups": ("target_groups",),
    "evidence": ("evidence",),
    "availability": ("availability_known", "availability_district_count", "available_in"),
}


def _note_changed_facts(
    before: dict[str, Any], after: dict[str, Any], method: Method, previous_sources: dict[str, Any]
) -> None:
    """A fact that changed while its source stayed the same gets the editor's change as its source."""
    sources = dict(method.fact_sources or {})
    stamp = gettext("Changed in the catalogue on %(date)s") % {"date": timezone.localdate().isoformat()}
    for kind, fields in FACT_FIELDS.items():
        if any(before[f] != after[f] for f in fields) and sources.get(kind) == previous_sources.get(kind):
            sources[kind] = stamp
    if sources != (method.fact_sources or {}):
        method.fact_sources = sources
        method.save(update_fields=["fact_sources"])


def _apply(method: Method, data: dict[str, Any]) -> None:
    for name in METHOD_FIELDS:
        if name in data:
            setattr(method, name, data[name])
    method.full_clean(exclude=["slug"] if method.slug else None)
    method.save()
    for name in METHOD_RELATIONS:
        if name in data:
            getattr(method, name).set(data[name])


def _unique_slug(name: str) -> str:
    base = slugify(name.replace("å", "a").replace("ä", "a").replace("ö", "o"))[:70] or "metod"
    slug, n = base, 2
    while Method.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def method_create(*, actor: Actor, data: dict[str, Any]) -> Method:
    """Add a method to the catalogue (catalogue editors only)."""
    require_catalogue_editor(actor)
    with transaction.atomic():
        method = Method(slug=_unique_slug(data["name"]))
        _apply(method, data)
        after = _snapshot(method)
        record(
            actor=actor,
            verb="catalogue.method.create",
            target=method,
            purpose="catalogue maintenance",
            name=method.name,
            changed={k: {"from": None, "to": v} for k, v in after.items() if v not in ("", [], None, False)},
        )
    return method


def method_update(*, actor: Actor, method: Method, data: dict[str, Any]) -> Method:
    """Change a method; the audit event lists each changed field with its old and new value."""
    require_catalogue_editor(actor)
    with transaction.atomic():
        method = Method.objects.select_for_update().get(pk=method.pk)
        before = _snapshot(method)
        previous_sources = dict(method.fact_sources or {})
        _apply(method, data)
        _note_changed_facts(before, _snapshot(method), method, previous_sources)
        after = _snapshot(method)
        changed = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
        if changed:
            record(
                actor=actor,
                verb="catalogue.method.update",
                target=method,
                purpose="catalogue maintenance",
                name=method.name,
                changed=changed,
            )
    return method
