"""Reading and checking a file of indicator values. Nothing here writes to the database.

A file is a table with one header row. The columns (Swedish or English names, any order):
indikator, geografi, period, kön, värde, täljare, nämnare, status, källnotering.

Reading the file (reading), the names it may use (names), checking a row (rows) and the two
passes over a whole file (checking) live in their own modules; this package re-exports them so
that `importing.<name>` keeps working. Saving is in samhandling.indicators.services.
"""

from samhandling.indicators.importing.checking import CheckResult, check_file, clean_rows
from samhandling.indicators.importing.names import (
    CITY_NAMES,
    COLUMN_ALIASES,
    GENDER_NAMES,
    REQUIRED_COLUMNS,
    STATUS_NAMES,
)
from samhandling.indicators.importing.reading import MAX_FILE_BYTES, FileProblem, parse_number, read_table, sniff_kind
from samhandling.indicators.importing.rows import CleanRow, Lookups, RowError, _fmt, check_row, map_header

__all__ = [
    "CITY_NAMES",
    "COLUMN_ALIASES",
    "GENDER_NAMES",
    "MAX_FILE_BYTES",
    "REQUIRED_COLUMNS",
    "STATUS_NAMES",
    "CheckResult",
    "CleanRow",
    "FileProblem",
    "Lookups",
    "RowError",
    "_fmt",
    "check_file",
    "check_row",
    "clean_rows",
    "map_header",
    "parse_number",
    "read_table",
    "sniff_kind",
]
