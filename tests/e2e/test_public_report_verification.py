"""Someone claims to be the police on the public form; the social worker sees an unverified claim,
confirms the reporter by calling back, and a double-clicked decision still saves once."""

import pytest
from django.test import override_settings

from samhandling.cases.models import ConcernReport, InitialAssessment
from samhandling.organisations.tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_unverified_public_report_is_confirmed_by_the_social_worker(
    page, live_server, browser_login, assert_accessible
):
    worker = f.social_worker("Hägersten-Älvsjö")

    # Anyone on the public form, claiming to be the police.
    page.goto(f"{live_server.url}/arenden/anmalan/")
    page.get_by_role("heading", name="Vad händer nu").wait_for()
    assert page.get_by_text("Logga in först").is_visible()
    page.get_by_label("Du anmäler som").select_option("police")
    page.get_by_label("Ditt namn").fill("Polisen Region Stockholm")
    page.get_by_label("Barnets förnamn").fill("Testbarn")
    page.get_by_label("Stadsdelsområde där barnet bor").select_option(label="Hägersten-Älvsjö")
    page.get_by_label("Vad är du orolig för?").fill("Barnet har setts med äldre kriminella.")
    page.get_by_role("button", name="Skicka anmälan").click()
    page.get_by_role("heading", name="Anmälan är skickad").wait_for()
    report = ConcernReport.objects.get()
    assert report.reporter_kind == "police" and not report.reporter_verified

    # The social worker sees the claim as a claim and confirms it.
    page.context.clear_cookies()
    browser_login(page, worker.username)
    page.goto(f"{live_server.url}/arenden/{report.case_id}/")
    page.get_by_text("uppgivet av avsändaren, inte bekräftat").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Bekräfta anmälaren").click()
    page.get_by_role("heading", name="Bekräfta anmälaren").wait_for()
    assert_accessible(page)
    page.get_by_label("Hur bekräftades anmälaren?").fill("Ringde polisens växel och talade med anmälaren.")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Bekräftad av socialtjänsten").wait_for()
    report.refresh_from_db()
    assert report.reporter_verified

    # The protection assessment comes first (same day); then a double click on the initial assessment saves it once.
    from samhandling.cases import services

    services.protection_assessment_record(
        actor=worker, report=report, immediate_protection_needed=False, notes="Ingen akut fara."
    )
    page.goto(f"{live_server.url}/arenden/anmalningar/{report.pk}/forhandsbedomning/")
    page.locator("label.radio-button__label").filter(has_text="Inte inleda utredning").click()
    page.get_by_label("Skäl", exact=True).fill("Familjen har redan stöd.")
    page.get_by_role("button", name="Spara").dblclick()
    page.wait_for_url(f"{live_server.url}/arenden/{report.case_id}/")
    assert InitialAssessment.objects.count() == 1


@override_settings(RATE_LIMITS={"concern_report": {"address": (1, 3600), "session": (1, 600)}})
def test_the_rate_limit_page_is_swedish_and_accessible(page, live_server, assert_accessible):
    f.social_worker("Hägersten-Älvsjö")
    for _ in range(2):
        page.goto(f"{live_server.url}/arenden/anmalan/")
        page.get_by_label("Du anmäler som").select_option("public")
        page.get_by_label("Barnets förnamn").fill("Testbarn")
        page.get_by_label("Stadsdelsområde där barnet bor").select_option(label="Hägersten-Älvsjö")
        page.get_by_label("Vad är du orolig för?").fill("Oro.")
        page.get_by_role("button", name="Skicka anmälan").click()
        page.wait_for_load_state()
    page.get_by_role("heading", name="För många inskickade formulär").wait_for()
    assert_accessible(page)
    assert ConcernReport.objects.count() == 1
