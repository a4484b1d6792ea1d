"""Every write of the indicators app: definitions, imports of values. Each one audited."""

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from itertools import batched

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.indicators.importing import CleanRow, FileProblem, RowError, check_file, clean_rows, sniff_kind
from samhandling.indicators.models import ImportBatch, Indicator, Level, ProfileExport, Value, ValueRevision
from samhandling.organisations.models import District

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


def import_batch_create(
    *, actor, file_name: str, content: bytes, enqueue: bool = True, store_content: bool = True
) -> ImportBatch:
    """Store an uploaded file and queue its import. FileProblem if it is not CSV or Excel.

    store_content=False (the management command, which runs the import at once with the bytes
    it has) keeps a large file out of the database and out of a second copy in memory.
    """
    sniff_kind(content, file_name)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            file_name=file_name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            content=content if store_content else None,
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


def import_batch_run(*, batch: ImportBatch, actor=None, content: bytes | None = None) -> ImportBatch:
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


def _finish_rejected(batch: ImportBatch, actor, errors: list[RowError], error_count: int) -> ImportBatch:
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


_QUANTUM = Decimal("0.0001")
_MATCH = {
    # One query shape per level, so that each uses its partial unique index.
    Level.CITY: "v.level = 'city' AND v.indicator_id = k.column1 AND v.period = k.column3 AND v.gender = k.column4",
    Level.DISTRICT: "v.level = 'district' AND v.indicator_id = k.column1 AND v.district_id = k.column2"
    " AND v.period = k.column3 AND v.gender = k.column4",
    Level.NEIGHBOURHOOD: "v.level = 'neighbourhood' AND v.indicator_id = k.column1"
    " AND v.neighbourhood_id = k.column2 AND v.period = k.column3 AND v.gender = k.column4",
}


def _decimal(raw) -> Decimal | None:
    """A stored figure as Decimal (PostgreSQL gives Decimal; SQLite may give int or float)."""
    if raw is None or isinstance(raw, Decimal):
        return raw
    return Decimal(str(raw)).quantize(_QUANTUM)


def _probe(row: CleanRow) -> tuple:
    """(level, indicator, geography, period, gender): a row's cell as _existing() finds it."""
    geography = row.neighbourhood_id if row.level == Level.NEIGHBOURHOOD else row.district_id or 0
    return (row.level, row.indicator_id, geography, row.period, row.gender)


def _existing(rows: list[CleanRow]) -> dict[tuple, tuple]:
    """The stored values of these rows' cells, by _probe(): (pk, value, numerator, denominator, status, note)."""
    found: dict[tuple, tuple] = {}
    by_level: dict[str, list[CleanRow]] = defaultdict(list)
    for row in rows:
        by_level[row.level].append(row)
    # SQLite allows 999 parameters per query; PostgreSQL has no such limit.
    step = (connection.features.max_query_params or 20_000) // 4
    table = Value._meta.db_table
    for level, level_rows in by_level.items():
        for start in range(0, len(level_rows), step):
            part = level_rows[start : start + step]
            params: list = []
            for row in part:
                params += _probe(row)[1:]
            placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(part))
            # Only fixed column names and placeholders go into the text; the figures are parameters.
            sql = (
                "SELECT k.column2, v.id, v.value, v.numerator, v.denominator, v.status, v.source_note, "  # noqa: S608
                f"k.column1, k.column3, k.column4 FROM {table} v "
                f"JOIN (VALUES {placeholders}) AS k ON {_MATCH[level]}"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                for geography, pk, value, num, den, status, note, indicator_id, period, gender in cursor.fetchall():
                    found[(level, indicator_id, geography, period, gender)] = (
                        pk,
                        _decimal(value),
                        _decimal(num),
                        _decimal(den),
                        status,
                        note,
                    )
    return found


def write_values(rows: Iterable[CleanRow], *, batch: ImportBatch | None, actor, progress=None) -> tuple[int, int, int]:
    """Insert new values, correct changed ones (keeping the old figure), leave equal ones alone.

    Reads `rows` as a stream and saves them in chunks; the caller holds the transaction.
    """
    created = corrected = unchanged = done = 0
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    for chunk in batched(rows, _BULK):
        existing = _existing(list(chunk))
        new: list[Value] = []
        changed: list[Value] = []
        revisions: list[ValueRevision] = []
        now = timezone.now()
        for row in chunk:
            old = existing.get(_probe(row))
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
                    updated_at=now,
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
        done += len(chunk)
        if progress is not None:
            progress(done)
    return created, corrected, unchanged


PROFILE_EXPORT_KEPT = timedelta(days=1)


def profile_export_request(*, actor, district: District, gender: str) -> ProfileExport:
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
        from samhandling.indicators.tasks import build_profile_pdf

        transaction.on_commit(lambda: build_profile_pdf.enqueue(job.pk))
    return job


def profile_export_run(*, job: ProfileExport) -> ProfileExport:
    """Make the PDF of a queued district profile (in the worker) and keep it for its requester."""
    from samhandling.indicators import exports
    from samhandling.indicators.selectors import district_profile_context

    ProfileExport.objects.filter(pk=job.pk).update(status=ProfileExport.Status.RUNNING)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            context = district_profile_context(job.district, gender=job.gender)
            content = exports.pdf_bytes(exports.district_profile_table(context))
    except Exception:
        logger.exception("District profile PDF %s failed", job.pk)
        with transaction.atomic():
            job.status = ProfileExport.Status.FAILED
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "finished_at"])
            record(actor=job.requested_by, verb="indicators.profile_pdf_failed", target=job)
        return job
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


def value_version(value: Value) -> str:
    """What an analyst saw: a correction is refused when the value changed since (optimistic locking)."""
    return value.updated_at.isoformat()


class ValueConflict(Exception):
    """Someone else changed the value after the analyst opened it; `current` is the value now."""

    def __init__(self, current: Value):
        super().__init__(current.pk)
        self.current = current


def value_correct(
    *,
    actor,
    value_id: int,
    expected_version: str,
    value: Decimal,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    status: str,
    reason: str,
) -> tuple[Value, bool]:
    """Correct one value by hand, keeping the old figure; (value, whether anything changed).

    Raises ValueConflict, saving nothing, when the value changed after `expected_version`, unless
    it already holds exactly these figures (the same form sent twice).
    """
    reason = reason.strip()[:300]
    with transaction.atomic():
        current = Value.objects.select_for_update().select_related("indicator").get(pk=value_id)
        same = (
            _same(current.value, value)
            and _same(current.numerator, numerator)
            and _same(current.denominator, denominator)
            and current.status == status
            and current.source_note == reason
        )
        if same:
            return current, False
        if value_version(current) != expected_version:
            raise ValueConflict(current)
        old = (current.value, current.numerator, current.denominator, current.status, current.source_note)
        ValueRevision.objects.create(
            value=current,
            old_value=old[0],
            old_numerator=old[1],
            old_denominator=old[2],
            old_status=old[3],
            old_source_note=old[4],
            replaced_by=actor,
        )
        current.value, current.numerator, current.denominator = value, numerator, denominator
        current.status, current.source_note = status, reason
        current.import_batch = None  # no longer the imported figure
        current.save()
        record(
            actor=actor,
            verb="indicators.value_corrected",
            target=current,
            indicator=current.indicator.code,
            level=current.level,
            district=current.district_id,
            neighbourhood=current.neighbourhood_id,
            period=current.period,
            gender=current.gender,
            old_value=str(old[0]),
            new_value=str(value),
            old_status=old[3],
            new_status=status,
            reason=reason,
        )
    return current, True
