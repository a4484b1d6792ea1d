import hashlib
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from samhandling.indicators import access, exports, selectors, services
from samhandling.indicators.forms import (
    CellChoiceForm,
    CorrectionForm,
    ImportForm,
    IndicatorForm,
    MapForm,
    SeriesFilterForm,
)
from samhandling.indicators.models import Gender, ImportBatch, Indicator, Level, ProfileExport, Value
from samhandling.organisations.models import District


def _gender(request, indicator: Indicator) -> str:
    gender = request.GET.get("kon") or Gender.TOTAL
    return gender if gender in indicator.genders else Gender.TOTAL


def indicator_list(request):
    access.require_read(request.user)
    indicators = access.visible_indicators(request.user).select_related("priority_area", "factor")
    return render(
        request,
        "indicators/indicator_list.html",
        {
            "indicators": indicators,
            "districts": District.objects.order_by("name"),
            "can_manage": access.can_manage(request.user),
            "can_import": access.can_import(request.user),
        },
    )


def _series_context(request, indicator: Indicator) -> dict:
    gender = _gender(request, indicator)
    districts = District.objects.order_by("name")
    highlight = request.GET.get("stadsdel") or None
    if highlight and not districts.filter(code=highlight).exists():
        highlight = None
    table = selectors.indicator_series(indicator, gender=gender)
    return {
        "indicator": indicator,
        "gender": gender,
        "gender_label": indicator.gender_label(gender),
        "series": table,
        "chart": table.chart(highlight=highlight),
        "highlight": highlight,
        "filter_form": SeriesFilterForm(
            {"kon": gender, "stadsdel": highlight or ""}, indicator=indicator, districts=districts
        ),
    }


def indicator_detail(request, code):
    indicator = access.get_indicator_for_user(request.user, code)
    context = _series_context(request, indicator)
    context.update(
        can_manage=access.can_manage(request.user),
        can_correct=access.can_correct(request.user),
        revisions=indicator.values.filter(revisions__isnull=False).distinct().count(),
        revision_list=selectors.latest_revisions(indicator),
        download_query=request.GET.urlencode(),
    )
    return render(request, "indicators/indicator_detail.html", context)


def _series_export(request, indicator: Indicator) -> exports.Table:
    context = _series_context(request, indicator)
    table = context["series"]
    return exports.Table(
        title=f"{indicator.name} ({context['gender_label'].lower()})",
        columns=[_("Area"), *table.periods],
        rows=[[name, *values] for _code, name, values in table.rows],
        file_stem=f"indikator-{indicator.code}",
        notes=[f"{_('Unit')}: {indicator.unit}", f"{_('Source')}: {indicator.source}"],
        figures=[context["chart"]],
    )


def indicator_download(request, code, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    indicator = access.get_indicator_for_user(request.user, code)
    return exports.respond(_series_export(request, indicator), fmt, request)


def indicator_create(request):
    access.require_read(request.user)
    if not access.can_manage(request.user):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = services.indicator_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The indicator was created."))
        return redirect("indicators:indicator_detail", code=indicator.code)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": None})


def indicator_edit(request, code):
    indicator = access.get_indicator_for_user(request.user, code, manage=True)
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=indicator.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        indicator = services.indicator_update(actor=request.user, indicator=indicator, **fields)
        messages.success(request, _("The indicator was saved."))
        return redirect("indicators:indicator_detail", code=indicator.code)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})


