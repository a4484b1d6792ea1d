"""The effects report as Word (tjänsteutlåtande), PDF and an Excel annex, and the overview as Excel.

One document structure (a list of blocks) is built from the data and the analyst's text, and each
format renders the same blocks, so the three files always say the same thing.

Each format lives in its own module; this package re-exports them so that `exports.<name>` keeps
working.
"""

from samhandling.plans.exports.blocks import TITLE, Block, report_blocks
from samhandling.plans.exports.excel import report_xlsx
from samhandling.plans.exports.overview import overview_csv, overview_filter_note, overview_xlsx
from samhandling.plans.exports.pdf import PDF_CSS, report_html, report_pdf
from samhandling.plans.exports.word import report_docx

__all__ = [
    "FORMATS",
    "PDF_CSS",
    "TITLE",
    "Block",
    "overview_csv",
    "overview_filter_note",
    "overview_xlsx",
    "report_blocks",
    "report_docx",
    "report_html",
    "report_pdf",
    "report_xlsx",
]

FORMATS = {
    "docx": (report_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (report_pdf, "application/pdf"),
    "xlsx": (report_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
