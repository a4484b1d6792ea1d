"""The register extract (GDPR art. 15): everything held about a person, in one PDF."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from samhandling.audit.services import record
from samhandling.cases.access import display_name
from samhandling.cases.models import Person


def register_extract_pdf(*, actor, person: Person, revealed: bool = False) -> bytes:
    """Render the extract; a protected name and address appear only when revealed for this look."""
    from weasyprint import HTML

    from samhandling.collaboration.selectors import disclosures_about

    cases = person.cases.select_related("unit").prefetch_related(
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
    hidden = person.protected_identity and not revealed
    with translation.override("sv"):
        html = render_to_string(
            "cases/extract.html",
            {
                "person": person,
                "name": display_name(person, revealed=revealed),
                "hidden": hidden,
                "cases": cases,
                "disclosures": disclosures_about(person),
                "created": timezone.localtime(),
            },
        )
    record(actor=actor, verb="cases.person.register_extract", target=person, purpose="GDPR art. 15", protected=hidden)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
