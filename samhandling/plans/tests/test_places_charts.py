"""Places (plats) in plans, and indicator charts with their data tables in the situation picture and the report."""

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from samhandling.audit.models import AuditEvent
from samhandling.indicators.models import Indicator, Level, Value
from samhandling.organisations.models import District, Neighbourhood
from samhandling.plans import services
from samhandling.plans.models import Place, SituationSection
from samhandling.plans.tests.test_workflow import activity_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def liljeholmen(db):
    return Neighbourhood.objects.get(name="Liljeholmen")


@pytest.fixture
def torget(district_planner, liljeholmen):
    return services.place_create(
        actor=district_planner, neighbourhood=liljeholmen, name="Liljeholmstorget", kind=Place.Kind.SQUARE
    )


def section_data(**changes):
    data = {
        "theme": "Droghandel vid Liljeholmstorget",
        "text": "Polisen ser öppen handel på kvällar.",
        "sources": ["police"],
        "as_of": "2025-01-15",
        "author": "Hanna Planerare",
    }
    data.update(changes)
    return data


def test_planner_adds_a_place_once_even_when_sent_twice(
    client_for, district_planner, make_plan, hagersten, liljeholmen
):
    plan = make_plan(hagersten)
    c = client_for(district_planner)
    assert c.get(f"/planer/{plan.pk}/plats/ny/").status_code == 200
    data = {"name": "Trekantsparken", "kind": "park", "neighbourhood": liljeholmen.pk, "description": "Utegym"}
    assert c.post(f"/planer/{plan.pk}/plats/ny/", data).status_code == 302
    assert c.post(f"/planer/{plan.pk}/plats/ny/", data).status_code == 302
    place = Place.objects.get()
    assert (place.name, place.neighbourhood, place.created_by) == ("Trekantsparken", liljeholmen, district_planner)
    assert AuditEvent.objects.filter(verb="plans.place_create", target_id=str(place.pk)).count() == 1


