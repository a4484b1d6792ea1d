"""Reading and checking a file of indicator values. Nothing here writes to the database.

A file is a table with one header row. The columns (Swedish or English names, any order):
indikator, geografi, period, kön, värde, täljare, nämnare, status, källnotering.
"""

import codecs
import csv
import io
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from django.utils.translation import gettext as _

from samhandling.indicators.models import PERIOD_PATTERN, Gender, Indicator, Level, Value
from samhandling.organisations.models import District, Neighbourhood

MAX_FILE_BYTES = 20 * 1024 * 1024

COLUMN_ALIASES = {
    "indicator": {"indikator", "indicator", "indikatorkod", "indikatornamn"},
    "geography": {"geografi", "geography", "område", "omrade", "stadsdel", "stadsdelsområde", "area"},
    "period": {"period", "år", "ar", "year"},
    "gender": {"kön", "kon", "gender", "sex"},
    "value": {"värde", "varde", "value"},
    "numerator": {"täljare", "taljare", "numerator", "antal"},
    "denominator": {"nämnare", "namnare", "denominator", "totalt antal"},
    "status": {"status"},
    "source_note": {"källnotering", "kallnotering", "källa", "source note", "source_note", "note"},
}
REQUIRED_COLUMNS = ("indicator", "geography", "period")

CITY_NAMES = {"", "stockholm", "stockholms stad", "staden", "hela staden", "city", "stad", "0180"}
GENDER_NAMES = {
    "": Gender.TOTAL,
    "total": Gender.TOTAL,
    "totalt": Gender.TOTAL,
    "alla": Gender.TOTAL,
    "samtliga": Gender.TOTAL,
    "t": Gender.TOTAL,
    "flickor": Gender.FEMALE,
    "flicka": Gender.FEMALE,
    "kvinnor": Gender.FEMALE,
    "kvinna": Gender.FEMALE,
    "girls": Gender.FEMALE,
    "women": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "k": Gender.FEMALE,
    "pojkar": Gender.MALE,
    "pojke": Gender.MALE,
    "män": Gender.MALE,
    "man": Gender.MALE,
    "boys": Gender.MALE,
    "men": Gender.MALE,
    "male": Gender.MALE,
    "p": Gender.MALE,
    "m": Gender.MALE,
}
STATUS_NAMES = {
    "": Value.Status.FINAL,
    "slutlig": Value.Status.FINAL,
    "slutligt": Value.Status.FINAL,
    "final": Value.Status.FINAL,
    "preliminär": Value.Status.PRELIMINARY,
    "preliminärt": Value.Status.PRELIMINARY,
    "preliminar": Value.Status.PRELIMINARY,
    "preliminary": Value.Status.PRELIMINARY,
    "prel": Value.Status.PRELIMINARY,
}
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_PERIOD = re.compile(PERIOD_PATTERN)
_MAX_DECIMAL = Decimal("9999999999")
_SLICE = 1 << 20


_GENDER_NUMBER = {Gender.TOTAL: 0, Gender.FEMALE: 1, Gender.MALE: 2}


def _period_number(period: str) -> int:
    """'2024' -> 202400, '2024-H2' -> 202402, '2024-Q3' -> 202413, '2024-05' -> 202425."""
    year, _sep, part = period.partition("-")
    if not part:
        sub = 0
    elif part[0] == "H":
        sub = int(part[1])
    elif part[0] == "Q":
        sub = 10 + int(part[1])
    else:
        sub = 20 + int(part)
    return int(year) * 100 + sub


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
        for row in sheet.iter_rows(values_only=True):
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


@dataclass(frozen=True)
class CleanRow:
    row: int
    indicator_id: int
    level: str
    district_id: int | None
    neighbourhood_id: int | None
    period: str
    gender: str
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    status: str
    source_note: str

    @property
    def key(self) -> tuple:
        return (self.indicator_id, self.level, self.district_id, self.neighbourhood_id, self.period, self.gender)


@dataclass
class RowError:
    row: int
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "message": self.message}


