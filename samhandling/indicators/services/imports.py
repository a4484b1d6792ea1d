"""Imports of values: upload, the two passes over the file, and how a batch ends."""

import hashlib
import logging
from dataclasses import replace

from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.core.tasks import enqueue_on_commit
from samhandling.core.uploads import Limits, UploadRefused, inspect_upload
from samhandling.indicators.importing import MAX_FILE_BYTES, FileProblem, RowError, check_file, clean_rows, sniff_kind
from samhandling.indicators.models import ImportBatch
from samhandling.indicators.services.values import write_values

logger = logging.getLogger(__name__)

MAX_STORED_ERRORS = 2000

# Uploads through the page: checked before anything reads them (samhandling.core.uploads).
UPLOAD_LIMITS = Limits(
    max_bytes=MAX_FILE_BYTES,
    max_uncompressed=200 * 1024 * 1024,
    max_entries=200,
    max_rows=1_000_000,
    max_sheet_rows=200_000,
    max_columns=50,
)
# The administrator's import command reads files from disk, at city scale.
COMMAND_LIMITS = replace(UPLOAD_LIMITS, max_bytes=1024 * 1024 * 1024, max_rows=10_000_000, max_sheet_rows=1_000_000)


def import_batch_create(
    *, actor: Actor | None, file_name: str, content: bytes, enqueue: bool = True, store_content: bool = True
) -> ImportBatch:
    """Store an uploaded file and queue its import. FileProblem if it is not CSV or Excel.

    store_content=False (the management command, which runs the import at once with the bytes
    it has) keeps a large file out of the database and out of a second copy in memory.
    """
    sniff_kind(content, file_name)
    limits = UPLOAD_LIMITS if store_content else COMMAND_LIMITS
    try:
        inspect_upload(content, file_name, kinds=("text", "xlsx"), limits=limits)
    except UploadRefused as exc:
        raise FileProblem(" ".join(exc.messages)) from exc
    # Counted before the transaction: no lock is held while the file is looked at.
    total_rows = _estimate_rows(content)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            file_name=file_name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            content=content if store_content else None,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            total_rows=total_rows,
        )
        record(
            actor=actor,
            verb="indicators.import_uploaded",
            target=batch,
            file_name=batch.file_name,
            sha256=batch.sha256,
            size=len(content),
        )
        if enqueue:
            enqueue_on_commit("samhandling.indicators.tasks.run_import", batch.pk)
    return batch


def _estimate_rows(content: bytes) -> int:
    """Rows for the progress bar, without parsing: lines of a CSV; an Excel file's count comes from the worker."""
    if content[:4] == b"PK\x03\x04":
        return 0
    return max(content.count(b"\n") - 1, 0) + (0 if content.endswith(b"\n") else 1)


class _Progress:
    """Writes progress where the upload page can see it, also from inside the saving transaction."""

    def __init__(self, batch: ImportBatch):
        self.batch_id = batch.pk
        self.side = None
        if connection.vendor == "postgresql":
            # A second connection commits on its own, so polling sees progress while saving runs.
            self.side = connections.create_connection("default")

    def __call__(self, processed: int) -> None:
        if not connection.in_atomic_block:
            ImportBatch.objects.filter(pk=self.batch_id).update(processed_rows=processed)
        elif self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute(
                    "UPDATE indicators_importbatch SET processed_rows = %s WHERE id = %s", [processed, self.batch_id]
                )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def import_batch_run(*, batch: ImportBatch, actor: Actor | None = None, content: bytes | None = None) -> ImportBatch:
    """Check every row; save all of them in one transaction, or nothing when any row is wrong.

    Two streaming passes over the file: the first checks every row and keeps only a compact key
    per row (for duplicates); the second reads the file again and saves it in chunks, all in one
    transaction. Memory stays small whatever the number of rows.
    """
    actor = actor or batch.uploaded_by
    if content is None:
        content = bytes(batch.content or b"")
    batch.content = None  # one copy of the file in memory is enough
    progress = _Progress(batch)
    try:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.VALIDATING, processed_rows=0)
        try:
            checked = check_file(content, batch.file_name, progress=progress, limit=MAX_STORED_ERRORS)
        except FileProblem as exc:
            return _finish_rejected(batch, actor, [RowError(0, str(exc))], 1)
        if checked.error_count:
            return _finish_rejected(batch, actor, checked.errors, checked.error_count)
        batch.total_rows = checked.good_rows
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.SAVING, processed_rows=0, total_rows=checked.good_rows
        )
        try:
            with transaction.atomic():
                rows = clean_rows(content, batch.file_name, checked.lookups)
                counts = write_values(rows, batch=batch, actor=actor, progress=progress)
                batch.status = ImportBatch.Status.DONE
                batch.processed_rows = checked.good_rows
                batch.created_count, batch.updated_count, batch.unchanged_count = counts
                batch.finished_at = timezone.now()
                batch.content = None
                batch.errors = []
                batch.save()
                record(
                    actor=actor,
                    verb="indicators.import_completed",
                    target=batch,
                    file_name=batch.file_name,
                    created=counts[0],
                    corrected=counts[1],
                    unchanged=counts[2],
                )
        except Exception:
            logger.exception("Import %s failed while saving", batch.pk)
            return _finish_failed(batch, actor)
        return batch
    finally:
        progress.close()


def _finish_rejected(batch: ImportBatch, actor: Actor | None, errors: list[RowError], error_count: int) -> ImportBatch:
    with transaction.atomic():
        batch.status = ImportBatch.Status.REJECTED
        batch.errors = [e.as_dict() for e in errors[:MAX_STORED_ERRORS]]
        if error_count > MAX_STORED_ERRORS:
            batch.errors.append(
                {"row": 0, "message": _("… and %(count)d more errors.") % {"count": error_count - MAX_STORED_ERRORS}}
            )
        batch.content = None
        batch.finished_at = timezone.now()
        batch.save()
        record(
            actor=actor,
            verb="indicators.import_rejected",
            target=batch,
            file_name=batch.file_name,
            errors=error_count,
        )
    return batch


def import_batch_fail(*, batch_id: int, reason: str) -> ImportBatch | None:
    """Mark an import failed when the worker gave its task up; the uploader sees why, in Swedish."""
    from samhandling.core.tasks import reason_text

    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.is_finished:
            return batch
        batch.status = ImportBatch.Status.FAILED
        batch.errors = [
            {
                "row": 0,
                "message": _("The import failed: %(reason)s Nothing was saved.") % {"reason": reason_text(reason)},
            }
        ]
        batch.content = None
        batch.finished_at = timezone.now()
        batch.save()
        record(actor=None, verb="indicators.import_failed", target=batch, file_name=batch.file_name, reason=reason)
    return batch


def _finish_failed(batch: ImportBatch, actor: Actor | None) -> ImportBatch:
    with transaction.atomic():
        batch.status = ImportBatch.Status.FAILED
        batch.errors = [{"row": 0, "message": _("The import failed while saving. Nothing was saved.")}]
        batch.content = None
        batch.finished_at = timezone.now()
        batch.save()
        record(actor=actor, verb="indicators.import_failed", target=batch, file_name=batch.file_name)
    return batch
