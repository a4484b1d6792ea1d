"""Reading an uploaded file as rows of cells, after checks of its size, type and uncompressed size."""

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 100 * 1024 * 1024  # a month of payments as CSV is about 80 MB
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024  # an .xlsx is a zip: refuse a zip bomb before opening it
MAX_ROWS = 2_000_000
_SLICE = 1 << 20


class FileProblem(Exception):
    """The file as a whole cannot be read (wrong type, too large, no header, missing columns)."""


def sniff_kind(content: bytes) -> str:
    """'xlsx', 'json' or 'csv' by content; FileProblem for anything else."""
    if len(content) > MAX_FILE_BYTES:
        raise FileProblem(_("The file is larger than 100 MB."))
    if not content.strip():
        raise FileProblem(_("The file is empty."))
    if content[:4] == b"PK\x03\x04":
        _check_zip(content)
        return "xlsx"
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem(_("Old Excel files (.xls) cannot be read. Save the file as .xlsx or CSV."))
    if b"\x00" in content[:4096] or content[:2] == b"\x1f\x8b":
        raise FileProblem(_("The file is neither CSV, Excel (.xlsx) nor JSON."))
    if content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def _check_zip(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise FileProblem(_("The file is neither CSV, Excel (.xlsx) nor JSON.")) from exc
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileProblem(_("The Excel file is larger than 400 MB when unpacked."))


def count_rows(content: bytes) -> int:
    """An estimate of the data rows, to refuse a file with too many before reading it."""
    if content[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
            return max((sheet.max_row or 1) - 1, 0)
        except Exception:  # noqa: BLE001 - an unreadable file is reported when it is read
            return 0
    return max(content.count(b"\n"), 1)


def check_size(content: bytes) -> str:
    """Every check that needs no parsing: size, type, uncompressed size, rows. Returns the kind."""
    kind = sniff_kind(content)
    if kind != "json" and count_rows(content) > MAX_ROWS:
        raise FileProblem(_("The file has more than 2,000,000 rows. Split it into smaller files."))
    return kind


def _encoding(content: bytes) -> str:
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


def read_table(content: bytes) -> Iterator[list]:
    """The rows of a CSV or Excel file as lists of cells, header first, one row at a time."""
    kind = sniff_kind(content)
    if kind == "xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise FileProblem(_("The file is neither CSV, Excel (.xlsx) nor JSON.")) from exc
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield ["" if cell is None else cell for cell in row]
        workbook.close()
        return
    if kind == "json":
        raise FileProblem(_("This import takes CSV or Excel (.xlsx), not JSON."))
    encoding = _encoding(content)
    end = content.find(b"\n")
    first_line = (content if end < 0 else content[:end]).decode(encoding, errors="replace")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    text = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
    try:
        yield from csv.reader(text, delimiter=delimiter)
    except csv.Error as exc:
        raise FileProblem(_("The file is neither CSV, Excel (.xlsx) nor JSON.")) from exc


def read_json_records(content: bytes) -> list[dict]:
    """A JSON array of objects, or one JSON object per line (as FollowTheMoney writes entities)."""
    text = content.decode("utf-8-sig", errors="strict") if content else ""
    stripped = text.strip()
    try:
        if stripped.startswith("["):
            data = json.loads(stripped)
        else:
            data = [json.loads(line) for line in stripped.splitlines() if line.strip()]
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FileProblem(_("The file is not valid JSON: %(error)s") % {"error": str(exc)[:200]}) from exc
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise FileProblem(_("The JSON file must hold a list of objects."))
    if len(data) > MAX_ROWS:
        raise FileProblem(_("The file has more than 2,000,000 rows. Split it into smaller files."))
    return data


def header_positions(header: list, aliases: dict[str, str], required: set[str]) -> dict[str, int]:
    """Column name -> position; FileProblem naming the missing columns."""
    positions: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = aliases.get(str(cell or "").strip().lower())
        if name and name not in positions:
            positions[name] = i
    missing = sorted(required - set(positions))
    if missing:
        raise FileProblem(_("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return positions
