"""Browser journey: two planners change the same plan; the second one's save shows the conflict page."""

import pytest

from samhandling.organisations.models import Committee
from samhandling.organisations.tests import factories as f
from samhandling.plans import services
from samhandling.plans.models import ActionPlan
from samhandling.plans.tests.conftest import ensure_catalogue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_stale_save_shows_the_conflict_page_and_keeps_the_first_change(
    live_server, page, browser_login, assert_accessible
):
    ensure_catalogue()
    planner = f.district_planner("Hägersten-Älvsjö", username="hanna")
    other = f.district_planner("Hägersten-Älvsjö", username="olle")
    committee = Committee.objects.get(code="sdn-hagersten-alvsjo")
    plan = services.plan_create(actor=planner, committee=committee, year=2025, title="Handlingsplan 2025")

    browser_login(page, "hanna")
    page.goto(f"{live_server.url}/planer/{plan.pk}/andra/")
    page.get_by_label("Rubrik").fill("Hannas titel")
    # Meanwhile the other planner saves a change of the same plan.
    services.plan_update(actor=other, plan=plan, title="Olles titel", summary="", expected_version=plan.edit_version)
    page.get_by_role("button", name="Spara").click()

    page.get_by_role("heading", name="Någon annan sparade först").wait_for()
    assert "Olles titel" in page.content() and "Hannas titel" in page.content()
    assert_accessible(page)
    assert ActionPlan.objects.get(pk=plan.pk).title == "Olles titel"

    page.get_by_role("link", name="Öppna den sparade versionen").click()
    assert page.get_by_label("Rubrik").input_value() == "Olles titel"
    page.get_by_label("Rubrik").fill("Hannas titel")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(f"{live_server.url}/planer/{plan.pk}/")
    assert ActionPlan.objects.get(pk=plan.pk).title == "Hannas titel"
