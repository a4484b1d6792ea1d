"""The two streaming passes over a file: checking every row and duplicates, then the clean rows to save."""

import csv
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from django.utils.translation import gettext as _

from samhandling.indicators.importing.reading import FileProblem, read_table
from samhandling.indicators.importing.rows import CleanRow, Lookups, RowError, check_row, map_header


class _Errors:
    """Row errors in row order; only the first `limit` are kept, the rest are counted."""

    def __init__(self, limit: int):
        self.limit = limit
        self.kept: list[RowError] = []
        self.total = 0

    def add(self, error: RowError) -> None:
        self.total += 1
        if len(self.kept) < self.limit:
            self.kept.append(error)


@dataclass
class CheckResult:
    good_rows: int
    errors: list[RowError]  # the first `limit` in row order
    error_count: int
    lookups: Lookups


def _data_rows(content: bytes, file_name: str) -> tuple[dict[str, int], Iterator[tuple[int, list]]]:
    rows = read_table(content, file_name)
    try:
        header = next(rows)
    except StopIteration as exc:
        raise FileProblem(_("The file is empty.")) from exc
    except csv.Error as exc:
        raise FileProblem(_("The file is neither CSV nor Excel (.xlsx).")) from exc
    positions = map_header(header)

    def numbered():
        try:
            for row_number, cells in enumerate(rows, start=2):
                if any(str(c).strip() for c in cells):
                    yield row_number, cells
        except csv.Error as exc:
            raise FileProblem(_("The file is neither CSV nor Excel (.xlsx).")) from exc

    return positions, numbered()


def check_file(content: bytes, file_name: str, progress=None, *, limit: int = 2000) -> CheckResult:
    """First pass: every row checked and duplicates found, keeping only a compact key per row.

    Row numbers are the spreadsheet's (header = row 1). Nothing of a good row is kept but its
    key and row number (12 bytes), so a file of a million rows is checked in little memory; the
    second pass (clean_rows) reads the file again to save it.
    """
    positions, rows = _data_rows(content, file_name)
    lookups = Lookups()
    errors = _Errors(limit)
    keys = array("Q")
    row_numbers = array("Q")
    for row_number, cells in rows:
        result = check_row(row_number, cells, positions, lookups)
        if isinstance(result, list):
            for error in result:
                errors.add(error)
        else:
            keys.append(lookups.compact_key(result))
            row_numbers.append(row_number)
        if progress is not None and row_number % 5000 == 0:
            progress(row_number - 1)
    if not keys and not errors.total:
        raise FileProblem(_("The file has no rows of values."))
    duplicates = _duplicates(keys, row_numbers)
    good = len(keys) - len(duplicates)
    del keys, row_numbers
    if duplicates:
        # Merge the duplicates into the row errors, in row order, still keeping only `limit`.
        merged = _Errors(limit)
        for error in sorted(errors.kept + duplicates[:limit], key=lambda e: e.row):
            merged.add(error)
        merged.total = errors.total + len(duplicates)
        errors = merged
    return CheckResult(good, errors.kept, errors.total, lookups)


def _duplicates(keys: array, row_numbers: array) -> list[RowError]:
    """Every row whose cell an earlier row already had, with that row's number; in row order."""
    # Sorting the keys alone finds which cells occur twice (usually none) ...
    ordered = sorted(keys)
    repeated = {a for a, b in pairwise(ordered) if a == b}
    del ordered
    if not repeated:
        return []
    # ... and one pass in file order names the first row of each.
    first: dict[int, int] = {}
    found: list[RowError] = []
    for key, row in zip(keys, row_numbers, strict=True):
        if key not in repeated:
            continue
        if key not in first:
            first[key] = row
            continue
        found.append(
            RowError(
                row,
                _("Row %(row)d: duplicate row, the same indicator, geography, period and gender as row %(first)d.")
                % {"row": row, "first": first[key]},
            )
        )
    return found


def clean_rows(content: bytes, file_name: str, lookups: Lookups) -> Iterator[CleanRow]:
    """Second pass: the rows of a file that check_file found without errors, one at a time."""
    positions, rows = _data_rows(content, file_name)
    for row_number, cells in rows:
        result = check_row(row_number, cells, positions, lookups)
        if isinstance(result, list):
            # The file and the lookups are those of the first pass, so this cannot happen.
            raise RuntimeError(f"row {row_number} changed between the checking and the saving pass")
        yield result
