"""Reads for the indicator pages, the district profile, the map and the public figures."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samhandling.core import charts
from samhandling.indicators.models import Gender, Indicator, Level, Value, ValueRevision
from samhandling.indicators.suppression import Cell, suppress
from samhandling.organisations.models import District, Neighbourhood


def periods_of(indicator: Indicator) -> list[str]:
    """The periods that have any value, oldest first."""
    return list(
        Value.objects.filter(indicator=indicator).values_list("period", flat=True).distinct().order_by("period")
    )


@dataclass
class SeriesTable:
    """One indicator over time: a row per geography, a column per period."""

    indicator: Indicator
    gender: str
    periods: list[str]
    rows: list[tuple[str, str, list]]  # (code, name, values by period); the city first, code ""

    def chart(self, highlight: str | None = None) -> str:
        # Thirteen coloured lines are unreadable: the city in black, the chosen district in
        # colour, the others grey.
        series = []
        for code, name, values in self.rows:
            role = "city" if code == "" else "highlight" if code == highlight else "muted"
            series.append(charts.Series(name, values, role))
        shown = [s.label for s in series if s.role != "muted"]
        return charts.line_chart(
            title=f"{self.indicator.name} ({self.indicator.gender_label(self.gender).lower()})",
            desc=_(
                "Line chart of %(indicator)s by year, %(first)s–%(last)s: %(shown)s, the other districts in grey. The same figures are in the table."
            )
            % {
                "indicator": self.indicator.name,
                "first": self.periods[0] if self.periods else "",
                "last": self.periods[-1] if self.periods else "",
                "shown": ", ".join(shown),
            },
            periods=self.periods,
            series=series,
            unit=self.indicator.unit,
        )


def indicator_series(indicator: Indicator, *, gender: str = Gender.TOTAL) -> SeriesTable:
    """Every district and the city over every period, for one gender."""
    periods = periods_of(indicator)
    position = {p: i for i, p in enumerate(periods)}
    values: dict[object, list] = defaultdict(lambda: [None] * len(periods))
    for district_id, period, value in Value.objects.filter(
        indicator=indicator, gender=gender, level__in=[Level.CITY, Level.DISTRICT]
    ).values_list("district_id", "period", "value"):
        values[district_id][position[period]] = value
    rows = [("", str(_("Stockholm (the whole city)")), values.get(None, [None] * len(periods)))]
    for district in sorted(District.objects.all(), key=lambda d: d.name):
        if district.pk in values:
            rows.append((district.code, district.name, values[district.pk]))
    return SeriesTable(indicator, gender, periods, rows)


@dataclass
class ProfileRow:
    indicator: Indicator
    period: str | None
    value: Decimal | None
    city_value: Decimal | None
    previous_period: str | None
    previous_value: Decimal | None
    history: list = field(default_factory=list)  # (period, value, city value)

    @property
    def trend(self) -> str:
        """'better', 'worse', 'same' or '' since the previous period, by the indicator's direction."""
        return _judge(self.indicator, self.value, self.previous_value)

    @property
    def compares_with_city(self) -> bool:
        """Only a rate, a share or a mean can be set against the whole city; a count is far smaller by nature.

        A count (184 suspects in a district against 1 355 in the city) is compared with the
        district's own earlier periods only (`trend`).
        """
        return self.indicator.kind != Indicator.Kind.COUNT

    @property
    def against_city(self) -> str:
        """'better', 'worse', 'same', 'higher', 'lower'; 'not_compared' for a count; '' without figures."""
        if not self.compares_with_city:
            return "not_compared"
        return _judge(self.indicator, self.value, self.city_value)

    @property
    def difference(self) -> Decimal | None:
        if not self.compares_with_city or self.value is None or self.city_value is None:
            return None
        return self.value - self.city_value


def _judge(indicator: Indicator, value, other) -> str:
    if value is None or other is None:
        return ""
    # Within 2 % of the other figure counts as the same level.
    if abs(value - other) <= abs(other) * Decimal("0.02"):
        return "same"
    if indicator.direction == Indicator.Direction.NEUTRAL:
        return "higher" if value > other else "lower"
    higher_is_better = indicator.direction == Indicator.Direction.HIGHER
    return "better" if (value > other) == higher_is_better else "worse"


JUDGEMENT_LABELS = {
    "better": gettext_lazy("better"),
    "worse": gettext_lazy("worse"),
    "same": gettext_lazy("about the same"),
    "higher": gettext_lazy("higher"),
    "lower": gettext_lazy("lower"),
    "not_compared": gettext_lazy("not compared: a count, see the trend"),
    "": "–",
}


