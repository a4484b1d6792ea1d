from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render

from samhandling.audit import services
from samhandling.audit.access import visible_audit_events
from samhandling.audit.forms import LogFilterForm
from samhandling.core.csvfile import excel_csv_stream


def _filtered(request):
    events = visible_audit_events(request.user)
    form = LogFilterForm(request.GET or None)
    if form.is_valid():
        events = form.apply(events)
    elif form.is_bound:
        events = events.none()
    return form, events.order_by("-id")


def log_review(request):
    form, events = _filtered(request)
    # Record the search first, so that the page count and the rows come from one state of the log.
    services.record(actor=request.user, verb="audit.search", purpose="log review", filters=request.GET.dict())
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log_review.html", {"form": form, "page": page, "query": query.urlencode()})


def log_export(request):
    form, events = _filtered(request)
    services.record(actor=request.user, verb="audit.export", purpose="log review", filters=request.GET.dict())
    header = ["id", "tid", "användare", "åtgärd", "posttyp", "post-id", "syfte", "detaljer", "hash"]

    def rows():
        yield header
        for e in events.iterator(chunk_size=2000):
            yield [
                e.id,
                e.created_at.isoformat(),
                e.actor_username,
                e.verb,
                e.target_type,
                e.target_id,
                e.purpose,
                e.details,
                e.hash,
            ]

    response = StreamingHttpResponse(excel_csv_stream(rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="granskningslogg.csv"'
    return response
