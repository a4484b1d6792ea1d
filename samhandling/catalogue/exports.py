"""The catalogue (or a filtered part of it) as CSV, Excel and JSON."""

import io
import json

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from samhandling.catalogue.labels import target_group_label
from samhandling.core.csvfile import excel_csv, sheet_append

FORMATS = ("csv", "xlsx", "json")
FILENAME = "insatskatalogen"


def _join(values) -> str:
    return "; ".join(str(v) for v in values or [])


def columns() -> list[tuple[str, callable]]:
    """(header, value of a method) for the CSV and Excel exports."""
    return [
        (_("Identifier"), lambda m: m.slug),
        (_("Name"), lambda m: m.name),
        (_("Abbreviation"), lambda m: m.abbreviation),
        (_("Other names"), lambda m: _join(m.aliases)),
        (_("Description"), lambda m: m.description),
        (_("Priority areas"), lambda m: _join(sorted({s.priority_area.number for s in m.sub_areas.all()}))),
        (_("Sub-areas"), lambda m: _join(sorted(s.number for s in m.sub_areas.all()))),
        (_("Prevention levels"), lambda m: _join(m.prevention_levels)),
        (_("Social or situational"), lambda m: m.get_prevention_type_display()),
        (_("Target groups"), lambda m: _join(target_group_label(g) for g in m.target_groups or [])),
        (_("Lowest age"), lambda m: m.age_min if m.age_min is not None else ""),
        (_("Highest age"), lambda m: m.age_max if m.age_max is not None else ""),
        (_("About the ages"), lambda m: m.age_note),
        (_("Source of the ages"), lambda m: (m.fact_sources or {}).get("ages", "")),
        (_("Access"), lambda m: m.get_access_display()),
        (_("Legal grounds"), lambda m: _join(m.legal_grounds)),
        (_("Responsible committees"), lambda m: _join(c.name for c in m.committees.all())),
        (_("Partners"), lambda m: _join(m.partners)),
        (_("Knowledge base"), lambda m: m.get_evidence_display()),
        (_("About the knowledge base"), lambda m: m.evidence_note),
        (_("Source of the knowledge base"), lambda m: (m.fact_sources or {}).get("evidence", "")),
        (_("Available in"), _availability_text),
        (_("About the availability"), lambda m: m.availability_note),
        (_("Source of the availability"), lambda m: (m.fact_sources or {}).get("availability", "")),
        (_("Risk and protective factors"), lambda m: _join(f.name for f in m.factors.all())),
        (_("Licensed assessment instrument"), lambda m: _("Yes") if m.licensed_instrument else _("No")),
        (_("Used by"), lambda m: m.instrument_users),
        (_("Sources"), lambda m: _join(m.sources)),
    ]


def _availability_text(method) -> str:
    districts = _join(sorted(d.name for d in method.available_in.all()))
    if method.availability_known:
        return districts or _("Nowhere")
    if districts:
        return _("%(districts)s (other districts not known)") % {"districts": districts}
    if method.availability_district_count:
        n = method.availability_district_count
        return ngettext(
            "In %(n)s district, not named in the sources", "In %(n)s districts, not named in the sources", n
        ) % {"n": n}
    return _("Not known")


def to_csv(methods) -> bytes:
    """Semicolon-separated with a byte-order mark, so Excel opens Swedish letters correctly."""
    cols = columns()
    return excel_csv([[h for h, _f in cols], *([f(m) for _h, f in cols] for m in methods)])


def to_xlsx(methods) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Methods")[:31]
    cols = columns()
    sheet_append(ws, [h for h, _f in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for m in methods:
        sheet_append(ws, [f(m) for _h, f in cols])
    ws.freeze_panes = "C2"
    for i, (header, _f) in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(len(header) + 2, 12), 50)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_json(methods) -> bytes:
    from samhandling.catalogue.api import MethodSerializer

    data = {"methods": MethodSerializer(methods, many=True).data}
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def response(methods, fmt: str) -> HttpResponse:
    if fmt == "csv":
        body, content_type = to_csv(methods), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, content_type = to_xlsx(methods), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "json":
        body, content_type = to_json(methods), "application/json; charset=utf-8"
    else:
        raise Http404
    resp = HttpResponse(body, content_type=content_type)
    resp["Content-Disposition"] = f'attachment; filename="{FILENAME}.{fmt}"'
    return resp
