"""HTTP for the life of a case: closing, reopening, ending interventions, alerts, and the letter to a reporter."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samhandling.audit.services import record
from samhandling.cases import access, forms, selectors, services
from samhandling.cases.models import CaseAlert, ConcernReport, InterventionDecision, ReporterFeedback
from samhandling.cases.tasks import feedback_message
from samhandling.cases.views import _apply, _form_page, _report, _require_worker


def _conflict(request, case, current, what):
    context = {"case": case, "current": current, "what": what}
    return render(request, "cases/lifecycle_conflict.html", context, status=409)


def case_close(request, case_id):
    case = access.get_case_for_user(request.user, case_id, purpose="closing", write=True)
    initial = {"version": case.version, "closed_on": timezone.localdate()}
    form = forms.CaseCloseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = _apply(
                form,
                lambda: services.case_close(
                    actor=request.user,
                    case=case,
                    expected_version=data["version"],
                    reason=data["reason"],
                    closed_on=data["closed_on"],
                    note=data["note"],
                ),
            )
        except services.EditConflict as conflict:
            return _conflict(request, case, conflict.current, _("closing"))
        if done:
            messages.success(request, _("The case is closed."))
            return redirect("cases:case_detail", case.id)
    return _form_page(request, "cases/form.html", form, _("Close the case"), case)


def case_reopen(request, case_id):
    case = access.get_case_for_user(request.user, case_id, purpose="reopening", write=True)
    form = forms.CaseReopenForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = _apply(
                form,
                lambda: services.case_reopen(
                    actor=request.user, case=case, expected_version=data["version"], reason=data["reason"]
                ),
            )
        except services.EditConflict as conflict:
            return _conflict(request, case, conflict.current, _("reopening"))
        if done:
            messages.success(request, _("The case is reopened."))
            return redirect("cases:case_detail", case.id)
    return _form_page(request, "cases/form.html", form, _("Reopen the case"), case)


def intervention_close(request, intervention_id):
    intervention = get_object_or_404(
        InterventionDecision, id=intervention_id, case__in=access.visible_cases(request.user)
    )
    case = access.get_case_for_user(request.user, intervention.case_id, purpose="intervention", write=True)
    initial = {"version": intervention.version, "closed_on": timezone.localdate()}
    form = forms.InterventionCloseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = _apply(
                form,
                lambda: services.intervention_close(
                    actor=request.user,
                    intervention=intervention,
                    expected_version=data["version"],
                    closed_on=data["closed_on"],
                    outcome=data["outcome"],
                    outcome_note=data["outcome_note"],
                ),
            )
        except services.EditConflict as conflict:
            return _conflict(request, case, conflict.current.case, _("ending the intervention"))
        if done:
            return redirect("cases:case_detail", case.id)
    title = _("End the intervention: %(method)s") % {"method": intervention.method.name}
    return _form_page(request, "cases/form.html", form, title, case)


def closed_cases(request):
    _require_worker(request.user)
    rows = [(c, access.display_name(c.person)) for c in selectors.closed_cases(request.user)[:500]]
    record(actor=request.user, verb="cases.closed.view", purpose="closed cases", count=len(rows))
    return render(request, "cases/closed_cases.html", {"rows": rows})


@require_POST
def alert_handled(request, alert_id):
    if not access.can_manage_queue(request.user):
        raise PermissionDenied
    alert = get_object_or_404(CaseAlert, id=alert_id, case__in=access.unit_cases(request.user))
    services.case_alert_mark_handled(actor=request.user, alert=alert)
    return redirect("cases:queue")


def feedback_letter(request, report_id):
    """The letter to a reporter without an e-mail address: a printable page, or a PDF with ?format=pdf."""
    report: ConcernReport = _report(request.user, report_id, write=True)
    feedback = get_object_or_404(ReporterFeedback, report=report)
    subject, body = feedback_message(feedback)
    context = {"report": report, "feedback": feedback, "subject": subject, "paragraphs": body.split("\n\n")}
    record(
        actor=request.user,
        verb="cases.report.feedback_letter",
        target=report,
        purpose="feedback to reporter",
        format=request.GET.get("format", "html")[:10],
    )
    if request.GET.get("format") == "pdf":
        from weasyprint import HTML

        with translation.override("sv"):
            html = render_to_string("cases/feedback_letter_print.html", context)
        response = HttpResponse(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="aterkoppling-{report.id}.pdf"'
        return response
    return render(request, "cases/feedback_letter.html", context)
