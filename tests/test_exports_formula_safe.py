"""Every CSV and Excel download neutralises spreadsheet formulas (samhandling.core.csvfile).

Text that a user typed (an activity title, a method's description, an audit purpose, an
indicator's name) starting with =, +, -, @, a tab or a carriage return would run as a formula
when a colleague opens the file. Each export is requested with such text in its data, opened,
and every cell checked.
"""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from samhandling.core.csvfile import FORMULA_START, excel_csv, neutralise

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://x";"klicka")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tflik", "\rretur"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_helper_neutralises_every_formula_start(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("number", ["-3,2", "-12", "+4", "-1 234,5", "12,5%"])
def test_plain_numbers_stay_numbers(number):
    assert neutralise(number) == number


def _csv_cells(body: bytes) -> list[str]:
    text = body.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


def _assert_csv_safe(body: bytes, payload: str | None) -> None:
    cells = _csv_cells(body)
    assert payload is None or any(payload.strip() in cell for cell in cells), "the payload is not in the export"
    dangerous = [c for c in cells if c.startswith(FORMULA_START) and neutralise(c) != c]
    assert dangerous == []


def _assert_xlsx_safe(body: bytes, payload: str) -> None:
    workbook = load_workbook(io.BytesIO(body))
    values, formulas = [], []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                values.append(str(cell.value or ""))
                if cell.data_type == "f":
                    formulas.append(f"{sheet.title}!{cell.coordinate}")
    assert any(payload in v for v in values), "the payload is not in the export"
    assert formulas == []


def test_the_csv_helper_writes_no_formula():
    _assert_csv_safe(excel_csv([["a"], [PAYLOADS[0]], [PAYLOADS[3]]]), PAYLOADS[0])


def test_the_audit_export(client_for, log_reviewer):
    from samhandling.audit.services import record

    record(actor=log_reviewer, verb="test.formula", purpose="=1+1 syfte")
    response = client_for(log_reviewer).get("/granskning/export.csv")
    _assert_csv_safe(b"".join(response.streaming_content), "=1+1 syfte")


def test_the_catalogue_exports(client):
    from samhandling.catalogue.models import Method
    from samhandling.plans.tests.conftest import ensure_catalogue

    ensure_catalogue()
    method = Method.objects.order_by("name").first()
    Method.objects.filter(pk=method.pk).update(description="@SUM(A1:A9) beskrivning")
    _assert_csv_safe(client.get("/katalog/export.csv").content, "@SUM(A1:A9) beskrivning")
    _assert_xlsx_safe(client.get("/katalog/export.xlsx").content, "@SUM(A1:A9) beskrivning")


@pytest.fixture
def plan_with_formulas(district_planner, city_analyst):
    from samhandling.organisations.models import Committee
    from samhandling.plans import services
    from samhandling.plans.models import FollowUp
    from samhandling.plans.tests.conftest import add_activity, ensure_catalogue

    ensure_catalogue()
    committee = Committee.objects.get(code="sdn-hagersten-alvsjo")
    plan = services.plan_create(actor=district_planner, committee=committee, year=2025, title="Plan")
    activity = add_activity(plan, title='=HYPERLINK("http://x";"klicka")', slug="nattvandring")
    plan = services.plan_submit(actor=district_planner, plan=plan)
    plan = services.plan_approve(
        actor=district_planner, plan=plan, decision_date=datetime.date(2025, 2, 20), decision_reference="2025/1"
    )
    rnd = services.round_create(actor=city_analyst, year=2025, period="t1", deadline=datetime.date(2025, 5, 15))
    FollowUp.objects.create(activity=activity, round=rnd, status="ongoing", done="-2+3 gjort", effect="+1 effekt")
    return plan


def test_the_plans_overview_exports(client_for, city_analyst, plan_with_formulas):
    from samhandling.catalogue.models import Method

    Method.objects.filter(slug="nattvandring").update(name="=Nattvandring()")
    client = client_for(city_analyst)
    _assert_csv_safe(client.get("/planer/oversikt/export.csv?ar=2025").content, "=Nattvandring()")
    _assert_xlsx_safe(client.get("/planer/oversikt/export.xlsx?ar=2025").content, "=Nattvandring()")


def test_the_effects_report_annex(client_for, city_analyst, plan_with_formulas):
    body = client_for(city_analyst).get("/planer/effektrapport/2025/export.xlsx").content
    _assert_xlsx_safe(body, "=HYPERLINK(")
    _assert_xlsx_safe(body, "-2+3 gjort")


def test_the_indicator_downloads(client_for, city_analyst):
    from decimal import Decimal

    from samhandling.indicators.models import Indicator

    indicator = Indicator.objects.create(
        code="formel",
        name="=1+2 Andel",
        kind=Indicator.Kind.COUNT,
        unit="antal",
        source="@källa",
        direction=Indicator.Direction.LOWER,
        min_value=Decimal(0),
        is_public=True,
    )
    client = client_for(city_analyst)
    # The CSV holds the table only (areas and periods); its writer is excel_csv, tested above.
    _assert_csv_safe(client.get(f"/indikatorer/{indicator.code}/ladda-ner.csv").content, None)
    _assert_xlsx_safe(client.get(f"/indikatorer/{indicator.code}/ladda-ner.xlsx").content, "=1+2 Andel")
