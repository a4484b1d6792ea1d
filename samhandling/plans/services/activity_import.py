"""Saving the activities confirmed from an imported document."""

import dataclasses
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.catalogue.models import Method, PriorityArea, SubArea
from samhandling.core.annotations import Actor
from samhandling.core.tasks import enqueue_on_commit
from samhandling.core.uploads import Limits, UploadRefused, inspect_upload, run_limited
from samhandling.plans import importer
from samhandling.plans.models import ActionPlan, Activity, DocumentImport
from samhandling.plans.services.common import PURPOSE, _assert_editable


@dataclass
class ImportedActivity:
    title: str
    description: str
    priority_area: PriorityArea
    sub_area: SubArea | None
    prevention_type: str
    methods: list[Method] = field(default_factory=list)
    is_local_activity: bool = False


@transaction.atomic
def activities_import(*, actor: Actor, plan: ActionPlan, rows: list[ImportedActivity], filename: str) -> list[Activity]:
    """Save the confirmed activities of an imported document: all of them or, on any error, none."""
    _assert_editable(plan)
    last = plan.activities.aggregate(m=Max("order"))["m"] or 0
    created = []
    for i, row in enumerate(rows, start=1):
        activity = Activity(
            plan=plan,
            title=row.title,
            description=row.description,
            priority_area=row.priority_area,
            sub_area=row.sub_area,
            prevention_type=row.prevention_type,
            is_local_activity=row.is_local_activity,
            order=last + i,
        )
        activity.full_clean(exclude=["plan"])
        activity.save()
        activity.methods.set(row.methods)
        created.append(activity)
    record(actor=actor, verb="plans.import", target=plan, purpose=PURPOSE, filename=filename, activities=len(created))
    return created


# --- reading an uploaded document: checked in the request, read by the worker -----------------------

DOCUMENT_LIMITS = Limits(
    max_bytes=5 * 1024 * 1024,
    max_uncompressed=50 * 1024 * 1024,
    max_entries=500,
    max_rows=50_000,
    max_columns=10_000,  # a document's line may hold any number of commas
    cpu_seconds=30,
    memory_bytes=768 * 1024 * 1024,
    wall_seconds=60,
)


def document_import_create(*, actor: Actor, plan: ActionPlan, file_name: str, content: bytes) -> DocumentImport:
    """Check an uploaded plan document (size, real type, zip contents) and queue it for the worker."""
    _assert_editable(plan)
    inspect_upload(content, file_name, kinds=("docx", "text"), limits=DOCUMENT_LIMITS)
    if not file_name.lower().endswith((".docx", ".txt", ".md")):
        raise UploadRefused(_("The file must be a Word file (.docx), a text file (.txt) or Markdown (.md)."))
    with transaction.atomic():
        job = DocumentImport.objects.create(plan=plan, uploaded_by=actor, file_name=file_name[:255], content=content)
        record(
            actor=actor,
            verb="plans.document_uploaded",
            target=plan,
            purpose=PURPOSE,
            document_import=job.pk,
            size=len(content),
        )
        enqueue_on_commit("samhandling.plans.tasks.read_plan_document", job.pk)
    return job


def _suggestion_data(s: importer.Suggestion) -> dict[str, object]:
    return {
        "source": s.source,
        "title": s.title,
        "description": s.description,
        "prevention_type": s.prevention_type,
        "priority_area": s.priority_area.pk if s.priority_area else None,
        "sub_area": s.sub_area.pk if s.sub_area else None,
        "methods": [m.pk for m in s.methods],
        "is_local_activity": s.is_local_activity,
    }


def document_import_run(*, job: DocumentImport) -> DocumentImport:
    """The worker reads the document in a child process with limits, then suggests activities.

    Nothing of the plan is written here; a file that cannot be read ends FAILED with the reason.
    """
    if job.is_finished:
        return job
    DocumentImport.objects.filter(pk=job.pk).update(status=DocumentImport.Status.READING)
    content = bytes(job.content or b"")
    try:
        blocks = run_limited(importer.read_document, job.file_name, content, limits=DOCUMENT_LIMITS)
        parsed, skipped = importer.find_activities(
            blocks, section_names=importer.section_names(job.plan.strategy), known=importer.names_a_method()
        )
        if not parsed:
            raise ValidationError(
                _(
                    "No activities were found. Put the activities in a table with a column headed Aktivitet, "
                    "in a numbered or bulleted list, or under a heading each, and try again."
                )
            )
        suggestions = [_suggestion_data(s) for s in importer.suggest(parsed, job.plan.strategy)]
        # What was not read as an activity, and why, is kept beside the suggestions for the page to tell.
        suggestions += [{"skipped": True, **dataclasses.asdict(s)} for s in skipped]
    except ValidationError as exc:
        job.status, job.error, job.suggestions = DocumentImport.Status.FAILED, " ".join(exc.messages)[:1000], []
    else:
        job.status, job.error, job.suggestions = DocumentImport.Status.DONE, "", suggestions
    job.content, job.finished_at = None, timezone.now()
    job.save(update_fields=["status", "error", "suggestions", "content", "finished_at"])
    return job
