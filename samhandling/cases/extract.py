"""The register extract (GDPR art. 15): what is held about a person, in one PDF.

A social worker's extract holds only their own units' cases about the person
(access.extract_cases_for_user); the data-protection function's full extract holds every case.
Either way the extract is audited against the person and against every case it includes, so it
shows in each case's history.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from samhandling.audit.services import record
from samhandling.cases.access import display_name, is_protected
from samhandling.cases.models import Case, GuardianRegistration, Person


def _guardians(person: Person, cases: list[Case], revealed: bool) -> list[dict]:
    registered = GuardianRegistration.objects.filter(case__in=cases).values("guardian_id")
    rows = []
    for g in person.guardians.filter(id__in=registered).order_by("last_name", "first_name", "id"):
        hidden = is_protected(g) and not revealed
        # A protected child's guardians are protected with the child: nothing of theirs leaves masked.
        rows.append(
            {
                "name": display_name(g, revealed=revealed),
                "identity": "" if hidden else g.identity,
                "address": "" if hidden else g.address,
                "hidden": hidden,
            }
        )
    return rows


# What higher apps add to the register extract: each contributor returns more template context for a
# person, seeing what `user` may see (None: everything). Collaboration registers its disclosures in
# its AppConfig.ready, so cases need not import it (ADR 0013).
ExtractContributor = Callable[..., dict[str, Any]]
_CONTRIBUTORS: list[ExtractContributor] = []


def register_extract_contributor(contributor: ExtractContributor) -> ExtractContributor:
    """Add a higher app's part of the register extract (called from its AppConfig.ready)."""
    if contributor not in _CONTRIBUTORS:
        _CONTRIBUTORS.append(contributor)
    return contributor


def _contributed(person: Person, *, user: Any) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for contributor in _CONTRIBUTORS:
        context.update(contributor(person, user=user))
    return context


def register_extract_pdf(
    *, actor, person: Person, cases: QuerySet[Case], revealed: bool = False, purpose: str = "GDPR art. 15", full=False
) -> bytes:
    """Render the extract of the given cases; a protected name and address appear only when revealed for this look."""
    from weasyprint import HTML

    cases = list(
        cases.filter(person=person)
        .select_related("unit")
        .prefetch_related(
            "reports__protection_assessment",
            "reports__initial_assessment",
            "reports__feedback",
            "investigations__views",
            "investigations__factor_assessments__factor",
            "investigations__instrument_uses__method",
            "investigations__extensions",
            "interventions__method",
            "interventions__follow_ups",
            "police_requests",
        )
        .order_by("created_at", "id")
    )
    hidden = is_protected(person) and not revealed
    with translation.override("sv"):
        html = render_to_string(
            "cases/extract.html",
            {
                "person": person,
                "name": display_name(person, revealed=revealed),
                "hidden": hidden,
                "cases": cases,
                "guardians": _guardians(person, cases, revealed),
                "disclosures": [],
                "created": timezone.localtime(),
            }
            | _contributed(person, user=None if full else actor),
        )
    case_ids = [c.id for c in cases]
    verb = "cases.person.register_extract_full" if full else "cases.person.register_extract"
    record(actor=actor, verb=verb, target=person, purpose=purpose, protected=hidden, case_ids=case_ids)
    for case in cases:
        record(actor=actor, verb="cases.case.register_extract", target=case, purpose=purpose, full=full)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
