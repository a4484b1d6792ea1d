"""District profile PDFs made by the worker and kept for their requester."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.core.tasks import classify, enqueue_on_commit
from samhandling.indicators.models import ProfileExport
from samhandling.organisations.models import District

logger = logging.getLogger(__name__)

PROFILE_EXPORT_KEPT = timedelta(days=1)


def profile_export_request(*, actor: Actor, district: District, gender: str) -> ProfileExport:
    """Queue a district profile PDF for the worker; a second click while it is queued gets the same one."""
    with transaction.atomic():
        # One request at a time per user and choice: a double click or a reload makes no second PDF.
        job = (
            ProfileExport.objects.select_for_update()
            .filter(
                requested_by=actor,
                district=district,
                gender=gender,
                status__in=[ProfileExport.Status.QUEUED, ProfileExport.Status.RUNNING],
            )
            .defer("content")
            .first()
        )
        if job is not None:
            return job
        # Finished files are kept for a day; older ones of this user go now.
        ProfileExport.objects.filter(requested_by=actor, created_at__lt=timezone.now() - PROFILE_EXPORT_KEPT).delete()
        job = ProfileExport.objects.create(requested_by=actor, district=district, gender=gender)
        record(
            actor=actor,
            verb="indicators.profile_pdf_requested",
            target=job,
            district=district.code,
            gender=gender,
        )
        enqueue_on_commit("samhandling.indicators.tasks.build_profile_pdf", job.pk)
    return job


def profile_export_fail(*, job_id: int, reason: str) -> ProfileExport | None:
    """Mark a PDF job failed, with the reason its requester sees (also when the worker gave it up)."""
    with transaction.atomic():
        job = ProfileExport.objects.select_for_update().defer("content").filter(pk=job_id).first()
        if job is None or job.is_finished:
            return job
        job.status = ProfileExport.Status.FAILED
        job.failure_reason = reason
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "failure_reason", "finished_at"])
        record(actor=job.requested_by, verb="indicators.profile_pdf_failed", target=job, reason=reason)
    return job


def profile_export_run(*, job: ProfileExport) -> ProfileExport | None:
    """Make the PDF of a queued district profile (in the worker) and keep it for its requester."""
    from samhandling.indicators import exports
    from samhandling.indicators.selectors import district_profile_context

    ProfileExport.objects.filter(pk=job.pk).update(status=ProfileExport.Status.RUNNING)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            context = district_profile_context(job.district, gender=job.gender)
            content = exports.pdf_bytes(exports.district_profile_table(context))
    except Exception as exc:
        reason, transient = classify(exc)
        if transient:
            # The database or the disk is away for now: the worker tries again with back-off,
            # and profile_export_fail() marks the job failed if it gives up.
            raise
        logger.exception("District profile PDF %s failed", job.pk)
        return profile_export_fail(job_id=job.pk, reason=reason)
    with transaction.atomic():
        job.status = ProfileExport.Status.DONE
        job.content = content
        job.size = len(content)
        job.indicator_count = len(context["profile_rows"])
        job.finished_at = timezone.now()
        job.save()
        record(
            actor=job.requested_by,
            verb="indicators.profile_pdf_created",
            target=job,
            district=job.district.code,
            indicators=job.indicator_count,
            size=job.size,
        )
    return job