class Lookups:
    """Indicators, districts and neighbourhoods by every name and code a file may use."""

    def __init__(self):
        self.indicators: dict[str, Indicator] = {}
        # Dense numbers for compact keys (see compact_key).
        self._indicator_index: dict[int, int] = {}
        for indicator in Indicator.objects.all():
            self.indicators[indicator.code.casefold()] = indicator
            self.indicators[indicator.name.casefold()] = indicator
            self._indicator_index[indicator.pk] = len(self._indicator_index)
        self.districts: dict[str, District] = {}
        self._district_index: dict[int, int] = {}
        for district in District.objects.all():
            self.districts[district.code.casefold()] = district
            self.districts[district.name.casefold()] = district
            self._district_index[district.pk] = 1 + len(self._district_index)
        self.neighbourhoods: dict[str, Neighbourhood] = {}
        self._neighbourhood_index: dict[int, int] = {}
        for n in Neighbourhood.objects.all():
            self.neighbourhoods[n.code.casefold()] = n
            self.neighbourhoods[n.name.casefold()] = n
            self._neighbourhood_index[n.pk] = 1 + len(self._district_index) + len(self._neighbourhood_index)
        self._geographies = 1 + len(self._district_index) + len(self._neighbourhood_index)

    def compact_key(self, row: "CleanRow") -> int:
        """The cell of a row (indicator, geography, period, gender) as one integer under 2**64.

        Duplicate detection keeps this (8 bytes) per row instead of the row itself.
        """
        if row.level == Level.NEIGHBOURHOOD:
            geography = self._neighbourhood_index[row.neighbourhood_id]
        elif row.level == Level.DISTRICT:
            geography = self._district_index[row.district_id]
        else:
            geography = 0
        period = _period_number(row.period)
        gender = _GENDER_NUMBER[row.gender]
        return (
            (self._indicator_index[row.indicator_id] * self._geographies + geography) * 1_000_000 + period
        ) * 3 + gender

    def geography(self, raw: str) -> tuple[str, int | None, int | None] | None:
        key = raw.strip().casefold()
        if key in CITY_NAMES:
            return Level.CITY, None, None
        # Some neighbourhoods share their district's name (Farsta, Skärholmen ...): a bare name
        # means the district, "stadsdel Farsta" the neighbourhood.
        for prefix in ("stadsdelsområde ", "sdo "):
            if key.startswith(prefix):
                key = key[len(prefix) :]
                return (Level.DISTRICT, self.districts[key].pk, None) if key in self.districts else None
        if key.startswith("stadsdel "):
            n = self.neighbourhoods.get(key[len("stadsdel ") :])
            return (Level.NEIGHBOURHOOD, n.district_id, n.pk) if n else None
        if key in self.districts:
            return Level.DISTRICT, self.districts[key].pk, None
        if key in self.neighbourhoods:
            n = self.neighbourhoods[key]
            return Level.NEIGHBOURHOOD, n.district_id, n.pk
        return None


