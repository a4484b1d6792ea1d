"""CSV as Swedish municipal staff open it: in Excel, with semicolons and å, ä, ö intact."""

import csv
import io
from collections.abc import Iterable


def excel_csv(rows: Iterable[Iterable]) -> bytes:
    """Rows to semicolon-separated UTF-8 with a byte-order mark (so Excel reads the letters right)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
