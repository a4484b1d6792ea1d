"""Uploaded files: checked before anything parses them, and parsed with limits.

Every upload (plan documents, indicator files and those that follow) goes through
`inspect_upload` in the web request: the size, the real type by its first bytes (not the name),
and for zip-based files (.docx, .xlsx) the number of entries and their uncompressed size, so a
zip bomb is refused before any parser opens it; text files get a row and column limit. The
parsing itself happens in the worker (a task), through `run_limited`, which runs the parser in a
child process with a CPU-time, memory and wall-clock limit: a hostile file ends that child,
never the worker. Nothing here touches the database, so no lock is held while files are counted.
"""

import multiprocessing
import re
import resource
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class UploadRefused(ValidationError):
    """The file is refused; the message says why, in Swedish."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    max_uncompressed: int = 50 * 1024 * 1024
    max_entries: int = 2000
    max_ratio: int = 200  # uncompressed / compressed size of one zip entry
    max_rows: int = 100_000  # lines of a text file
    max_sheet_rows: int = 100_000  # rows of an Excel sheet (heavier to read than a line of text)
    max_columns: int = 100
    cpu_seconds: int = 30
    memory_bytes: int = 1024 * 1024 * 1024
    wall_seconds: int = 60


KIND_EXTENSIONS = {"docx": (".docx",), "xlsx": (".xlsx",), "text": (".txt", ".md", ".csv")}
_ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+(?::([A-Z]+)(\d+))?"')


def _refuse(message: str, code: str) -> UploadRefused:
    return UploadRefused(message, code=code)


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.decode("ascii"):
        number = number * 26 + (ord(ch) - 64)
    return number


def _check_zip(content: bytes, limits: Limits) -> str:
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise _refuse(_("The file is damaged and cannot be read."), "damaged") from None
    if len(entries) > limits.max_entries:
        raise _refuse(_("The file holds too many parts (%(n)s); it cannot be read.") % {"n": len(entries)}, "entries")
    total = 0
    for entry in entries:
        # zipfile never unpacks more than the declared size, so the declared sizes bound the work.
        total += entry.file_size
        if entry.file_size > 1024 * 1024 and entry.file_size > limits.max_ratio * max(entry.compress_size, 1):
            raise _refuse(_("The file is packed in a way that is not allowed (a so-called zip bomb)."), "ratio")
        if entry.filename.startswith("/") or ".." in entry.filename.split("/"):
            raise _refuse(_("The file is damaged and cannot be read."), "damaged")
    if total > limits.max_uncompressed:
        raise _refuse(
            _("Unpacked, the file would be %(mb)s MB; at most %(max)s MB is allowed.")
            % {"mb": total // (1024 * 1024), "max": limits.max_uncompressed // (1024 * 1024)},
            "uncompressed",
        )
    names = {entry.filename for entry in entries}
    for kind, marker in _ZIP_MARKERS.items():
        if marker in names:
            if kind == "xlsx":
                _check_sheet_dimensions(archive, names, limits)
            return kind
    raise _refuse(_("The file is neither a Word (.docx) nor an Excel (.xlsx) file."), "type")


def _check_sheet_dimensions(archive: zipfile.ZipFile, names: set[str], limits: Limits) -> None:
    """A sheet that declares more rows or columns than allowed is refused without reading it."""
    for name in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
        with archive.open(name) as sheet:
            head = sheet.read(4096)
        match = _DIMENSION.search(head)
        if match and match.group(2):
            _check_rows_columns(int(match.group(2)), _column_number(match.group(1)), limits, limits.max_sheet_rows)


def _check_rows_columns(rows: int, columns: int, limits: Limits, max_rows: int) -> None:
    if rows > max_rows + 1:
        raise _refuse(
            _("The file has %(rows)s rows; at most %(max)s rows can be imported at a time.")
            % {"rows": f"{rows:,}".replace(",", " "), "max": f"{max_rows:,}".replace(",", " ")},
            "rows",
        )
    if columns > limits.max_columns:
        raise _refuse(
            _("The file has %(n)s columns; at most %(max)s are allowed.") % {"n": columns, "max": limits.max_columns},
            "columns",
        )


def _check_text(content: bytes, limits: Limits) -> None:
    if b"\x00" in content[:8192]:
        raise _refuse(_("The file is not a text file."), "type")
    rows = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
    first = content[: content.find(b"\n")] if b"\n" in content else content[:65536]
    columns = max(first.count(b";"), first.count(b","), first.count(b"\t")) + 1
    _check_rows_columns(rows, columns, limits, limits.max_rows)


def inspect_upload(content: bytes, file_name: str, *, kinds: tuple[str, ...], limits: Limits = Limits()) -> str:
    """Check an upload before any parser sees it; return its kind ('docx', 'xlsx', 'text') or refuse it."""
    if len(content) > limits.max_bytes:
        raise _refuse(_("The file is larger than %(mb)s MB.") % {"mb": limits.max_bytes // (1024 * 1024)}, "size")
    if not content:
        raise _refuse(_("The file is empty."), "empty")
    if content[:4] == b"PK\x03\x04":
        kind = _check_zip(content, limits)
    elif content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _refuse(_("Old Office files (.doc, .xls) cannot be read. Save the file as .docx or .xlsx."), "old")
    elif content[:5] == b"%PDF-" or content[:4] in (b"\x89PNG", b"GIF8") or content[:3] == b"\xff\xd8\xff":
        raise _refuse(_("This kind of file cannot be imported."), "type")
    else:
        _check_text(content, limits)
        kind = "text"
    if kind not in kinds:
        raise _refuse(_("This kind of file cannot be imported here."), "type")
    if not file_name.lower().endswith(KIND_EXTENSIONS[kind]):
        raise _refuse(_("The file's name does not match its content. Check that it is the right file."), "name")
    return kind


# --- parsing in a child process with limits --------------------------------------------------------


def _child(connection, func, args, limits: Limits) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        result = ("ok", func(*args))
    except ValidationError as exc:
        result = ("refused", exc.messages)
    except MemoryError:
        result = ("limit", None)
    except Exception:  # noqa: BLE001 - any parser error means the file cannot be read
        result = ("error", None)
    try:
        connection.send(result)
    except Exception:  # noqa: BLE001 - an unpicklable result is a parser error
        connection.send(("error", None))
    connection.close()


def run_limited(func, *args, limits: Limits = Limits()):
    """Run func(*args) in a child process with CPU, memory and time limits; UploadRefused when it fails.

    func must be a module-level function that does not touch the database, and return plain data.
    """
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, func, args, limits), daemon=True)
    process.start()
    child.close()
    outcome = None
    if parent.poll(limits.wall_seconds):
        try:
            outcome = parent.recv()
        except (EOFError, OSError):
            outcome = None
    process.join(1)
    if process.is_alive():
        process.kill()
        process.join()
    parent.close()
    if outcome is None:
        raise _refuse(
            _("Reading the file took too long or needed too much memory, so it was stopped. Nothing was saved."),
            "limit",
        )
    status, value = outcome
    if status == "ok":
        return value
    if status == "refused":
        raise UploadRefused(value, code="refused")
    if status == "limit":
        raise _refuse(_("Reading the file needed too much memory, so it was stopped. Nothing was saved."), "limit")
    raise _refuse(_("The file could not be read. Save it again and try again. Nothing was saved."), "error")
