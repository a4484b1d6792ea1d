"""Pages: safety investments, the safety fund (calls, applications, review and decision, payment, report)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samhandling.audit.services import record
from samhandling.core.csvfile import excel_csv
from samhandling.core.forms import add_service_errors
from samhandling.places import access, forms, services
from samhandling.places.views_common import conflict, require_places, token

INVESTMENT_DATA = services.fund.INVESTMENT_FIELDS
APPLICATION_DATA = services.fund.APPLICATION_FIELDS


def _district_choices(user):
    return access.coordinator_districts(user)


def _places_and_collabs(user):
    districts = access.coordinator_districts(user)
    places = access.visible_places(user).filter(neighbourhood__district__in=districts, archived_at__isnull=True)
    collaborations = access.visible_collaborations(user).filter(district__in=districts)
    return places, collaborations


def investment_list(request):
    require_places(request.user)
    investments = access.visible_investments(request.user).order_by("-year", "district__name", "title")
    return render(
        request,
        "places/investment_list.html",
        {"investments": investments, "can_create": _district_choices(request.user).exists()},
    )


def _district_from(request):
    districts = _district_choices(request.user)
    if not districts.exists():
        raise PermissionDenied
    chosen = request.POST.get("district") or request.GET.get("district")
    if chosen and chosen.isdigit():
        district = districts.filter(pk=chosen).first()
        if district is None:
            raise PermissionDenied
        return district, districts
    return districts.order_by("name").first(), districts


def investment_create(request):
    district, districts = _district_from(request)
    places, collaborations = _places_and_collabs(request.user)
    form = forms.InvestmentForm(request.POST or None, places=places, collaborations=collaborations)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in INVESTMENT_DATA}
        try:
            investment = services.investment_create(
                actor=request.user, district=district, form_token=token(form), **data
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The investment was saved."))
            return redirect("places:investment_detail", investment.pk)
    return render(request, "places/investment_form.html", {"form": form, "district": district, "districts": districts})


def investment_detail(request, pk):
    investment = access.get_investment_for_user(request.user, pk)
    can_edit = access.can_edit_district(request.user, investment.district_id)
    form = None
    if can_edit:
        places, collaborations = _places_and_collabs(request.user)
        form = forms.InvestmentForm(
            request.POST or None,
            instance=investment,
            places=places | access.visible_places(request.user).filter(pk=investment.place_id),
            collaborations=collaborations,
        )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in INVESTMENT_DATA}
            try:
                services.investment_update(
                    actor=request.user, investment=investment, expected_version=form.cleaned_data["version"], **data
                )
            except services.EditConflict as e:
                return conflict(request, e.current, request.path, form)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("The investment was saved."))
                return redirect("places:investment_detail", investment.pk)
    status = 400 if form is not None and form.errors else 200
    return render(request, "places/investment_detail.html", {"investment": investment, "form": form}, status=status)


# --- the fund ----------------------------------------------------------------------------------


def fund_overview(request):
    calls = access.visible_fund_calls(request.user)
    if not calls.exists() and not access.can_manage_fund(request.user) and not access.reads_all(request.user):
        if not access.coordinator_districts(request.user).exists():
            raise PermissionDenied
    calls = [(call, services.fund_balance(call)) for call in calls]
    applications = access.visible_fund_applications(request.user).order_by("-created_at")
    context = {
        "calls": calls,
        "applications": applications,
        "can_manage": access.can_manage_fund(request.user),
        "can_apply": access.coordinator_districts(request.user).exists(),
    }
    return render(request, "places/fund_overview.html", context)


def fund_call_create(request):
    if not access.can_manage_fund(request.user):
        raise PermissionDenied
    form = forms.FundCallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("name", "budget", "opens_on", "closes_on", "source")}
        try:
            services.fund_call_create(actor=request.user, form_token=token(form), **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The call is open."))
            return redirect("places:fund_overview")
    return render(request, "places/simple_form.html", {"form": form, "title": _("Open a call of the safety fund")})


def application_create(request):
    district, districts = _district_from(request)
    places, collaborations = _places_and_collabs(request.user)
    calls = access.visible_fund_calls(request.user)
    initial = {"applicant": f"{district.name} stadsdelsförvaltning"}
    if request.GET.get("samverkan", "").isdigit():
        collaboration = collaborations.filter(pk=request.GET["samverkan"]).first()
        if collaboration is not None:
            initial.update(collaboration=collaboration.pk, place=collaboration.place_id)
    form = forms.ApplicationForm(
        request.POST or None, initial=initial, calls=calls, places=places, collaborations=collaborations
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in APPLICATION_DATA}
        try:
            application = services.application_create(
                actor=request.user,
                call=form.cleaned_data["call"],
                district=district,
                form_token=token(form),
                **data,
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The application was saved as a draft."))
            return redirect("places:application_detail", application.pk)
    return render(request, "places/application_form.html", {"form": form, "district": district, "districts": districts})


def _application_context(request, application, **override):
    user = request.user
    context = {
        "application": application,
        "balance": services.fund_balance(application.call),
        "can_edit": access.can_edit_district(user, application.district_id),
        "can_manage": access.can_manage_fund(user),
        "version_form": forms.VersionForm(initial={"version": application.version}),
        "decide_form": forms.DecideForm(initial={"version": application.version}),
        "pay_form": forms.PayForm(initial={"version": application.version, "paid_amount": application.granted_amount}),
        "report_form": forms.ReportForm(initial={"version": application.version}),
    }
    context.update(override)
    return context


def application_detail(request, pk):
    application = access.get_fund_application_for_user(request.user, pk)
    return render(request, "places/application_detail.html", _application_context(request, application))


def application_edit(request, pk):
    application = access.get_fund_application_for_user(request.user, pk)
    if not access.can_edit_district(request.user, application.district_id) or not application.is_editable:
        raise PermissionDenied
    places, collaborations = _places_and_collabs(request.user)
    form = forms.ApplicationForm(
        request.POST or None, instance=application, calls=None, places=places, collaborations=collaborations
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in APPLICATION_DATA}
        try:
            services.application_update(
                actor=request.user, application=application, expected_version=form.cleaned_data["version"], **data
            )
        except services.EditConflict as e:
            return conflict(request, e.current, request.path, form)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The application was saved."))
            return redirect("places:application_detail", application.pk)
    return render(request, "places/application_form.html", {"form": form, "application": application})


def _step(request, pk, form_class, form_name, call, *, manager: bool):
    """One step of an application's life; the right to take it is checked before the form is read."""
    application = access.get_fund_application_for_user(request.user, pk)
    allowed = (
        access.can_manage_fund(request.user)
        if manager
        else access.can_edit_district(request.user, application.district_id)
    )
    if not allowed:
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(application, form.cleaned_data)
        except services.EditConflict as e:
            return conflict(request, e.current, reverse("places:application_detail", args=[pk]), form)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            return redirect("places:application_detail", pk)
    context = _application_context(request, application, **{form_name: form})
    return render(request, "places/application_detail.html", context, status=400)


