"""Word (A4, Word headings and tables, charts as images with alt text), tagged PDF and the Excel annex."""

import io

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from samhandling.plans.exports.blocks import TITLE
from samhandling.plans.exports.pdf import PDF_CSS
from samhandling.results.exports.blocks import report_blocks
from samhandling.results.exports.common import neutralise
from samhandling.results.report import report_data

HEADER = "Socialförvaltningen, Stockholms stad\tTjänsteutlåtande\t{date}"


def report_docx(year: int) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, not the template's US Letter
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    section.header.paragraphs[0].text = HEADER.format(date=f"{timezone.localdate():%Y-%m-%d}")
    doc.core_properties.title = f"{TITLE} {year}"
    doc.core_properties.author = "Socialförvaltningen, Stockholms stad"
    doc.core_properties.language = "sv-SE"
    for block in report_blocks(year):
        if block.kind in ("h1", "h2", "h3"):
            doc.add_heading(block.text, level=int(block.kind[1]))
        elif block.kind in ("p", "meta"):
            doc.add_paragraph(block.text)
        elif block.kind == "chart":
            doc.add_picture(io.BytesIO(block.png), width=Cm(15))
            picture = doc.inline_shapes[-1]
            picture._inline.docPr.set("descr", block.text)  # alt text for screen readers
            picture._inline.docPr.set("title", block.text[:120])
        elif block.kind == "table":
            if block.text:
                doc.add_paragraph(block.text, style="Caption")
            table = doc.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = str(text)
                cell.paragraphs[0].runs[0].bold = True
            for row in block.rows:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = str(value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def report_html(year: int) -> str:
    parts = [
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">',
        f"<title>{escape(TITLE)} {year}</title><style>{PDF_CSS}</style></head><body>",
        f'<p class="meta">{escape(HEADER.format(date=f"{timezone.localdate():%Y-%m-%d}").replace(chr(9), ". "))}</p>',
    ]
    for block in report_blocks(year):
        if block.kind in ("h1", "h2", "h3", "p"):
            parts.append(f"<{block.kind}>{escape(block.text)}</{block.kind}>")
        elif block.kind == "meta":
            parts.append(f'<p class="meta">{escape(block.text)}</p>')
        elif block.kind == "chart":
            parts.append(
                f'<figure class="chart" role="img" aria-label="{escape(block.text)}">{block.svg}'
                f"<figcaption>{escape(block.text)}</figcaption></figure>"
            )
        elif block.kind == "table":
            head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in block.header)
            body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in block.rows)
            caption = f"<caption>{escape(block.text)}</caption>" if block.text else ""
            parts.append(f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)


def report_pdf(year: int) -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(year)).write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1")


def report_xlsx(year: int) -> bytes:
    """The annex: the rounds, every target with its fulfilment, every follow-up of the year."""
    from openpyxl import Workbook

    with override("sv"):
        data = report_data(year)
        wb = Workbook(write_only=True)
        rounds = wb.create_sheet(_("Rounds"))
        rounds.append(
            [
                _("Round"),
                _("Plans"),
                _("Plans with figures"),
                _("Plans submitted"),
                _("Follow-ups"),
                _("Girls"),
                _("Boys"),
                _("Women"),
                _("Men"),
                _("Gender not recorded"),
                _("Total"),
            ]
        )
        for r in data["rounds"]:
            rounds.append(
                [
                    str(r["round"]),
                    data["n_plans"],
                    r["plans_with_followups"],
                    r["plans_submitted"],
                    r["followups"],
                    r["girls"],
                    r["boys"],
                    r["women"],
                    r["men"],
                    r["unspecified"],
                    r["total"],
                ]
            )
        goals = wb.create_sheet(_("Goals"))
        goals.append(
            [
                _("Steering document"),
                _("Goal"),
                _("Indicator"),
                _("Area"),
                _("Gender"),
                _("Baseline year"),
                _("Baseline"),
                _("Target year"),
                _("Target"),
                _("Source of the target"),
                _("Latest year"),
                _("Latest"),
                _("Expected on the path"),
                _("Fulfilment"),
                _("Fictitious"),
            ]
        )
        for row in data["targets"]:
            t, a = row.target, row.assessment
            goals.append(
                [
                    neutralise(x)
                    for x in [
                        t.goal.document.title,
                        str(t.goal),
                        t.indicator.name,
                        row.area_name,
                        t.get_gender_display(),
                        t.baseline_year,
                        float(t.baseline_value),
                        t.target_year,
                        float(t.target_value),
                        t.source,
                        a.latest_year,
                        None if a.latest_value is None else float(a.latest_value),
                        None if a.expected_value is None else float(a.expected_value),
                        a.label,
                        _("yes") if t.is_fictitious else "",
                    ]
                ]
            )
        fus = wb.create_sheet(_("Follow-up"))
        fus.append(
            [
                _("Round"),
                _("Plan"),
                _("Priority area"),
                _("Activity"),
                _("Status"),
                _("Expected short-term outcome"),
                _("Expected reached"),
                _("Girls"),
                _("Boys"),
                _("Women"),
                _("Men"),
                _("Gender not recorded"),
                _("Total"),
                _("Effect seen"),
                _("What the effect rests on"),
                _("Chosen as example"),
            ]
        )
        picked = {o["followup"].pk for e in data["areas"] for o in e["outcomes"] if o["picked"]}
        for entry in data["areas"]:
            for activity in entry["activities"]:
                logic = getattr(activity, "results_logic", None)
                for fu in activity.followups.all():
                    fus.append(
                        [
                            neutralise(x)
                            for x in [
                                str(fu.round),
                                activity.plan.committee.name,
                                str(activity.priority_area),
                                activity.title,
                                fu.get_status_display(),
                                logic.short_term if logic else "",
                                logic.expected_reached if logic else None,
                                fu.reached_girls,
                                fu.reached_boys,
                                fu.reached_women,
                                fu.reached_men,
                                fu.reached_unspecified,
                                fu.reached_total,
                                fu.effect,
                                fu.effect_basis,
                                _("yes") if fu.pk in picked else "",
                            ]
                        ]
                    )
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


FORMATS = {
    "docx": (report_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (report_pdf, "application/pdf"),
    "xlsx": (report_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
