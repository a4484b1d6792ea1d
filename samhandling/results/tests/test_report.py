"""The rewritten effects report: what each figure counts, examples, child rights, the three files."""

import datetime
import io

import pytest
from django.utils import timezone
from docx import Document
from docx.shared import Cm
from openpyxl import load_workbook
from pypdf import PdfReader

from samhandling.audit.models import AuditEvent
from samhandling.plans.models import FollowUp, SurveyResponse
from samhandling.results.models import ActivityLogic, ReportExample, ReportQuote
from samhandling.results.report import child_rights, report_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_report(followed_plan, target, hagersten):
    activity = followed_plan.activities.first()
    goal = target.goal
    goal.priority_area = activity.priority_area
    goal.save()
    logic = ActivityLogic.objects.create(activity=activity, short_term="30 unga nås", expected_reached=30, version=1)
    logic.goals.set([goal])
    area = activity.priority_area.number
    SurveyResponse.objects.create(
        year=2025,
        committee=hagersten,
        answers={area: {"results": "Vi ser fler vuxna ute på kvällarna.", "consequences": "", "examples": ""}},
        views="Samordna uppföljningen med trygghetsprogrammet.",
        submitted_at=timezone.now(),
    )
    return followed_plan


def test_every_figure_says_what_it_counts_and_how_many_plans(full_report):
    data = report_data(2025)
    assert data["n_plans"] == 1
    (rnd,) = data["rounds"]
    assert rnd["plans_with_followups"] == 1 and rnd["plans_submitted"] == 0
    assert (rnd["girls"], rnd["boys"], rnd["total"]) == (12, 30, 42)
    area = next(e for e in data["areas"] if e["activities"])
    assert area["met_expected"] == 1  # 42 reached against 30 expected
    assert area["examples_are_suggested"] and area["examples"][0]["reached"] == 42
    assert area["targets"][0].assessment.status == "not_on_the_way"


def test_the_analyst_picks_examples_and_quotes(client_for, city_analyst, full_report):
    fu = FollowUp.objects.get()
    response = SurveyResponse.objects.get()
    area = fu.activity.priority_area.number
    client = client_for(city_analyst)
    post = {"choose": "1", "example": [str(fu.pk), "999999"], "quote": [f"{response.pk}|{area}:results", "999|x"]}
    assert client.post("/resultat/effektrapport/2025/", post).status_code == 302
    assert client.post("/resultat/effektrapport/2025/", post).status_code == 302
    assert list(ReportExample.objects.values_list("followup_id", flat=True)) == [fu.pk]
    assert ReportQuote.objects.count() == 1
    assert not report_data(2025)["areas"][[e["activities"] != [] for e in report_data(2025)["areas"]].index(True)][
        "examples_are_suggested"
    ]


def test_the_report_text_is_version_checked(client_for, city_analyst, full_report):
    client = client_for(city_analyst)
    data = {
        "save_text": "1",
        "version": 0,
        "reference": "SOF 2025/12",
        "officer": "Anna Analytiker",
        "summary": "Egen sammanfattning.",
    }
    assert client.post("/resultat/effektrapport/2025/", data).status_code == 302
    assert client.post("/resultat/effektrapport/2025/", {**data, "summary": "Annan"}).status_code == 409
    too_long = {**data, "version": 1, "reference": "x" * 61}
    assert "som mest 60 tecken" in client.post("/resultat/effektrapport/2025/", too_long).content.decode()


