"""The effects report as Word (tjänsteutlåtande), PDF and an Excel annex, and the overview as Excel.

One document structure (a list of blocks) is built from the data and the analyst's text, and each
format renders the same blocks, so the three files always say the same thing.
"""

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from samhandling.plans import selectors
from samhandling.plans.models import ActivityStatus, EffectsReport, PreventionType, Term

TITLE = "Effekter av förvaltningarnas arbete med strategin för att minska risken för att barn, unga och unga vuxna dras in i kriminalitet"


@dataclass
class Block:
    kind: str  # "h1", "h2", "h3", "p", "table", "chart" (SVG: PDF only; Word gets the table that follows)
    text: str = ""
    svg: str = ""
    header: list | None = None
    rows: list | None = None


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
                blocks.append(Block("chart", text=caption, svg=str(chart.svg)))
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


def report_docx(year: int) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = f"Socialförvaltningen\tTjänsteutlåtande\t{timezone.localdate():%Y-%m-%d}"
    doc.core_properties.title = f"{TITLE} {year}"
    doc.core_properties.author = "Socialförvaltningen, Stockholms stad"
    for block in report_blocks(year):
        if block.kind == "h1":
            doc.add_heading(block.text, level=1)
        elif block.kind == "h2":
            doc.add_heading(block.text, level=2)
        elif block.kind == "h3":
            doc.add_heading(block.text, level=3)
        elif block.kind == "p":
            doc.add_paragraph(block.text)
        elif block.kind == "chart":
            continue  # Word cannot embed SVG; the table with the same figures follows
        elif block.kind == "table":
            if block.text:
                doc.add_paragraph(block.text).runs[0].bold = True
            table = doc.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = str(text)
                cell.paragraphs[0].runs[0].bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = str(value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


PDF_CSS = """
@page { size: A4; margin: 2.2cm 2cm; @top-right { content: "Tjänsteutlåtande"; font-size: 9pt; }
        @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; }
h1 { font-size: 17pt; } h2 { font-size: 13pt; margin-top: 1.2em; } h3 { font-size: 11pt; }
table { border-collapse: collapse; margin: .5em 0 1em; } th, td { border: 1px solid #666; padding: 3pt 6pt; text-align: left; }
.meta { color: #333; font-size: 9pt; }
figure.chart { margin: .5em 0; } figure.chart svg { width: 15cm; height: auto; }
caption { text-align: left; font-weight: bold; padding-bottom: 3pt; }
"""


def report_html(year: int) -> str:
    parts = [
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">',
        f"<title>{escape(TITLE)} {year}</title><style>{PDF_CSS}</style></head><body>",
        f'<p class="meta">Socialförvaltningen, Stockholms stad. Tjänsteutlåtande {timezone.localdate():%Y-%m-%d}</p>',
    ]
    for block in report_blocks(year):
        if block.kind in ("h1", "h2", "h3", "p"):
            parts.append(f"<{block.kind}>{escape(block.text)}</{block.kind}>")
        elif block.kind == "chart":
            parts.append(f'<figure class="chart">{block.svg}<figcaption>{escape(block.text)}</figcaption></figure>')
        elif block.kind == "table":
            head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in block.header)
            body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in block.rows)
            caption = f"<caption>{escape(block.text)}</caption>" if block.text else ""
            parts.append(f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def report_pdf(year: int) -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(year)).write_pdf(pdf_tags=True)


