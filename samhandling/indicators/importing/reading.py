"""Reading a file (CSV or Excel) as rows of cells, and Swedish numbers as Decimal."""

import codecs
import csv
import io
import re
import time
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 20 * 1024 * 1024
# A bounded reader: whatever a file declares, reading stops here (see samhandling.core.uploads).
MAX_SHEET_ROWS = 1_000_000
MAX_COLUMNS = 50
MAX_READ_SECONDS = 15 * 60


_SPACES = re.compile(r"[\s\u00a0\u202f']")
_SLICE = 1 << 20


class FileProblem(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


def parse_number(raw) -> Decimal | None:
    """'12,5', '1 234', '1 234,5', '-3.2', 7 -> Decimal; '' -> None; raises ValueError otherwise."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int | float | Decimal):
        return Decimal(str(raw))
    text = _SPACES.sub("", str(raw)).replace("\u2212", "-")
    if text == "":
        return None
    if "," in text:
        # Swedish: comma is the decimal sign, a full stop may group thousands.
        text = text.replace(".", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(raw) from exc
    if not number.is_finite():
        raise ValueError(raw)
    return number


def sniff_kind(content: bytes, file_name: str) -> str:
    """'xlsx' or 'csv' by content, not by name alone; FileProblem for anything else."""
    if content[:4] == b"PK\x03\x04":
        return "xlsx"
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem(_("Old Excel files (.xls) cannot be read. Save the file as .xlsx or CSV."))
    sample = content[:4096]
    if b"\x00" in sample:
        raise FileProblem(_("The file is neither CSV nor Excel (.xlsx)."))
    return "csv"


def _encoding(content: bytes) -> str:
    """utf-8 (with or without BOM) or cp1252, checked in slices so that no copy of the whole text is made."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(content), _SLICE):
                decoder.decode(content[start : start + _SLICE])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise FileProblem(_("The file's characters could not be read. Save it as UTF-8."))


def read_table(content: bytes, file_name: str) -> Iterator[list]:
    """The rows of the file as lists of cells, header first, read as a stream (one row at a time)."""
    kind = sniff_kind(content, file_name)
    if kind == "xlsx":
        import zipfile

        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise FileProblem(_("The file is neither CSV nor Excel (.xlsx).")) from exc
        sheet = workbook.worksheets[0]
        started = time.monotonic()
        for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), start=1):
            if number > MAX_SHEET_ROWS + 1:
                workbook.close()
                raise FileProblem(_("The file has more rows than can be imported at a time."))
            if number % 10_000 == 0 and time.monotonic() - started > MAX_READ_SECONDS:
                workbook.close()
                raise FileProblem(_("Reading the file took too long, so it was stopped. Nothing was saved."))
            yield ["" if cell is None else cell for cell in row]
        workbook.close()
        return
    encoding = _encoding(content)
    end = content.find(b"\n")
    first_line = (content if end < 0 else content[:end]).decode(encoding)
    delimiter = max((";", ",", "\t"), key=first_line.count)
    # BytesIO shares the bytes object; the wrapper decodes a little at a time.
    text = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    yield from csv.reader(text, delimiter=delimiter)
