"""For the city: the overview of all plans, the effects report and the survey behind it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.catalogue.models import Method, PriorityArea, Strategy
from samhandling.organisations.models import Committee
from samhandling.plans import access, exports, forms, selectors, services
from samhandling.plans.models import (
    PUBLIC_STATUSES,
    ActionPlan,
    EffectsReport,
    PreventionType,
    SurveyResponse,
    SurveyRound,
)


def _year(request) -> int:
    """The year asked for, else the latest year with an approved plan (else this year)."""
    value = request.GET.get("ar", "")
    if value.isdigit() and 2000 < int(value) < 2100:
        return int(value)
    latest = ActionPlan.objects.filter(status__in=PUBLIC_STATUSES).aggregate(latest=Max("year"))["latest"]
    return latest or timezone.localdate().year


def _overview(request):
    access.require_perm(request.user, "plans.view_all_plans")
    year = _year(request)
    kind = request.GET.get("typ", "")
    kind = kind if kind in Committee.Kind.values else ""
    prevention = request.GET.get("prevention", "")
    prevention = prevention if prevention in PreventionType.values else ""
    strategy = Strategy.objects.filter(start_year__lte=year, end_year__gte=year).first()
    areas = PriorityArea.objects.filter(strategy=strategy) if strategy else PriorityArea.objects.none()
    # Unknown filter values are ignored (the whole overview is shown), so an old link still works.
    area = areas.filter(number=request.GET.get("omrade", "")).first() if request.GET.get("omrade") else None
    method = Method.objects.filter(slug=request.GET.get("metod", "")).first() if request.GET.get("metod") else None
    data = selectors.overview(
        user=request.user,
        year=year,
        strategy=strategy,
        kind=kind,
        prevention_type=prevention,
        area=area,
        method=method,
    )
    data["filter_labels"] = [
        str(label)
        for label in (
            dict(Committee.Kind.choices).get(kind),
            dict(PreventionType.choices).get(prevention),
        )
        if label
    ]
    filters = {
        "ar": str(year),
        "typ": kind,
        "prevention": prevention,
        "omrade": area.number if area else "",
        "metod": method.slug if method else "",
    }
    return data, filters, areas


def overview(request):
    data, filters, areas = _overview(request)
    query = urlencode({k: v for k, v in filters.items() if v})
    context = {
        **data,
        "filters": filters,
        "kinds": Committee.Kind.choices,
        "prevention_types": PreventionType.choices,
        "all_areas": areas,
        "all_methods": Method.objects.order_by("name").only("slug", "name"),
        "query": query,
    }
    return render(request, "plans/overview.html", context)


def overview_export(request, fmt):
    if fmt not in ("xlsx", "csv"):
        raise Http404
    data, filters, _areas = _overview(request)
    record(
        actor=request.user,
        verb="plans.overview_export",
        purpose="follow-up of the strategy",
        format=fmt,
        **filters,
    )
    stem = "-".join(["handlingsplaner-oversikt", filters["ar"]] + [v for k, v in filters.items() if v and k != "ar"])
    if fmt == "csv":
        response = HttpResponse(exports.overview_csv(data), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.overview_xlsx(data), content_type=exports.FORMATS["xlsx"][1])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
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
    context = {
        "form": form,
        "year": year,
        "committee": committee,
        "committees": committees,
        "response": response,
        "survey": SurveyRound.objects.filter(year=year).first(),
    }
    return render(request, "plans/survey.html", context)


def survey_responses(request, year):
    """Who has answered the year's survey; the analyst sets or moves its deadline here."""
    access.require_perm(request.user, "plans.view_all_plans")
    survey = SurveyRound.objects.filter(year=year).first()
    may_manage = access.can_manage_rounds(request.user)
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    form = forms.SurveyRoundForm(request.POST or None, initial={"deadline": survey.deadline if survey else None})
    if request.method == "POST" and form.is_valid():
        services.survey_round_save(actor=request.user, year=year, deadline=form.cleaned_data["deadline"])
        messages.success(request, _("The deadline of the survey was saved."))
        return redirect("plans:survey_responses", year)
    context = {
        "rows": selectors.survey_status(year),
        "year": year,
        "survey": survey,
        "form": form if may_manage else None,
    }
    return render(request, "plans/survey_responses.html", context)