def value_correct(request, code):
    indicator = access.get_indicator_for_correction(request.user, code)
    choice = CellChoiceForm(request.GET or None, indicator=indicator, periods=selectors.periods_of(indicator))
    value = None
    if choice.is_valid():
        c = choice.cleaned_data
        value = selectors.find_value(indicator, area=c["omrade"], period=c["period"], gender=c["kon"])
    context = {"indicator": indicator, "choice": choice, "value": value, "conflict": None}
    if value is None:
        return render(request, "indicators/value_correct.html", context)
    initial = {
        "value": value.value.normalize(),
        "numerator": value.numerator.normalize() if value.numerator is not None else "",
        "denominator": value.denominator.normalize() if value.denominator is not None else "",
        "status": value.status,
        "version": services.value_version(value),
    }
    form = CorrectionForm(request.POST or None, indicator=indicator, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data.get(k) for k in ("value", "numerator", "denominator", "status", "reason")}
        try:
            _value, changed = services.value_correct(
                actor=request.user, value_id=value.pk, expected_version=form.cleaned_data["version"], **fields
            )
        except services.ValueConflict as conflict:
            # Nothing saved: show both figures; the form keeps what was typed and now carries the
            # current version, so saving again is a deliberate choice.
            data = request.POST.copy()
            data["version"] = services.value_version(conflict.current)
            form = CorrectionForm(data, indicator=indicator)
            form.is_valid()
            context.update(conflict=conflict.current, mine=fields, value=conflict.current)
        else:
            messages.success(
                request, _("The value was corrected.") if changed else _("Nothing changed: the figures were the same.")
            )
            return redirect(f"{request.path}?{request.GET.urlencode()}")
    context.update(form=form, history=selectors.value_history(context["value"]))
    return render(request, "indicators/value_correct.html", context)


def _profile_gender(request) -> str:
    gender = request.GET.get("kon") or Gender.TOTAL
    return gender if gender in Gender.values else Gender.TOTAL


def _profile_context(request, code) -> dict:
    access.require_read(request.user)
    district = get_object_or_404(District, code=code)
    gender = _profile_gender(request)
    return {
        **selectors.district_profile_context(district, gender=gender),
        "gender": gender,
        "gender_choices": Gender.choices,
        "districts": District.objects.order_by("name"),
    }


def district_profile(request, code):
    context = _profile_context(request, code)
    context["download_query"] = request.GET.urlencode()
    context["my_exports"] = access.my_profile_exports(request.user, context["district"])
    return render(request, "indicators/district_profile.html", context)


