"""HTTP only, for the person page: the child's details and guardians, protection and identity grants.

Every page is reached through a case (access.get_case_for_user), so the same rule as the case
page decides who sees and who changes: own unit reads and writes, emergency access reads only.
Guardians come from the cases the user may see (access.visible_guardians), never from the shared
person record, so a guardian another district registered answers 404 here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samhandling.cases import access, forms, person_selectors, protection_forms, services
from samhandling.cases.models import Person, ProtectedIdentityGrant
from samhandling.cases.views import _apply, _form_page
from samhandling.organisations.models import Membership


def _person_in_case(user, case, person_id) -> Person:
    """The case's child or a guardian registered in one of the user's own units' cases (404 otherwise)."""
    if person_id == case.person_id:
        return case.person
    return get_object_or_404(access.writable_guardians(user, case.person), id=person_id)


def person_detail(request, case_id):
    case = access.get_case_for_user(request.user, case_id, purpose="person details")
    child = case.person
    can_change = access.can_change_case(request.user, case)
    context = {
        "case": case,
        "person": child,
        "name": access.display_name(child),
        "protected": access.is_protected(child),
        "guardians": person_selectors.guardian_rows(request.user, child),
        "writable": set(access.writable_guardians(request.user, child).values_list("id", flat=True)),
        "changes": person_selectors.changes_by_other_units(case),
        "can_change": can_change,
        "can_grant": child.protected_identity and access.can_manage_queue(request.user) and can_change,
        "can_mark": can_change and access.can_mark_protected_identity(request.user),
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
    person = _person_in_case(request.user, case, person_id)
    saving = request.method == "POST" and "version" in request.POST
    reason = request.POST.get("reveal_reason", "")
    if access.is_protected(person):
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
    context = {"reveal_reason": reason, "person": person, "protected": access.is_protected(person)}
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
    guardian = get_object_or_404(access.writable_guardians(request.user, case.person), id=guardian_id)
    services.guardian_remove(actor=request.user, case=case, guardian=guardian)
    return redirect("cases:person_detail", case.id)


def identity_grant(request, case_id):
    if not access.can_manage_queue(request.user):
        raise PermissionDenied
    case = access.get_case_for_user(request.user, case_id, purpose="identity grant", write=True)
    if not case.person.protected_identity:
        raise PermissionDenied
    # A unit manager may not authorise themselves: they are not among the choices.
    colleagues = [
        m.user
        for m in Membership.objects.active()
        .filter(unit=case.unit, role__in=["social_worker", "unit_manager"])
        .exclude(user=request.user)
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
    # Only this case's grants: another district's grants about the same child are not this unit's business.
    grants = ProtectedIdentityGrant.objects.filter(person=case.person, case=case).select_related(
        "user", "granted_by", "withdrawn_by"
    )
    context = {"grants": grants.order_by("withdrawn_at", "-valid_to"), "withdraw_form": protection_forms.WithdrawForm()}
    return _form_page(request, "cases/identity_grant.html", form, _("Authorise a colleague"), case, context)


@require_POST
def identity_grant_withdraw(request, case_id, grant_id):
    if not access.can_manage_queue(request.user):
        raise PermissionDenied
    case = access.get_case_for_user(request.user, case_id, purpose="identity grant", write=True)
    grant = get_object_or_404(ProtectedIdentityGrant, id=grant_id, case=case, withdrawn_at__isnull=True)
    form = protection_forms.WithdrawForm(request.POST)
    if form.is_valid():
        services.identity_grant_withdraw(actor=request.user, grant=grant, reason=form.cleaned_data["reason"])
        messages.success(request, _("The authorisation has been withdrawn."))
    else:
        messages.error(request, _("State why the authorisation is withdrawn."))
    return redirect("cases:identity_grant", case.id)


def person_protection(request, case_id, person_id):
    if not access.can_mark_protected_identity(request.user):
        raise PermissionDenied
    case = access.get_case_for_user(request.user, case_id, purpose="protected identity", write=True)
    person = _person_in_case(request.user, case, person_id)
    initial = {"protected": "no" if person.protected_identity else "yes"}
    form = protection_forms.ProtectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            lambda: services.person_protection_set(actor=request.user, case=case, person=person, **form.cleaned_data),
        ):
            messages.success(request, _("The marking has been saved."))
            return redirect("cases:person_detail", case.id)
    context = {
        "person": person,
        "is_child": person.id == case.person_id,
        "protected_now": person.protected_identity,
        "covered_by_child": access.is_protected(person) and not person.protected_identity,
    }
    return _form_page(request, "cases/person_protection.html", form, _("Protected identity"), case, context)
