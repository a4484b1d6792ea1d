"""A social worker closes a case with a reason from the list, finds it among the closed ones, and reopens it."""

import pytest
from django.utils import timezone

from samhandling.cases import services
from samhandling.cases.models import Case
from samhandling.cases.tests import helpers
from samhandling.organisations.tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_close_and_reopen_a_case(page, live_server, browser_login, assert_accessible):
    worker = f.social_worker("Hägersten-Älvsjö")
    report = helpers.assessed_report(worker)
    services.initial_assessment_decide(
        actor=worker, report=report, decision="not_open", decided_on=timezone.localdate(), reasons="Ingen oro kvar."
    )
    Case.objects.filter(id=report.case_id).update(assigned_to=worker)
    case_id = report.case_id

    browser_login(page, worker.username)
    page.goto(f"{live_server.url}/arenden/{case_id}/")
    page.get_by_role("link", name="Avsluta ärendet").click()
    page.get_by_role("heading", name="Avsluta ärendet").wait_for()
    assert_accessible(page)
    # "Other" without a comment: a Swedish error next to the field, nothing lost.
    page.get_by_label("Skäl för avslut").select_option("other")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Beskriv skälet för avslutet").wait_for()
    assert_accessible(page)
    page.get_by_label("Skäl för avslut").select_option("no_investigation")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Ärendet är avslutat.").wait_for()
    assert Case.objects.get(id=case_id).status == Case.Status.CLOSED
    assert_accessible(page)

    # Gone from my cases, found among the closed ones.
    page.goto(f"{live_server.url}/arenden/")
    assert page.get_by_role("link", name=str(case_id), exact=True).count() == 0
    page.get_by_role("link", name="Avslutade ärenden").click()
    page.get_by_role("heading", name="Avslutade ärenden").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=str(case_id), exact=True).click()

    page.get_by_role("link", name="Återöppna ärendet").click()
    page.get_by_label("Varför återöppnas ärendet?").fill("Skolan hör av sig igen om frånvaro.")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Ärendet är återöppnat.").wait_for()
    page.get_by_text("Avslut och återöppningar").click()
    page.get_by_text("Skolan hör av sig igen om frånvaro.").wait_for()
    assert_accessible(page)
    assert Case.objects.get(id=case_id).status == Case.Status.INTAKE
