"""Browser journey: a planner builds and submits a plan, a manager approves it, the planner reports
tertial 1, and the analyst opens the overview and exports the effects report (files opened and read)."""

import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from samhandling.organisations.tests import factories as f
from samhandling.plans.models import ActionPlan, DocumentImport, PlanStatus
from samhandling.plans.tasks import read_plan_document
from samhandling.plans.tests.conftest import ensure_catalogue

FIXTURES = Path(__file__).parents[2] / "samhandling" / "plans" / "tests" / "fixtures"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACTIVITIES = [
    (
        "SSPF i Fruängen",
        "4.2 Förskola, skola och fritid som skyddsfaktorer",
        "Samverkan skola, socialtjänst, polis och fritid (SSPF)",
    ),
    (
        "MVP på Västertorpsskolan",
        "4.3 Våldsprevention med ett jämställdhetsperspektiv",
        "Mentorer i våldsprevention (MVP)",
    ),
    ("Riktad nattvandring i Solberga", "4.4 Civilsamhälle och näringsliv", "Nattvandring"),
]


def _download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return open(info.value.path(), "rb").read()


def test_plan_from_draft_to_effects_report(live_server, page, browser_login, assert_accessible):
    ensure_catalogue()
    planner = f.district_planner("Hägersten-Älvsjö", username="hanna")
    f.unit_manager("Hägersten-Älvsjö", username="cecilia")
    f.city_analyst()
    url = live_server.url

    # The planner creates the plan and its three steps.
    browser_login(page, planner.username)
    page.goto(f"{url}/planer/")
    assert_accessible(page)
    page.get_by_role("link", name="Ny handlingsplan").click()
    page.get_by_label("År").fill("2025")
    page.get_by_label("Rubrik").fill("Handlingsplan mot rekrytering 2025")
    page.get_by_role("button", name="Skapa planen").click()
    plan = ActionPlan.objects.get(title="Handlingsplan mot rekrytering 2025")
    assert page.url.endswith(f"/planer/{plan.pk}/")

    page.get_by_role("link", name="Lägg till ett avsnitt i lägesbilden").click()
    page.get_by_label("Tema").fill("Droghandel vid Liljeholmstorget")
    page.get_by_label("Beskrivning").fill("Polisen och fältassistenterna ser öppen droghandel på kvällar.")
    page.locator("label", has_text="Polisens lägesbild").click()
    page.locator("label", has_text="Egna iakttagelser").click()
    page.get_by_label("Lägesbildens datum").fill("2025-01-15")
    page.get_by_label("Författare").fill("Hanna Planerare")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()

    page.get_by_role("link", name="Lägg till ett problem").click()
    page.get_by_label("Problem", exact=True).fill("Unga rekryteras till droghandel")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("link", name="Lägg till en orsak").click()
    page.get_by_label("Orsak").fill("Låg skolnärvaro och få vuxna ute på kvällarna")
    page.get_by_role("button", name="Spara").click()

    for title, area, method in ACTIVITIES:
        page.get_by_role("link", name="Lägg till en aktivitet").click()
        page.get_by_label("Titel", exact=True).fill(title)
        page.get_by_label("Prioriterat område").select_option(label=area)
        page.get_by_label("Metoder ur katalogen").select_option(label=method)
        page.get_by_label("Problem som aktiviteten svarar mot").select_option(label="Unga rekryteras till droghandel")
        page.get_by_role("button", name="Spara").click()
        assert page.get_by_role("cell", name=title).count() or page.get_by_text(title).count()
    assert_accessible(page)

    # The planner reads a district's Word plan with its activities in a table: the worker reads it,
    # the page lists each row with its suggested methods and says what was skipped; nothing is saved.
    page.get_by_role("link", name="Importera aktiviteter från ett dokument").click()
    page.get_by_label("Plandokument").set_input_files(str(FIXTURES / "plan_tabell.docx"))
    page.get_by_role("button", name="Läs in dokumentet").click()
    read_plan_document.call(DocumentImport.objects.get(plan=plan).pk)
    page.reload()
    page.get_by_role("heading", name="Granska de importerade aktiviteterna").wait_for()
    assert page.get_by_text("Hittad i: tabell 1, rad 2", exact=True).count() == 1
    assert page.locator("#id_rad-0-title").input_value() == "Föräldraträffar Komet och ABC"
    page.get_by_text("delar av dokumentet lästes inte som aktiviteter").click()
    assert page.get_by_text("Rubriken ”Lägesbild i korthet” är en del av planens struktur").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tillbaka till planen").click()
    assert plan.activities.count() == len(ACTIVITIES)
    page.get_by_role("button", name="Skicka in för godkännande").click()
    assert page.get_by_test_id("plan-status").inner_text() == "Inskickad"
    page.get_by_role("button", name="Logga ut").click()

    # The manager approves with the committee's decision.
    browser_login(page, "cecilia")
    page.goto(f"{url}/planer/{plan.pk}/")
    page.get_by_role("link", name="Godkänn eller skicka tillbaka").click()
    page.get_by_label("Datum för nämndens beslut").fill("2025-02-20")
    page.get_by_label("Diarienummer för beslutet").fill("HÄ 2025/17")
    assert_accessible(page)
    page.get_by_role("button", name="Godkänn", exact=True).click()
    assert page.get_by_test_id("plan-status").inner_text() == "Godkänd"
    page.get_by_role("button", name="Logga ut").click()

    # The analyst opens the tertial 1 round.
    browser_login(page, "analytiker")
    page.goto(f"{url}/planer/uppfoljning/")
    page.get_by_label("År").fill("2025")
    page.get_by_label("Period").select_option(label="Tertial 1")
    page.get_by_label("Sista dag").fill("2025-05-15")
    page.get_by_role("button", name="Öppna omgången").click()
    assert "0 av 1 planer har rapporterat" in page.content()
    page.get_by_role("button", name="Logga ut").click()

    # The planner reports tertial 1.
    browser_login(page, "hanna")
    page.goto(f"{url}/planer/{plan.pk}/")
    page.get_by_role("link", name="Tertial 1 2025").click()
    for i, fieldset in enumerate(page.locator("fieldset.followup-activity").all()):
        fieldset.get_by_label("Status").select_option(label="Pågår")
        fieldset.get_by_label("Vad som gjordes").fill(f"Genomfört enligt plan, del {i + 1}.")
        fieldset.get_by_label("Antal flickor som nåtts").fill("10")
        fieldset.get_by_label("Antal pojkar som nåtts").fill("20")
        fieldset.get_by_label("Effekt som setts").fill("Fler elever i skolan på fredagar.")
        fieldset.get_by_label("Vad effekten grundar sig på").fill("Skolans närvarostatistik.")
    assert_accessible(page)
    page.get_by_role("button", name="Spara och rapportera").click()
    assert "Uppföljningen rapporterades." in page.content()
    page.get_by_role("button", name="Logga ut").click()

    # The analyst sees the overview and exports the effects report.
    browser_login(page, "analytiker")
    page.goto(f"{url}/planer/oversikt/?ar=2025")
    assert_accessible(page)
    assert "Pågår: 1" in page.content()
    page.get_by_role("link", name="Effektrapporten 2025").click()
    page.get_by_label("Sammanfattning").fill("Arbetet har kommit igång i alla delar av stadsdelsområdet.")
    page.get_by_role("button", name="Spara texten").click()
    assert_accessible(page)

    word = Document(io.BytesIO(_download(page, "Ladda ner som Word")))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Arbetet har kommit igång i alla delar av stadsdelsområdet." in text
    assert "Jämställdhetsanalys" in text and "Fler elever i skolan på fredagar." in text
    assert ["Flickor", "30"] in [[c.text for c in row.cells] for t in word.tables for row in t.rows]

    pdf = PdfReader(io.BytesIO(_download(page, "Ladda ner som PDF")))
    pdf_text = "".join(p.extract_text() for p in pdf.pages)
    assert "Barnrättsperspektiv" in pdf_text and "Hägersten-Älvsjö stadsdelsnämnd" in pdf_text

    wb = load_workbook(io.BytesIO(_download(page, "Ladda ner Excelbilagan")))
    titles = {row[5] for row in list(wb["Aktiviteter"].iter_rows(values_only=True))[1:]}
    assert titles == {t for t, _a, _m in ACTIVITIES}
    assert len(list(wb["Uppföljning"].iter_rows(values_only=True))) == 4

    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
