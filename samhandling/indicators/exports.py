"""Every indicator view as CSV (semicolon, decimal comma, UTF-8 BOM), Excel and PDF."""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

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
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_csv_cell(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31].replace("/", "-").replace(":", "")
    sheet.append([str(table.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    for note in table.notes:
        sheet.append([str(note)])
    sheet.append([])
    sheet.append([str(c) for c in table.columns])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(
            [
                float(c) if isinstance(c, Decimal) else c if c is None or isinstance(c, int | float) else str(c)
                for c in row
            ]
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

    html = render_to_string("indicators/export_pdf.html", {"table": table, "created": timezone.now()}, request=request)
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
