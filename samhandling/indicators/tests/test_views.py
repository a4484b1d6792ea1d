import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from samhandling.audit.models import AuditEvent
from samhandling.indicators.models import Indicator, Level, Value
from samhandling.organisations.models import District

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_values(rate_indicator):
    for n, district in enumerate(District.objects.all()):
        for year in (2023, 2024):
            Value.objects.create(
                indicator=rate_indicator,
                level=Level.DISTRICT,
                district=district,
                period=str(year),
                value=Decimal("70.5") + n + 3 * (year - 2023),
                numerator=Decimal(70 + n),
                denominator=Decimal(100),
            )
    for year, value in ((2023, "80.25"), (2024, "81.5")):
        Value.objects.create(indicator=rate_indicator, level=Level.CITY, period=str(year), value=Decimal(value))
    return rate_indicator


READ_PAGES = [
    "/indikatorer/",
    "/indikatorer/behorighet/",
    "/indikatorer/behorighet/?stadsdel=bromma&kon=total",
    "/indikatorer/stadsdel/bromma/",
    "/indikatorer/karta/",
    "/indikatorer/karta/?indikator=behorighet&niva=neighbourhood",
]


@pytest.mark.parametrize("url", READ_PAGES)
@pytest.mark.parametrize("persona", ["city_analyst", "social_worker_hagersten", "police_liaison", "school_reporter"])
def test_everyone_with_a_role_reads_the_indicator_pages(request, client_for, with_values, url, persona):
    response = client_for(request.getfixturevalue(persona)).get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", [*READ_PAGES, "/indikatorer/behorighet/ladda-ner.csv", "/api/v1/indikatorer/"])
def test_a_user_without_a_role_is_refused(client_for, outsider, with_values, url):
    assert client_for(outsider).get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/indikatorer/finns-inte/",
        "/indikatorer/stadsdel/finns-inte/",
        "/indikatorer/finns-inte/ladda-ner.csv",
        "/indikatorer/behorighet/ladda-ner.docx",
        "/indikatorer/import/999999/",
    ],
)
def test_unknown_things_answer_404(client_for, city_analyst, with_values, url):
    assert client_for(city_analyst).get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/indikatorer/ny/", "/indikatorer/behorighet/andra/", "/indikatorer/import/", "/indikatorer/import/1/"]
)
def test_only_analysts_manage_and_import(client_for, district_planner, with_values, url):
    assert client_for(district_planner).get(url).status_code == 403


def test_the_indicator_page_has_a_chart_and_a_table_in_swedish(client_for, field_worker, with_values):
    html = client_for(field_worker).get("/indikatorer/behorighet/?stadsdel=bromma").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "Stockholm (hela staden)" in html and "Bromma" in html
    assert "81,5" in html  # the city 2024, decimal comma
    assert "Ladda ner som PDF" in html
    assert "Ändra indikatorn" not in html


def test_the_district_profile_shows_position_and_trend(client_for, district_planner, with_values):
    html = client_for(district_planner).get("/indikatorer/stadsdel/bromma/").content.decode()
    assert "Stadsdelsprofil: Bromma" in html
    assert "Andel behöriga till gymnasiet" in html
    # Bromma is the first district alphabetically: 73,5 in 2024 (70,5 in 2023) against the city's 81,5 (higher is better).
    assert "73,5" in html and "sämre" in html and "bättre" in html


def test_the_map_page_shows_the_map_legend_and_table(client_for, city_analyst, with_values):
    html = client_for(city_analyst).get("/indikatorer/karta/?indikator=behorighet&period=2023").content.decode()
    assert html.count('<path d="M') == 13
    assert "Teckenförklaring" in html
    assert "<caption>Andel behöriga till gymnasiet 2023, kartans siffror</caption>" in html


