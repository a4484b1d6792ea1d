"""Checking one row against the indicator's definition, with lookups of indicators, districts and neighbourhoods."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from samhandling.indicators.importing.names import (
    CITY_NAMES,
    COLUMN_ALIASES,
    GENDER_NAMES,
    REQUIRED_COLUMNS,
    STATUS_NAMES,
)
from samhandling.indicators.importing.reading import FileProblem, parse_number
from samhandling.indicators.models import PERIOD_PATTERN, Gender, Indicator, Level
from samhandling.organisations.models import District, Neighbourhood

_PERIOD = re.compile(PERIOD_PATTERN)
_MAX_DECIMAL = Decimal("9999999999")


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
