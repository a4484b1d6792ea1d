"""The overview, the survey and the effects report in Word, PDF and Excel (the files are opened and read)."""

import datetime
import io

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from samhandling.audit.models import AuditEvent
from samhandling.plans import services
from samhandling.plans.models import FollowUp, SurveyResponse
from samhandling.plans.tests.conftest import add_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_with_data(city_analyst, district_planner, make_plan, hagersten, rinkeby):
    plan = make_plan(hagersten, status="approved")
    add_activity(plan, title="MVP på Västertorpsskolan", slug="mvp", area="4.3")
    make_plan(rinkeby)  # a draft: never counted
    rnd = services.round_create(actor=city_analyst, year=2025, period="t1", deadline=datetime.date(2025, 5, 15))
    for a in plan.activities.all():
        FollowUp.objects.create(
            activity=a,
            round=rnd,
            status="ongoing",
            done="Genomfört",
            reached_girls=12,
            reached_boys=30,
            effect=f"Tryggare kvällar ({a.title})",
            effect_basis="Trygghetsvandring med boende",
        )
    services.survey_save(
        actor=district_planner,
        year=2025,
        committee=hagersten,
        answers={
            "4.4": {"results": "Nattvandringen har blivit regelbunden.", "consequences": "", "examples": "Älvsjö AIK"}
        },
        views="Förenkla uppföljningen.",
        submit=True,
    )
    services.effects_report_save(
        actor=city_analyst,
        year=2025,
        sections={"summary": "Ett gediget arbete pågår.", "child_rights": "Barn har rätt till inflytande."},
    )
    return plan


def test_overview_shows_activities_and_gaps(client_for, city_analyst, year_with_data):
    html = client_for(city_analyst).get("/planer/oversikt/?ar=2025").content.decode()
    assert "Hägersten-Älvsjö stadsdelsnämnd" in html
    assert "Pågår: 2" in html or "Pågår: 1" in html
    assert "Lucka" in html  # e.g. 4.1 has no activity in Hägersten-Älvsjö
    assert "Mentorer i våldsprevention" in html
    filtered = (
        client_for(city_analyst).get("/planer/oversikt/?ar=2025&typ=specialist&prevention=situational").content.decode()
    )
    assert "Hägersten-Älvsjö stadsdelsnämnd" not in filtered


def test_overview_exports_to_excel(client_for, city_analyst, year_with_data):
    r = client_for(city_analyst).get("/planer/oversikt/export.xlsx?ar=2025")
    wb = load_workbook(io.BytesIO(r.content))
    grid = list(wb["Översikt"].iter_rows(values_only=True))
    assert (
        grid[0][0] == "Godkända planer 2025"
        and grid[1][0] == "Nämnd"
        and any(row[0] == "Hägersten-Älvsjö stadsdelsnämnd" for row in grid)
    )
    gaps = list(wb["Luckor"].iter_rows(values_only=True))
    assert ("Ingen aktivitet inom det prioriterade området", "Hägersten-Älvsjö stadsdelsnämnd") in [g[:2] for g in gaps]
    assert AuditEvent.objects.filter(verb="plans.overview_export").exists()


def test_analyst_edits_the_narrative(client_for, city_analyst, year_with_data):
    c = client_for(city_analyst)
    r = c.post("/planer/effektrapport/2025/", {"summary": "Ny sammanfattning.", "background": "Strategin antogs 2020."})
    assert r.status_code == 302
    assert "Ny sammanfattning." in c.get("/planer/effektrapport/2025/").content.decode()
    assert AuditEvent.objects.filter(verb="plans.effects_report_save").exists()


def test_word_export_follows_seed_004(client_for, city_analyst, year_with_data):
    r = client_for(city_analyst).get("/planer/effektrapport/2025/export.docx")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for h in [
        "Förvaltningens förslag till beslut",
        "Sammanfattning",
        "Bakgrund",
        "Arbetet per prioriterat område",
        "Jämställdhetsanalys",
        "Barnrättsperspektiv",
        "Förvaltningens synpunkter och förslag",
    ]:
        assert h in headings
    assert "Ett gediget arbete pågår." in text and "Barn har rätt till inflytande." in text
    assert "Tryggare kvällar (MVP på Västertorpsskolan)" in text
    assert "Nattvandringen har blivit regelbunden." in text
    assert "Förenkla uppföljningen." in text
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["Flickor", "24"] in cells and ["Pojkar", "60"] in cells
    assert "Tjänsteutlåtande" in doc.sections[0].header.paragraphs[0].text