@pytest.mark.parametrize(
    "base",
    ["/indikatorer/behorighet/ladda-ner.", "/indikatorer/stadsdel/bromma/ladda-ner.", "/indikatorer/karta/ladda-ner."],
)
def test_every_view_downloads_as_csv_excel_and_pdf(client_for, social_worker_hagersten, with_values, base):
    client = client_for(social_worker_hagersten)
    csv_response = client.get(base + "csv")
    assert csv_response.status_code == 200
    raw = csv_response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "Bromma" in text and ";" in text.splitlines()[0]
    assert re.search(r";\d+,5;", text)  # decimal comma

    xlsx = client.get(base + "xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Bromma" in cells
    assert any(isinstance(c, float) for c in cells)

    pdf = client.get(base + "pdf")
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    pdf_text = "".join(page.extract_text() for page in reader.pages)
    assert "Bromma" in pdf_text
    assert "Andel behöriga till gymnasiet" in pdf_text


def test_an_analyst_creates_and_changes_an_indicator_with_audit(client_for, city_analyst):
    client = client_for(city_analyst)
    data = {
        "code": "ny-indikator",
        "name": "Andel unga i föreningsliv",
        "kind": "rate",
        "unit": "%",
        "multiplier": "100",
        "source": "Stockholmsenkäten",
        "frequency": "biennial",
        "direction": "higher",
        "on_district": "on",
        "gender_split": "children",
        "small_number_threshold": "5",
    }
    response = client.post("/indikatorer/ny/", data)
    assert response.status_code == 302
    again = client.post("/indikatorer/ny/", data)  # a double submission
    assert again.status_code == 200
    assert Indicator.objects.filter(code="ny-indikator").count() == 1
    assert "finns redan" in again.content.decode()
    response = client.post(
        "/indikatorer/ny-indikator/andra/", {**data, "is_public": "on", "small_number_threshold": "10"}
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="ny-indikator")
    assert indicator.is_public and indicator.small_number_threshold == 10
    assert AuditEvent.objects.filter(verb="indicators.indicator_created", target_id=str(indicator.pk)).exists()
    changed = AuditEvent.objects.get(verb="indicators.indicator_changed", target_id=str(indicator.pk))
    assert changed.details["fields"] == ["is_public", "small_number_threshold"]


def test_bad_indicator_input_is_reported_in_swedish_and_kept(client_for, city_analyst):
    response = client_for(city_analyst).post(
        "/indikatorer/ny/",
        {"code": "karta", "name": "Min indikator", "kind": "rate", "unit": "%", "multiplier": "100", "source": "x",
         "frequency": "yearly", "direction": "lower", "gender_split": "none", "small_number_threshold": "5",
         "min_value": "10", "max_value": "5"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "Koden är reserverad" in html
    assert "Välj minst en geografisk nivå." in html
    assert "Det högsta värdet får inte vara lägre än det lägsta." in html
    assert 'value="Min indikator"' in html
    assert not Indicator.objects.exists()


def test_the_upload_page_refuses_a_file_that_is_not_csv_or_excel(client_for, city_analyst):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(city_analyst).post(
        "/indikatorer/import/", {"file": SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00")}
    )
    assert response.status_code == 200
    assert "Filen är varken CSV eller Excel (.xlsx)." in response.content.decode()


def test_the_api_lists_indicators_for_users_with_a_role(client_for, police_liaison, with_values, private_indicator):
    data = client_for(police_liaison).get("/api/v1/indikatorer/").json()
    assert {i["code"] for i in data} == {"behorighet", "intern"}


def test_the_public_sees_only_public_indicators(client, with_values, private_indicator):
    assert client.get("/api/v1/indikatorer/").status_code in (401, 403)
    codes = {i["code"] for i in client.get("/api/v1/oppna-data/indikatorer/").json()}
    assert codes == {"behorighet"}
    assert client.get("/api/v1/oppna-data/indikatorvarden/?indikator=intern").status_code == 404
    assert client.get("/indikatorer/oppna-data/?indikator=intern").status_code == 404
    page = client.get("/indikatorer/oppna-data/")
    assert page.status_code == 200 and "Intern indikator" not in page.content.decode()
    values = client.get("/api/v1/oppna-data/indikatorvarden/?period=2024").json()
    assert {v["indicator"] for v in values} == {"behorighet"} and len(values) == 14
    assert client.get("/indikatorer/").status_code == 302
