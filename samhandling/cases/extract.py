"""The register extract (GDPR art. 15): what is held about a person, in one PDF.

A social worker's extract holds only their own units' cases about the person
(access.extract_cases_for_user); the data-protection function's full extract holds every case.
Either way the extract is audited against the person and against every case it includes, so it
shows in each case's history.
"""

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


def register_extract_pdf(
    *, actor, person: Person, cases: QuerySet[Case], revealed: bool = False, purpose: str = "GDPR art. 15", full=False
) -> bytes:
    """Render the extract of the given cases; a protected name and address appear only when revealed for this look."""
    from weasyprint import HTML

    from samhandling.collaboration.selectors import disclosures_about

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
                "disclosures": disclosures_about(person, user=None if full else actor),
                "created": timezone.localtime(),
            },
        )
    case_ids = [c.id for c in cases]
    verb = "cases.person.register_extract_full" if full else "cases.person.register_extract"
    record(actor=actor, verb=verb, target=person, purpose=purpose, protected=hidden, case_ids=case_ids)
    for case in cases:
        record(actor=actor, verb="cases.case.register_extract", target=case, purpose=purpose, full=full)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