def test_the_three_files_say_the_same_thing(client_for, city_analyst, full_report):
    client = client_for(city_analyst)
    fu = FollowUp.objects.get()
    client.post("/resultat/effektrapport/2025/", {"choose": "1", "example": [str(fu.pk)]})
    client.post(
        "/resultat/effektrapport/2025/",
        {"save_text": "1", "version": 0, "reference": "SOF 2025/12", "officer": "Anna Analytiker"},
    )

    docx = client.get("/resultat/effektrapport/2025/export.docx")
    assert docx["Content-Disposition"].endswith('effektrapport-2025.docx"')
    doc = Document(io.BytesIO(docx.content))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for heading in (
        "Sammanfattning",
        "Bakgrund",
        "Ärendets beredning",
        "Måluppfyllelse",
        "Jämställdhetsanalys",
        "Barnrättsperspektiv",
        "Enkätsvaren",
        "Förvaltningens synpunkter och förslag",
        "Vad som kan och inte kan sägas om effekter",
    ):
        assert heading in headings, heading
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "SOF 2025/12" in text and "Anna Analytiker" in text
    assert "Exempel valda av analytikern" in text and "Nattvandring i Älvsjö: nådda 42" in text
    assert abs(doc.sections[0].page_width - Cm(21)) < Cm(0.1)
    assert doc.tables and len(doc.inline_shapes) >= 1
    assert "Andel som känner sig otrygga" in doc.inline_shapes[0]._inline.docPr.get("descr")

    pdf = PdfReader(io.BytesIO(client.get("/resultat/effektrapport/2025/export.pdf").content))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Måluppfyllelse" in pdf_text and "Barnrättsperspektiv" in pdf_text and "Nattvandring i Älvsjö" in pdf_text
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "sv" and root["/MarkInfo"]["/Marked"]

    wb = load_workbook(io.BytesIO(client.get("/resultat/effektrapport/2025/export.xlsx").content))
    assert wb.sheetnames == ["Omgångar", "Mål", "Uppföljning"]
    rounds = list(wb["Omgångar"].iter_rows(values_only=True))
    assert rounds[1][1:6] == (1, 1, 0, 1, 12)
    follow = list(wb["Uppföljning"].iter_rows(values_only=True))
    assert follow[1][3] == "Nattvandring i Älvsjö" and follow[1][-1] == "ja"
    assert AuditEvent.objects.filter(verb="results.report_export").count() == 3


def test_the_plans_effects_report_links_to_the_rewritten_one(client_for, city_analyst, full_report):
    body = client_for(city_analyst).get("/planer/effektrapport/2025/").content.decode()
    assert "/resultat/effektrapport/2025/" in body


def test_report_once_counts_the_reports_a_shared_entry_replaces(client_for, city_analyst, full_report, document):
    from samhandling.results.models import Goal, SteeringDocument

    other = SteeringDocument.objects.create(
        code="b", title="Budget", kind="budget", source="KF", valid_from=datetime.date(2025, 1, 1)
    )
    logic = ActivityLogic.objects.get()
    logic.goals.add(
        Goal.objects.create(document=other, title="Budgetmål", source="KF", valid_from=datetime.date(2025, 1, 1))
    )
    body = client_for(city_analyst).get("/resultat/rapportera-en-gang/2025/").content.decode()
    assert "Trygghetsprogrammet, Budget" in body or "Budget, Trygghetsprogrammet" in body


def test_child_rights_share_is_suppressed_under_five(social_worker_hagersten):
    from samhandling.cases.models import ChildViews, Investigation
    from samhandling.cases.tests.helpers import investigation

    year = timezone.localdate().year
    assert child_rights(year)["suppressed"]
    first = investigation(social_worker_hagersten)
    today = timezone.localdate()
    Investigation.objects.filter(pk=first.pk).update(completed_on=today)
    done = [first] + [
        Investigation.objects.create(
            case=first.case, opened_on=today, opened_by=social_worker_hagersten, due_on=today, completed_on=today
        )
        for _ in range(9)
    ]
    for inv in done[:5]:
        ChildViews.objects.create(
            investigation=inv,
            whose="child",
            recorded_on=timezone.localdate(),
            how="samtal",
            views="-",
            recorded_by=social_worker_hagersten,
        )
    assert child_rights(year) == {"investigations": 10, "with_views": 5, "share": 50, "suppressed": False}
    ChildViews.objects.filter(investigation=done[0]).delete()
    assert child_rights(year)["suppressed"]  # 4 with views: too few to show


def test_a_report_of_a_past_year_uses_only_figures_up_to_that_year(full_report, target):
    from samhandling.results.tests.conftest import add_values

    add_values(target.indicator, {"2026": "10"})  # a later figure that would say "met"
    row = report_data(2025)["targets"][0]
    assert "2026" not in row.series and row.assessment.latest_year == 2023
    assert row.assessment.status == "not_on_the_way"
