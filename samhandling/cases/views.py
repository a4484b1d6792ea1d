"""HTTP only: access check, form, service call, redirect or render."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases import access, forms, person_selectors, selectors, services
from samhandling.cases.models import (
    ConcernReport,
    Consultation,
    FactorAssessment,
    InstrumentUse,
    InterventionDecision,
    Investigation,
    PoliceRequest,
)
from samhandling.catalogue.models import Factor
from samhandling.core.db import generic_plans
from samhandling.core.ratelimit import rate_limited
from samhandling.organisations.models import Membership


def _apply(form, call):
    """Run a service; a ValidationError lands next to the field and nothing typed is lost."""
    try:
        return call()
    except ValidationError as e:
        form.add_error(None, e)
        return None


def _require_worker(user):
    if not access.can_work_cases(user):
        raise PermissionDenied


def _report(user, report_id, write=False) -> ConcernReport:
    report = get_object_or_404(
        ConcernReport.objects.select_related("case"), id=report_id, case__in=access.visible_cases(user)
    )
    access.get_case_for_user(user, report.case_id, purpose="concern report", write=write)
    return report


def _investigation(user, investigation_id, write=False) -> Investigation:
    inv = get_object_or_404(
        Investigation.objects.select_related("case"), id=investigation_id, case__in=access.visible_cases(user)
    )
    access.get_case_for_user(user, inv.case_id, purpose="investigation", write=write)
    return inv


# --- intake -------------------------------------------------------------------------------------


@login_not_required
@rate_limited("concern_report")
def concern_report_form(request):
    user = request.user
    if not user.is_authenticated and request.method == "GET":
        # A session per browser, so that the e-service's limit per session can count it.
        request.session["eservice"] = True
    worker = access.can_work_cases(user)
    duty_only = user.is_authenticated and user.has_perm("cases.submit_concern_reports")
    form = forms.ConcernReportForm(request.POST or None, duty_only=duty_only)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "submission_token"}
        channel = ConcernReport.Channel.REGISTERED if worker else ConcernReport.Channel.ESERVICE
        result = _apply(
            form,
            lambda: services.concern_report_submit(
                actor=user,
                data=services.ReportInput(**data),
                submission_token=form.cleaned_data["submission_token"],
                channel=channel,
            ),
        )
        if result:
            report, _created = result
            if worker and access.can_change_case(user, report.case):
                return redirect("cases:case_detail", report.case_id)
            return redirect("cases:report_received")
    return render(request, "cases/report_form.html", {"form": form})


@login_not_required
def report_received(request):
    return render(request, "cases/report_received.html")


def consultation_ask(request):
    if not request.user.has_perm("cases.submit_concern_reports"):
        raise PermissionDenied
    form = forms.ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.consultation_ask(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your question has been sent. Social services will contact you."))
        return redirect("cases:consultation_ask")
    asked = Consultation.objects.filter(asked_by=request.user).order_by("-asked_at")[:20]
    return render(request, "cases/consultation_ask.html", {"form": form, "asked": asked})


def consultation_list(request):
    _require_worker(request.user)
    districts = access.case_units(request.user).values("district_id")
    consultations = Consultation.objects.filter(district_id__in=districts).order_by("-asked_at")[:100]
    form = forms.AdviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consultation = get_object_or_404(Consultation, id=form.cleaned_data["consultation"], district_id__in=districts)
        services.consultation_advise(actor=request.user, consultation=consultation, advice=form.cleaned_data["advice"])
        return redirect("cases:consultation_list")
    return render(request, "cases/consultation_list.html", {"consultations": consultations, "form": form})


# --- workload, queue, case page -----------------------------------------------------------------


def workload(request):
    _require_worker(request.user)
    # Paginated in the database: a worker with hundreds of open cases gets the first 50 at once.
    # Both lists' queries have the same best plan whoever asks: planning them anew each time cost more than running them.
    with generic_plans():
        page, rows = selectors.workload_page(request.user, request.GET.get("sida"))
        new_page, new = selectors.unassigned_page(request.user, request.GET.get("nya"))
    count = page.paginator.count + new_page.paginator.count
    record(actor=request.user, verb="cases.workload.view", purpose="my cases", count=count, page=page.number)
    context = {"rows": rows, "page": page, "new_rows": new, "new_page": new_page, "today": timezone.localdate()}
    return render(request, "cases/workload.html", context)


def queue(request):
    if not access.can_manage_queue(request.user):
        raise PermissionDenied
    form = forms.AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = access.get_case_for_user(request.user, form.cleaned_data["case"], purpose="queue", write=True)
        assignee = get_object_or_404(
            Membership.objects.active(), user_id=form.cleaned_data["assignee"], unit=case.unit
        ).user
        try:
            services.case_assign(actor=request.user, case=case, assignee=assignee)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        return redirect("cases:queue")
    rows = selectors.unit_queue(request.user)
    alerts = list(selectors.open_alerts(request.user))
    record(actor=request.user, verb="cases.queue.view", purpose="unit queue", count=len(rows), alerts=len(alerts))
    units = access.case_units(request.user)
    workers = (
        Membership.objects.active()
        .filter(unit__in=units, role__in=["social_worker", "unit_manager"])
        .select_related("user")
        .order_by("user__last_name")
    )
    context = {"rows": rows, "workers": workers, "alerts": alerts, "today": timezone.localdate()}
    return render(request, "cases/queue.html", context)


def case_detail(request, case_id):
    case = access.get_case_for_user(request.user, case_id, purpose="case work")
    revealed = False
    reveal_form = forms.RevealForm(request.POST or None)
    if request.method == "POST" and reveal_form.is_valid():
        revealed = access.reveal_identity(
            request.user, case.person, reason=reveal_form.cleaned_data["reason"], case=case
        )
        if not revealed:
            messages.error(request, _("You are not authorised to see the protected details."))
    can_change = access.can_change_case(request.user, case)
    # Each related list in one query, with what its rows show joined (no query per row).
    investigations = list(
        case.investigations.select_related("rule").prefetch_related(
            "views",
            Prefetch("factor_assessments", FactorAssessment.objects.select_related("factor")),
            Prefetch("instrument_uses", InstrumentUse.objects.select_related("method", "assessor")),
            "extensions",
        )
    )
    if can_change:
        selectors.attach_factor_choices(investigations)
    context = {
        "case": case,
        "person": case.person,
        "name": access.display_name(case.person, revealed=revealed),
        "revealed": revealed,
        "reveal_form": reveal_form,
        "can_change": can_change,
        "protected": access.is_protected(case.person),
        "can_reveal": access.is_protected(case.person) and access.has_identity_grant(request.user, case.person, case),
        "can_grant": case.person.protected_identity and access.can_manage_queue(request.user),
        "changes": person_selectors.changes_by_other_units(case),
        "reports": case.reports.select_related(
            "protection_assessment__assessed_by", "initial_assessment", "initial_rule", "protection_rule"
        ).prefetch_related("feedback"),
        "investigations": investigations,
        "interventions": case.interventions.select_related("method").prefetch_related("follow_ups"),
        "status_events": case.status_events.select_related("recorded_by"),
        "today": timezone.localdate(),
        "police_requests": case.police_requests.all(),
    }
    return render(request, "cases/case_detail.html", context)


def _form_page(request, template, form, title, back, context=None):
    return render(request, template, {"form": form, "title": title, "back": back, **(context or {})})


def _step_page(request, form, save, case, title, context=None):
    """A statutory step's page: on a valid POST save through the service and go back to the case."""
    if request.method == "POST" and form.is_valid() and _apply(form, lambda: save(**form.cleaned_data)):
        return redirect("cases:case_detail", case.pk)
    return _form_page(request, "cases/form.html", form, title, case, context)


