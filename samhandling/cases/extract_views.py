"""HTTP only, for register extracts: a unit's extract of its own cases, and the full extract."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samhandling.cases import access, forms, protection_forms
from samhandling.cases.extract import register_extract_pdf
from samhandling.cases.identity import normalise_personal_number
from samhandling.cases.models import Case, Person


def _pdf(pdf: bytes, person: Person) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{person.id}.pdf"'
    return response


@require_POST
def register_extract(request, person_id):
    """Only the user's own units' cases about the person: never another district's case file."""
    person = Person.objects.filter(id=person_id).first()
    cases = access.extract_cases_for_user(request.user, person) if person else Case.objects.none()
    if not cases.exists():
        raise Http404
    reveal = forms.RevealForm(request.POST)
    revealed = False
    if access.is_protected(person) and reveal.is_valid():
        revealed = access.reveal_identity(request.user, person, reason=reveal.cleaned_data["reason"])
    return _pdf(register_extract_pdf(actor=request.user, person=person, cases=cases, revealed=revealed), person)


def full_extract(request):
    """The data-protection function answers a GDPR request with every case about the person."""
    if not access.can_make_full_extract(request.user):
        raise PermissionDenied
    form = protection_forms.FullExtractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            number, _birth = normalise_personal_number(form.cleaned_data["personal_number"])
        except ValidationError as e:
            form.add_error("personal_number", e)
        else:
            person = Person.objects.filter(personal_number=number).first()
            if person is None or not person.cases.exists():
                form.add_error("personal_number", _("No case about a person with that number is held."))
            else:
                reference = form.cleaned_data["request_reference"].strip()
                pdf = register_extract_pdf(
                    actor=request.user,
                    person=person,
                    cases=Case.objects.all(),
                    purpose=f"GDPR art. 15, {reference}"[:200],
                    full=True,
                )
                return _pdf(pdf, person)
    return render(request, "cases/full_extract.html", {"form": form})
