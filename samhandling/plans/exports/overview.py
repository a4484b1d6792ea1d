"""The city overview as CSV and Excel, with the filters behind it in words."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import override

from samhandling.core.csvfile import excel_csv, sheet_append
from samhandling.plans.models import ActivityStatus


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
    with override("sv"):
        statuses = list(ActivityStatus.choices)
        rows = [[overview_filter_note(data)]]
        rows.append(
            [_("Row"), _("Committee"), _("Priority area"), _("Activities")]
            + [str(label) for _value, label in statuses]
            + [_("Gap"), _("Methods")]
        )
        for row in data["rows"]:
            for c in row["cells"]:
                rows.append(
                    [_("Priority area"), row["committee"].name, str(c["area"]), c["activities"]]
                    + [c["status_counts"].get(value, "") for value, _label in statuses]
                    + [_gap_label(data) if c["gap"] else "", ", ".join(c["methods"])]
                )
        for g in data["method_gaps"]:
            for committee in g["committees"]:
                rows.append(
                    [_("Recommended method not offered"), committee.name, "", ""]
                    + [""] * len(statuses)
                    + [_("Recommended method not offered"), g["method"].name]
                )
        return excel_csv(rows)


def overview_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook

    with override("sv"):
        wb = Workbook(write_only=True)
        grid = wb.create_sheet(_("Overview"))
        sheet_append(grid, [overview_filter_note(data)])
        sheet_append(grid, [_("Committee")] + [str(a) for a in data["areas"]])
        for row in data["rows"]:
            sheet_append(
                grid,
                [row["committee"].name]
                + [
                    f"{c['activities']} ({', '.join(f'{label}: {n}' for label, n in c['statuses'])})"
                    if c["statuses"]
                    else c["activities"]
                    for c in row["cells"]
                ],
            )
        methods = wb.create_sheet(_("Methods"))
        sheet_append(methods, [_("Method"), _("Used by")])
        for m in data["method_rows"]:
            sheet_append(methods, [m["method"].name, ", ".join(c.name for c in m["committees"])])
        gaps = wb.create_sheet(_("Gaps"))
        sheet_append(gaps, [_("Kind of gap"), _("Committee"), _("Priority area or method")])
        for committee, area in data["area_gaps"]:
            sheet_append(gaps, [_gap_label(data), committee.name, str(area)])
        for g in data["method_gaps"]:
            for committee in g["committees"]:
                sheet_append(gaps, [_("Recommended method not offered"), committee.name, g["method"].name])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
