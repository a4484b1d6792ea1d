"""Indicator charts and the district profile from the indicators app, for situation sections and the report."""

import logging
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from samhandling.plans.models import ActionPlan, SituationSection

logger = logging.getLogger(__name__)


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
class IndicatorChart:
    """One indicator of a situation section: the chart and the table of the same figures."""

    indicator: object
    periods: list[str]
    rows: list[tuple[str, list]]  # (geography, values by period); the city first
    svg: str
    suppressed: bool = False  # some public figures were too few to show

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


def section_charts(section: SituationSection, *, full_figures: bool) -> list[IndicatorChart]:
    """The indicator charts a situation section asks for: the district against the whole city over time.

    Indicators are aggregate statistics; everyone with a role reads them all (samhandling.indicators.access).
    An approved plan is public, so other readers get only indicators marked public, with small
    numbers suppressed by the indicators app's one suppression function.
    """
    from samhandling.core import charts  # noqa: PLC0415
    from samhandling.indicators.selectors import indicator_series  # noqa: PLC0415

    district = section.indicator_district or section.plan.committee.district
    result = []
    for indicator in section.indicators.all():
        suppressed = False
        if full_figures:
            table = indicator_series(indicator)
            periods = table.periods
            keep = {"", district.code} if district else {""}
            rows = [(name, values) for code, name, values in table.rows if code in keep]
        elif indicator.is_public:
            periods, rows, suppressed = _public_values(indicator, district)
        else:
            continue
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
                charts.Series(label, values, "city" if i == 0 else "highlight")
                for i, (label, values) in enumerate(rows)
            ],
            unit=indicator.unit,
            width=560,
            height=280,
        )
        result.append(IndicatorChart(indicator, periods, rows, svg, suppressed))
    return result
