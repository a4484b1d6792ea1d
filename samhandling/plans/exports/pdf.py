"""The effects report as tagged PDF, through HTML and WeasyPrint."""

from django.utils import timezone
from django.utils.html import escape

from samhandling.plans.exports.blocks import TITLE, report_blocks

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
