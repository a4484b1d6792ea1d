"""Imports of facts and payments: stored on upload, checked and saved by the worker, all or nothing."""

import hashlib
import logging

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
            before = Payment.objects.count()
            contracts = dict(Contract.objects.values_list("reference", "pk"))
            chunk: list[Payment] = []
            done = 0
            for row in clean_payments(content, checked.lookups):
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
                chunk.append(
                    Payment(
                        reference=row.reference,
                        supplier_id=row.supplier_id,
                        contract_id=contract_id,
                        amount=row.amount,
                        paid_on=row.paid_on,
                        account=row.account,
                        cost_centre=row.cost_centre,
                        service=row.service,
                        volume=row.volume,
                    )
                )
                if len(chunk) >= CHUNK:
                    Payment.objects.bulk_create(chunk, ignore_conflicts=True)
                    done += len(chunk)
                    chunk = []
                    progress(done)
            Payment.objects.bulk_create(chunk, ignore_conflicts=True)
            created = Payment.objects.count() - before
            return _finish(
                batch, actor, ImportBatch.Status.DONE, created=created, unchanged=checked.good_rows - created
            )
    except Exception:
        logger.exception("Welfare payment import %s failed while saving", batch.pk)
        return _finish(batch, actor, ImportBatch.Status.FAILED)


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
