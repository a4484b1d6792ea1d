"""CSV and Excel files as Swedish municipal staff open them, and safe to open.

Every CSV or Excel download goes through this module. A cell that begins with `=`, `+`, `-`,
`@`, a tab or a carriage return is a formula to a spreadsheet program (CSV injection: a report
text such as `=HYPERLINK(...)` would run when a colleague opens the export), so text cells that
begin so get a leading apostrophe in CSV, and are written as plain text, never as a formula, in
Excel. Plain numbers such as `-3,2` are left alone.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d \u00a0]*([.,]\d+)?%?")


def neutralise(value):
    """One cell, safe for a spreadsheet: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [neutralise(cell) for cell in row]


def excel_csv(rows: Iterable[Iterable]) -> bytes:
    """Rows to semicolon-separated UTF-8 with a byte-order mark (so Excel reads the letters right)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(safe_row(row) for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class _Echo:
    def write(self, value):
        return value


def excel_csv_stream(rows: Iterable[Iterable]) -> Iterator[str]:
    """The same as excel_csv, one line at a time, for large exports (a StreamingHttpResponse)."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    first = True
    for row in rows:
        line = writer.writerow(safe_row(row))
        yield ("\ufeff" + line) if first else line
        first = False


def sheet_append(sheet, row: Iterable) -> None:
    """Append a row to an openpyxl sheet (normal or write-only) with no cell ever a formula."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in row:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            # openpyxl reads a leading '=' as a formula; plain text it is.
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    sheet.append(cells)