def map_header(header: list) -> dict[str, int]:
    """Column name -> index; FileProblem when a required column is missing."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = str(cell).strip().casefold()
        for column, aliases in COLUMN_ALIASES.items():
            if name in aliases and column not in positions:
                positions[column] = index
    missing = [c for c in REQUIRED_COLUMNS if c not in positions]
    if "value" not in positions and not {"numerator", "denominator"} <= positions.keys():
        missing.append("value")
    if missing:
        names = {
            "indicator": "indikator",
            "geography": "geografi",
            "period": "period",
            "value": "värde",
        }
        raise FileProblem(
            _("Columns are missing from the header row: %(columns)s.")
            % {"columns": ", ".join(names[c] for c in missing)}
        )
    return positions


def check_row(row_number: int, cells: list, positions: dict[str, int], lookups: Lookups) -> CleanRow | list[RowError]:
    """One row of the file, checked against the indicator's definition."""

    def cell(column: str):
        index = positions.get(column)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        return value.strip() if isinstance(value, str) else value

    errors: list[str] = []
    raw_indicator = str(cell("indicator"))
    indicator = lookups.indicators.get(raw_indicator.casefold())
    if indicator is None:
        errors.append(_("unknown indicator “%(name)s”") % {"name": raw_indicator})

    raw_geography = str(cell("geography"))
    geography = lookups.geography(raw_geography)
    if geography is None:
        errors.append(_("unknown district or neighbourhood “%(name)s”") % {"name": raw_geography})
    elif indicator is not None and geography[0] not in indicator.levels:
        errors.append(
            _("the indicator has no values at the level “%(level)s”") % {"level": Level(geography[0]).label.lower()}
        )

    period = cell("period")
    if isinstance(period, float) and period.is_integer():
        period = int(period)
    period = str(period).strip()
    if not _PERIOD.match(period):
        errors.append(
            _("the period “%(period)s” is not a year such as 2024 (or 2024-H1, 2024-Q3)") % {"period": period}
        )

    raw_gender = str(cell("gender"))
    gender = GENDER_NAMES.get(raw_gender.strip().casefold())
    if gender is None:
        errors.append(
            _("unknown gender “%(gender)s” (use totalt, flickor/kvinnor or pojkar/män)") % {"gender": raw_gender}
        )
    elif indicator is not None and gender not in indicator.genders:
        errors.append(_("the indicator is not split by gender"))

    raw_status = str(cell("status"))
    status = STATUS_NAMES.get(raw_status.strip().casefold())
    if status is None:
        errors.append(_("unknown status “%(status)s” (use preliminär or slutlig)") % {"status": raw_status})

    numbers: dict[str, Decimal | None] = {}
    labels = {"value": _("value"), "numerator": _("numerator"), "denominator": _("denominator")}
    for column in ("value", "numerator", "denominator"):
        raw = cell(column)
        try:
            numbers[column] = parse_number(raw)
        except ValueError:
            numbers[column] = None
            errors.append(_("the %(column)s “%(raw)s” is not a number") % {"column": labels[column], "raw": raw})
            continue
        if numbers[column] is not None and abs(numbers[column]) > _MAX_DECIMAL:
            errors.append(_("the %(column)s is too large") % {"column": labels[column]})
            numbers[column] = None
    value, numerator, denominator = numbers["value"], numbers["numerator"], numbers["denominator"]
    if numerator is not None and numerator < 0 or denominator is not None and denominator < 0:
        errors.append(_("numerator and denominator cannot be negative"))
    elif numerator is not None and denominator is not None and numerator > denominator:
        errors.append(
            _("the numerator (%(numerator)s) is larger than the denominator (%(denominator)s)")
            % {"numerator": _fmt(numerator), "denominator": _fmt(denominator)}
        )
    elif indicator is not None and value is None and indicator.kind == Indicator.Kind.RATE:
        if numerator is not None and denominator:
            value = (numerator / denominator * indicator.multiplier).quantize(Decimal("0.0001"))
    ratio_problem = any(n is not None and n < 0 for n in (numerator, denominator)) or (
        numerator is not None and denominator is not None and numerator > denominator
    )
    if value is None and cell("value") in ("", None) and not ratio_problem:
        errors.append(_("the value is missing"))
    if indicator is not None and value is not None:
        low, high = indicator.min_value, indicator.max_value
        if (low is not None and value < low) or (high is not None and value > high):
            errors.append(
                _("the value %(value)s is outside the indicator's range %(low)s–%(high)s")
                % {
                    "value": _fmt(value),
                    "low": _fmt(low) if low is not None else "",
                    "high": _fmt(high) if high is not None else "",
                }
            )

    if errors:
        return [
            RowError(row_number, _("Row %(row)d: %(problem)s.") % {"row": row_number, "problem": e}) for e in errors
        ]
    level, district_id, neighbourhood_id = geography
    return CleanRow(
        row=row_number,
        indicator_id=indicator.pk,
        level=level,
        district_id=district_id,
        neighbourhood_id=neighbourhood_id,
        period=period,
        gender=gender,
        value=value.quantize(Decimal("0.0001")),
        numerator=numerator,
        denominator=denominator,
        status=status,
        source_note=str(cell("source_note"))[:300],
    )


def _fmt(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.replace(".", ",")


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
