"""Exports of the follow-up. Cells that a spreadsheet would read as a formula are neutralised."""

from samhandling.core.csvfile import excel_csv


def follow_up_csv(data: dict) -> bytes:
    rows: list[list[object]] = [
        ["Del", "År", "Förvaltning / regel", "Utfall", "Antal", "Stoppat (kr)", "Återkrävt (kr)"]
    ]
    for row in data["checks"]:
        rows.append(
            [
                "Seriositetskontroll",
                row["year"],
                row["administration__name"] or "",
                row["result_label"],
                row["n"],
                "",
                "",
            ]
        )
    for row in data["flags"]:
        rows.append(
            [
                "Flagga",
                row["year"],
                row["rule"],
                row["decision_label"] or "Ej beslutad",
                row["n"],
                row["stopped"] or "",
                row["recovered"] or "",
            ]
        )
    for flag in data["police"]:
        rows.append(["Polisanmälan", flag.police_report_date, flag.supplier.name, flag.police_reference, 1, "", ""])
    return excel_csv(rows)
