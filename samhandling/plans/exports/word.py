"""The effects report as Word (.docx)."""

import io

from django.utils import timezone

from samhandling.core.pngchart import line_png
from samhandling.plans.exports.blocks import TITLE, report_blocks


def report_docx(year: int) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, not the template's US Letter
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    doc.core_properties.language = "sv-SE"
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
            # Word cannot embed SVG: the same figures drawn as PNG (ADR 0012), with alt text; the table follows.
            doc.add_paragraph(block.text).runs[0].bold = True
            doc.add_picture(io.BytesIO(line_png(periods=block.periods or [], series=block.series or [])), width=Cm(16))
            picture = doc.inline_shapes[-1]
            picture._inline.docPr.set("descr", block.alt or block.text)  # noqa: SLF001 - python-docx has no API for it
            picture._inline.docPr.set("title", block.text[:120])  # noqa: SLF001
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