def test_bad_place_is_rejected_in_swedish_and_keeps_what_was_typed(client_for, district_planner, make_plan, hagersten):
    plan = make_plan(hagersten)
    rinkeby_hood = Neighbourhood.objects.filter(district__name="Rinkeby-Kista").first()
    r = client_for(district_planner).post(
        f"/planer/{plan.pk}/plats/ny/",
        {"name": "", "kind": "square", "neighbourhood": rinkeby_hood.pk, "description": "Torget vid tunnelbanan"},
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "Skriv platsens namn." in html
    assert "Välj ett giltigt alternativ" in html  # a neighbourhood outside the committee's district
    assert "Torget vid tunnelbanan" in html
    assert not Place.objects.exists()


def test_place_form_follows_the_access_model(
    client,
    client_for,
    district_planner,
    district_planner_rinkeby,
    unit_manager_hagersten,
    city_analyst,
    make_plan,
    hagersten,
):
    draft = make_plan(hagersten)
    url = f"/planer/{draft.pk}/plats/ny/"
    assert client_for(district_planner_rinkeby).get(url).status_code == 404  # another committee's draft
    assert client_for(city_analyst).get(url).status_code == 403  # reads every plan, plans none
    assert client_for(unit_manager_hagersten).get(url).status_code == 403
    assert Client().get(url).status_code == 302  # login first
    approved = make_plan(hagersten, status="approved", year=2024)
    assert client_for(district_planner).get(f"/planer/{approved.pk}/plats/ny/").status_code == 200
    assert client_for(district_planner_rinkeby).get(f"/planer/{approved.pk}/plats/ny/").status_code == 403


def test_sections_and_activities_link_places_shown_on_the_plan_page(
    client_for, district_planner, unit_manager_hagersten, city_analyst, make_plan, hagersten, torget, liljeholmen
):
    park = Place.objects.create(name="Trekantsparken", kind="park", neighbourhood=liljeholmen)
    plan = make_plan(hagersten)
    c = client_for(district_planner)
    form = c.get(f"/planer/{plan.pk}/lagesbild/ny/").content.decode()
    assert "Liljeholmstorget (Liljeholmen)" in form
    r = c.post(f"/planer/{plan.pk}/lagesbild/ny/", section_data(places=[torget.pk], place_note="Tunnelbaneuppgången"))
    assert r.status_code == 302
    r = c.post(f"/planer/{plan.pk}/aktivitet/ny/", activity_data(plan, places=[torget.pk, park.pk]))
    assert r.status_code == 302
    section = SituationSection.objects.get(plan=plan)
    assert list(section.places.all()) == [torget] and section.place_note == "Tunnelbaneuppgången"
    html = c.get(f"/planer/{plan.pk}/").content.decode()
    assert "Platser i planen" in html and f'id="place-{park.pk}"' in html and "Torg" in html
    assert f'<a href="#place-{torget.pk}">Liljeholmstorget</a>' in html
    # approved: public, places included; a new version keeps the links
    plan = services.plan_submit(actor=district_planner, plan=plan)
    plan = services.plan_approve(
        actor=unit_manager_hagersten, plan=plan, decision_date=datetime.date(2025, 2, 1), decision_reference="1/2025"
    )
    assert "Trekantsparken" in Client().get(f"/planer/{plan.pk}/").content.decode()
    api = c.get(f"/api/v1/plans/{plan.pk}/").json()
    assert {"name": "Trekantsparken", "kind": "park", "neighbourhood": liljeholmen.code} in api["activities"][-1][
        "places"
    ]
    annex = load_workbook(io.BytesIO(client_for(city_analyst).get("/planer/effektrapport/2025/export.xlsx").content))
    rows = list(annex["Aktiviteter"].iter_rows(values_only=True))
    places_column = rows[0].index("Stadsdelar och platser")
    assert "Liljeholmstorget" in next(r for r in rows if r[5] == "SSPF i Fruängen")[places_column]
    c = client_for(district_planner)
    new = services.plan_new_version(actor=district_planner, plan=plan, change_note="Ny plats")
    assert list(new.situation_sections.get().places.all()) == [torget]
    assert set(new.activities.get(title="SSPF i Fruängen").places.all()) == {torget, park}


# --- indicator charts --------------------------------------------------------------------------


@pytest.fixture
def indicators(db):
    hagersten_d = District.objects.get(name="Hägersten-Älvsjö")
    rinkeby_d = District.objects.get(name="Rinkeby-Kista")
    rate = Indicator.objects.create(
        code="test-narvaro",
        name="Testindikator skolnärvaro",
        unit="%",
        source="Testkälla",
        direction=Indicator.Direction.HIGHER,
        is_public=False,
    )
    count = Indicator.objects.create(
        code="test-misstankta",
        name="Testindikator misstänkta unga",
        kind=Indicator.Kind.COUNT,
        unit="antal",
        multiplier=1,
        source="Testkälla",
        direction=Indicator.Direction.LOWER,
        is_public=True,
    )
    for period, city, own, other in [("2023", "91.4", "88.5", "79.25"), ("2024", "92.1", "89.75", "80.5")]:
        Value.objects.create(indicator=rate, level=Level.CITY, period=period, value=Decimal(city))
        Value.objects.create(indicator=rate, level=Level.DISTRICT, district=hagersten_d, period=period, value=own)
        Value.objects.create(indicator=rate, level=Level.DISTRICT, district=rinkeby_d, period=period, value=other)
    for period, city, own in [("2023", 812, 47), ("2024", 799, 3)]:
        Value.objects.create(indicator=count, level=Level.CITY, period=period, value=city)
        Value.objects.create(indicator=count, level=Level.DISTRICT, district=hagersten_d, period=period, value=own)
    return rate, count


def test_planner_picks_indicators_and_sees_charts_with_tables(
    client_for, district_planner, make_plan, hagersten, indicators
):
    rate, count = indicators
    plan = make_plan(hagersten)
    c = client_for(district_planner)
    assert "Testindikator skolnärvaro" in c.get(f"/planer/{plan.pk}/lagesbild/ny/").content.decode()
    r = c.post(f"/planer/{plan.pk}/lagesbild/ny/", section_data(indicators=[rate.pk, count.pk]))
    assert r.status_code == 302
    html = c.get(f"/planer/{plan.pk}/").content.decode()
    assert html.count('<figure class="plan-chart"') == 2 and html.count("<svg") >= 2
    assert "Testindikator skolnärvaro: Hägersten-Älvsjö" in html  # the chart's title
    # the table beside the chart: the city and the district, period by period, the Swedish way
    assert "<td>88,5</td>" in html and "<td>92,1</td>" in html and "<td>89,8</td>" in html
    assert "<td>3</td>" in html  # a reader with a role sees every figure
    assert "80,5" not in html  # other districts are not part of this section's chart


def test_section_can_compare_another_district(client_for, district_planner, make_plan, hagersten, indicators):
    rate, _count = indicators
    plan = make_plan(hagersten)
    rinkeby_d = District.objects.get(name="Rinkeby-Kista")
    c = client_for(district_planner)
    c.post(f"/planer/{plan.pk}/lagesbild/ny/", section_data(indicators=[rate.pk], indicator_district=rinkeby_d.pk))
    html = c.get(f"/planer/{plan.pk}/").content.decode()
    assert "<td>79,2</td>" in html and "Testindikator skolnärvaro: Rinkeby-Kista" in html


def test_the_public_sees_only_public_indicators_with_small_numbers_suppressed(
    client, client_for, district_planner, make_plan, hagersten, indicators, unit_manager_hagersten
):
    rate, count = indicators
    plan = make_plan(hagersten, status="approved", approver=unit_manager_hagersten)
    section = SituationSection.objects.create(
        plan=plan,
        theme="Brott bland unga",
        text="Text",
        sources=["police"],
        as_of=datetime.date(2025, 1, 10),
        author="Hanna",
        show_indicators=True,
    )
    section.indicators.set([rate, count])
    public = Client().get(f"/planer/{plan.pk}/").content.decode()
    assert "Testindikator misstänkta unga" in public and "<td>47</td>" in public
    assert "<td>3</td>" not in public and "för liten för att visas" in public
    assert "Testindikator skolnärvaro" not in public  # not a public indicator
    assert 'class="table district-profile"' not in public  # the unsuppressed profile is for readers with a role
    own = client_for(district_planner).get(f"/planer/{plan.pk}/").content.decode()
    assert "Testindikator skolnärvaro" in own and "<td>3</td>" in own and 'class="table district-profile"' in own


def test_effects_report_has_the_charts_in_pdf_and_the_tables_in_word(
    client_for, city_analyst, make_plan, hagersten, indicators, unit_manager_hagersten
):
    rate, _count = indicators
    plan = make_plan(hagersten, status="approved", approver=unit_manager_hagersten)
    section = SituationSection.objects.create(
        plan=plan, theme="Skolnärvaro", text="Text", sources=["police"], as_of=datetime.date(2025, 1, 10), author="H"
    )
    section.indicators.set([rate])
    # Figures of a later year, imported after the plan: the report of 2025 does not show them.
    hagersten_d = District.objects.get(name="Hägersten-Älvsjö")
    Value.objects.create(indicator=rate, level=Level.CITY, period="2027", value=Decimal("95.5"))
    Value.objects.create(indicator=rate, level=Level.DISTRICT, district=hagersten_d, period="2027", value=Decimal(94))
    c = client_for(city_analyst)
    doc = Document(io.BytesIO(c.get("/planer/effektrapport/2025/export.docx").content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Indikatorer i lägesbilderna" in text and "Hägersten-Älvsjö stadsdelsnämnd: Skolnärvaro" in text
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in doc.tables]
    chart_table = next(t for t in tables if t[0][0] == "Period")
    assert chart_table[0] == ["Period", "Stockholm (hela staden)", "Hägersten-Älvsjö"]
    assert chart_table[1] == ["2023", "91,4", "88,5"]
    assert [row[0] for row in chart_table[1:]] == ["2023", "2024"]  # not 2027
    # A4, and the chart as a picture with alt text (Word cannot embed the SVG), followed by the table
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert len(doc.inline_shapes) == 1
    doc_pr = doc.inline_shapes[0]._inline.docPr
    assert doc_pr.get("descr").startswith("Linjediagram över Testindikator skolnärvaro per period, 2023–2024")
    blip = doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert doc.part.related_parts[blip].blob.startswith(b"\x89PNG")
    pdf = PdfReader(io.BytesIO(c.get("/planer/effektrapport/2025/export.pdf").content))
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Indikatorer i lägesbilderna" in pdf_text and "88,5" in pdf_text
    # the SVG chart is drawn in the PDF: its axis labels and title are text on the page
    assert pdf_text.count("Testindikator skolnärvaro") >= 2
