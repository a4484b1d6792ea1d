"""The rewritten effects report as one list of blocks that every format renders (so they agree)."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from samhandling.core import charts
from samhandling.core.pngchart import line_png
from samhandling.plans.exports.blocks import TITLE
from samhandling.results import fulfilment, selectors
from samhandling.results.report import LIMITS_TEXT, default_summary, report_data


@dataclass
class Block:
    kind: str  # h1 h2 h3 p meta table chart
    text: str = ""
    header: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    svg: str = ""
    png: bytes = b""


def _paras(text: str) -> list[Block]:
    return [Block("p", part.strip()) for part in (text or "").split("\n\n") if part.strip()]


def _n(value) -> str:
    return "–" if value is None else charts.fmt(value)


def _target_chart(row) -> Block:
    t = row.target
    periods = sorted(set(row.series) | {str(t.baseline_year), str(t.target_year)})
    path = []
    for p in periods:
        y = fulfilment.year_of(p)
        share = (y - t.baseline_year) / (t.target_year - t.baseline_year)
        inside = t.baseline_year <= y <= t.target_year
        path.append(
            float(t.baseline_value) + (float(t.target_value) - float(t.baseline_value)) * share if inside else None
        )
    alt = _(
        "Line chart: %(indicator)s in %(area)s by period against the path from the baseline %(by)s (%(bv)s) to the target %(tv)s in %(ty)s. Fulfilment: %(status)s."
    ) % {
        "indicator": t.indicator.name,
        "area": row.area_name,
        "by": t.baseline_year,
        "bv": _n(t.baseline_value),
        "tv": _n(t.target_value),
        "ty": t.target_year,
        "status": row.assessment.label,
    }
    png = line_png(
        periods=periods,
        series=[(row.area_name, [row.series.get(p) for p in periods]), (str(_("Path to the target")), path)],
    )
    return Block("chart", text=alt, svg=str(selectors.target_chart(row)), png=png)


def report_blocks(year: int) -> list[Block]:
    with override("sv"):
        return _blocks(year)


def _blocks(year: int) -> list[Block]:
    data = report_data(year)
    text = data["text"]
    h = data["headline"]
    blocks = [
        Block("h1", f"{TITLE} {year}"),
        Block(
            "meta",
            _("Reference number: %(ref)s. Responsible officer: %(officer)s. Date: %(date)s.")
            % {
                "ref": text.reference or _("(not yet given)"),
                "officer": text.officer or _("(not yet given)"),
                "date": f"{timezone.localdate():%Y-%m-%d}",
            },
        ),
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
    blocks += _paras(text.summary) or [Block("p", default_summary(data))]
    blocks.append(Block("h2", _("Background")))
    blocks += _paras(text.background) or [
        Block(
            "p",
            _(
                "The strategy's overall goal is to promote everyone's right to a life free from violence and crime. "
                "Each district committee and the specialist committees concerned draw up a local action plan from a "
                "situation picture and a cause analysis, and follow it up each tertial. This report brings together "
                "that follow-up, the indicators of the strategy's goals and the administrations' answers to the survey."
            ),
        )
    ]
    blocks.append(Block("h2", _("How the matter was prepared")))
    blocks += _paras(text.preparation) or [Block("p", _("(To be filled in by the responsible officer.)"))]

    blocks.append(Block("h2", _("The matter")))
    blocks.append(
        Block(
            "p",
            _(
                "Every figure below says what it counts and how many plans it rests on. %(plans)s decided action plans for %(year)s with %(acts)s activities are counted. Reach is counted per follow-up round as the plans reported it; rounds are not added together, because the same person may be counted in several rounds."
            )
            % {"plans": data["n_plans"], "year": year, "acts": data["activity_count"]},
        )
    )
    blocks.append(
        Block(
            "table",
            text=_("Follow-up rounds of %(year)s: plans reporting and people reached") % {"year": year},
            header=[
                _("Round"),
                _("Plans with figures"),
                _("Plans submitted"),
                _("Follow-ups"),
                _("Girls"),
                _("Boys"),
                _("Women"),
                _("Men"),
                _("Gender not recorded"),
                _("Total"),
            ],
            rows=[
                [
                    str(r["round"]),
                    f"{r['plans_with_followups']} / {data['n_plans']}",
                    f"{r['plans_submitted']} / {data['n_plans']}",
                    r["followups"],
                    r["girls"],
                    r["boys"],
                    r["women"],
                    r["men"],
                    r["unspecified"],
                    r["total"],
                ]
                for r in data["rounds"]
            ],
        )
    )

    blocks.append(Block("h2", _("Goal fulfilment")))
    blocks.append(Block("p", str(fulfilment.METHOD_TEXT)))
    blocks.append(Block("p", _("Only figures for %(year)s and earlier are used.") % {"year": year}))
    c = data["status_counts"]
    blocks.append(
        Block(
            "table",
            text=_("Targets by fulfilment"),
            header=[_("Fulfilment"), _("Targets")],
            rows=[[str(fulfilment.LABELS[k]), c[k]] for k in fulfilment.LABELS],
        )
    )
    blocks.append(
        Block(
            "table",
            text=_("Every target: baseline, target and the latest figure"),
            header=[
                _("Steering document"),
                _("Goal"),
                _("Indicator"),
                _("Area"),
                _("Baseline"),
                _("Target"),
                _("Latest"),
                _("Expected on the path"),
                _("Fulfilment"),
            ],
            rows=[
                [
                    r.target.goal.document.title,
                    str(r.target.goal),
                    r.target.indicator.name + (f" ({_('fictitious target')})" if r.target.is_fictitious else ""),
                    r.area_name,
                    f"{_n(r.target.baseline_value)} ({r.target.baseline_year})",
                    f"{_n(r.target.target_value)} ({r.target.target_year})",
                    f"{_n(r.assessment.latest_value)} ({r.assessment.latest_year})"
                    if r.assessment.latest_year
                    else "–",
                    _n(r.assessment.expected_value),
                    r.assessment.label,
                ]
                for r in data["targets"]
            ],
        )
    )

    blocks.append(Block("h2", _("The work by priority area")))
    for entry in data["areas"]:
        blocks.append(Block("h3", str(entry["area"])))
        blocks.append(
            Block(
                "p",
                _("%(n)s activities in %(c)s plans (%(names)s).")
                % {
                    "n": len(entry["activities"]),
                    "c": len(entry["committees"]),
                    "names": ", ".join(entry["committees"]) or "–",
                },
            )
        )
        if h:
            r = entry["reach"]
            blocks.append(
                Block(
                    "p",
                    _(
                        "Reached in %(round)s: %(total)s (girls %(girls)s, boys %(boys)s, women %(women)s, men %(men)s, not recorded %(unspec)s)."
                    )
                    % {
                        "round": h["round"],
                        "total": r["total"],
                        "girls": r["girls"],
                        "boys": r["boys"],
                        "women": r["women"],
                        "men": r["men"],
                        "unspec": r["unspecified"],
                    },
                )
            )
        if entry["examples"]:
            blocks.append(
                Block(
                    "p",
                    _("Examples chosen by the analyst:")
                    if not entry["examples_are_suggested"]
                    else _("Examples suggested from the follow-ups (the clearest short-term outcomes):"),
                )
            )
            for ex in entry["examples"]:
                expected = f" {_('Expected')}: {ex['expected_text'] or '–'}" + (
                    f" ({ex['expected']})" if ex["expected"] else ""
                )
                effect = f" {ex['effect']}" if ex["effect"] else ""
                blocks.append(
                    Block(
                        "p",
                        f"{ex['committee']}, {ex['activity'].title}: {_('reached')} {ex['reached']}.{expected}.{effect}",
                    )
                )
        if entry["outcomes_by_plan"]:
            blocks.append(
                Block(
                    "table",
                    text=_(
                        "Short-term outcomes against what was expected (%(met)s of %(n)s reached the expected number)"
                    )
                    % {"met": entry["met_expected"], "n": len(entry["with_expected"])},
                    header=[
                        _("Plan"),
                        _("Activities with an expected number"),
                        _("Reached it"),
                        _("Expected reached"),
                        _("Reached"),
                    ],
                    rows=[
                        [r["committee"], r["n"], r["met"], r["expected"], r["reached"]]
                        for r in entry["outcomes_by_plan"]
                    ],
                )
            )
        for row in entry["targets"]:
            blocks.append(_target_chart(row))
            blocks.append(
                Block(
                    "table",
                    text=f"{row.target.indicator.name}, {row.area_name} ({row.target.indicator.unit}; {_('source')}: {row.target.indicator.source})",
                    header=[_("Period"), _("Value")],
                    rows=[[p, _n(v)] for p, v in sorted(row.series.items())],
                )
            )
        if entry["targets"]:
            blocks.append(
                Block(
                    "p",
                    _(
                        "Districts whose plans worked on the area: %(d)s. The indicators describe the area; they do not show that the work caused the change."
                    )
                    % {"d": ", ".join(entry["districts"]) or "–"},
                )
            )

    blocks.append(Block("h2", _("Gender analysis")))
    blocks += _paras(text.gender)
    if h:
        girls_boys = h["girls"] + h["boys"]
        share = round(100 * h["girls"] / girls_boys) if girls_boys else None
        blocks.append(
            Block(
                "p",
                _(
                    "In %(round)s the activities reached %(girls)s girls and %(boys)s boys (%(share)s %% girls). The plans do not record the gender make-up of their target groups, so the figures cannot be compared with them; the violence the strategy addresses is committed mostly by boys and young men."
                )
                % {
                    "round": h["round"],
                    "girls": h["girls"],
                    "boys": h["boys"],
                    "share": share if share is not None else "–",
                },
            )
        )
    blocks.append(Block("h2", _("Child-rights perspective")))
    blocks += _paras(text.child_rights)
    cr = data["child_rights"]
    if cr["suppressed"]:
        blocks.append(
            Block(
                "p",
                _(
                    "The share of completed investigations with the child's own views recorded is not shown: fewer than five investigations in a group."
                ),
            )
        )
    else:
        blocks.append(
            Block(
                "p",
                _(
                    "Of %(n)s investigations completed in %(year)s, %(v)s (%(share)s %%) have the child's own views recorded (city-wide, from the case records)."
                )
                % {"n": cr["investigations"], "year": year, "v": cr["with_views"], "share": cr["share"]},
            )
        )
    blocks.append(
        Block(
            "p",
            _(
                "The share of forum cases where the young person took part cannot be given yet: the forums are not recorded in the system."
            ),
        )
    )

    blocks.append(Block("h2", _("The survey answers")))
    blocks.append(
        Block(
            "p",
            _("%(n)s of %(asked)s administrations with a decided plan answered the survey.")
            % {"n": data["survey_count"], "asked": data["committees_asked"]},
        )
    )
    blocks.append(
        Block(
            "table",
            text=_("Answers per question"),
            header=[_("Priority area"), _("Question"), _("Answers")],
            rows=[[str(q["area"]), q["question"], len(q["answers"])] for q in data["survey"]],
        )
    )
    for q in data["survey"]:
        for a in q["answers"]:
            if a["quoted"]:
                blocks.append(Block("p", f"”{a['text']}” ({a['committee']}, {q['area'].number})"))
    blocks.append(Block("h2", _("The administration's views and proposals")))
    blocks += _paras(text.views)
    for v in data["survey_views"]:
        blocks.append(Block("p", f"{v['committee']}: {v['text']}"))
    blocks.append(Block("h2", _("What can and cannot be concluded about effects")))
    blocks.append(Block("p", str(LIMITS_TEXT)))
    blocks += [
        Block("h2", _("Annex")),
        Block("p", _("1. Excel annex: the follow-up rounds, every target and every activity's follow-up.")),
    ]
    return blocks
