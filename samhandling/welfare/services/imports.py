"""Imports of facts and payments: stored on upload, checked and saved by the worker, all or nothing."""

import hashlib
import logging
from collections.abc import Iterator
from itertools import batched

from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.core.tasks import enqueue_on_commit
from samhandling.welfare.importing.facts import RowError, check_facts
from samhandling.welfare.importing.ftm import check_ftm
from samhandling.welfare.importing.payments import check_payments, clean_payments
from samhandling.welfare.importing.reading import FileProblem, check_size, count_rows
from samhandling.welfare.models import Contract, ImportBatch, Payment
from samhandling.welfare.services.suppliers import facts_save

logger = logging.getLogger(__name__)

MAX_STORED_ERRORS = 1000
CHUNK = 5000


def import_batch_create(
    *, actor: Actor | None, kind: str, file_name: str, content: bytes, enqueue: bool = True, store_content: bool = True
) -> ImportBatch:
    """Check the file's size, type, uncompressed size and rows, store it and queue its import.

    The same file from the same user while an earlier import of it is still waiting or running
    gives that import back (a double click is one import).
    """
    file_kind = check_size(content)
    if kind == ImportBatch.Kind.FTM and file_kind != "json":
        raise FileProblem(_("A FollowTheMoney import takes a JSON file."))
    if kind == ImportBatch.Kind.PAYMENTS and file_kind == "json":
        raise FileProblem(_("The payment file must be CSV or Excel (.xlsx)."))
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Parallel uploads of the same file by the same user wait for each other here.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(digest[:15], 16)])
        running = (
            ImportBatch.objects.select_for_update()
            .filter(kind=kind, sha256=digest, uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
            .exclude(status__in=[ImportBatch.Status.DONE, ImportBatch.Status.REJECTED, ImportBatch.Status.FAILED])
            .first()
        )
        if running is not None and store_content:
            return running
        batch = ImportBatch.objects.create(
            kind=kind,
            file_name=file_name[:255],
            sha256=digest,
            content=content if store_content else None,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            total_rows=count_rows(content) if file_kind != "json" else 0,
        )
        record(actor=actor, verb="welfare.import.uploaded", target=batch, kind=kind, sha256=digest, size=len(content))
        if enqueue:
            enqueue_on_commit("samhandling.welfare.tasks.run_import", batch.pk)
    return batch


class _Progress:
    """Progress written on a second connection, so the page sees it while the saving transaction runs."""

    def __init__(self, batch: ImportBatch):
        self.batch_id = batch.pk
        self.side = connections.create_connection("default") if connection.vendor == "postgresql" else None

    def __call__(self, processed: int, status: str | None = None):
        if not connection.in_atomic_block:
            fields = {"processed_rows": processed} | ({"status": status} if status else {})
            ImportBatch.objects.filter(pk=self.batch_id).update(**fields)
        elif self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute(
                    "UPDATE welfare_importbatch SET processed_rows = %s WHERE id = %s", [processed, self.batch_id]
                )

    def close(self):
        if self.side is not None:
            self.side.close()


def import_batch_run(*, batch: ImportBatch, actor: Actor | None = None, content: bytes | None = None) -> ImportBatch:
    """Check every row; save all of them in one transaction, or nothing when any row is wrong."""
    actor = actor or batch.uploaded_by
    if content is None:
        content = bytes(batch.content or b"")
    progress = _Progress(batch)
    try:
        progress(0, ImportBatch.Status.VALIDATING)
        try:
            if batch.kind == ImportBatch.Kind.PAYMENTS:
                return _run_payments(batch, actor, content, progress)
            kind = check_size(content)
            rows, errors = check_ftm(content) if batch.kind == ImportBatch.Kind.FTM else check_facts(content, kind)
        except FileProblem as exc:
            return _finish(batch, actor, ImportBatch.Status.REJECTED, errors=[RowError(0, str(exc))])
        if errors:
            return _finish(batch, actor, ImportBatch.Status.REJECTED, errors=errors)
        progress(len(rows), ImportBatch.Status.SAVING)
        try:
            with transaction.atomic():
                created, unchanged = facts_save(rows, batch=batch)
                return _finish(batch, actor, ImportBatch.Status.DONE, created=created, unchanged=unchanged)
        except Exception:
            logger.exception("Welfare import %s failed while saving", batch.pk)
            return _finish(batch, actor, ImportBatch.Status.FAILED)
    finally:
        progress.close()


def _run_payments(batch, actor: Actor | None, content, progress) -> ImportBatch:
    checked = check_payments(content, progress=progress, limit=MAX_STORED_ERRORS)
    if checked.error_count:
        return _finish(
            batch, actor, ImportBatch.Status.REJECTED, errors=checked.errors, error_count=checked.error_count
        )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.SAVING, processed_rows=0, total_rows=checked.good_rows
    )
    batch.total_rows = checked.good_rows
    try:
        with transaction.atomic():
            save = _copy_payments if connection.vendor == "postgresql" else _bulk_payments
            created = save(_payment_rows(clean_payments(content, checked.lookups)), progress)
            return _finish(
                batch, actor, ImportBatch.Status.DONE, created=created, unchanged=checked.good_rows - created
            )
    except Exception:
        logger.exception("Welfare payment import %s failed while saving", batch.pk)
        return _finish(batch, actor, ImportBatch.Status.FAILED)


