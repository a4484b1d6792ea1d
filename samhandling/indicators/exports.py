"""Every indicator view as CSV (semicolon, decimal comma, UTF-8 BOM), Excel and PDF."""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.core.csvfile import excel_csv, sheet_append

FORMATS = ("csv", "xlsx", "pdf")


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list]
    file_stem: str
    notes: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)  # SVG strings, embedded in the PDF


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        text = format(value, "f")
        return text.replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return str(value)


def csv_bytes(table: Table) -> bytes:
    return excel_csv([table.columns, *([_csv_cell(c) for c in row] for row in table.rows)])


def xlsx_bytes(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31].replace("/", "-").replace(":", "")
    sheet_append(sheet, [str(table.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    for note in table.notes:
        sheet_append(sheet, [str(note)])
    sheet.append([])
    sheet_append(sheet, [str(c) for c in table.columns])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet_append(
            sheet,
            [
                float(c) if isinstance(c, Decimal) else c if c is None or isinstance(c, int | float) else str(c)
                for c in row
            ],
        )
    for column in sheet.columns:
        letter = column[0].column_letter
        sheet.column_dimensions[letter].width = min(
            50, max(10, *(len(str(c.value or "")) + 2 for c in column[len(table.notes) + 2 :]))
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pdf_bytes(table: Table, request=None) -> bytes:
    from weasyprint import HTML

    # The worker makes large PDFs without a request: the demo notice comes from the settings then.
    context = {"table": table, "created": timezone.now(), "demo_mode": settings.DEMO_MODE}
    html = render_to_string("indicators/export_pdf.html", context, request=request)
    base_url = request.build_absolute_uri("/") if request else None
    return HTML(string=html, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")


def respond(table: Table, fmt: str, request=None) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(csv_bytes(table), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes(table), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    elif fmt == "pdf":
        response = HttpResponse(pdf_bytes(table, request), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{table.file_stem}.{fmt}"'
    return response


# A district profile with more indicators than this is made as PDF by the worker (about 50 ms
# per indicator: 300 indicators took 15 s in bench/results/indicators-2026-11-21.md).
PDF_IN_BACKGROUND_OVER = 50


def district_profile_table(context: dict) -> Table:
    """The district profile (selectors.district_profile_context) as a table with its charts."""
    from samhandling.indicators.selectors import JUDGEMENT_LABELS as labels

    district = context["district"]
    return Table(
        title=_("District profile: %(district)s") % {"district": district.name},
        columns=[
            _("Indicator"),
            _("Unit"),
            _("Period"),
            district.name,
            _("Stockholm (the whole city)"),
            _("Against the city"),
            _("Previous period"),
            _("Trend"),
        ],
        rows=[
            [
                r.indicator.name,
                r.indicator.unit,
                r.period,
                r.value,
                r.city_value,
                str(labels[r.against_city]),
                r.previous_value,
                str(labels[r.trend]),
            ]
            for r in context["profile_rows"]
        ],
        file_stem=f"stadsdelsprofil-{district.code}",
        figures=[chart for _row, chart in context["profile_charts"]],
    )
