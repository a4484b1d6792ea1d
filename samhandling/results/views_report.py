"""The rewritten effects report: the analyst's text, the chosen examples and quotes, the exports."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.plans.models import SurveyResponse
from samhandling.results import access, fulfilment, services
from samhandling.results.exports.render import FORMATS
from samhandling.results.forms import ReportTextForm
from samhandling.results.report import LIMITS_TEXT, default_summary, report_data


def _choices(request, year: int, data: dict):
    """The examples and quotes ticked on the page; ids outside this year's report are ignored."""
    allowed = {o["followup"].pk: o["followup"] for e in data["areas"] for o in e["outcomes"]}
    followups = [allowed[int(i)] for i in request.POST.getlist("example") if i.isdigit() and int(i) in allowed]
    responses = {r.pk: r for r in SurveyResponse.objects.filter(year=year, submitted_at__isnull=False)}
    quotes = []
    for value in request.POST.getlist("quote"):
        pk, _sep, key = value.partition("|")
        if pk.isdigit() and int(pk) in responses and len(key) <= 40:
            quotes.append((responses[int(pk)], key))
    return followups, quotes


def report(request, year):
    access.require_report(request.user)
    data = report_data(year)
    text = data["text"]
    form = ReportTextForm(request.POST if "save_text" in request.POST else None, instance=text)
    if request.method == "POST" and "choose" in request.POST:
        followups, quotes = _choices(request, year, data)
        services.report_choices_set(actor=request.user, year=year, followups=followups, quotes=quotes)
        messages.success(request, _("The examples and quotes were saved."))
        return redirect("results:report", year)
    if request.method == "POST" and "save_text" in request.POST and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in text.FIELDS}
        try:
            services.report_text_save(
                actor=request.user, year=year, expected_version=form.cleaned_data["version"] or 0, **fields
            )
        except services.EditConflict as conflict:
            return render(
                request, "results/conflict.html", {"current": conflict.current, "what": _("report text")}, status=409
            )
        messages.success(request, _("The report text was saved."))
        return redirect("results:report", year)
    context = {
        "year": year,
        "data": data,
        "form": form,
        "default_summary": default_summary(data),
        "limits": LIMITS_TEXT,
        "method_text": fulfilment.METHOD_TEXT,
        "status_list": [(fulfilment.LABELS[k], n) for k, n in data["status_counts"].items()],
        "formats": [("docx", "Word"), ("pdf", "PDF"), ("xlsx", _("Excel annex"))],
    }
    return render(request, "results/report.html", context)


def report_export(request, year, fmt):
    access.require_report(request.user)
    if fmt not in FORMATS:
        raise Http404
    build, content_type = FORMATS[fmt]
    body = build(year)
    record(actor=request.user, verb="results.report_export", purpose=services.PURPOSE, year=year, format=fmt)
    response = HttpResponse(body, content_type=content_type)
    name = f"effektrapport-{year}{'-bilaga' if fmt == 'xlsx' else ''}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