def district_profile_download(request, code, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    access.require_read(request.user)
    district = get_object_or_404(District, code=code)
    gender = _profile_gender(request)
    if fmt == "pdf" and selectors.profile_indicator_count() > exports.PDF_IN_BACKGROUND_OVER:
        job = services.profile_export_request(actor=request.user, district=district, gender=gender)
        return redirect("indicators:profile_export_detail", pk=job.pk)
    context = selectors.district_profile_context(district, gender=gender)
    return exports.respond(exports.district_profile_table(context), fmt, request)


def profile_export_detail(request, pk):
    job = access.get_profile_export_for_user(request.user, pk)
    return render(request, "indicators/profile_export_detail.html", {"job": job})


def profile_export_status(request, pk):
    job = access.get_profile_export_for_user(request.user, pk)
    return render(request, "indicators/_profile_export_status.html", {"job": job})


def profile_export_file(request, pk):
    job = access.get_profile_export_for_user(request.user, pk, with_content=True)
    if job.status != ProfileExport.Status.DONE or job.content is None:
        raise Http404
    response = HttpResponse(bytes(job.content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response


def _map_context(request, indicators, *, public: bool) -> dict:
    indicators = list(indicators)
    if not indicators:
        return {"indicators": []}
    by_code = {i.code: i for i in indicators}
    indicator = by_code.get(request.GET.get("indikator")) or indicators[0]
    level = request.GET.get("niva") or Level.DISTRICT
    if level not in (Level.DISTRICT, Level.NEIGHBOURHOOD):
        level = Level.DISTRICT
    gender = _gender(request, indicator)
    periods = list(
        Value.objects.filter(indicator=indicator, level=level)
        .values_list("period", flat=True)
        .distinct()
        .order_by("period")
    )
    period = request.GET.get("period")
    if period not in periods:
        period = periods[-1] if periods else ""
    form = MapForm(
        {"indikator": indicator.code, "period": period, "niva": level, "kon": gender},
        indicators=indicators,
        periods=periods,
    )
    form.fields["kon"].choices = [(g, indicator.gender_label(g)) for g in indicator.genders]
    rows = selectors.map_rows(indicator, period=period, level=level, gender=gender, public=public) if period else []
    if level == Level.NEIGHBOURHOOD:
        # The 117 neighbourhoods: only those with data are listed (the rest stay grey on the map).
        rows = [r for r in rows if r.value is not None or r.suppressed]
    drawn = selectors.draw_map(indicator, rows, period=period, level=level, gender=gender) if period else None
    return {
        "indicators": indicators,
        "indicator": indicator,
        "period": period,
        "level": level,
        "gender": gender,
        "gender_label": indicator.gender_label(gender),
        "rows": rows,
        "map": drawn,
        "form": form,
        "download_query": request.GET.urlencode(),
    }


def _map_table(context: dict) -> exports.Table:
    indicator = context["indicator"]
    level_label = Level(context["level"]).label
    return exports.Table(
        title=f"{indicator.name}, {context['period']} ({context['gender_label'].lower()})",
        columns=[level_label, f"{_('Value')} ({indicator.unit})", _("Numerator"), _("Denominator")],
        rows=[
            [r.name, r.value if not r.suppressed else _("too few to show"), r.numerator, r.denominator]
            for r in context["rows"]
        ],
        file_stem=f"karta-{indicator.code}-{context['period']}",
        notes=[f"{_('Source')}: {indicator.source}"],
        figures=[context["map"].svg] if context.get("map") else [],
    )


def map_view(request):
    access.require_read(request.user)
    context = _map_context(request, access.visible_indicators(request.user), public=False)
    return render(request, "indicators/map.html", context)


def map_download(request, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    access.require_read(request.user)
    context = _map_context(request, access.visible_indicators(request.user), public=False)
    if not context["indicators"] or not context["period"]:
        raise Http404
    return exports.respond(_map_table(context), fmt, request)


def import_upload(request):
    access.require_read(request.user)
    if not access.can_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        digest = hashlib.sha256(form.content).hexdigest()
        # A double click sends the same file twice: the second gets the first's page.
        recent = ImportBatch.objects.filter(
            uploaded_by=request.user, sha256=digest, created_at__gte=timezone.now() - timedelta(minutes=2)
        ).first()
        if recent is None:
            recent = services.import_batch_create(
                actor=request.user, file_name=form.cleaned_data["file"].name, content=form.content
            )
        return redirect("indicators:import_detail", pk=recent.pk)
    batches = access.visible_import_batches(request.user).defer("content").select_related("uploaded_by")[:20]
    return render(request, "indicators/import_upload.html", {"form": form, "batches": batches})


def import_detail(request, pk):
    batch = access.get_import_batch_for_user(request.user, pk)
    return render(request, "indicators/import_detail.html", {"batch": batch})


def import_status(request, pk):
    batch = access.get_import_batch_for_user(request.user, pk)
    return render(request, "indicators/_import_status.html", {"batch": batch})


@login_not_required
def public_dashboard(request):
    code = request.GET.get("indikator")
    if code:
        access.get_public_indicator(code)  # 404 for an unknown or unpublished indicator
    context = _map_context(request, selectors.public_indicators(), public=True)
    return render(request, "indicators/public_dashboard.html", context)


def _public_table() -> exports.Table:
    rows = []
    names = dict(District.objects.values_list("pk", "name"))
    from samhandling.organisations.models import Neighbourhood

    neighbourhoods = dict(Neighbourhood.objects.values_list("pk", "name"))
    for indicator in selectors.public_indicators():
        for c in sorted(
            selectors.public_cells(indicator), key=lambda c: (c.period, c.level, c.district_id or 0, c.gender)
        ):
            area = (
                neighbourhoods.get(c.neighbourhood_id)
                if c.level == Level.NEIGHBOURHOOD
                else names.get(c.district_id)
                if c.level == Level.DISTRICT
                else "Stockholm"
            )
            rows.append(
                [
                    indicator.code,
                    indicator.name,
                    Level(c.level).label,
                    area,
                    c.period,
                    indicator.gender_label(c.gender),
                    c.value,
                    c.numerator,
                    c.denominator,
                    "x" if c.suppressed else "",
                ]
            )
    return exports.Table(
        title=_("Public indicators"),
        columns=[
            "indikatorkod",
            "indikator",
            "nivå",
            "område",
            "period",
            "kön",
            "värde",
            "täljare",
            "nämnare",
            "undertryckt",
        ],
        rows=rows,
        file_stem="oppna-indikatorer",
    )


@login_not_required
@require_safe
def public_csv(request):
    return exports.respond(_public_table(), "csv", request)
