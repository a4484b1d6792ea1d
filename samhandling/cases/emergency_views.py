"""HTTP only, for break the glass: asking, the unit manager's approval, and the log reviewer's review."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases import access, emergency_review, forms, protection_forms, services
from samhandling.cases.models import Case, EmergencyAccess
from samhandling.cases.views import _apply
from samhandling.organisations.access import units_with_role
from samhandling.organisations.roles import Role


def emergency_access(request):
    if not access.can_work_cases(request.user):
        raise PermissionDenied
    rule = services.emergency_rule()
    form = forms.EmergencyAccessForm(
        request.POST or None, reasons=services.emergency_reasons(), min_length=rule.min_reason_length
    )
    if request.method == "POST" and form.is_valid():
        case = Case.objects.select_related("person").filter(id=form.cleaned_data["case_number"]).first()
        if case is None:
            form.add_error("case_number", _("There is no case with that number."))
        elif access.can_change_case(request.user, case):
            return redirect("cases:case_detail", case.id)
        else:
            entry = _apply(
                form,
                lambda: services.emergency_access_open(
                    actor=request.user,
                    case=case,
                    reason_code=form.cleaned_data["reason_code"],
                    reason=form.cleaned_data["reason"],
                    hours=form.cleaned_data["hours"],
                ),
            )
            if entry and entry.status == EmergencyAccess.Status.PENDING:
                messages.warning(
                    request,
                    _(
                        "You have reached today's limit for emergency access. The request has been sent to "
                        "your unit manager, and the case opens when it is approved."
                    ),
                )
                return redirect("cases:emergency_access")
            if entry:
                return redirect("cases:case_detail", case.id)
    mine = EmergencyAccess.objects.filter(user=request.user).select_related("reason_code").order_by("-requested_at")
    return render(request, "cases/emergency_access.html", {"form": form, "rule": rule, "mine": mine[:10]})


def emergency_access_approvals(request):
    if not access.can_approve_emergency_access(request.user):
        raise PermissionDenied
    managed = units_with_role(request.user, Role.UNIT_MANAGER)
    pending = EmergencyAccess.objects.filter(status=EmergencyAccess.Status.PENDING, user_unit__in=managed)
    form = protection_forms.ApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = get_object_or_404(pending, id=form.cleaned_data["access"])
        services.emergency_access_decide(
            actor=request.user, access=entry, approve=form.cleaned_data["decision"] == "approve"
        )
        messages.success(request, _("The decision has been saved."))
        return redirect("cases:emergency_access_approvals")
    rows = pending.select_related("user", "case__unit__district", "reason_code").order_by("requested_at")
    record(actor=request.user, verb="cases.emergency_access.approvals", purpose="emergency access approval")
    return render(request, "cases/emergency_access_approvals.html", {"rows": rows})


def emergency_access_review(request):
    if not access.can_review_emergency_access(request.user):
        raise PermissionDenied
    record(actor=request.user, verb="cases.emergency_access.list", purpose="log review")
    return render(request, "cases/emergency_access_review.html", {"rows": emergency_review.review_rows()})


def emergency_access_review_detail(request, access_id):
    if not access.can_review_emergency_access(request.user):
        raise PermissionDenied
    entry = get_object_or_404(
        EmergencyAccess.objects.select_related(
            "user", "user_unit__district", "case__unit__district", "case__person", "reason_code", "reviewed_by"
        ),
        id=access_id,
    )
    form = protection_forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _apply(
            form, lambda: services.emergency_access_mark_reviewed(actor=request.user, access=entry, **form.cleaned_data)
        ):
            messages.success(request, _("The review has been saved."))
            return redirect("cases:emergency_access_review")
    record(actor=request.user, verb="cases.emergency_access.view", target=entry, purpose="log review")
    row = emergency_review.review_row(entry, with_reads=True)
    return render(request, "cases/emergency_access_review_detail.html", {"row": row, "entry": entry, "form": form})