def district_profile(
    district: District,
    *,
    gender: str = Gender.TOTAL,
    indicators=None,
    last_periods: int = 10,
) -> list[ProfileRow]:
    """All indicators for one district: latest figure, trend, the city's figure. Two queries.

    Public API for other apps (e.g. the situation picture of an action plan); `indicators`
    narrows the set (a queryset or list), `last_periods` limits the history kept per row.
    """
    indicator_qs = Indicator.objects.filter(on_district=True).select_related("priority_area", "factor")
    if indicators is not None:
        indicator_qs = indicator_qs.filter(pk__in=[i.pk for i in indicators])
    indicator_list = sorted(indicator_qs, key=lambda i: (i.priority_area.number if i.priority_area else "~", i.name))
    ids = [i.pk for i in indicator_list]
    own: dict[int, dict[str, Decimal]] = defaultdict(dict)
    city: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for indicator_id, period, value in Value.objects.filter(
        district=district, level=Level.DISTRICT, gender=gender, indicator_id__in=ids
    ).values_list("indicator_id", "period", "value"):
        own[indicator_id][period] = value
    for indicator_id, period, value in Value.objects.filter(
        level=Level.CITY, gender=gender, indicator_id__in=ids
    ).values_list("indicator_id", "period", "value"):
        city[indicator_id][period] = value
    rows = []
    for indicator in indicator_list:
        mine = own.get(indicator.pk, {})
        periods = sorted(mine)
        latest = periods[-1] if periods else None
        previous = periods[-2] if len(periods) > 1 else None
        history = [(p, mine[p], city[indicator.pk].get(p)) for p in periods[-last_periods:]]
        rows.append(
            ProfileRow(
                indicator=indicator,
                period=latest,
                value=mine.get(latest) if latest else None,
                city_value=city[indicator.pk].get(latest) if latest else None,
                previous_period=previous,
                previous_value=mine.get(previous) if previous else None,
                history=history,
            )
        )
    return rows


def profile_indicator_count() -> int:
    """How many indicators a district profile lists (every indicator that exists by district)."""
    return Indicator.objects.filter(on_district=True).count()


def profile_chart(district: District, row: ProfileRow) -> str:
    """A small line chart of one profile row: the district against the city."""
    periods = [p for p, _v, _c in row.history]
    return charts.line_chart(
        title=f"{row.indicator.name}: {district.name}",
        desc=_("%(district)s against the whole city, %(first)s–%(last)s.")
        % {"district": district.name, "first": periods[0] if periods else "", "last": periods[-1] if periods else ""},
        periods=periods,
        series=[
            charts.Series(str(_("Stockholm (the whole city)")), [c for _p, _v, c in row.history], "city"),
            charts.Series(district.name, [v for _p, v, _c in row.history], "highlight"),
        ],
        unit=row.indicator.unit,
        width=480,
        height=240,
    )


@dataclass
class MapRow:
    code: str
    name: str
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    status: str = ""
    suppressed: bool = False


def map_rows(
    indicator: Indicator,
    *,
    period: str,
    level: str = Level.DISTRICT,
    gender: str = Gender.TOTAL,
    public: bool = False,
) -> list[MapRow]:
    """One figure per district (or neighbourhood) for the map and its table; suppressed when public."""
    areas = list(District.objects.all()) if level == Level.DISTRICT else list(Neighbourhood.objects.all())
    values = {
        (v.district_id if level == Level.DISTRICT else v.neighbourhood_id): v
        for v in Value.objects.filter(indicator=indicator, level=level, period=period, gender=gender)
    }
    if public:
        cells = public_cells(indicator, periods=[period], genders=None, levels=[Level.CITY, level])
        visible = {
            (c.district_id if level == Level.DISTRICT else c.neighbourhood_id): c
            for c in cells
            if c.level == level and c.gender == gender
        }
    rows = []
    for area in sorted(areas, key=lambda a: a.name):
        v = values.get(area.pk)
        if public:
            c = visible.get(area.pk)
            rows.append(
                MapRow(
                    area.code,
                    area.name,
                    c.value if c else None,
                    c.numerator if c else None,
                    c.denominator if c else None,
                    v.status if v else "",
                    bool(c and c.suppressed),
                )
            )
        else:
            rows.append(
                MapRow(
                    area.code,
                    area.name,
                    v.value if v else None,
                    v.numerator if v else None,
                    v.denominator if v else None,
                    v.status if v else "",
                )
            )
    return rows


