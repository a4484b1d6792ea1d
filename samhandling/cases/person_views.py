"""HTTP only, for the person page: the child's details and guardians, and identity grants.

Every page is reached through a case (access.get_case_for_user), so the same rule as the case
page decides who sees and who changes: own unit reads and writes, emergency access reads only.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samhandling.cases import access, forms, services
from samhandling.cases.models import Person, ProtectedIdentityGrant
from samhandling.cases.views import _apply, _form_page
from samhandling.organisations.models import Membership


def _person_in_case(case, person_id) -> Person:
    if person_id == case.person_id:
        return case.person
    return get_object_or_404(case.person.guardians, id=person_id)


def person_detail(request, case_id):
    case = access.get_case_for_user(request.user, case_id, purpose="person details")
    child = case.person
    guardians = [
        {"person": g, "name": access.display_name(g)} for g in child.guardians.order_by("last_name", "first_name")
    ]
    context = {
        "case": case,
        "person": child,
        "name": access.display_name(child),
        "guardians": guardians,
        "can_change": access.can_change_case(request.user, case),
        "can_grant": child.protected_identity and access.can_manage_queue(request.user),
    }
    return render(request, "cases/person_detail.html", context)


def _person_initial(person: Person) -> dict:
    return {
        "version": person.version,
        "personal_number": person.identity if person.personal_number else "",
        "first_name": person.first_name,
        "last_name": person.last_name,
        "address": person.address,
        "birth_date": person.birth_date,
    }


def person_edit(request, case_id, person_id):
    case = access.get_case_for_user(request.user, case_id, purpose="person details", write=True)
    person = _person_in_case(case, person_id)
    saving = request.method == "POST" and "version" in request.POST
    reason = request.POST.get("reveal_reason", "")
    if person.protected_identity:
        if not access.has_identity_grant(request.user, person, case):
            raise PermissionDenied
        if not saving:
            # First the reason for this look (audited); the form with the details only after it.
            reveal = forms.RevealForm(request.POST if request.method == "POST" else None)
            if not (request.method == "POST" and reveal.is_valid()):
                return render(request, "cases/person_reveal.html", {"case": case, "form": reveal})
            reason = reveal.cleaned_data["reason"]
            access.reveal_identity(request.user, person, reason=reason, case=case)
        elif not reason.strip():
            raise PermissionDenied
    form = forms.PersonForm(request.POST if saving else None, initial=_person_initial(person))
    if saving and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            if _apply(
                form,
                lambda: services.person_update(
                    actor=request.user,
                    case=case,
                    person=person,
                    expected_version=form.cleaned_data["version"],
                    **data,
                ),
            ):
                messages.success(request, _("The details have been saved."))
                return redirect("cases:person_detail", case.id)
        except services.EditConflict as conflict:
            context = {"case": case, "theirs": conflict.current, "yours": data, "person": person}
            return render(request, "cases/person_conflict.html", context, status=409)
    title = _("The child's details") if person.id == case.person_id else _("The guardian's details")
    context = {"reveal_reason": reason, "person": person}
    return _form_page(request, "cases/person_form.html", form, title, case, context)


def guardian_add(request, case_id):
    case = access.get_case_for_user(request.user, case_id, purpose="guardians", write=True)
    form = forms.GuardianForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if _apply(form, lambda: services.guardian_add(actor=request.user, case=case, **form.cleaned_data)):
            return redirect("cases:person_detail", case.id)
    return _form_page(request, "cases/form.html", form, _("Register a guardian"), case)


@require_POST
def guardian_remove(request, case_id, guardian_id):
    case = access.get_case_for_user(request.user, case_id, purpose="guardians", write=True)
    guardian = get_object_or_404(case.person.guardians, id=guardian_id)
    services.guardian_remove(actor=request.user, case=case, guardian=guardian)
    return redirect("cases:person_detail", case.id)


def identity_grant(request, case_id):
    if not access.can_manage_queue(request.user):
        raise PermissionDenied
    case = access.get_case_for_user(request.user, case_id, purpose="identity grant", write=True)
    if not case.person.protected_identity:
        raise PermissionDenied
    colleagues = [
        m.user
        for m in Membership.objects.active()
        .filter(unit=case.unit, role__in=["social_worker", "unit_manager"])
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    ]
    form = forms.IdentityGrantForm(request.POST if request.method == "POST" else None, colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        colleague = next(u for u in colleagues if u.id == form.cleaned_data["user"])
        data = {"reason": form.cleaned_data["reason"], "valid_to": form.cleaned_data["valid_to"]}
        if _apply(
            form,
            lambda: services.identity_grant_create(
                actor=request.user, person=case.person, case=case, user=colleague, **data
            ),
        ):
            messages.success(request, _("The authorisation has been given."))
            return redirect("cases:identity_grant", case.id)
    grants = ProtectedIdentityGrant.objects.filter(person=case.person).select_related("user", "granted_by")
    context = {"grants": grants.order_by("-valid_to")}
    return _form_page(request, "cases/identity_grant.html", form, _("Authorise a colleague"), case, context)
