"""Indicator charts and the district profile from the indicators app, for situation sections and the report."""

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samhandling.plans.models import ActionPlan, SituationSection

if TYPE_CHECKING:
    from samhandling.indicators.models import Indicator
    from samhandling.organisations.models import District

logger = logging.getLogger(__name__)

Figures = tuple[list[str], list[tuple[str, list]], bool]  # periods, (label, values) rows, some suppressed


def indicator_profile_html(plan: ActionPlan) -> str:
    """The indicators app's district profile, when that app provides it; empty otherwise."""
    if not plan.committee.district_id:
        return ""
    try:
        from samhandling.indicators.selectors import district_profile  # noqa: PLC0415 - optional app

        profile = district_profile(plan.committee.district)
        return mark_safe(  # noqa: S308 - rendered by our own template
            render_to_string(
                "indicators/_district_profile.html",
                {"profile_rows": profile, "district": plan.committee.district},
            )
        )
    except Exception:  # noqa: BLE001 - the indicators are an optional addition to the page
        logger.info("No indicator profile for %s", plan.committee)
        return ""


@dataclass
class FrozenInfo:
    """When an approved plan's figures were frozen, the date of their source and the period range."""

    taken_at: datetime
    source_date: str
    first_period: str
    last_period: str


@dataclass
class IndicatorChart:
    """One indicator of a situation section: the chart and the table of the same figures."""

    indicator: object
    periods: list[str]
    rows: list[tuple[str, list]]  # (geography, values by period); the city first
    svg: str
    suppressed: bool = False  # some public figures were too few to show
    frozen: "FrozenInfo | None" = None  # set when the figures are those frozen at the plan's approval

    def table_rows(self) -> list[list[str]]:
        """Period by period, formatted the Swedish way, for the table beside the chart and for Word."""
        from samhandling.core.charts import fmt  # noqa: PLC0415

        decimals = 0 if self.indicator.kind == "count" else 1
        return [
            [period] + [fmt(values[i], decimals) for _label, values in self.rows]
            for i, period in enumerate(self.periods)
        ]


def _public_values(indicator, district) -> tuple[list[str], list[tuple[str, list]], bool]:
    """The city's and the district's totals by period, through the indicators app's suppression."""
    from samhandling.indicators.models import Gender, Level  # noqa: PLC0415
    from samhandling.indicators.selectors import public_cells  # noqa: PLC0415

    cells = [
        c
        for c in public_cells(indicator, genders=[Gender.TOTAL], levels=[Level.CITY, Level.DISTRICT])
        if c.level == Level.CITY or (district and c.district_id == district.pk)
    ]
    periods = sorted({c.period for c in cells})
    position = {p: i for i, p in enumerate(periods)}
    city, own = [None] * len(periods), [None] * len(periods)
    for c in cells:
        (city if c.level == Level.CITY else own)[position[c.period]] = None if c.suppressed else c.value
    rows = [(str(_("Stockholm (the whole city)")), city)]
    if district:
        rows.append((district.name, own))
    return periods, rows, any(c.suppressed for c in cells)


def _within_plan_year(periods: list[str], year: int) -> list[int]:
    """Positions of the periods up to and including the plan's year: later figures are not its situation picture."""
    return [i for i, p in enumerate(periods) if p[:4].isdigit() and int(p[:4]) <= year]


def _live_figures(
    section: SituationSection, indicator: "Indicator", district: "District | None", *, full_figures: bool
) -> Figures | None:
    """(periods, rows, suppressed) of one indicator from the current values, or None when not to be shown."""
    from samhandling.indicators.selectors import indicator_series  # noqa: PLC0415

    suppressed = False
    if full_figures:
        table = indicator_series(indicator)
        periods = table.periods
        keep = {"", district.code} if district else {""}
        rows = [(name, values) for code, name, values in table.rows if code in keep]
    elif indicator.is_public:
        periods, rows, suppressed = _public_values(indicator, district)
    else:
        return None
    keep_at = _within_plan_year(periods, section.plan.year)
    periods = [periods[i] for i in keep_at]
    rows = [(label, [values[i] for i in keep_at]) for label, values in rows]
    return periods, rows, suppressed


def _source_date(indicator: "Indicator", periods: list[str]) -> str:
    """The date the newest of the shown figures was imported or corrected (YYYY-MM-DD), '' when none."""
    from django.db.models import Max  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from samhandling.indicators.models import Value  # noqa: PLC0415

    newest = Value.objects.filter(indicator=indicator, period__in=periods).aggregate(m=Max("updated_at"))["m"]
    return timezone.localdate(newest).isoformat() if newest else ""


def _as_text(rows: list[tuple[str, list]]) -> list[list]:
    return [[label, [None if v is None else str(v) for v in values]] for label, values in rows]


def _from_text(rows: list) -> list[tuple[str, list]]:
    return [(label, [None if v is None else Decimal(v) for v in values]) for label, values in rows]