def draw_map(
    indicator: Indicator, rows: list[MapRow], *, period: str, level: str = Level.DISTRICT, gender: str = Gender.TOTAL
):
    """The choropleth for map_rows(); neighbourhoods without data are left out of the colouring."""
    model = District if level == Level.DISTRICT else Neighbourhood
    geometry = dict(model.objects.values_list("code", "geometry"))
    areas = [
        charts.Area(
            r.code,
            r.name,
            geometry.get(r.code),
            r.value,
            str(_("too few to show")) if r.suppressed else str(_("no figure")),
        )
        for r in rows
    ]
    background = None
    if level == Level.NEIGHBOURHOOD:
        background = [g for g in District.objects.values_list("geometry", flat=True) if g]
    level_name = _("districts") if level == Level.DISTRICT else _("neighbourhoods")
    return charts.choropleth(
        title=f"{indicator.name}, {period} ({indicator.gender_label(gender).lower()})",
        desc=_(
            "Map of Stockholm's %(level)s coloured by %(indicator)s in %(period)s; darker is higher. The same figures are in the table."
        )
        % {"level": level_name, "indicator": indicator.name, "period": period},
        areas=areas,
        unit=indicator.unit,
        background=background,
        missing_label=str(_("no figure")),
        missing_legend=str(_("No figure (missing or too few to show)")),
    )


def neighbourhood_counts() -> dict[int, int]:
    return dict(District.objects.annotate(n=Count("neighbourhoods")).values_list("pk", "n"))


def public_indicators():
    return Indicator.objects.filter(is_public=True).order_by("name")


def public_cells(
    indicator: Indicator,
    *,
    periods: list[str] | None = None,
    genders: list[str] | None = None,
    levels: list[str] | None = None,
) -> list[Cell]:
    """The figures of one public indicator with small numbers suppressed (primary and secondary).

    The single door for the public dashboard, the public CSV and the JSON API. Suppression
    always runs on the whole set the hidden cell could be derived from (all genders, the city,
    every district and neighbourhood of the requested periods), and is filtered afterwards.
    """
    qs = Value.objects.filter(indicator=indicator)
    if periods:
        # The periods of one year are linked (a year = its half-years, quarters, months): suppress
        # the whole year of every period asked for, so that every door hides the same cells.
        same_year = Q(pk__in=[])
        for year in sorted({p[:4] for p in periods}):
            same_year |= Q(period__startswith=year)
        qs = qs.filter(same_year)
    cells = [
        Cell(
            v.level,
            v.district_id,
            v.neighbourhood_id,
            v.period,
            v.gender,
            v.value,
            v.numerator,
            v.denominator,
            extra={"status": v.status},
        )
        for v in qs.only(
            "level",
            "district_id",
            "neighbourhood_id",
            "period",
            "gender",
            "value",
            "numerator",
            "denominator",
            "status",
        )
    ]
    suppress(indicator, cells, neighbourhood_counts())
    if periods:
        cells = [c for c in cells if c.period in periods]
    if genders:
        cells = [c for c in cells if c.gender in genders]
    if levels:
        cells = [c for c in cells if c.level in levels]
    return cells


def latest_revisions(indicator: Indicator, limit: int = 20) -> list[ValueRevision]:
    """The latest corrections of an indicator's values: the old figure next to the current one."""
    return list(
        ValueRevision.objects.filter(value__indicator=indicator)
        .select_related("value__district", "value__neighbourhood", "replaced_by")
        .order_by("-replaced_at", "-id")[:limit]
    )


def district_profile_context(
    district: District, *, gender: str = Gender.TOTAL, indicators=None, with_charts=True
) -> dict[str, Any]:
    """Everything `{% include "indicators/_district_profile.html" %}` needs, for embedding in other apps' pages."""
    rows = district_profile(district, gender=gender, indicators=indicators)
    return {
        "district": district,
        "profile_rows": rows,
        "profile_charts": [(row, profile_chart(district, row)) for row in rows if row.history] if with_charts else [],
    }


# The area choices of forms.CellChoiceForm besides a district code (kept here: forms import selectors).
CITY_CHOICE = "stockholm"
NEIGHBOURHOOD_PREFIX = "stadsdel-"


def find_value(indicator: Indicator, *, area: str, period: str, gender: str) -> Value | None:
    """The stored figure for an area choice of forms.CellChoiceForm ('stockholm', a district code, 'stadsdel-<code>')."""
    values = Value.objects.filter(indicator=indicator, period=period, gender=gender).select_related(
        "district", "neighbourhood"
    )
    if area == CITY_CHOICE:
        values = values.filter(level=Level.CITY)
    elif area.startswith(NEIGHBOURHOOD_PREFIX):
        values = values.filter(level=Level.NEIGHBOURHOOD, neighbourhood__code=area.removeprefix(NEIGHBOURHOOD_PREFIX))
    else:
        values = values.filter(level=Level.DISTRICT, district__code=area)
    return values.first()


def value_history(value: Value) -> list[ValueRevision]:
    """Every earlier figure of one value, newest first."""
    return list(value.revisions.select_related("replaced_by", "import_batch").order_by("-replaced_at", "-id"))
