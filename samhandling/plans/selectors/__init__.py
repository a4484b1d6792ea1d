"""Reads that span tables: a plan page's context, the city overview, the data of the effects report.

The selectors live in small modules by subject; this package re-exports them so that
`selectors.<name>` keeps working.
"""

from samhandling.plans.selectors.charts import IndicatorChart, indicator_profile_html, section_charts
from samhandling.plans.selectors.city_overview import Cell, overview
from samhandling.plans.selectors.common import COUNTED_STATUSES, counted_plans, latest_round
from samhandling.plans.selectors.followup import round_status, survey_committees, survey_status
from samhandling.plans.selectors.plan import plan_context
from samhandling.plans.selectors.report import effects_report_data, report_activities, report_indicator_sections

__all__ = [
    "COUNTED_STATUSES",
    "Cell",
    "IndicatorChart",
    "counted_plans",
    "effects_report_data",
    "indicator_profile_html",
    "latest_round",
    "overview",
    "plan_context",
    "report_activities",
    "report_indicator_sections",
    "round_status",
    "section_charts",
    "survey_committees",
    "survey_status",
]