def freeze_situation(plan: ActionPlan) -> dict:
    """The figures of every indicator chart of the plan's situation picture, as they are now (JSON)."""
    sections: dict[str, list[dict]] = {}
    for section in plan.situation_sections.select_related("indicator_district", "plan__committee__district"):
        district = section.indicator_district or section.plan.committee.district
        charts = []
        for indicator in section.indicators.all():
            full = _live_figures(section, indicator, district, full_figures=True)
            public = _live_figures(section, indicator, district, full_figures=False)
            periods = full[0] if full else []
            charts.append(
                {
                    "indicator": indicator.pk,
                    "district": district.pk if district else None,
                    "periods": periods,
                    "rows": _as_text(full[1]) if full else [],
                    "public": None
                    if public is None
                    else {"periods": public[0], "rows": _as_text(public[1]), "suppressed": public[2]},
                    "source_date": _source_date(indicator, periods),
                }
            )
        sections[str(section.pk)] = charts
    return {"sections": sections}


def _still_shown(indicator: "Indicator", district: "District | None", periods: list[str], rows: list) -> Figures:
    """Frozen public figures, less any cell that today's suppression hides: a cell hidden now stays hidden."""
    now_periods, now_rows, _suppressed = _public_values(indicator, district)
    position = {p: i for i, p in enumerate(now_periods)}
    frozen_rows = _from_text(rows)
    masked = False
    shown_rows = []
    for n, (label, values) in enumerate(frozen_rows):
        now_values = now_rows[n][1] if n < len(now_rows) else []
        kept = []
        for period, value in zip(periods, values, strict=True):
            i = position.get(period)
            visible_now = i is not None and i < len(now_values) and now_values[i] is not None
            if value is not None and not visible_now:
                masked = True
            kept.append(value if visible_now else None)
        shown_rows.append((label, kept))
    return periods, shown_rows, masked


def _chart(
    section: SituationSection,
    indicator: "Indicator",
    district: "District | None",
    periods: list[str],
    rows: list[tuple[str, list]],
    suppressed: bool,
    frozen: FrozenInfo | None = None,
) -> IndicatorChart:
    from samhandling.core import charts  # noqa: PLC0415

    shown = [label for label, values in rows if any(v is not None for v in values)]
    svg = charts.line_chart(
        title=f"{indicator.name}: {district.name if district else _('Stockholm (the whole city)')}",
        desc=_(
            "Line chart of %(indicator)s by period, %(first)s–%(last)s: %(shown)s. The same figures are in the table."
        )
        % {
            "indicator": indicator.name,
            "first": periods[0] if periods else "",
            "last": periods[-1] if periods else "",
            "shown": ", ".join(shown) or _("no figures"),
        },
        periods=periods,
        series=[
            charts.Series(label, values, "city" if i == 0 else "highlight") for i, (label, values) in enumerate(rows)
        ],
        unit=indicator.unit,
        width=560,
        height=280,
    )
    return IndicatorChart(indicator, periods, rows, svg, suppressed, frozen)


def section_charts(section: SituationSection, *, full_figures: bool, frozen: bool = True) -> list[IndicatorChart]:
    """The indicator charts a situation section asks for: the district against the whole city over time.

    Indicators are aggregate statistics; everyone with a role reads them all (samhandling.indicators.access).
    An approved plan is public, so other readers get only indicators marked public, with small
    numbers suppressed by the indicators app's one suppression function. An approved plan shows the
    figures frozen at its approval (FrozenSituation), never figures imported later; any plan shows
    only periods up to its own year. `frozen=False` (the effects report of the plan's year) reads the
    current figures of the periods up to that year.
    """
    from samhandling.organisations.models import District  # noqa: PLC0415

    frozen_situation = getattr(section.plan, "frozen_situation", None) if frozen and section.plan.is_public else None
    frozen_sections = frozen_situation.data.get("sections", {}) if frozen_situation is not None else {}
    if str(section.pk) in frozen_sections:
        frozen_items = {c["indicator"]: c for c in frozen_sections[str(section.pk)]}
        indicators = {i.pk: i for i in section.indicators.all()}
        result = []
        for indicator_id, item in frozen_items.items():
            indicator = indicators.get(indicator_id)
            if indicator is None:
                continue
            district = District.objects.filter(pk=item["district"]).first() if item["district"] else None
            if full_figures:
                periods, rows, suppressed = item["periods"], _from_text(item["rows"]), False
            elif item["public"] is not None and indicator.is_public:
                public = item["public"]
                periods, rows, suppressed = _still_shown(indicator, district, public["periods"], public["rows"])
                suppressed = suppressed or public["suppressed"]
            else:
                continue
            info = FrozenInfo(
                frozen_situation.taken_at,
                item["source_date"],
                periods[0] if periods else "",
                periods[-1] if periods else "",
            )
            result.append(_chart(section, indicator, district, periods, rows, suppressed, info))
        return result

    district = section.indicator_district or section.plan.committee.district
    result = []
    for indicator in section.indicators.all():
        figures = _live_figures(section, indicator, district, full_figures=full_figures)
        if figures is None:
            continue
        result.append(_chart(section, indicator, district, *figures))
    return result
