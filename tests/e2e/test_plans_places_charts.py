"""Browser journey: a planner adds a place and a situation-picture section with an indicator chart;
the analyst filters the overview, downloads it as CSV and sets the survey's deadline."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from samhandling.indicators.models import Indicator, Level, Value
from samhandling.organisations.models import Committee, District
from samhandling.organisations.tests import factories as f
from samhandling.plans import services
from samhandling.plans.models import Place, SurveyRound
from samhandling.plans.tests.conftest import add_activity, ensure_catalogue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return info.value.suggested_filename, open(info.value.path(), "rb").read()


def test_places_charts_overview_filters_and_survey_deadline(live_server, page, browser_login, assert_accessible):
    ensure_catalogue()
    planner = f.district_planner("Hägersten-Älvsjö", username="hanna")
    manager = f.unit_manager("Hägersten-Älvsjö", username="cecilia")
    f.city_analyst()
    hagersten = Committee.objects.get(code="sdn-hagersten-alvsjo")
    district = District.objects.get(name="Hägersten-Älvsjö")
    indicator = Indicator.objects.create(
        code="e2e-narvaro",
        name="Andel elever med hög närvaro",
        unit="%",
        source="Utbildningsförvaltningen",
        direction=Indicator.Direction.HIGHER,
    )
    for period, city, own in [("2022", "90.2", "86.1"), ("2023", "91.4", "88.5"), ("2024", "92.1", "89.6")]:
        Value.objects.create(indicator=indicator, level=Level.CITY, period=period, value=Decimal(city))
        Value.objects.create(indicator=indicator, level=Level.DISTRICT, district=district, period=period, value=own)
    plan = services.plan_create(actor=planner, committee=hagersten, year=2025, title="Handlingsplan 2025")
    add_activity(plan)  # night walking, 4.4
    url = live_server.url

    # The planner adds a place and links it, with an indicator chart, to a section of the situation picture.
    browser_login(page, "hanna")
    page.goto(f"{url}/planer/{plan.pk}/")
    page.get_by_role("link", name="Lägg till en plats").click()
    page.get_by_label("Namn").fill("Liljeholmstorget")
    page.get_by_label("Typ av plats").select_option(label="Torg")
    page.get_by_label("Stadsdel").select_option(label="Liljeholmen")
    assert_accessible(page)
    page.get_by_role("button", name="Spara platsen").click()
    assert "Platsen Liljeholmstorget (Liljeholmen) kan nu kopplas" in page.content()
    assert Place.objects.filter(name="Liljeholmstorget", neighbourhood__name="Liljeholmen").count() == 1

    page.get_by_role("link", name="Lägg till ett avsnitt i lägesbilden").click()
    page.get_by_label("Tema").fill("Skolnärvaro och otrygghet kring torget")
    page.get_by_label("Beskrivning").fill("Närvaron sjunker i årskurs 8 och fler unga samlas vid torget på kvällar.")
    page.locator("label", has_text="Egna iakttagelser").click()
    page.get_by_label("Lägesbildens datum").fill("2025-01-15")
    page.get_by_label("Författare").fill("Hanna Planerare")
    # FKUI draws its own checkbox: the person clicks the label
    page.locator("label", has_text="Liljeholmstorget (Liljeholmen)").click()
    page.locator("label", has_text="Andel elever med hög närvaro").click()
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()

    figure = page.locator("figure.plan-chart")
    assert figure.count() == 1
    assert figure.locator("svg[role=img]").count() == 1
    cells = [[c.inner_text() for c in row.locator("th, td").all()] for row in figure.locator("tr").all()]
    assert cells[0] == ["Period", "Stockholm (hela staden)", "Hägersten-Älvsjö"]
    assert ["2023", "91,4", "88,5"] in cells
    assert page.get_by_role("link", name="Liljeholmstorget").count() >= 1
    assert page.locator("#places").is_visible()
    assert_accessible(page)
    # On a phone (390 px) the plan page, chart and tables included, fits the screen: no sideways scrolling.
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size(size)
    page.get_by_role("button", name="Skicka in för godkännande").click()
    page.get_by_role("button", name="Logga ut").click()
    services.plan_approve(
        actor=manager, plan=plan, decision_date=datetime.date(2025, 2, 20), decision_reference="HÄ 2025/17"
    )

    # The analyst filters the overview by priority area and method, and downloads that view.
    browser_login(page, "analytiker")
    page.goto(f"{url}/planer/oversikt/?ar=2025")
    page.get_by_label("Prioriterat område").select_option(value="4.4")
    page.get_by_label("Metod ur katalogen").select_option(label="Nattvandring")
    page.get_by_role("button", name="Filtrera").click()
    assert "omrade=4.4" in page.url and "metod=nattvandring" in page.url
    assert "aktiviteter med metoden Nattvandring" in page.content()
    assert_accessible(page)
    name, body = _download(page, "Ladda ner som CSV")
    assert name == "handlingsplaner-oversikt-2025-4.4-nattvandring.csv"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r[1:3] == ["Hägersten-Älvsjö stadsdelsnämnd", "4.4 Civilsamhälle och näringsliv"])
    assert row[3] == "1" and row[-1] == "Nattvandring"
    name, _body = _download(page, "Ladda ner som Excel")
    assert name == "handlingsplaner-oversikt-2025-4.4-nattvandring.xlsx"

    # ... and gives the survey a deadline.
    page.get_by_role("link", name="Enkätsvar").click()
    page.get_by_label("Sista dag för enkäten").fill("2026-02-15")
    page.get_by_role("button", name="Ange sista dag").click()
    assert "Sista dag att svara är 2026-02-15" in page.content()
    assert_accessible(page)
    assert SurveyRound.objects.get(year=2025).deadline == datetime.date(2026, 2, 15)
