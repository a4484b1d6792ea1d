"""An approved plan is frozen; the workflow tells people what happened (e-mail through the worker, once)."""

import datetime
import re
from decimal import Decimal
from email.header import decode_header, make_header

import pytest
from django.test import Client

from samhandling.core.worker import Worker
from samhandling.indicators.models import Indicator, Level, Value
from samhandling.organisations.models import District
from samhandling.plans import services
from samhandling.plans.models import ActionPlan, FrozenSituation, PlanNotice, SituationSection

pytestmark = pytest.mark.django_db


@pytest.fixture
def count_indicator(db):
    hagersten_d = District.objects.get(name="Hägersten-Älvsjö")
    indicator = Indicator.objects.create(
        code="test-frysta",
        name="Testindikator anmälda brott",
        kind=Indicator.Kind.COUNT,
        unit="antal",
        multiplier=1,
        source="Testkälla",
        direction=Indicator.Direction.LOWER,
        is_public=True,
    )
    for period, city, own in [("2022", 901, 41), ("2023", 812, 47)]:
        Value.objects.create(indicator=indicator, level=Level.CITY, period=period, value=city)
        Value.objects.create(indicator=indicator, level=Level.DISTRICT, district=hagersten_d, period=period, value=own)
    return indicator


def test_an_approved_plan_keeps_its_figures_after_a_later_import(
    client_for, district_planner, make_plan, hagersten, count_indicator, unit_manager_hagersten
):
    plan = make_plan(hagersten, year=2024, status="submitted")
    section = SituationSection.objects.create(
        plan=plan, theme="Brott", text="Text", sources=["police"], as_of=datetime.date(2024, 1, 10), author="H"
    )
    section.indicators.set([count_indicator])
    plan = services.plan_approve(
        actor=unit_manager_hagersten, plan=plan, decision_date=datetime.date(2024, 2, 20), decision_reference="1/24"
    )
    frozen = FrozenSituation.objects.get(plan=plan)
    assert frozen.data["sections"][str(section.pk)][0]["periods"] == ["2022", "2023"]
    # Later: a correction of 2023 and new years are imported.
    hagersten_d = District.objects.get(name="Hägersten-Älvsjö")
    Value.objects.filter(indicator=count_indicator, district=hagersten_d, period="2023").update(value=Decimal(99))
    for period, city, own in [("2024", 700, 51), ("2027", 650, 63), ("2028", 640, 64), ("2029", 630, 65)]:
        Value.objects.create(indicator=count_indicator, level=Level.CITY, period=period, value=city)
        Value.objects.create(
            indicator=count_indicator, level=Level.DISTRICT, district=hagersten_d, period=period, value=own
        )
    for html in (
        Client().get(f"/planer/{plan.pk}/").content.decode(),
        client_for(district_planner).get(f"/planer/{plan.pk}/").content.decode(),
    ):
        assert "<td>47</td>" in html and "<td>812</td>" in html  # the figures the committee decided on
        assert "<td>99</td>" not in html and "<td>51</td>" not in html
        for later in ("2024", "2027", "2028", "2029"):
            assert f'<th scope="row">{later}</th>' not in html
        assert 'data-testid="frozen-note"' in html and "Perioder 2022–2023" in html
    # A figure that today's suppression hides stays hidden on the public page, frozen or not.
    Value.objects.filter(indicator=count_indicator, district=hagersten_d, period="2022").update(value=Decimal(2))
    assert "<td>41</td>" not in Client().get(f"/planer/{plan.pk}/").content.decode()
    assert "<td>41</td>" in client_for(district_planner).get(f"/planer/{plan.pk}/").content.decode()


def test_a_draft_shows_only_periods_up_to_its_year(client_for, district_planner, make_plan, hagersten, count_indicator):
    plan = make_plan(hagersten, year=2022)
    section = SituationSection.objects.create(
        plan=plan, theme="Brott", text="Text", sources=["police"], as_of=datetime.date(2022, 1, 10), author="H"
    )
    section.indicators.set([count_indicator])
    html = client_for(district_planner).get(f"/planer/{plan.pk}/").content.decode()
    assert '<th scope="row">2022</th>' in html and '<th scope="row">2023</th>' not in html


def subject(mail) -> str:
    return str(make_header(decode_header(mail["Subject"])))