def test_pdf_export(client_for, city_analyst, year_with_data):
    r = client_for(city_analyst).get("/planer/effektrapport/2025/export.pdf")
    reader = PdfReader(io.BytesIO(r.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Jämställdhetsanalys" in text and "Barnrättsperspektiv" in text
    assert "Tryggare kvällar" in text


def test_excel_annex_has_every_activity_and_followup(client_for, city_analyst, year_with_data):
    r = client_for(city_analyst).get("/planer/effektrapport/2025/export.xlsx")
    wb = load_workbook(io.BytesIO(r.content))
    acts = list(wb["Aktiviteter"].iter_rows(values_only=True))
    fus = list(wb["Uppföljning"].iter_rows(values_only=True))
    assert len(acts) == 3 and len(fus) == 3  # header + two activities of the approved plan; the draft is left out
    assert {row[5] for row in acts[1:]} == {"Nattvandring i Älvsjö", "MVP på Västertorpsskolan"}
    assert fus[1][4] == "Pågår" and fus[1][6] == 12


def test_unknown_export_format_is_404(client_for, city_analyst, catalogue):
    assert client_for(city_analyst).get("/planer/effektrapport/2025/export.odt").status_code == 404


def test_management_command_writes_the_same_files(tmp_path, year_with_data):
    for fmt in ("docx", "pdf", "xlsx"):
        out = tmp_path / f"rapport.{fmt}"
        call_command("effects_report", "--year", "2025", "--format", fmt, "--output", str(out))
        assert out.stat().st_size > 1000
    doc = Document(str(tmp_path / "rapport.docx"))
    assert any("Jämställdhetsanalys" == p.text for p in doc.paragraphs)


def test_survey_is_answered_in_the_app(client_for, district_planner, city_analyst, catalogue, hagersten):
    c = client_for(district_planner)
    assert c.get("/planer/enkat/2025/").status_code == 200
    r = c.post(
        "/planer/enkat/2025/",
        {"4.1-results": "Bättre samverkan med polisen.", "views": "Färre styrdokument.", "submit": "1"},
    )
    assert r.status_code == 302
    response = SurveyResponse.objects.get(committee=hagersten, year=2025)
    assert response.answers["4.1"]["results"] == "Bättre samverkan med polisen." and response.submitted_at
    html = client_for(city_analyst).get("/planer/enkat/2025/svar/").content.decode()
    assert "Hägersten-Älvsjö stadsdelsnämnd" in html


def test_overview_filters_by_priority_area_and_method_combined(client_for, city_analyst, year_with_data):
    c = client_for(city_analyst)
    html = c.get("/planer/oversikt/?ar=2025&omrade=4.3").content.decode()
    assert '<th scope="col">4.3 ' in html and '<th scope="col">4.4 ' not in html
    assert 'value="4.3" selected' in html
    # the export links carry the same filters
    assert "export.csv?ar=2025&amp;omrade=4.3" in html and "export.xlsx?ar=2025&amp;omrade=4.3" in html
    html = c.get("/planer/oversikt/?ar=2025&metod=nattvandring").content.decode()
    assert "aktiviteter med metoden Nattvandring" in html
    assert "Mentorer i våldsprevention" not in html.split("Metoder som används")[1].split("</table>")[0]
    both = c.get("/planer/oversikt/?ar=2025&omrade=4.3&metod=nattvandring").content.decode()
    assert "Ingen aktivitet" not in both and both.count("<strong>Lucka</strong>") >= 1  # no night walks in 4.3
    # unknown values are ignored: the whole overview
    assert '<th scope="col">4.4 ' in c.get("/planer/oversikt/?ar=2025&omrade=9.9&metod=finns-inte").content.decode()


def test_overview_exports_every_view_as_csv_and_excel(client_for, city_analyst, year_with_data):
    import csv

    c = client_for(city_analyst)
    r = c.get("/planer/oversikt/export.csv?ar=2025&omrade=4.4&metod=nattvandring")
    assert r["Content-Type"].startswith("text/csv")
    assert "handlingsplaner-oversikt-2025-4.4-nattvandring.csv" in r["Content-Disposition"]
    text = r.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Godkända planer 2025, prioriterat område 4.4 Civilsamhälle och näringsliv, metod Nattvandring"]
    header = rows[1]
    assert header[:4] == ["Rad", "Nämnd", "Prioriterat område", "Aktiviteter"] and header[-2:] == ["Lucka", "Metoder"]
    hagersten = next(row for row in rows[2:] if row[1] == "Hägersten-Älvsjö stadsdelsnämnd")
    assert hagersten[3] == "1" and hagersten[header.index("Pågår")] == "1" and hagersten[-1] == "Nattvandring"
    rinkeby = next(row for row in rows[2:] if row[1] == "Rinkeby-Kista stadsdelsnämnd")
    assert rinkeby[3] == "0" and rinkeby[-2] == "Ingen aktivitet med metoden inom det prioriterade området"
    assert {row[2] for row in rows[2:] if row[0] == "Prioriterat område"} == {"4.4 Civilsamhälle och näringsliv"}
    wb = load_workbook(io.BytesIO(c.get("/planer/oversikt/export.xlsx?ar=2025&omrade=4.3").content))
    grid = list(wb["Översikt"].iter_rows(values_only=True))
    assert grid[1] == ("Nämnd", "4.3 Våldsprevention med ett jämställdhetsperspektiv")
    event = AuditEvent.objects.filter(verb="plans.overview_export").order_by("-id").first()
    assert event.details["omrade"] == "4.3" and event.details["format"] == "xlsx"
    assert c.get("/planer/oversikt/export.pdf?ar=2025").status_code == 404