_PAYMENT_COLUMNS = (
    "reference",
    "supplier_id",
    "contract_id",
    "amount",
    "paid_on",
    "account",
    "cost_centre",
    "service",
    "volume",
)


def _payment_rows(rows) -> Iterator[tuple]:
    """The checked rows as tuples in _PAYMENT_COLUMNS order; a contract not yet known is created."""
    contracts = dict(Contract.objects.values_list("reference", "pk"))
    for row in rows:
        contract_id = contracts.get(row.contract)
        if contract_id is None:
            contract, _ = Contract.objects.get_or_create(
                reference=row.contract,
                defaults={
                    "supplier_id": row.supplier_id,
                    "service": row.service,
                    "starts_on": row.paid_on,
                    "administration_id": row.administration_id,
                },
            )
            contract_id = contracts[row.contract] = contract.pk
        yield (
            row.reference,
            row.supplier_id,
            contract_id,
            row.amount,
            row.paid_on,
            row.account,
            row.cost_centre,
            row.service,
            row.volume,
        )


def _copy_payments(rows: Iterator[tuple], progress) -> int:
    """PostgreSQL: COPY the rows into a temporary table, then one INSERT that skips known vouchers.

    Returns the number of new payments. A voucher already imported (the same file twice, or a
    month that overlaps) is left as it is: ON CONFLICT on the unique voucher number.
    """
    columns = ", ".join(_PAYMENT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE welfare_payment_in (reference varchar(40), supplier_id bigint, "
            "contract_id bigint, amount numeric(14, 2), paid_on date, account varchar(20), "
            "cost_centre varchar(20), service varchar(20), volume numeric(12, 2)) ON COMMIT DROP"
        )
        done = 0
        # COPY in chunks: the rows' generator may query (a new contract), which it cannot do while
        # the connection is in a COPY.
        for chunk in batched(rows, CHUNK * 10):
            with cursor.copy(f"COPY welfare_payment_in ({columns}) FROM STDIN") as copy:
                for row in chunk:
                    copy.write_row(row)
            done += len(chunk)
            progress(done)
        progress(done)
        cursor.execute(
            f"INSERT INTO welfare_payment ({columns}) SELECT DISTINCT ON (reference) {columns} "  # noqa: S608 - fixed names
            "FROM welfare_payment_in ORDER BY reference ON CONFLICT (reference) DO NOTHING"
        )
        created = cursor.rowcount
        # Dropped now, not only at commit: an outer transaction (tests, a caller) may run another import.
        cursor.execute("DROP TABLE welfare_payment_in")
        return created


def _bulk_payments(rows: Iterator[tuple], progress) -> int:
    """Other databases (SQLite in development): bulk inserts in chunks, known vouchers skipped."""
    before = Payment.objects.count()
    chunk: list[Payment] = []
    done = 0
    for row in rows:
        chunk.append(Payment(**dict(zip(_PAYMENT_COLUMNS, row, strict=True))))
        if len(chunk) >= CHUNK:
            Payment.objects.bulk_create(chunk, ignore_conflicts=True)
            done += len(chunk)
            chunk = []
            progress(done)
    Payment.objects.bulk_create(chunk, ignore_conflicts=True)
    return Payment.objects.count() - before


def import_batch_fail(*, batch_id: int | None, reason: str) -> ImportBatch | None:
    """Mark an import failed when the worker gave its task up; the uploader sees why, in Swedish."""
    from samhandling.core.tasks import reason_text

    if batch_id is None:
        return None
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
        record(actor=None, verb="welfare.import.failed", target=batch, kind=batch.kind, reason=reason)
    return batch


def _finish(batch, actor: Actor | None, status, *, errors=(), error_count=None, created=0, unchanged=0) -> ImportBatch:
    with transaction.atomic():
        batch.status = status
        stored = [e.as_dict() for e in list(errors)[:MAX_STORED_ERRORS]]
        total = error_count if error_count is not None else len(errors)
        if total > len(stored):
            stored.append({"row": 0, "message": _("… and %(count)d more errors.") % {"count": total - len(stored)}})
        if status == ImportBatch.Status.FAILED:
            stored = [{"row": 0, "message": _("The import failed while saving. Nothing was saved.")}]
        batch.errors = stored
        batch.content = None
        batch.created_count = created
        batch.unchanged_count = unchanged
        batch.processed_rows = batch.total_rows
        batch.finished_at = timezone.now()
        batch.save()
        record(
            actor=actor,
            verb=f"welfare.import.{status}",
            target=batch,
            kind=batch.kind,
            created=created,
            unchanged=unchanged,
            errors=total,
        )
    return batch
