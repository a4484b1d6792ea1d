"""Browser journey: an analyst sets a target under a goal, a planner links an activity to goals of two
steering documents and reports its short-term outcome in tertial 1, the analyst opens the goal page,
picks an example and exports the effects report (the Word, PDF and Excel files are opened and read)."""

import datetime
import io
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from samhandling.indicators.models import Indicator, Value
from samhandling.organisations.models import Committee
from samhandling.organisations.tests import factories as f
from samhandling.plans import services as plan_services
from samhandling.plans.models import FollowUpRound
from samhandling.plans.tests.conftest import add_activity, ensure_catalogue
from samhandling.results.models import Goal, GoalTarget, SteeringDocument

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return open(info.value.path(), "rb").read()


def _setup():
    ensure_catalogue()
    planner = f.district_planner("Hägersten-Älvsjö", username="hanna")
    manager = f.unit_manager("Hägersten-Älvsjö", username="cecilia")
    f.city_analyst()
    committee = Committee.objects.get(code="sdn-hagersten-alvsjo")
    plan = plan_services.plan_create(actor=planner, committee=committee, year=2025, title="Handlingsplan 2025")
    add_activity(plan)
    plan = plan_services.plan_submit(actor=planner, plan=plan)
    plan_services.plan_approve(
        actor=manager, plan=plan, decision_date=datetime.date(2025, 2, 20), decision_reference="2025/1"
    )
    FollowUpRound.objects.create(year=2025, period="t1", deadline=datetime.date(2025, 5, 15))
    indicator = Indicator.objects.create(
        code="otrygghet",
        name="Andel som känner sig otrygga",
        unit="%",
        source="Trygghetsmätningen",
        direction="lower",
        is_public=True,
    )
    for period, value in (("2019", "30"), ("2021", "25"), ("2023", "19")):
        Value.objects.create(indicator=indicator, level="city", period=period, value=Decimal(value))
    safety = SteeringDocument.objects.create(
        code="trygghet",
        title="Trygghetsprogrammet",
        kind="safety",
        source="Seed 003",
        valid_from=datetime.date(2019, 11, 14),
    )
    budget = SteeringDocument.objects.create(
        code="budget", title="Budgetmål", kind="budget", source="KF", valid_from=datetime.date(2025, 1, 1)
    )
    halve = Goal.objects.create(
        document=safety,
        number="1",
        title="Halvera otryggheten till 2025",
        source="Seed 003",
        valid_from=datetime.date(2019, 11, 14),
        priority_area=plan.activities.first().priority_area,
    )
    Goal.objects.create(
        document=budget, number="B1", title="Tryggare stadsdelar", source="KF", valid_from=datetime.date(2025, 1, 1)
    )
    return plan, halve


def test_goal_target_logic_followup_and_effects_report(live_server, page, browser_login, assert_accessible):
    plan, halve = _setup()
    url = live_server.url

    # The analyst sets a target for the indicator under the goal.
    browser_login(page, "analytiker")
    page.goto(f"{url}/resultat/")
    assert_accessible(page)
    page.get_by_role("link", name="Halvera otryggheten till 2025").first.click()
    page.get_by_role("link", name="Ange ett målvärde för en indikator").click()
    page.get_by_label("Indikator", exact=True).select_option(label="Andel som känner sig otrygga")
    page.get_by_label("Utgångsår", exact=True).fill("2019")
    page.get_by_label("Utgångsvärde").fill("30")
    page.get_by_label("Målår", exact=True).fill("2025")
    page.get_by_label("Målvärde", exact=True).fill("15")
    page.get_by_label("Källa för målvärdet").fill("Trygghetsprogrammet (seed 003)")
    page.get_by_label("Gäller från").fill("2019-11-14")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    assert GoalTarget.objects.filter(goal=halve).count() == 1
    # 19 in 2023 is better than the path's 20: on the way.
    assert "På väg" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Logga ut").click()

    # The planner links the activity to goals of two documents and reports tertial 1.
    browser_login(page, "hanna")
    page.goto(f"{url}/resultat/")
    page.get_by_role("link", name="Nattvandring i Älvsjö").click()
    page.get_by_label("Förväntat kortsiktigt resultat (inom året)").fill("Vuxna ute varje helg; 30 unga nås.")
    page.get_by_label("Förväntat antal nådda under året").fill("30")
    page.locator("label", has_text="Trygghetsprogrammet: 1 Halvera otryggheten till 2025").click()
    page.locator("label", has_text="Budgetmål: B1 Tryggare stadsdelar").click()
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    assert "Programlogiken sparades." in page.content()
    page.goto(f"{url}/planer/{plan.pk}/")
    page.get_by_role("link", name="Tertial 1 2025").click()
    fieldset = page.locator("fieldset.followup-activity").first
    fieldset.get_by_label("Status").select_option(label="Pågår")
    fieldset.get_by_label("Vad som gjordes").fill("Nattvandring varje fredag.")
    fieldset.get_by_label("Antal flickor som nåtts").fill("14")
    fieldset.get_by_label("Antal pojkar som nåtts").fill("26")
    fieldset.get_by_label("Effekt som setts").fill("Färre bråk vid pendeltåget på fredagar.")
    fieldset.get_by_label("Vad effekten grundar sig på").fill("Väktarnas rapporter.")
    page.get_by_role("button", name="Spara och rapportera").click()
    page.get_by_role("button", name="Logga ut").click()

    # The analyst opens the goal page, picks the example and exports the report.
    browser_login(page, "analytiker")
    page.goto(f"{url}/resultat/mal/{halve.pk}/")
    assert "Nattvandring i Älvsjö" in page.content() and "På väg" in page.content()
    page.goto(f"{url}/resultat/effektrapport/2025/")
    assert_accessible(page)
    page.locator("label", has_text="Nattvandring i Älvsjö").first.click()
    page.get_by_role("button", name="Spara exemplen och citaten").click()
    assert "Exemplen och citaten sparades." in page.content()
    page.goto(f"{url}/resultat/rapportera-en-gang/2025/")
    assert "Budgetmål, Trygghetsprogrammet" in page.content()
    page.goto(f"{url}/resultat/effektrapport/2025/")

    doc = Document(io.BytesIO(_download(page, "Ladda ner: Word")))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Måluppfyllelse" in headings and "Barnrättsperspektiv" in headings and "Enkätsvaren" in headings
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Exempel valda av analytikern:" in text and "Färre bråk vid pendeltåget" in text
    assert "färre än fem" in text  # the child-rights share, suppressed
    assert "0 av 1 förvaltningar" in text  # the survey summary
    pdf = PdfReader(io.BytesIO(_download(page, "Ladda ner: PDF")))
    pdf_text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Måluppfyllelse" in pdf_text and "Färre bråk vid pendeltåget" in pdf_text
    wb = load_workbook(io.BytesIO(_download(page, "Ladda ner: Excelbilaga")))
    goals = list(wb["Mål"].iter_rows(values_only=True))
    assert goals[1][1] == "1 Halvera otryggheten till 2025" and goals[1][13] == "På väg"
