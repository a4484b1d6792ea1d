"""The effects report as one document structure (a list of blocks) that every format renders."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import override

from samhandling.plans import selectors
from samhandling.plans.models import EffectsReport

TITLE = "Effekter av förvaltningarnas arbete med strategin för att minska risken för att barn, unga och unga vuxna dras in i kriminalitet"


@dataclass
class Block:
    kind: str  # "h1", "h2", "h3", "p", "table", "chart" (SVG for PDF, a PNG drawn from `series` for Word)
    text: str = ""
    svg: str = ""
    header: list | None = None
    rows: list | None = None
    periods: list | None = None
    series: list | None = None  # (label, values by period) of a chart
    alt: str = ""  # a chart's text alternative


def _paragraphs(text: str) -> list[Block]:
    return [Block("p", part.strip()) for part in (text or "").split("\n\n") if part.strip()]


def report_blocks(year: int) -> list[Block]:
    """The effects report in the structure of seed 004, in Swedish."""
    with override("sv"):
        return _report_blocks(year)


def _report_blocks(year: int) -> list[Block]:
    data = selectors.effects_report_data(year)
    narrative = getattr(EffectsReport.objects.filter(year=year).first(), "sections", {}) or {}
    n_plans, n_acts = len(data["plans"]), data["activity_count"]
    blocks = [
        Block("h1", f"{TITLE} {year}"),
        Block("h2", _("The administration's proposed decision")),
        Block(
            "p",
            _(
                "1. The social services committee approves the administration's report on the effects of the administrations' work with the strategy."
            ),
        ),
        Block(
            "p",
            _(
                "2. The social services committee passes the report on to the district committees and the specialist committees concerned."
            ),
        ),
        Block("h2", _("Summary")),
    ]
    facts = _(
        "The report builds on %(plans)s approved local action plans with %(activities)s activities in %(year)s, "
        "their follow-up and %(survey)s administrations' answers to the survey."
    ) % {"plans": n_plans, "activities": n_acts, "year": year, "survey": data["survey_count"]}
    blocks += _paragraphs(narrative.get("summary", "")) + [Block("p", facts)]
    blocks += [Block("h2", _("Background"))] + _paragraphs(narrative.get("background", ""))
    blocks.append(Block("h2", _("The work by priority area")))
    blocks += _paragraphs(narrative.get("work_intro", ""))
    blocks.append(
        Block(
            "table",
            header=[_("Priority area"), _("Activities"), _("Committees with activities")],
            rows=[[str(e["area"]), e["activities"], len(e["committees"])] for e in data["areas"]],
        )
    )
    for entry in data["areas"]:
        blocks.append(Block("h3", str(entry["area"])))
        blocks.append(
            Block(
                "p",
                _("%(n)s activities in %(c)s committees.") % {"n": entry["activities"], "c": len(entry["committees"])}
                + (" " + ", ".join(entry["committees"]) + "." if entry["committees"] else ""),
            )
        )
        for answer in entry["survey"]:
            text = " ".join(v for v in (answer.get("results"), answer.get("consequences"), answer.get("examples")) if v)
            blocks.append(Block("p", f"{answer['committee']}: {text}"))
        for ex in entry["examples"]:
            basis = f" ({_('based on')}: {ex['basis']})" if ex["basis"] else ""
            blocks.append(Block("p", f"{ex['committee']}, {ex['activity']}: {ex['effect']}{basis}"))
    if data["indicator_sections"]:
        blocks.append(Block("h2", _("Indicators in the situation pictures")))
        blocks.append(
            Block(
                "p",
                _(
                    "The indicators that the committees chose for their situation pictures: the district against the whole city over time."
                ),
            )
        )
        for entry in data["indicator_sections"]:
            section = entry["section"]
            blocks.append(Block("h3", f"{section.plan.committee.name}: {section.theme}"))
            for chart in entry["charts"]:
                caption = f"{chart.indicator.name} ({chart.indicator.unit}; {_('source')}: {chart.indicator.source})"
                alt = _(
                    "Line chart of %(indicator)s by period, %(first)s–%(last)s: %(shown)s. The same figures are in the table."
                ) % {
                    "indicator": chart.indicator.name,
                    "first": chart.periods[0] if chart.periods else "",
                    "last": chart.periods[-1] if chart.periods else "",
                    "shown": ", ".join(label for label, _values in chart.rows),
                }
                blocks.append(
                    Block(
                        "chart",
                        text=caption,
                        svg=str(chart.svg),
                        periods=chart.periods,
                        series=chart.rows,
                        alt=alt,
                    )
                )
                blocks.append(
                    Block(
                        "table",
                        text=caption,
                        header=[_("Period")] + [label for label, _values in chart.rows],
                        rows=chart.table_rows(),
                    )
                )
    blocks.append(Block("h2", _("Gender analysis")))
    blocks += _paragraphs(narrative.get("gender_analysis", ""))
    g = data["gender"]
    blocks.append(
        Block(
            "table",
            header=[_("Reached"), _("Number")],
            rows=[
                [_("Girls"), g["girls"]],
                [_("Boys"), g["boys"]],
                [_("Women"), g["women"]],
                [_("Men"), g["men"]],
                [_("Gender not recorded"), g["unspecified"]],
                [_("Total"), data["reached_total"]],
            ],
        )
    )
    if data["round"]:
        blocks.append(Block("p", _("Figures from the follow-up: %(round)s.") % {"round": data["round"]}))
    blocks += [Block("h2", _("Child-rights perspective"))] + _paragraphs(narrative.get("child_rights", ""))
    blocks += [Block("h2", _("The administration's views and proposals"))] + _paragraphs(narrative.get("views", ""))
    for view in data["survey_views"]:
        blocks.append(Block("p", f"{view['committee']}: {view['text']}"))
    blocks += [Block("h2", _("Annex")), Block("p", _("1. Excel annex: every activity and its follow-up."))]
    return blocks