@require_POST
def application_submit(request, pk):
    def call(application, data):
        services.application_submit(actor=request.user, application=application, expected_version=data["version"])
        messages.success(request, _("The application was sent to the city for review."))

    return _step(request, pk, forms.VersionForm, "version_form", call, manager=False)


@require_POST
def application_decide(request, pk):
    def call(application, data):
        services.application_decide(
            actor=request.user,
            application=application,
            expected_version=data["version"],
            grant=data["decision"] == "grant",
            assessment=data["assessment"],
            granted_amount=data["granted_amount"],
            conditions=data["conditions"],
            decided_on=data["decided_on"],
        )
        messages.success(request, _("The decision was recorded."))

    return _step(request, pk, forms.DecideForm, "decide_form", call, manager=True)


@require_POST
def application_pay(request, pk):
    def call(application, data):
        services.application_pay(
            actor=request.user,
            application=application,
            expected_version=data["version"],
            paid_amount=data["paid_amount"],
            paid_on=data["paid_on"],
        )
        messages.success(request, _("The payment was recorded."))

    return _step(request, pk, forms.PayForm, "pay_form", call, manager=True)


@require_POST
def application_report(request, pk):
    def call(application, data):
        services.application_report(
            actor=request.user,
            application=application,
            expected_version=data["version"],
            report=data["report"],
            reported_on=data["reported_on"],
        )
        messages.success(request, _("The report was recorded."))

    return _step(request, pk, forms.ReportForm, "report_form", call, manager=False)


def fund_export(request):
    """The applications the user may see, as CSV for Excel (formulas neutralised)."""
    require_places(request.user)
    applications = access.visible_fund_applications(request.user)
    header = [
        _("Call"), _("District"), _("Applicant"), _("Title"), _("Kind"), _("Status"),
        _("Applied (kr)"), _("Co-financing (kr)"), _("Granted (kr)"), _("Paid (kr)"),
    ]  # fmt: skip
    rows = [header] + [
        [a.call.name, a.district.name, a.applicant, a.title, a.get_kind_display(), a.get_status_display(),
         int(a.amount), int(a.co_financing), int(a.granted_amount or 0), int(a.paid_amount or 0)]
        for a in applications.order_by("call__name", "district__name", "title")
    ]  # fmt: skip
    record(actor=request.user, verb="places.fund_export", purpose="places", rows=len(rows) - 1)
    response = HttpResponse(excel_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="trygghetsfonden.csv"'
    return response
