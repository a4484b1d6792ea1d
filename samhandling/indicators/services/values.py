"""Saving values: in chunks from an import, or one corrected by hand with optimistic locking."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from itertools import batched

from django.db import connection, transaction
from django.utils import timezone

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.indicators.importing import CleanRow
from samhandling.indicators.models import ImportBatch, Level, Value, ValueRevision

_BULK = 5000


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b


_QUANTUM = Decimal("0.0001")
_MATCH: dict[str, str] = {
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


def write_values(
    rows: Iterable[CleanRow], *, batch: ImportBatch | None, actor: Actor | None, progress=None
) -> tuple[int, int, int]:
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
    actor: Actor,
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