# --- statutory steps ----------------------------------------------------------------------------


def protection_assessment(request, report_id):
    report = _report(request.user, report_id, write=True)
    form = forms.ProtectionAssessmentForm(request.POST or None)
    save = partial(services.protection_assessment_record, actor=request.user, report=report)
    return _step_page(request, form, save, report.case, _("Protection assessment"))


def initial_assessment(request, report_id):
    report = _report(request.user, report_id, write=True)
    form = forms.InitialAssessmentForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    context = {
        "intro": _("Decide by %(date)s (%(ref)s).")
        % {
            "date": report.initial_assessment_due,
            "ref": report.initial_rule.legal_reference if report.initial_rule else "",
        }
    }
    save = partial(services.initial_assessment_decide, actor=request.user, report=report)
    return _step_page(request, form, save, report.case, _("Initial assessment"), context)


def reporter_feedback(request, report_id):
    report = _report(request.user, report_id, write=True)
    form = forms.FeedbackForm(request.POST or None, initial={"outcome": services.feedback_outcome(report)})
    if request.method == "POST" and form.is_valid():
        feedback = _apply(
            form,
            lambda: services.reporter_feedback_record(
                actor=request.user, report=report, outcome=form.cleaned_data["outcome"]
            ),
        )
        if feedback and feedback.channel == feedback.Channel.LETTER:
            return redirect("cases:feedback_letter", report.id)
        if feedback:
            messages.success(request, _("The answer is being sent by e-mail."))
            return redirect("cases:case_detail", report.case_id)
    intro = _("The answer is sent by e-mail to %(email)s.") % {"email": report.reporter_email}
    if not report.reporter_email:
        intro = _("The reporter gave no e-mail address: you get a letter to print and send.")
    return _form_page(request, "cases/form.html", form, _("Feedback to the reporter"), report.case, {"intro": intro})


