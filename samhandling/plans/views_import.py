"""Import of a plan document: upload, check every suggestion, then save all activities at once."""

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samhandling.core.annotations import signed_in
from samhandling.plans import access, forms, services
from samhandling.plans.models import DocumentImport

RowFormSet = django_forms.formset_factory(forms.ImportRowForm, extra=0, max_num=500, validate_max=True)


def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_edit(request.user, pk)
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        doc = form.cleaned_data["document"]
        try:
            job = services.document_import_create(
                actor=signed_in(request.user), plan=plan, file_name=doc.name, content=doc.read()
            )
        except ValidationError as e:
            form.add_error("document", e)
        else:
            return redirect("plans:import_status", plan.pk, job.pk)
    return render(request, "plans/import_upload.html", {"plan": plan, "form": form})


def import_status(request: HttpRequest, pk: int, import_id: int) -> HttpResponse:
    """The worker reads the document; this page waits for it, then shows the suggestions to confirm."""
    plan = access.get_plan_for_edit(request.user, pk)
    job = get_object_or_404(DocumentImport.objects.defer("content"), pk=import_id, plan=plan)
    if job.status == DocumentImport.Status.FAILED:
        form = forms.ImportUploadForm()
        return render(request, "plans/import_upload.html", {"plan": plan, "form": form, "failed": job})
    if job.status != DocumentImport.Status.DONE:
        return render(request, "plans/import_waiting.html", {"plan": plan, "job": job})
    found = [s for s in job.suggestions if not s.get("skipped")]
    skipped = [_skipped_text(s) for s in job.suggestions if s.get("skipped")]
    formset = RowFormSet(initial=_initial(found), form_kwargs={"plan": plan}, prefix="rad")
    for row_form, suggestion in zip(formset.forms, found, strict=False):  # at most max_num forms
        row_form.found_where = _where(suggestion.get("source") or {})
        row_form.suggested_local = suggestion["is_local_activity"]
    context = {"plan": plan, "formset": formset, "filename": job.file_name, "skipped": skipped}
    return render(request, "plans/import_confirm.html", context)


def _where(source: dict) -> str:
    """Where in the document an activity was found, in words."""
    kind = source.get("kind")
    if kind == "row":
        return _("table %(table)s, row %(row)s") % {"table": source["table"], "row": source["row"]}
    if kind == "item" and source.get("heading"):
        return _("item %(item)s in the list under the heading “%(heading)s”") % {
            "item": source["item"],
            "heading": source["heading"],
        }
    if kind == "item":
        return _("item %(item)s in a list") % {"item": source["item"]}
    if kind == "labelled" and source.get("heading"):
        return _("a paragraph starting “Aktivitet:” under the heading “%(heading)s”") % {"heading": source["heading"]}
    if kind == "labelled":
        return _("a paragraph starting “Aktivitet:”")
    if kind == "heading":
        return _("the heading “%(heading)s” and the text under it") % {"heading": source["heading"]}
    return ""


def _skipped_text(s: dict) -> str:
    """What was not read as an activity, and why, in words."""
    reason = s.get("reason")
    if reason == "structural":
        text = _("The heading “%(heading)s” is part of the plan's structure, not an activity.") % {"heading": s["text"]}
        if s.get("items"):
            text += " " + ngettext(
                "%(n)s paragraph, list item or table row under it was not read as an activity.",
                "%(n)s paragraphs, list items or table rows under it were not read as activities.",
                s["items"],
            ) % {"n": s["items"]}
        return text
    if reason == "title":
        return _("“%(heading)s” is the document's title, not an activity.") % {"heading": s["text"]}
    if reason == "section":
        return _("The heading “%(heading)s” gathers activities; it is not an activity of its own.") % {
            "heading": s["text"]
        }
    if reason == "no_activity_column":
        return _(
            "Table %(table)s was not read: it has no column for the activity (headed Aktivitet, Insats or "
            "Åtgärd). Its columns: %(columns)s."
        ) % {"table": s["table"], "columns": s["text"] or "–"}
    if reason == "empty_row":
        return _("Table %(table)s, row %(row)s was not read: its activity cell is empty.") % {
            "table": s["table"],
            "row": s["row"],
        }
    return s.get("text", "")


def _initial(suggestions: list[dict]) -> list[dict]:
    return [
        {
            "include": True,
            "title": s["title"],
            "description": s["description"],
            "priority_area": s["priority_area"],
            "sub_area": s["sub_area"],
            "prevention_type": s["prevention_type"],
            "methods": s["methods"],
            "is_local_activity": s["is_local_activity"],
        }
        for s in suggestions
    ]


@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_edit(request.user, pk)
    formset = RowFormSet(request.POST, form_kwargs={"plan": plan}, prefix="rad")
    filename = request.POST.get("filename", "")[:200]
    if formset.is_valid():
        rows = [
            services.ImportedActivity(
                title=f.cleaned_data["title"],
                description=f.cleaned_data["description"],
                priority_area=f.cleaned_data["priority_area"],
                sub_area=f.cleaned_data["sub_area"],
                prevention_type=f.cleaned_data["prevention_type"],
                methods=list(f.cleaned_data["methods"]),
                is_local_activity=f.cleaned_data["is_local_activity"],
            )
            for f in formset
            if f.cleaned_data.get("include")
        ]
        if not rows:
            messages.error(request, _("Choose at least one activity to import."))
        else:
            try:
                services.activities_import(actor=signed_in(request.user), plan=plan, rows=rows, filename=filename)
            except ValidationError as e:
                messages.error(request, _("Nothing was imported: %(error)s") % {"error": " ".join(e.messages)})
            else:
                messages.success(request, _("%(n)s activities were imported.") % {"n": len(rows)})
                return redirect("plans:plan_detail", plan.pk)
    else:
        messages.error(request, _("Nothing was imported yet. Correct the marked activities and save again."))
    return render(request, "plans/import_confirm.html", {"plan": plan, "formset": formset, "filename": filename})