def run_worker() -> int:
    return Worker(worker_id="test").run_until_idle()


def test_submit_return_and_approve_mail_the_people_who_act_next(
    client_for,
    district_planner,
    unit_manager_hagersten,
    make_plan,
    hagersten,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    plan = make_plan(hagersten)

    def planner():
        return client_for(district_planner)

    def manager():
        return client_for(unit_manager_hagersten)

    with django_capture_on_commit_callbacks(execute=True):
        assert planner().post(f"/planer/{plan.pk}/skicka-in/").status_code == 302
    assert smtp_server.messages == []  # nothing is sent inside the request
    run_worker()
    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail["To"] == unit_manager_hagersten.email
    assert subject(mail) == f"För godkännande: {plan.title}"

    comment = "Lägg till en aktivitet för Fruängen och ange målgruppens ålder."
    with django_capture_on_commit_callbacks(execute=True):
        r = manager().post(f"/planer/{plan.pk}/skicka-tillbaka/", {"comment": comment})
    assert r.status_code == 302
    html = planner().get(f"/planer/{plan.pk}/").content.decode()
    assert 'data-testid="returned-comment"' in html and comment in html
    run_worker()
    assert len(smtp_server.messages) == 2
    mail = smtp_server.messages[1]
    body = mail.get_payload(decode=True).decode()
    assert subject(mail) == f"Skickad tillbaka: {plan.title}"
    assert mail["To"] == district_planner.email and comment in body and f"/planer/{plan.pk}/" in body

    with django_capture_on_commit_callbacks(execute=True):
        planner().post(f"/planer/{plan.pk}/skicka-in/")
    assert 'data-testid="returned-comment"' not in planner().get(f"/planer/{plan.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = manager().post(
            f"/planer/{plan.pk}/godkann/", {"decision_date": "2025-03-01", "decision_reference": "SDN 2025/7"}
        )
    assert r.status_code == 302
    run_worker()
    assert [m["To"] for m in smtp_server.messages[2:]] == [unit_manager_hagersten.email, district_planner.email]
    assert subject(smtp_server.messages[3]) == f"Godkänd: {plan.title}"
    # Each step is mailed once: running the task again sends nothing more.
    from samhandling.plans.tasks import send_plan_notice

    for notice in PlanNotice.objects.all():
        assert notice.mail_sent_at is not None
        send_plan_notice.call(notice.pk)
    assert len(smtp_server.messages) == 4


def test_a_second_plan_for_the_same_year_says_so(client_for, district_planner, catalogue, hagersten):
    c = client_for(district_planner)
    data = {"committee": hagersten.pk, "year": "2025", "title": "Handlingsplan 2025", "summary": ""}
    assert c.post("/planer/ny/", data).status_code == 302
    r = c.post("/planer/ny/", {**data, "title": "Trygg sommar 2025"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "redan en handlingsplan för 2025" in html and 'data-testid="existing-plan"' in html
    assert 'value="Trygg sommar 2025"' in html  # what was typed is kept
    assert list(ActionPlan.objects.filter(committee=hagersten, year=2025).values_list("title", flat=True)) == [
        "Handlingsplan 2025"
    ]


def test_empty_choices_read_valj_in_swedish(client_for, district_planner, make_plan, hagersten):
    plan = make_plan(hagersten)
    html = client_for(district_planner).get(f"/planer/{plan.pk}/aktivitet/ny/").content.decode()
    empty = re.findall(r'<option value=""[^>]*>([^<]*)</option>', html)
    assert len(empty) >= 3 and set(empty) == {"– Välj –"}
    assert "Select an option" not in html


def test_axe_findings_of_the_issue_are_gone(client, settings, make_plan, hagersten, catalogue):
    """The demo banner sits inside the header landmark; the strategy comparison has no empty column header."""
    settings.DEMO_MODE = True
    plan = make_plan(hagersten, status="approved")
    html = client.get(f"/planer/{plan.pk}/").content.decode()
    assert html.index('<header class="site-header">') < html.index('class="demo-banner"') < html.index("</header>")
    html = client.get("/katalog/strategi/").content.decode()
    assert 'class="table compare-table"' in html
    assert re.search(r"<th[^>]*>\s*</th>", html) is None