def investigation_extend(request, investigation_id):
    inv = _investigation(request.user, investigation_id, write=True)
    form = forms.ExtensionForm(request.POST or None)
    save = partial(services.investigation_extend, actor=request.user, investigation=inv)
    return _step_page(request, form, save, inv.case, _("Extend the investigation"))


def investigation_complete(request, investigation_id):
    inv = _investigation(request.user, investigation_id, write=True)
    form = forms.CompleteForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    save = partial(services.investigation_complete, actor=request.user, investigation=inv)
    return _step_page(request, form, save, inv.case, _("Complete the investigation"))


def child_views(request, investigation_id):
    inv = _investigation(request.user, investigation_id, write=True)
    form = forms.ChildViewsForm(request.POST or None, initial={"recorded_on": timezone.localdate()})
    save = partial(services.child_views_record, actor=request.user, investigation=inv)
    return _step_page(request, form, save, inv.case, _("The child's and guardians' views"))


def factor_assessment(request, investigation_id, factor_id):
    inv = _investigation(request.user, investigation_id, write=True)
    factor = get_object_or_404(Factor, id=factor_id)
    current = FactorAssessment.objects.filter(investigation=inv, factor=factor).first()
    initial = {"version": current.version if current else 0, "assessed_on": timezone.localdate()}
    form = forms.FactorAssessmentForm(request.POST or None, instance=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ["status", "source", "assessed_on", "comment"]}
        try:
            if _apply(
                form,
                lambda: services.factor_assessment_save(
                    actor=request.user,
                    investigation=inv,
                    factor=factor,
                    expected_version=form.cleaned_data["version"],
                    **data,
                ),
            ):
                return redirect("cases:case_detail", inv.case_id)
        except services.EditConflict as conflict:
            context = {"case": inv.case, "factor": factor, "theirs": conflict.current, "yours": data}
            return render(request, "cases/conflict.html", context, status=409)
    return _form_page(request, "cases/form.html", form, factor.name, inv.case, {"intro": factor.get_kind_display()})


def instrument_use(request, investigation_id):
    inv = _investigation(request.user, investigation_id, write=True)
    form = forms.InstrumentUseForm(request.POST or None, initial={"used_on": timezone.localdate()})
    save = partial(services.instrument_use_record, actor=request.user, investigation=inv)
    return _step_page(request, form, save, inv.case, _("Licensed assessment instrument"))


# --- decisions ----------------------------------------------------------------------------------


def intervention_decide(request, case_id):
    case = access.get_case_for_user(request.user, case_id, purpose="intervention", write=True)
    form = forms.InterventionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    save = partial(services.intervention_decide, actor=request.user, case=case)
    return _step_page(request, form, save, case, _("Decide an intervention"))


def intervention_follow_up(request, intervention_id):
    intervention = get_object_or_404(
        InterventionDecision, id=intervention_id, case__in=access.visible_cases(request.user)
    )
    case = access.get_case_for_user(request.user, intervention.case_id, purpose="intervention", write=True)
    form = forms.FollowUpForm(request.POST or None)
    save = partial(services.intervention_follow_up_record, actor=request.user, intervention=intervention)
    return _step_page(request, form, save, case, _("Follow-up of the intervention"))


def police_request(request, case_id):
    case = access.get_case_for_user(request.user, case_id, purpose="31 § LUL", write=True)
    form = forms.PoliceRequestForm(request.POST or None)
    save = partial(services.police_request_record, actor=request.user, case=case)
    return _step_page(request, form, save, case, _("Request to the police under 31 § LUL"))


def police_answer(request, request_id):
    entry = get_object_or_404(PoliceRequest, id=request_id, case__in=access.visible_cases(request.user))
    case = access.get_case_for_user(request.user, entry.case_id, purpose="31 § LUL", write=True)
    initial = {"version": entry.version, "answered_on": entry.answered_on, "answer": entry.answer}
    form = forms.PoliceAnswerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ["answered_on", "answer"]}
        try:
            if _apply(
                form,
                lambda: services.police_request_answer(
                    actor=request.user, police_request=entry, expected_version=form.cleaned_data["version"], **data
                ),
            ):
                return redirect("cases:case_detail", case.pk)
        except services.EditConflict as conflict:
            context = {"case": case, "theirs": conflict.current, "yours": data}
            return render(request, "cases/police_answer_conflict.html", context, status=409)
    return _form_page(request, "cases/form.html", form, _("The police's answer"), case)


def reporter_confirm(request, report_id):
    report = _report(request.user, report_id, write=True)
    form = forms.ReporterConfirmForm(request.POST or None)
    save = partial(services.concern_report_confirm_reporter, actor=request.user, report=report)
    intro = _("The report says it comes from: %(kind)s. Confirm who the reporter is before relying on it.") % {
        "kind": report.get_reporter_kind_display()
    }
    return _step_page(request, form, save, report.case, _("Confirm the reporter"), {"intro": intro})