def report_xlsx(year: int) -> bytes:
    """The Excel annex: every activity of the year's approved plans, and every follow-up."""
    from openpyxl import Workbook

    status_labels = dict(ActivityStatus.choices)
    with override("sv"):
        prevention = {k: str(v) for k, v in PreventionType.choices}
        terms = {k: str(v) for k, v in Term.choices}
        statuses = {k: str(v) for k, v in status_labels.items()}
        wb = Workbook(write_only=True)
        acts = wb.create_sheet(_("Activities"))
        fus = wb.create_sheet(_("Follow-up"))
        acts.append(
            [
                "ID",
                _("Committee"),
                _("Plan version"),
                _("Priority area"),
                _("Sub-area"),
                _("Activity"),
                _("Description"),
                _("Methods"),
                _("Local activity"),
                _("Prevention type"),
                _("Target group"),
                _("Ages"),
                _("Neighbourhoods and places"),
                _("Responsible unit"),
                _("Partners"),
                _("Start"),
                _("End"),
                _("Short or long term"),
            ]
        )
        fus.append(
            [
                _("Activity ID"),
                _("Committee"),
                _("Activity"),
                _("Period"),
                _("Status"),
                _("What was done"),
                _("Girls"),
                _("Boys"),
                _("Women"),
                _("Men"),
                _("Gender not recorded"),
                _("Effect seen"),
                _("What the effect rests on"),
                _("Obstacles"),
            ]
        )
        for a in selectors.report_activities(year).iterator(chunk_size=1000):
            committee = a.plan.committee.name
            ages = f"{a.age_min or ''}–{a.age_max or ''}" if a.age_min or a.age_max else ""
            places = ", ".join(
                [n.name for n in a.neighbourhoods.all()]
                + [p.name for p in a.places.all()]
                + ([a.place_note] if a.place_note else [])
            )
            partners = ", ".join([p.name for p in a.partners.all()] + ([a.other_partners] if a.other_partners else []))
            acts.append(
                [
                    a.pk,
                    committee,
                    a.plan.version,
                    str(a.priority_area),
                    str(a.sub_area or ""),
                    a.title,
                    a.description,
                    ", ".join(m.name for m in a.methods.all()),
                    _("Yes") if a.is_local_activity else _("No"),
                    prevention[a.prevention_type],
                    a.target_group,
                    ages,
                    places,
                    a.responsible_unit.name if a.responsible_unit else "",
                    partners,
                    a.start_date,
                    a.end_date,
                    terms[a.term],
                ]
            )
            for f in a.followups.all():
                fus.append(
                    [
                        a.pk,
                        committee,
                        a.title,
                        str(f.round),
                        statuses[f.status],
                        f.done,
                        f.reached_girls,
                        f.reached_boys,
                        f.reached_women,
                        f.reached_men,
                        f.reached_unspecified,
                        f.effect,
                        f.effect_basis,
                        f.obstacles,
                    ]
                )
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


def overview_filter_note(data: dict) -> str:
    """The filters behind an export, in words, so that a file read later says what it shows."""
    parts = [_("Approved plans %(year)s") % {"year": data["year"]}]
    if data.get("area"):
        parts.append(_("priority area %(area)s") % {"area": data["area"]})
    if data.get("method"):
        parts.append(_("method %(method)s") % {"method": data["method"].name})
    for label in data.get("filter_labels", []):
        parts.append(label)
    return ", ".join(parts)


def _gap_label(data: dict) -> str:
    if data.get("method"):
        return _("No activity with the method in the priority area")
    return _("No activity in the priority area")


def overview_csv(data: dict) -> bytes:
    """The overview as one CSV table (semicolon, UTF-8 with BOM, for Excel): a row per committee and
    priority area, then a row per recommended method that a committee does not offer."""
    import csv

    with override("sv"):
        statuses = list(ActivityStatus.choices)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([overview_filter_note(data)])
        writer.writerow(
            [_("Row"), _("Committee"), _("Priority area"), _("Activities")]
            + [str(label) for _value, label in statuses]
            + [_("Gap"), _("Methods")]
        )
        for row in data["rows"]:
            for c in row["cells"]:
                writer.writerow(
                    [_("Priority area"), row["committee"].name, str(c["area"]), c["activities"]]
                    + [c["status_counts"].get(value, "") for value, _label in statuses]
                    + [_gap_label(data) if c["gap"] else "", ", ".join(c["methods"])]
                )
        for g in data["method_gaps"]:
            for committee in g["committees"]:
                writer.writerow(
                    [_("Recommended method not offered"), committee.name, "", ""]
                    + [""] * len(statuses)
                    + [_("Recommended method not offered"), g["method"].name]
                )
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def overview_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook

    with override("sv"):
        wb = Workbook(write_only=True)
        grid = wb.create_sheet(_("Overview"))
        grid.append([overview_filter_note(data)])
        grid.append([_("Committee")] + [str(a) for a in data["areas"]])
        for row in data["rows"]:
            grid.append(
                [row["committee"].name]
                + [
                    f"{c['activities']} ({', '.join(f'{label}: {n}' for label, n in c['statuses'])})"
                    if c["statuses"]
                    else c["activities"]
                    for c in row["cells"]
                ]
            )
        methods = wb.create_sheet(_("Methods"))
        methods.append([_("Method"), _("Used by")])
        for m in data["method_rows"]:
            methods.append([m["method"].name, ", ".join(c.name for c in m["committees"])])
        gaps = wb.create_sheet(_("Gaps"))
        gaps.append([_("Kind of gap"), _("Committee"), _("Priority area or method")])
        for committee, area in data["area_gaps"]:
            gaps.append([_gap_label(data), committee.name, str(area)])
        for g in data["method_gaps"]:
            for committee in g["committees"]:
                gaps.append([_("Recommended method not offered"), committee.name, g["method"].name])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


FORMATS = {
    "docx": (report_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (report_pdf, "application/pdf"),
    "xlsx": (report_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
