"""For the city: the overview of all plans, the effects report and the survey behind it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.catalogue.models import PriorityArea
from samhandling.organisations.models import Committee
from samhandling.plans import access, exports, forms, selectors, services
from samhandling.plans.models import EffectsReport, PreventionType, SurveyResponse


def _year(request) -> int:
    value = request.GET.get("ar", "")
    return int(value) if value.isdigit() and 2000 < int(value) < 2100 else timezone.localdate().year


def _overview(request):
    access.require_perm(request.user, "plans.view_all_plans")
    kind = request.GET.get("typ", "")
    kind = kind if kind in Committee.Kind.values else ""
    prevention = request.GET.get("prevention", "")
    prevention = prevention if prevention in PreventionType.values else ""
    data = selectors.overview(user=request.user, year=_year(request), kind=kind, prevention_type=prevention)
    return data, {"typ": kind, "prevention": prevention}


def overview(request):
    data, filters = _overview(request)
    context = {
        **data,
        "filters": filters,
        "kinds": Committee.Kind.choices,
        "prevention_types": PreventionType.choices,
        "query": request.GET.urlencode(),
    }
    return render(request, "plans/overview.html", context)


def overview_export(request):
    data, filters = _overview(request)
    record(
        actor=request.user,
        verb="plans.overview_export",
        purpose="follow-up of the strategy",
        year=data["year"],
        **filters,
    )
    response = HttpResponse(exports.overview_xlsx(data), content_type=exports.FORMATS["xlsx"][1])
    response["Content-Disposition"] = f'attachment; filename="handlingsplaner-oversikt-{data["year"]}.xlsx"'
    return response


def report_edit(request, year):
    access.require_perm(request.user, "plans.edit_effects_report")
    report = EffectsReport.objects.filter(year=year).first()
    form = forms.EffectsReportForm(request.POST or None, initial=(report.sections if report else {}))
    if request.method == "POST" and form.is_valid():
        services.effects_report_save(actor=request.user, year=year, sections=form.cleaned_data)
        messages.success(request, _("The report text was saved."))
        return redirect("plans:report_edit", year)
    data = selectors.effects_report_data(year)
    return render(request, "plans/report_edit.html", {"form": form, "year": year, "data": data, "report": report})


def report_export(request, year, fmt):
    access.require_perm(request.user, "plans.edit_effects_report")
    if fmt not in exports.FORMATS:
        raise Http404
    build, content_type = exports.FORMATS[fmt]
    body = build(year)
    record(actor=request.user, verb="plans.report_export", purpose="effects report", year=year, format=fmt)
    response = HttpResponse(body, content_type=content_type)
    name = f"effektrapport-{year}{'-bilaga' if fmt == 'xlsx' else ''}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def survey(request, year):
    committees = access.planner_committees(request.user)
    if not committees.exists():
        raise PermissionDenied
    committee = committees.order_by("name").first()
    if request.GET.get("namnd", "").isdigit():
        committee = committees.filter(pk=int(request.GET["namnd"])).first() or committee
    strategy = services.strategy_for_year(year)
    areas = PriorityArea.objects.filter(strategy=strategy)
    response = SurveyResponse.objects.filter(year=year, committee=committee).first()
    form = forms.SurveyForm(request.POST or None, areas=areas)
    if response and not form.is_bound:
        form.initial_from(response)
    if request.method == "POST" and form.is_valid():
        services.survey_save(
            actor=request.user,
            year=year,
            committee=committee,
            answers=form.answers(),
            views=form.cleaned_data["views"],
            submit="submit" in request.POST,
        )
        messages.success(request, _("The answer was sent.") if "submit" in request.POST else _("The answer was saved."))
        return redirect(f"{request.path}?namnd={committee.pk}")
    context = {"form": form, "year": year, "committee": committee, "committees": committees, "response": response}
    return render(request, "plans/survey.html", context)


def survey_responses(request, year):
    access.require_perm(request.user, "plans.view_all_plans")
    responses = {r.committee_id: r for r in SurveyResponse.objects.filter(year=year)}
    rows = [{"committee": c, "response": responses.get(c.pk)} for c in Committee.objects.order_by("kind", "name")]
    return render(request, "plans/survey_responses.html", {"rows": rows, "year": year})
