"""Every write of the indicators app: definitions, imports of values. Each one audited."""

import hashlib
import logging
from collections import defaultdict
from decimal import Decimal

from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.indicators.importing import CleanRow, FileProblem, RowError, check_file, sniff_kind
from samhandling.indicators.models import ImportBatch, Indicator, Value, ValueRevision

logger = logging.getLogger(__name__)

MAX_STORED_ERRORS = 2000
_BULK = 5000


def indicator_create(*, actor, **fields) -> Indicator:
    """Create an indicator definition."""
    with transaction.atomic():
        indicator = Indicator.objects.create(**fields)
        record(actor=actor, verb="indicators.indicator_created", target=indicator, code=indicator.code)
    return indicator


def indicator_update(*, actor, indicator: Indicator, **fields) -> Indicator:
    """Change an indicator definition; the audit event lists the fields that changed."""
    with transaction.atomic():
        changed = sorted(name for name, value in fields.items() if getattr(indicator, name) != value)
        for name, value in fields.items():
            setattr(indicator, name, value)
        indicator.save()
        record(actor=actor, verb="indicators.indicator_changed", target=indicator, fields=changed)
    return indicator


def import_batch_create(*, actor, file_name: str, content: bytes, enqueue: bool = True) -> ImportBatch:
    """Store an uploaded file and queue its import. FileProblem if it is not CSV or Excel."""
    sniff_kind(content, file_name)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            file_name=file_name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            total_rows=_estimate_rows(content),
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
            from samhandling.indicators.tasks import run_import

            transaction.on_commit(lambda: run_import.enqueue(batch.pk))
    return batch


def _estimate_rows(content: bytes) -> int:
    if content[:4] == b"PK\x03\x04":
        import io

        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
            return max((sheet.max_row or 1) - 1, 0)
        except Exception:  # noqa: BLE001 - an unreadable file is reported by the import itself
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

    def __call__(self, processed: int):
        if not connection.in_atomic_block:
            ImportBatch.objects.filter(pk=self.batch_id).update(processed_rows=processed)
        elif self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute(
                    "UPDATE indicators_importbatch SET processed_rows = %s WHERE id = %s", [processed, self.batch_id]
                )

    def close(self):
        if self.side is not None:
            self.side.close()


def import_batch_run(*, batch: ImportBatch, actor=None) -> ImportBatch:
    """Check every row; save all of them in one transaction, or nothing when any row is wrong."""
    actor = actor or batch.uploaded_by
    content = bytes(batch.content or b"")
    progress = _Progress(batch)
    try:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.VALIDATING, processed_rows=0)
        try:
            clean, errors = check_file(content, batch.file_name, progress=progress)
        except FileProblem as exc:
            clean, errors = [], [RowError(0, str(exc))]
        if errors:
            return _finish_rejected(batch, actor, errors)
        batch.total_rows = len(clean)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.SAVING, processed_rows=0, total_rows=len(clean)
        )
        try:
            with transaction.atomic():
                counts = write_values(clean, batch=batch, actor=actor, progress=progress)
                batch.status = ImportBatch.Status.DONE
                batch.processed_rows = len(clean)
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


def _finish_rejected(batch: ImportBatch, actor, errors: list[RowError]) -> ImportBatch:
    with transaction.atomic():
        batch.status = ImportBatch.Status.REJECTED
        batch.errors = [e.as_dict() for e in errors[:MAX_STORED_ERRORS]]
        if len(errors) > MAX_STORED_ERRORS:
            batch.errors.append(
                {"row": 0, "message": _("… and %(count)d more errors.") % {"count": len(errors) - MAX_STORED_ERRORS}}
            )
        batch.content = None
        batch.finished_at = timezone.now()
        batch.save()
        record(
            actor=actor,
            verb="indicators.import_rejected",
            target=batch,
            file_name=batch.file_name,
            errors=len(errors),
        )
    return batch


def _finish_failed(batch: ImportBatch, actor) -> ImportBatch:
    with transaction.atomic():
        batch.status = ImportBatch.Status.FAILED
        batch.errors = [{"row": 0, "message": _("The import failed while saving. Nothing was saved.")}]
        batch.content = None
        batch.finished_at = timezone.now()
        batch.save()
        record(actor=actor, verb="indicators.import_failed", target=batch, file_name=batch.file_name)
    return batch


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b


def write_values(rows: list[CleanRow], *, batch: ImportBatch | None, actor, progress=None) -> tuple[int, int, int]:
    """Insert new values, correct changed ones (keeping the old figure), leave equal ones alone."""
    by_indicator: dict[int, list[CleanRow]] = defaultdict(list)
    for row in rows:
        by_indicator[row.indicator_id].append(row)
    created = corrected = unchanged = done = 0
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    for indicator_id, indicator_rows in by_indicator.items():
        existing = {
            (indicator_id, level, d, n, period, gender): (pk, value, num, den, status, note)
            for pk, level, d, n, period, gender, value, num, den, status, note in Value.objects.filter(
                indicator_id=indicator_id
            ).values_list(
                "pk",
                "level",
                "district_id",
                "neighbourhood_id",
                "period",
                "gender",
                "value",
                "numerator",
                "denominator",
                "status",
                "source_note",
            )
        }
        new: list[Value] = []
        changed: list[Value] = []
        revisions: list[ValueRevision] = []
        for row in indicator_rows:
            old = existing.get(row.key)
            if old is None:
                new.append(
                    Value(
                        indicator_id=row.indicator_id,
                        level=row.level,
                        district_id=row.district_id,
                        neighbourhood_id=row.neighbourhood_id,
                        period=row.period,
                        gender=row.gender,
                        value=row.value,
                        numerator=row.numerator,
                        denominator=row.denominator,
                        status=row.status,
                        source_note=row.source_note,
                        import_batch=batch,
                    )
                )
                continue
            pk, value, num, den, status, note = old
            if (
                _same(value, row.value)
                and _same(num, row.numerator)
                and _same(den, row.denominator)
                and status == row.status
                and note == row.source_note
            ):
                unchanged += 1
                continue
            revisions.append(
                ValueRevision(
                    value_id=pk,
                    old_value=value,
                    old_numerator=num,
                    old_denominator=den,
                    old_status=status,
                    old_source_note=note,
                    replaced_by=actor_obj,
                    import_batch=batch,
                )
            )
            changed.append(
                Value(
                    pk=pk,
                    value=row.value,
                    numerator=row.numerator,
                    denominator=row.denominator,
                    status=row.status,
                    source_note=row.source_note,
                    import_batch=batch,
                    updated_at=timezone.now(),
                )
            )
        Value.objects.bulk_create(new, batch_size=_BULK)
        ValueRevision.objects.bulk_create(revisions, batch_size=_BULK)
        if changed:
            Value.objects.bulk_update(
                changed,
                ["value", "numerator", "denominator", "status", "source_note", "import_batch", "updated_at"],
                batch_size=1000,
            )
        created += len(new)
        corrected += len(changed)
        done += len(indicator_rows)
        if progress is not None:
            progress(done)
    return created, corrected, unchanged
